"""Starting an empty store: every product, order, purchase order, policy and sign-up
goes, so a merchant's own files are not mixed with the demo.

The store then stays empty: ``started_empty`` tells ``open_store`` not to fill it
with the demo the next time it is opened (``reset_to_demo`` forgets the mark).
Settings and remembered column mappings are kept. The change is audited as one
``Change`` row (entity ``store``) saying what the store held before.
"""

from __future__ import annotations

from sqlalchemy import Engine, delete, func, select

from inventory_core import clock
from inventory_core.domain.access import Actor
from inventory_core.services.audit import record_changes
from inventory_core.services.settings import read_setting, store_setting
from inventory_core.store.bulk_load import clear_store
from inventory_core.store.models import Base, Setting

STORE = "store"
"""The audit entity of changes to the whole store."""
EMPTY_STORE_KEY = "store_started_empty"
COUNTED = ("products", "orders", "order_lines", "purchase_orders", "subscriptions")


def store_contents(counts: dict[str, int]) -> str:
    """What a store holds, as the audit writes it: ``3 products, 0 orders, …``."""
    return ", ".join(f"{n:,} {table.replace('_', ' ')}" for table, n in counts.items())


def empty_store(engine: Engine, *, actor: Actor) -> dict[str, int]:
    """Delete every stored row except the settings, in one transaction, audited; the
    store is not filled with the demo when opened again. Returns the rows it held per
    table (products, orders, order lines, purchase orders, sign-ups).

    Raises PermissionDenied for a viewer (nothing changes).
    """
    actor.require_editor("start an empty store")
    tables = Base.metadata.tables
    with engine.begin() as connection:
        held = {name: int(connection.execute(
            select(func.count()).select_from(tables[name])).scalar_one()) for name in COUNTED}
        clear_store(connection)
        store_setting(connection, EMPTY_STORE_KEY, {"empty": True})
        record_changes(connection, STORE, [(STORE, "contents", store_contents(held), "empty")],
                       actor=actor, at=clock.now(), reason="Start an empty store")
    return held


def started_empty(engine: Engine) -> bool:
    """True when the merchant chose an empty store (the demo must not fill it)."""
    return bool(read_setting(engine, EMPTY_STORE_KEY).get("empty"))


def forget_empty_start(engine: Engine) -> None:
    """Forget the choice of an empty store (the store is the demo again)."""
    with engine.begin() as connection:
        connection.execute(delete(Setting).where(Setting.key == EMPTY_STORE_KEY))
