"""Edits of the purchase-order table, checked together and saved together.

The Incoming supply page lets an editor change the expected date of several open
purchase orders at once. ``save_purchase_order_edits`` takes those rows as plain values
(``ExpectedDateEdit``: the PO number, the version it was shown at, the date as typed),
checks every row before it writes anything, and then saves them all in one
transaction, each audited, with one refresh (auto-switch, notifications) after:

- a row whose date is empty or not a date, whose PO is not open or does not exist, or
  whose date is before its PO's order date refuses the whole save with InvalidInput,
  naming each such row (its PO number) and column;
- a PO changed by someone else since it was shown (its version moved) refuses the whole
  save with ConcurrentEdit; nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine, Row, select, update

from inventory_core import clock
from inventory_core.domain.access import Actor
from inventory_core.domain.enums import PurchaseOrderStatus
from inventory_core.errors import ConcurrentEdit, InvalidInput
from inventory_core.services import events
from inventory_core.services.audit import PURCHASE_ORDER, record_changes
from inventory_core.store.models import PurchaseOrder

COLUMN = "Expected"
"""The column of the purchase-order table the edits change, as error messages name it."""


@dataclass(frozen=True)
class ExpectedDateEdit:
    """One edited row: the PO, the version it was shown at, and its expected date as
    typed (a date, a date-time, text such as ``2026-12-01``, or None when cleared)."""

    po_number: str
    version: int
    expected_on: object


@dataclass(frozen=True)
class PurchaseOrderEditsSaved:
    """What a save did: how many rows it saved (``saved``, unchanged dates included),
    the POs whose expected date moved, and what the refresh after them changed."""

    saved: int
    moved: tuple[str, ...] = ()
    refreshed: events.Refreshed = field(default_factory=events.Refreshed)


def typed_date(value: object) -> dt.date | None:
    """``value`` as a date (None when empty); raises ValueError when it is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        stamp = pd.Timestamp(str(value))
    except (TypeError, ValueError) as error:
        raise ValueError(f"'{value}' is not a date") from error
    if pd.isna(stamp):
        return None
    day: dt.date = stamp.date()
    return day


def _problems_of(edit: ExpectedDateEdit, new: dt.date | None, current: Row[Any]) -> list[str]:
    """What is wrong with one row, given its PO as stored (``current``), if anything."""
    po = edit.po_number
    status = PurchaseOrderStatus(current.status)
    if not status.is_open():
        return [f"{po} is {status.label.lower()}: only open purchase orders can be moved"]
    if new is None:
        return [f"{po}, {COLUMN}: the expected date cannot be empty"]
    if new < current.ordered_on:
        return [f"{po}, {COLUMN}: the expected date cannot be before its order date "
                f"({current.ordered_on.isoformat()})"]
    return []


def save_purchase_order_edits(engine: Engine, edits: Sequence[ExpectedDateEdit], *,
                              actor: Actor, today: dt.date,
                              reason: str | None = None) -> PurchaseOrderEditsSaved:
    """Check every edited row, then save them all in one transaction (see the module).

    Raises PermissionDenied for a viewer, InvalidInput naming each row and column that is
    wrong, ConcurrentEdit naming each PO changed since it was shown; in each case nothing
    is stored.
    """
    actor.require_editor("change a purchase order's expected date")
    if not edits:
        return PurchaseOrderEditsSaved(saved=0)
    with engine.begin() as connection:
        stored = {row.po_number: row for row in connection.execute(
            select(PurchaseOrder.po_number, PurchaseOrder.status, PurchaseOrder.version,
                   PurchaseOrder.ordered_on, PurchaseOrder.expected_on)
            .where(PurchaseOrder.po_number.in_([e.po_number for e in edits])))}
        problems: list[str] = []
        stale: list[str] = []
        moves: list[tuple[ExpectedDateEdit, dt.date, dt.date]] = []
        for edit in edits:
            current = stored.get(edit.po_number)
            try:
                new = typed_date(edit.expected_on)
            except ValueError:
                problems.append(f"{edit.po_number}, {COLUMN}: '{edit.expected_on}' is not a date")
                continue
            if current is None:
                problems.append(f"{edit.po_number}: there is no such purchase order")
            elif current.version != edit.version:
                stale.append(edit.po_number)
            elif found := _problems_of(edit, new, current):
                problems += found
            elif new is not None and new != current.expected_on:
                moves.append((edit, current.expected_on, new))
        if problems:
            raise InvalidInput("Not saved: " + " · ".join(problems) + ".")
        if stale:
            raise ConcurrentEdit(
                f"Not saved: purchase order {', '.join(stale)} was changed by someone else "
                "since you loaded it. Reload the page to see the current values, then try "
                "again.")
        for edit, _old, new in moves:
            done = connection.execute(
                update(PurchaseOrder)
                .where(PurchaseOrder.po_number == edit.po_number,
                       PurchaseOrder.version == edit.version)
                .values(expected_on=new, version=PurchaseOrder.version + 1))
            if done.rowcount != 1:
                raise ConcurrentEdit(
                    f"Not saved: purchase order {edit.po_number} was changed by someone else "
                    "while saving. Reload the page to see the current values, then try again.")
        record_changes(connection, PURCHASE_ORDER,
                       [(edit.po_number, "expected_on", old.isoformat(), new.isoformat())
                        for edit, old, new in moves],
                       actor=actor, at=clock.now(), reason=reason or "expected date edited")
        refreshed = events.refresh(connection, today) if moves else events.Refreshed()
    return PurchaseOrderEditsSaved(saved=len(edits), moved=tuple(e.po_number for e, _, _ in moves),
                                   refreshed=refreshed)
