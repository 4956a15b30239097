"""The audit: each changed field of a policy or a purchase order is one ``Change`` row.

Every writer of the store records its changes here, in the caller's transaction:
saving and reverting policies, auto-switch, imports, and purchase-order edits. A
policy value is written as ``domain.policy_rules.audit_text`` writes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Connection, insert

from inventory_core.domain.access import Actor
from inventory_core.store.models import Change

POLICY = "policy"
PURCHASE_ORDER = "purchase_order"

AuditedChange = tuple[str, str, str | None, str | None]
"""One changed field: (key of the policy or purchase order, field, old text, new text)."""


def record_changes(connection: Connection, entity: str, changes: Iterable[AuditedChange], *,
                   actor: Actor, at: dt.datetime, reason: str | None) -> int:
    """Write one ``Change`` row per changed field of ``entity`` (``policy`` or
    ``purchase_order``), by ``actor`` at ``at`` for ``reason``; returns how many."""
    rows = [{"entity": entity, "entity_key": key, "field": field, "old_value": old,
             "new_value": new, "changed_at": at, "changed_by": actor.name, "reason": reason}
            for key, field, old, new in changes]
    if rows:
        connection.execute(insert(Change), rows)
    return len(rows)
