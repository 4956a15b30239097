"""What follows a change of stock, supply or orders: one call keeps the store consistent.

Every service that changes stock, purchase orders or order lines (imports,
receiving a purchase order, editing an expected date) calls ``refresh`` in the
same transaction, after its own writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection

from .autoswitch import switch_policies


@dataclass(frozen=True)
class Refreshed:
    """What a refresh changed."""

    switched_skus: list[str] = field(default_factory=list)


def refresh(connection: Connection, today: dt.date) -> Refreshed:
    """Apply auto-switch (and the steps that follow it) after stock or supply changed."""
    return Refreshed(switched_skus=switch_policies(connection, today))
