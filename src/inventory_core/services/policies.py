"""Policy edits saved audited, and reverted: one transaction, decided per SKU.

Saving (``save_policies``) is one transaction with optimistic concurrency on
``Policy.version``, decided **per SKU**:

- every SKU whose stored version is still the one the editor loaded is saved,
  its version goes up by one, and each changed field becomes a ``Change`` row
  (who, when, old, new, the scenario name as the reason);
- a SKU changed by someone else since it was loaded is *not* saved: the result
  carries a ``ConcurrentEdit`` whose message shows their change, and the caller
  keeps the user's edit so nothing is lost (reload, then apply it again);
- an edit that breaks a rule (``policy_problems`` errors) refuses the whole save
  before anything is written.

Both run in ``store.engine.write_transaction``: on SQLite the save holds the write
lock from its first read, on PostgreSQL the rows it reads are locked (in SKU
order); a deadlock or serialization failure is tried again a few times, then
reported in words.

Reverting a change is itself an audited change, refused when the field has
changed again since. The values, checks and audit text are the pure rules of
``domain.policy_rules``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, RowMapping, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from inventory_core import clock
from inventory_core.domain.access import SYSTEM, Actor
from inventory_core.domain.filters import ALL, Filters
from inventory_core.domain.policy_rules import (
    POLICY_FIELD_LABELS,
    POLICY_FIELDS,
    audit_text,
    changed_fields,
    is_missing,
    policy_problems,
    policy_value,
    policy_values,
    shown_value,
)
from inventory_core.domain.wording import format_date
from inventory_core.errors import ConcurrentEdit, InvalidInput, NotFound
from inventory_core.queries.selection import narrow
from inventory_core.services.audit import POLICY, record_changes
from inventory_core.services.autoswitch import switch_policies
from inventory_core.store.engine import write_transaction
from inventory_core.store.models import Change, Policy, Product, key_chunks


@dataclass
class SaveResult:
    """What a save did: SKUs saved, audit rows written, SKUs refused and why."""

    saved: list[str] = field(default_factory=list)
    changes: int = 0
    refused: list[ConcurrentEdit] = field(default_factory=list)
    switched: list[str] = field(default_factory=list)


def save_policies(engine: Engine, loaded: pd.DataFrame, edited: pd.DataFrame, *,
                  actor: Actor, scenario: str | None, today: dt.date) -> SaveResult:
    """Save the edits of ``edited`` over ``loaded`` (both: sku, the fields, ``version``
    as loaded) in one transaction, per SKU (see the module doc)."""
    actor.require_editor("save policies")
    changes = changed_fields(loaded, edited)
    if changes.empty:
        return SaveResult()
    touched = edited[edited["sku"].isin(changes["sku"])]
    errors = policy_problems(touched, today).query("severity == 'error'")
    if not errors.empty:
        pairs = list(zip(errors["sku"], errors["message"], strict=True))[:10]
        listed = "; ".join(f"{s}: {m}" for s, m in pairs)
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        raise InvalidInput(f"Nothing was saved. Fix {len(errors)} problem(s) first: "
                           f"{listed}{more}.")
    versions = loaded.set_index("sku")["version"]
    typed_edits = policy_values(touched).set_index("sku")
    reason = (scenario or "").strip()[:200] or None
    now = clock.now()

    def save(connection: Connection) -> SaveResult:
        result = SaveResult()
        stored = _lock_versions(connection, list(changes["sku"].unique()))
        updates: dict[tuple[str, ...], list[dict[str, object]]] = {}
        refused: list[tuple[str, pd.DataFrame]] = []
        for sku, group in changes.groupby("sku", sort=True):
            version = versions.get(sku)
            if is_missing(version):
                if not _insert_policy(connection, sku, typed_edits.loc[sku], now, actor):
                    refused.append((sku, group))
                    continue
            elif stored.get(sku) != int(version):
                refused.append((sku, group))
                continue
            else:
                names = tuple(group["field"])
                updates.setdefault(names, []).append(
                    {"b_sku": sku, "b_version": int(version),
                     **{f"b_{name}": typed_edits.at[sku, name] for name in names}})
            result.saved.append(sku)
        for names, rows in updates.items():
            _update_policies(connection, names, rows, now, actor)
        result.refused = _conflicts(connection, refused, loaded)
        written = changes[changes["sku"].isin(result.saved)]
        result.changes = record_changes(
            connection, POLICY, written.itertuples(index=False, name=None), actor=actor,
            at=now, reason=reason)
        result.switched = _switch_turned_on(connection, today, written)
        return result

    return write_transaction(engine, save, what="saving the policies")


def _switch_turned_on(connection: Connection, today: dt.date, written: pd.DataFrame) -> list[str]:
    """Auto-switch applied at once to the SKUs whose change (``written``: sku, field,
    new) turned it on; the SKUs it moved."""
    turned_on = written[(written["field"] == "auto_switch") & (written["new"] == "true")]
    if turned_on.empty:
        return []
    return switch_policies(connection, today, SYSTEM, skus=list(turned_on["sku"]))


def _lock_versions(connection: Connection, skus: list[str]) -> dict[str, int]:
    """The stored version of each of ``skus`` that has a policy, its row locked where the
    database locks rows, in SKU order so that two writers never wait for each other
    (the update below re-checks the version in any case)."""
    stored: dict[str, int] = {}
    for chunk in key_chunks(sorted(skus)):
        stored.update(connection.execute(
            select(Policy.sku, Policy.version).where(Policy.sku.in_(chunk))
            .order_by(Policy.sku).with_for_update()).tuples().all())
    return stored


def _update_policies(connection: Connection, names: tuple[str, ...], rows: list[dict[str, object]],
                     now: dt.datetime, actor: Actor) -> None:
    """One statement for every SKU whose edit changes the same ``names``; each row is
    updated only at the version it was loaded with. Should another save slip in since
    the versions were read, the whole save is rolled back rather than overwrite it."""
    statement = (
        update(Policy)
        .where(Policy.sku == bindparam("b_sku"), Policy.version == bindparam("b_version"))
        .values(**{name: bindparam(f"b_{name}") for name in names},
                version=Policy.version + 1, updated_at=now, updated_by=actor.name))
    outcome = connection.execute(statement, rows)
    if outcome.rowcount != len(rows):
        raise ConcurrentEdit("Someone saved some of these SKUs at the same moment, so "
                             "nothing was saved: reload, then save again.")


def _insert_policy(connection: Connection, sku: str, values: pd.Series, now: dt.datetime,
                   actor: Actor) -> bool:
    """Create the policy row of a SKU that had none; False if someone else just did."""
    try:
        with connection.begin_nested():
            connection.execute(insert(Policy).values(
                sku=sku, **{name: values[name] for name in POLICY_FIELDS}, version=1,
                updated_at=now, updated_by=actor.name))
    except IntegrityError:
        return False
    return True


def _conflicts(connection: Connection, refused: list[tuple[str, pd.DataFrame]],
               loaded: pd.DataFrame) -> list[ConcurrentEdit]:
    """The refusal of each (SKU, its edits) of ``refused``, from the stored rows read
    now (a few hundred SKUs a statement) and the rows as ``loaded``."""
    if not refused:
        return []
    current = _stored_policies(connection, [sku for sku, _ in refused])
    before = loaded.set_index("sku")
    return [_conflict(sku, current.get(sku), before.loc[sku], mine) for sku, mine in refused]


def _conflict(sku: str, current: RowMapping | None, before: pd.Series,
              mine: pd.DataFrame) -> ConcurrentEdit:
    """The refusal of ``sku``: what the other person changed (``current`` is the stored
    row now, ``before`` the row as loaded), and the edit not saved."""
    theirs: list[dict[str, Any]] = []
    if current is not None:
        for name in POLICY_FIELDS:
            old, new = audit_text(name, before[name]), audit_text(name, current[name])
            if old != new:
                theirs.append({"sku": sku, "field": name, "old": old, "new": new})
    who = (current["updated_by"] if current is not None else None) or "someone else"
    when = current["updated_at"] if current is not None else None
    when_text = f" on {format_date(when)} at {when:%H:%M}" if when else ""
    their_text = "; ".join(
        f"{POLICY_FIELD_LABELS[c['field']].lower()}: {shown_value(c['field'], c['old'])}"
        f" → {shown_value(c['field'], c['new'])}" for c in theirs) or "no field"
    my_text = "; ".join(f"{POLICY_FIELD_LABELS[r.field].lower()} → {shown_value(r.field, r.new)}"
                        for r in mine.itertuples())
    return ConcurrentEdit(
        f"{sku} was changed by {who}{when_text} after you loaded it ({their_text}). "
        f"Your edit ({my_text}) was not saved and is kept here: reload their version, "
        "then save yours again if it still makes sense.", changes=theirs)


# --- history and revert ---------------------------------------------------------------


HISTORY_COLUMNS = ["id", "changed_at", "changed_by", "sku", "field", "old_value",
                   "new_value", "reason", "reverts", "revertible"]
REVERT_REASON = "revert of change #{}"
"""The reason a revert is recorded with: the id of the change it put back."""
REVERT_OF = re.compile(r"^revert of change #(\d+)$")


def policy_history(engine: Engine, filters: Filters = ALL, sku: str | None = None,
                   limit: int = 500) -> pd.DataFrame:
    """The latest policy changes of the selected SKUs, newest first.

    ``reverts``: the id of the change a revert put back (else missing);
    ``revertible``: True for a change that Revert may put back: the latest change of
    its SKU and field, not a revert itself, whose new value the policy still holds
    (a change reverted already, or changed again since, is not offered).
    """
    statement = (
        select(Change.id, Change.changed_at, Change.changed_by, Change.entity_key,
               Change.field, Change.old_value, Change.new_value, Change.reason)
        .select_from(Product).join(Change, Change.entity_key == Product.sku)
        .where(Change.entity == POLICY)
        .order_by(Change.changed_at.desc(), Change.id.desc()).limit(limit))
    if sku:
        statement = statement.where(Change.entity_key == sku)
    with engine.connect() as connection:
        rows = connection.execute(narrow(statement, filters)).all()
        log = pd.DataFrame(rows, columns=HISTORY_COLUMNS[:-2])
        stored = _stored_policies(connection, list(log["sku"].unique()))
    reverts = log["reason"].map(lambda r: REVERT_OF.match(r or ""))
    log["reverts"] = pd.array([int(m.group(1)) if m else None for m in reverts],
                              dtype="Int64")
    # every later change of a listed SKU is listed too: the first row per field is its latest
    latest = ~log.duplicated(["sku", "field"], keep="first")
    still = [sku_ in stored and audit_text(name, stored[sku_][name]) == new
             for sku_, name, new in zip(log["sku"], log["field"], log["new_value"],
                                        strict=True)]
    log["revertible"] = latest & log["reverts"].isna() & pd.Series(still, index=log.index,
                                                                   dtype=bool)
    return log


def _stored_policies(connection: Connection, skus: list[str]) -> dict[str, RowMapping]:
    """The stored policy row of each of ``skus`` that has one."""
    stored: dict[str, RowMapping] = {}
    for chunk in key_chunks(skus):
        stored.update((row["sku"], row) for row in connection.execute(
            select(Policy.__table__).where(Policy.sku.in_(chunk))).mappings())
    return stored


def revert_policy_change(engine: Engine, change_id: int, *, actor: Actor, today: dt.date) -> None:
    """Put back the old value of policy change ``change_id``, audited as a new change;
    putting auto-switch back on applies it at once, as a save does.

    Raises NotFound for an unknown change and ConcurrentEdit when the field no
    longer holds the value that change wrote.
    """
    actor.require_editor("revert a policy change")
    now = clock.now()

    def revert(connection: Connection) -> None:
        change = connection.execute(select(Change.entity_key, Change.field, Change.old_value,
                                           Change.new_value).where(
            Change.id == change_id, Change.entity == POLICY)).one_or_none()
        if change is None:
            raise NotFound(f"There is no policy change #{change_id}.")
        sku, name = change.entity_key, change.field
        current = connection.execute(select(Policy.__table__).where(
            Policy.sku == sku).with_for_update()).mappings().one_or_none()
        if current is None:
            raise NotFound(f"{sku} has no policy any more.")
        now_text = audit_text(name, current[name])
        if now_text != change.new_value:
            who = current["updated_by"] or "someone"
            raise ConcurrentEdit(
                f"{POLICY_FIELD_LABELS[name]} of {sku} is now {shown_value(name, now_text)} "
                f"(changed by {who} since change #{change_id}), not "
                f"{shown_value(name, change.new_value)}: "
                "reverting would overwrite that later change, so nothing was changed.",
                changes=[{"sku": sku, "field": name, "old": change.new_value,
                          "new": now_text}])
        outcome = connection.execute(
            update(Policy).where(Policy.sku == sku, Policy.version == current["version"])
            .values({name: policy_value(name, change.old_value), "version": Policy.version + 1,
                     "updated_at": now, "updated_by": actor.name}))
        if outcome.rowcount != 1:
            raise ConcurrentEdit(f"{sku} changed while reverting; nothing was changed.")
        record_changes(connection, POLICY, [(sku, name, now_text, change.old_value)],
                       actor=actor, at=now, reason=REVERT_REASON.format(change_id))
        _switch_turned_on(connection, today, pd.DataFrame(
            [{"sku": sku, "field": name, "new": change.old_value}]))

    write_transaction(engine, revert, what="reverting the change")
