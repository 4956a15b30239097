"""The Replenishment page on the hand-worked fixture store (tests/fixture_store.py)."""

from __future__ import annotations

from sqlalchemy import select

from inventory_core.clock import today
from inventory_core.domain.wording import format_date
from inventory_core.store.models import PurchaseOrder
from tests.apptest import app_on, metrics, shown
from tests.fixture_store import day

PAGE = "pages/replenishment.py"


def test_the_replenishment_list_by_hand(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    assert not at.exception
    # No forecast stored: the trailing demand rate. At or below the reorder point:
    # C-GADGET (net −4, point ⌈10/28 × 37⌉ = 14) and D-NEW (net −1, point ⌈3/28 × 37⌉
    # = 4), both Slow Ltd, L = 30 + the store-wide delay of 2. Order-up-to: C
    # max(⌈10/28 × 39⌉, 14 + ⌈10/28 × 7⌉) = 17 → 21 units; D max(5, 4 + 1) = 5 → 6.
    # At risk: $50 × ⌈10/28 × 39⌉ + $100 × ⌈3/28 × 39⌉ = 700 + 500.
    assert metrics(at) == {"SKUs to order": "2", "Units suggested": "27",
                           "Revenue at risk": "$1,200"}
    assert [s.value for s in at.subheader] == ["Slow Ltd"]
    table = at.dataframe[0].value
    assert table["sku"].tolist() == ["C-GADGET", "D-NEW"]
    assert table["suggested_qty"].tolist() == [21, 6]
    assert set(table["order_by"]) == {table["runs_out_on"].iloc[0]}  # both: today


def test_the_ticked_rows_are_placed_as_purchase_orders_and_leave_the_list(store, db_url,
                                                                           monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    # D-NEW unticked, C-GADGET's quantity raised from 21 to 24: one order placed
    at.session_state["replenishment_rows_0"] = {
        "edited_rows": {0: {"suggested_qty": 24}, 1: {"order": False}},
        "added_rows": [], "deleted_rows": []}
    at.run()
    assert at.button(key="replenishment_place_0").label == "Place 1 purchase order"
    at.button(key="replenishment_place_0").click().run()
    assert not at.exception
    stamp = today().strftime("%Y%m%d")
    assert [shown(s.value) for s in at.success] == [
        f"Placed 1 purchase order with Slow Ltd (RP-{stamp}-001): 24 units, expected by "
        f"{format_date(day(30))}. They now count as incoming supply."]
    with store.connect() as c:
        assert c.execute(select(PurchaseOrder.sku, PurchaseOrder.qty).where(
            PurchaseOrder.po_number == f"RP-{stamp}-001")).one() == ("C-GADGET", 24)
    # C-GADGET's net position is now −4 + 24 = 20, above its reorder point of 14
    assert at.dataframe[0].value["sku"].tolist() == ["D-NEW"]



def test_stock_levels_flags_reorder_now_for_the_skus_replenishment_lists(store, db_url,
                                                                          monkeypatch):
    listed = app_on(db_url, monkeypatch, page=PAGE)
    stock = app_on(db_url, monkeypatch, page="pages/stock_levels.py")
    # C-GADGET (net −4 ≤ 14) and D-NEW (net −1 ≤ 4), on both pages
    assert metrics(stock)["Reorder now"] == metrics(listed)["SKUs to order"] == "2"
