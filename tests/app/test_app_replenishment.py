"""The Replenishment page on the hand-worked fixture store (tests/fixture_store.py)."""

from __future__ import annotations

from tests.apptest import app_on, metrics

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
