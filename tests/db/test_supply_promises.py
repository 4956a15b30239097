"""Supplier reliability, allocation on the fixture store and the supply services."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import select

from inventory_core.domain.access import Actor, Role
from inventory_core.errors import ConcurrentEdit, InvalidInput, PermissionDenied
from inventory_core.queries.promises import allocation_for
from inventory_core.queries.suppliers import supplier_stats
from inventory_core.services.supply import (
    add_purchase_order,
    cancel_purchase_order,
    purchase_orders,
    receive_purchase_order,
    set_expected_date,
)
from inventory_core.store.bulk_load import insert_frames
from inventory_core.store.models import Change, PurchaseOrder, Stock, Supplier
from tests.fixture_store import day

EDITOR = Actor("Sam")


def add_slow_history(engine) -> None:
    """Four received POs of Slow Ltd, delays -1, 0, +3 and +10 days (sorted).

    on time (delay <= 0): 2 of 4 = 50 %; p50 = the 'higher' middle value = 3;
    p90 = position 2.7 of 0..3 taken upwards = 10.
    """
    rows = [("H-1", -1), ("H-2", 0), ("H-3", 3), ("H-4", 10)]
    with engine.begin() as connection:
        slow = connection.execute(select(Supplier.id).where(Supplier.name == "Slow Ltd")).scalar()
        frame = pd.DataFrame([
            {"po_number": n, "sku": "C-GADGET", "supplier_id": slow, "qty": 5,
             "ordered_on": day(-200), "expected_on": day(-170),
             "received_on": day(-170 + delay), "status": "received"} for n, delay in rows])
        insert_frames(connection, {"purchase_orders": frame})


def test_supplier_statistics_come_from_received_purchase_orders(store, today):
    add_slow_history(store)
    stats = supplier_stats(store, today).set_index("supplier")
    # Reliable Co: PO-5 expected T-50, received T-48 -> 2 days late, 0 of 1 on time.
    reliable = stats.loc["Reliable Co"]
    assert (reliable["received_pos"], reliable["on_time_pos"]) == (1, 0)
    assert reliable["on_time_rate"] == 0.0
    assert (reliable["p50_delay"], reliable["p90_delay"]) == (2, 2)
    assert (reliable["open_pos"], reliable["late_open_pos"]) == (1, 1)  # PO-4 late
    slow = stats.loc["Slow Ltd"]
    assert (slow["received_pos"], slow["on_time_pos"], slow["on_time_rate"]) == (4, 2, 0.5)
    assert (slow["p50_delay"], slow["p90_delay"]) == (3, 10)
    assert slow["open_pos"] == 3


def test_fixture_po_fills_the_three_oldest_gadget_backorders(store, today):
    # C-GADGET lines oldest first: #7 (1, cum 1), #6 (3, cum 4), #5 (1, cum 5), #4 (1, cum 6),
    # #3 (2, cum 8), #2 (1, cum 9). PO-1 brings 5, expected T+12; Slow Ltd has no record
    # yet, so the store-wide record moves it: PO-5 alone, 2 days late (p50 = p90 = 2).
    # #7, #6, #5 ship T+14, #4, #3, #2 have no supply planned.
    result = allocation_for(store, today)
    gadget = result.lines[result.lines["sku"] == "C-GADGET"].set_index("order_number")
    assert gadget["source"].to_dict() == {"#7": "PO-1", "#6": "PO-1", "#5": "PO-1",
                                          "#4": None, "#3": None, "#2": None}
    assert set(gadget.loc[["#7", "#6", "#5"], "likely_on"]) == {pd.Timestamp(day(14))}
    assert set(gadget.loc[["#7", "#6", "#5"], "late_on"]) == {pd.Timestamp(day(14))}
    # every gadget promise is at risk: the first three are promised before T+14
    assert set(gadget["promise"]) == {"Promise at risk"}
    # D-NEW: #8 (2) takes both units of PO-2 (T+18, likely T+20 with the 2 days) and ships
    # at the release, T+20 (its promise): on track. #9 has no supply.
    new = result.lines[result.lines["sku"] == "D-NEW"].set_index("order_number")
    assert new.loc["#8", "likely_on"] == pd.Timestamp(day(20))
    assert new.loc["#8", "promise"] == "On track"
    assert new.loc["#9", "projection"] == "No supply planned"
    po1 = result.supply.set_index("source").loc["PO-1"]
    assert (po1["lines_filled"], po1["units_allocated"], po1["units_spare"]) == (3, 5, 0)
    assert po1["first_placed"].date() == day(-100) and po1["last_placed"].date() == day(-45)


def test_a_late_supplier_moves_the_projected_dates(store, today):
    # With the history above (p50 3, p90 10), PO-1 at T+12 gives likely T+15, late T+22.
    add_slow_history(store)
    result = allocation_for(store, today)
    line = result.lines.set_index("order_number").loc["#7"]
    assert (line["likely_on"], line["late_on"]) == (pd.Timestamp(day(15)),
                                                      pd.Timestamp(day(22)))


def test_moving_an_expected_date_is_audited_and_moves_the_projection(store, today):
    set_expected_date(store, "PO-1", day(30), version=1, actor=EDITOR, today=today,
                      reason="supplier e-mail")
    with store.connect() as connection:
        po = connection.execute(select(PurchaseOrder.expected_on, PurchaseOrder.version)
                                .where(PurchaseOrder.po_number == "PO-1")).one()
        audit = connection.execute(select(Change.entity, Change.field, Change.old_value,
                                          Change.new_value, Change.changed_by, Change.reason)
                                   .where(Change.entity_key == "PO-1")).all()
    assert (po.expected_on, po.version) == (day(30), 2)
    assert [tuple(a) for a in audit] == [("purchase_order", "expected_on", str(day(12)),
                                          str(day(30)), "Sam", "supplier e-mail")]
    line = allocation_for(store, today).lines.set_index("order_number").loc["#7"]
    assert line["likely_on"] == pd.Timestamp(day(32))  # T+30 and the store-wide 2 days


def test_a_stale_version_is_refused_and_nothing_changes(store, today):
    set_expected_date(store, "PO-1", day(30), version=1, actor=EDITOR, today=today)
    with pytest.raises(ConcurrentEdit, match="PO-1 was changed by someone else"):
        set_expected_date(store, "PO-1", day(40), version=1, actor=EDITOR, today=today)
    pos = purchase_orders(store, today).set_index("po_number")
    assert pos.loc["PO-1", "expected_on"] == day(30)


def test_viewers_cannot_change_supply(store, today):
    viewer = Actor("Vic", Role.VIEWER)
    with pytest.raises(PermissionDenied, match="cannot cancel a purchase order"):
        cancel_purchase_order(store, "PO-1", actor=viewer, today=today)
    with pytest.raises(PermissionDenied):
        set_expected_date(store, "PO-1", day(30), version=1, actor=viewer, today=today)


def test_adding_a_purchase_order_checks_every_field_and_then_fills_more_lines(store, today):
    with pytest.raises(InvalidInput, match="quantity must be a whole number above 0.*"
                                           "expected date is before the order date"):
        add_purchase_order(store, po_number="PO-9", sku="C-GADGET", qty=0,
                           ordered_on=day(0), expected_on=day(-1), actor=EDITOR, today=today)
    with pytest.raises(InvalidInput, match="SKU 'NOPE' is not in the catalogue"):
        add_purchase_order(store, po_number="PO-9", sku="NOPE", qty=4, ordered_on=day(0),
                           expected_on=day(9), actor=EDITOR, today=today)
    with pytest.raises(InvalidInput, match="PO-1 already exists"):
        add_purchase_order(store, po_number="PO-1", sku="C-GADGET", qty=4, ordered_on=day(0),
                           expected_on=day(9), actor=EDITOR, today=today)
    # PO-9 on T+9 is earlier than PO-1 (T+12): it now takes the 4 oldest units (#7, #6),
    # PO-1's 5 go to #5, #4, #3, #2 (cum 5..9): 4 + 5 = 9 covers all nine units.
    add_purchase_order(store, po_number="PO-9", sku="C-GADGET", qty=4, ordered_on=day(0),
                       expected_on=day(9), actor=EDITOR, today=today)
    lines = allocation_for(store, today).lines.set_index("order_number")
    assert lines.loc[["#7", "#6", "#5", "#4", "#3", "#2"], "source"].tolist() == [
        "PO-9", "PO-9", "PO-1", "PO-1", "PO-1", "PO-1"]


def test_cancelling_removes_the_supply(store, today):
    cancel_purchase_order(store, "PO-1", version=1, actor=EDITOR, today=today)
    lines = allocation_for(store, today).lines
    assert lines.loc[lines["sku"] == "C-GADGET", "source"].isna().all()
    with pytest.raises(InvalidInput, match="PO-1 is cancelled"):
        cancel_purchase_order(store, "PO-1", actor=EDITOR, today=today)


def test_receiving_adds_stock_and_the_lines_ship_from_stock(store, today):
    receive_purchase_order(store, "PO-1", actor=EDITOR, today=today)
    with store.connect() as connection:
        on_hand = connection.execute(select(Stock.on_hand).where(
            Stock.sku == "C-GADGET", Stock.location == "Main")).scalar()
    assert on_hand == 5
    lines = allocation_for(store, today).lines.set_index("order_number")
    assert lines.loc[["#7", "#6", "#5"], "projection"].tolist() == ["Ships from stock"] * 3
    assert lines.loc["#7", "likely_on"] == pd.Timestamp(dt.date.today())
