"""Expected dates edited in the purchase-order table: checked together, saved together."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import select

from inventory_core import (
    Actor,
    ExpectedDateEdit,
    PermissionDenied,
    Role,
    allocation_for,
    save_purchase_order_edits,
)
from inventory_core.errors import ConcurrentEdit, InvalidInput
from inventory_core.services.supply_edits import typed_date
from inventory_core.store.models import Change, PurchaseOrder
from tests.fixture_store import day

EDITOR = Actor("Sam")


def expected_dates(engine) -> dict[str, tuple[dt.date, int]]:
    """Each PO's expected date and version."""
    with engine.connect() as connection:
        rows = connection.execute(select(PurchaseOrder.po_number, PurchaseOrder.expected_on,
                                         PurchaseOrder.version)).all()
    return {po: (expected, version) for po, expected, version in rows}


def audit(engine) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(Change.entity, Change.entity_key, Change.field, Change.old_value,
                   Change.new_value, Change.changed_by, Change.reason)
            .where(Change.entity == "purchase_order").order_by(Change.entity_key)).all()]


def likely_ship_of_the_oldest_gadget_backorder(engine, today) -> pd.Timestamp:
    """When #7, the oldest C-GADGET backorder (filled by PO-1), likely ships."""
    return allocation_for(engine, today).lines.set_index("order_number").at["#7", "likely_on"]


def test_two_moved_dates_and_an_unchanged_one_are_saved_in_one_go(store, today):
    before = likely_ship_of_the_oldest_gadget_backorder(store, today)
    # PO-1 (C-GADGET) T+12 → T+30; PO-3 (F-AUTO) T+5 → T+8 typed as text; PO-2 kept at T+18
    saved = save_purchase_order_edits(store, [
        ExpectedDateEdit("PO-1", 1, day(30)),
        ExpectedDateEdit("PO-3", 1, day(8).isoformat()),
        ExpectedDateEdit("PO-2", 1, dt.datetime.combine(day(18), dt.time())),
    ], actor=EDITOR, today=today, reason="supplier e-mail")
    assert (saved.saved, saved.moved) == (3, ("PO-1", "PO-3"))
    dates = expected_dates(store)
    assert dates["PO-1"] == (day(30), 2)
    assert dates["PO-3"] == (day(8), 2)
    assert dates["PO-2"] == (day(18), 1)  # unchanged: neither bumped nor audited
    assert audit(store) == [
        ("purchase_order", "PO-1", "expected_on", str(day(12)), str(day(30)), "Sam",
         "supplier e-mail"),
        ("purchase_order", "PO-3", "expected_on", str(day(5)), str(day(8)), "Sam",
         "supplier e-mail")]
    # #7 waits for PO-1, now expected 18 days later (the supplier's delay is unchanged)
    after = likely_ship_of_the_oldest_gadget_backorder(store, today)
    assert after - before == pd.Timedelta(days=18)


def test_one_bad_row_refuses_the_save_naming_every_bad_row_and_nothing_changes(store, today):
    before = expected_dates(store)
    with pytest.raises(InvalidInput) as refused:
        save_purchase_order_edits(store, [
            ExpectedDateEdit("PO-1", 1, day(30)),  # fine on its own
            ExpectedDateEdit("PO-3", 1, "next week"),
            ExpectedDateEdit("PO-5", 1, day(1)),  # received T-48
            ExpectedDateEdit("PO-2", 1, None),
            ExpectedDateEdit("PO-4", 1, day(-20)),  # ordered T-13
            ExpectedDateEdit("PO-77", 1, day(3)),
        ], actor=EDITOR, today=today)
    assert str(refused.value) == (
        "Not saved: PO-3, Expected: 'next week' is not a date"
        " · PO-5 is received: only open purchase orders can be moved"
        " · PO-2, Expected: the expected date cannot be empty"
        f" · PO-4, Expected: the expected date cannot be before its order date "
        f"({day(-13).isoformat()})"
        " · PO-77: there is no such purchase order.")
    assert expected_dates(store) == before
    assert audit(store) == []


def test_a_po_changed_since_it_was_shown_refuses_the_save(store, today):
    save_purchase_order_edits(store, [ExpectedDateEdit("PO-1", 1, day(30))], actor=EDITOR,
                              today=today)
    with pytest.raises(ConcurrentEdit, match="purchase order PO-1 was changed by someone else"):
        save_purchase_order_edits(store, [ExpectedDateEdit("PO-3", 1, day(8)),
                                          ExpectedDateEdit("PO-1", 1, day(40))],
                                  actor=EDITOR, today=today)
    dates = expected_dates(store)
    assert (dates["PO-1"], dates["PO-3"]) == ((day(30), 2), (day(5), 1))


def test_a_viewer_cannot_save_and_no_edit_saves_nothing(store, today):
    with pytest.raises(PermissionDenied):
        save_purchase_order_edits(store, [ExpectedDateEdit("PO-1", 1, day(30))],
                                  actor=Actor("Vic", Role.VIEWER), today=today)
    nothing = save_purchase_order_edits(store, [], actor=EDITOR, today=today)
    assert (nothing.saved, nothing.moved) == (0, ())
    assert expected_dates(store)["PO-1"] == (day(12), 1)


def test_a_typed_date_is_read_as_the_table_sends_it():
    assert typed_date(dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)
    assert typed_date(dt.datetime(2026, 12, 1, 9, 30)) == dt.date(2026, 12, 1)
    assert typed_date("2026-12-01") == dt.date(2026, 12, 1)
    assert typed_date("2026-12-01T00:00:00.000") == dt.date(2026, 12, 1)
    assert typed_date(None) is None and typed_date("  ") is None
    with pytest.raises(ValueError, match="'soon' is not a date"):
        typed_date("soon")
