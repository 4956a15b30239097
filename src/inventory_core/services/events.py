"""What follows a change of stock, supply or orders: one call keeps the store consistent.

Every service that changes stock, purchase orders or order lines (imports,
receiving a purchase order, editing an expected date) calls ``refresh`` in the
same transaction, after its own writes: auto-switch first, then the
notification step (back-in-stock, release, delay and ready messages, each once);
each SKU's stock of the day is recorded in the stock history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine

from inventory_core.domain.access import Actor
from inventory_core.services.autoswitch import switch_policies
from inventory_core.services.forecasts import record_stock
from inventory_core.services.notifications import Created, process


@dataclass(frozen=True)
class Refreshed:
    """What a refresh changed."""

    switched_skus: list[str] = field(default_factory=list)
    notifications: Created = field(default_factory=Created)


def refresh(connection: Connection, today: dt.date) -> Refreshed:
    """Apply auto-switch, then add the notifications the new state calls for, and
    record the day's stock (``services.forecasts.record_stock``)."""
    switched = switch_policies(connection, today)
    record_stock(connection, today)
    return Refreshed(switched_skus=switched, notifications=process(connection, today))


def process_now(engine: Engine, *, actor: Actor, today: dt.date) -> Refreshed:
    """Run the whole refresh (auto-switch, notifications) now, in its own transaction."""
    actor.require_editor("process stock and supply events")
    with engine.begin() as connection:
        return refresh(connection, today)
