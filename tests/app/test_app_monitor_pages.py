"""Stock levels, Backorder aging and Pre-order demand show the fixture's hand-worked numbers.

The sidebar filters are set on the Overview (where AppTest sees the sidebar) and
carried to the page in the session, as a merchant's choice is.
"""

from __future__ import annotations

import pandas as pd

from inventory_core.domain.wording import format_date
from tests.apptest import app_on, metrics
from tests.fixture_store import day

# AppTest knows a dataframe by its key only when rows can be selected; the others are
# found by position on the page.
STOCK = "pages/stock_levels.py"
AGING = "pages/backorder_aging.py"
PREORDER = "pages/preorder_demand.py"


def filtered(db_url, monkeypatch, page, key, values):
    """The app with a sidebar filter chosen on the Overview, then ``page`` opened."""
    at = app_on(db_url, monkeypatch)
    at.multiselect(key=key).set_value(values).run()
    at.switch_page(page)
    at.run()
    assert not at.exception
    return at


# --- Stock levels -----------------------------------------------------------------------

def test_stock_levels_show_every_sku_with_cover_and_reorder_point(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=STOCK)
    assert not at.exception
    shown = metrics(at)
    # Out of stock (as the storefront and the Overview show it): G; nothing available:
    # C, D, E, F and G (the cover chart's band); incoming 5 + 2 + 10 + 20.
    assert {k: shown[k] for k in ("SKUs", "Low stock", "Out of stock", "Nothing available",
                                  "Reorder now", "Units incoming")} == {
        "SKUs": "7", "Low stock": "1", "Out of stock": "1", "Nothing available": "5",
        "Reorder now": "2", "Units incoming": "37"}
    table = at.dataframe(key="stock_levels_table").value.set_index("SKU")
    assert len(table) == 7
    # decimals as the store's locale writes them (text, padded to sort)
    assert table.loc["A-RED", "Days of cover"].strip() == "92.4"
    assert table.loc["B-BLUE", "Days of cover"].strip() == "16.0"
    assert table.loc["A-RED", "Available"] == 33 and table.loc["A-RED", "Reorder point"] == 7
    assert list(table.loc["B-BLUE", "State"]) == ["Low stock"]
    assert list(table.loc["G-GONE", "State"]) == ["Out of stock"]
    assert table.loc["C-GADGET", "Incoming"] == 5
    assert table.loc["C-GADGET", "Next expected"] == pd.Timestamp(day(12))
    assert pd.isna(table.loc["A-RED", "Next expected"])
    assert bool(table.loc["C-GADGET", "Reorder now"]) and not table.loc["A-RED", "Reorder now"]


def test_stock_levels_search_narrows_the_table(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=STOCK)
    at.text_input(key="stock_levels_search").input("gadget").run()
    assert list(at.dataframe(key="stock_levels_table").value["SKU"]) == [
        "C-GADGET", "D-NEW", "F-AUTO"]
    at.text_input(key="stock_levels_search").input("nothing like it").run()
    assert not at.exception
    assert "No SKU matches" in at.info[0].value


def test_choosing_a_sku_opens_its_drill_down(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=STOCK)
    at.selectbox(key="stock_levels_sku").set_value("C-GADGET").run()
    assert not at.exception
    shown = metrics(at)
    assert shown["Units waiting"] == "9"
    assert shown["Incoming"] == "5" and shown["Reorder point"] == "14"
    assert shown["Runs short on"] == "Now"  # 0 available − 9 waiting
    lines = at.dataframe[1].value
    assert list(lines["order_number"]) == ["#7", "#6", "#5", "#4", "#3", "#2"]
    assert int(lines["overdue"].sum()) == 4
    assert list(at.dataframe[2].value["po_number"]) == ["PO-1"]
    assert len(at.get("plotly_chart")) == 4

    at.selectbox(key="stock_levels_sku").set_value("A-RED").run()
    shown = metrics(at)
    assert shown["Days of cover"] == "92.4"
    assert shown["Runs short on"] == "Not within 90 days"


def test_stock_levels_follow_the_sidebar_category(store, db_url, monkeypatch):
    at = filtered(db_url, monkeypatch, STOCK, "sidebar_categories", ["Widgets"])
    shown = metrics(at)
    assert (shown["SKUs"], shown["Out of stock"], shown["Nothing available"],
            shown["Reorder now"], shown["Units incoming"]) == ("4", "1", "2", "0", "20")
    assert sorted(at.dataframe(key="stock_levels_table").value["SKU"]) == [
        "A-RED", "B-BLUE", "E-OLD", "G-GONE"]


# --- Backorder aging --------------------------------------------------------------------

def test_backorder_aging_shows_buckets_overdue_and_oldest_lines(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=AGING)
    assert not at.exception
    shown = metrics(at)
    assert {k: shown[k] for k in ("Open backorder units", "Open backorder value",
                                  "Open lines", "Overdue lines", "Overdue units",
                                  "Oldest line")} == {
        "Open backorder units": "9", "Open backorder value": "$450", "Open lines": "6",
        "Overdue lines": "4", "Overdue units": "7", "Oldest line": "100 days"}
    buckets = at.dataframe[0].value
    assert list(buckets["units"]) == [1, 2, 1, 1, 3, 1]
    # money as the store's locale writes it, padded so that sorting the text sorts amounts
    assert list(buckets["value"]) == [" $50", "$100", " $50", " $50", "$150", " $50"]
    oldest = at.dataframe[2].value
    assert list(oldest["order_number"][:2]) == ["#7", "#6"]
    assert list(oldest["age_days"][:2]) == [100, 75]
    assert oldest["customer"].iloc[0] == "Buyer 7"
    assert oldest["promised_on"].iloc[0] == pd.Timestamp(day(-70))
    assert any("Within promise: 2 lines, 2 units, $100" in c.value for c in at.caption)
    at.segmented_control(key="backorder_aging_measure").set_value("Value").run()
    assert not at.exception and metrics(at)["Open backorder value"] == "$450"


def test_backorder_aging_splits_by_category_then_sku(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=AGING)
    split = at.dataframe[1].value
    assert list(split["category"]) == ["Gadgets"] and split["units"].iloc[0] == 9
    at.segmented_control(key="backorder_aging_split").set_value("SKU").run()
    assert not at.exception
    split = at.dataframe[1].value
    assert list(split["sku"]) == ["C-GADGET"]
    assert list(split.iloc[0][["0–7 days", "61–90 days", "90+ days"]]) == [1, 3, 1]


def test_backorder_aging_follows_the_sidebar_filters(store, db_url, monkeypatch):
    at = filtered(db_url, monkeypatch, AGING, "sidebar_categories", ["Widgets"])
    assert "No open backorders" in at.info[0].value
    at = filtered(db_url, monkeypatch, AGING, "sidebar_suppliers", ["Slow Ltd"])
    assert metrics(at)["Open backorder units"] == "9"
    at = filtered(db_url, monkeypatch, AGING, "sidebar_suppliers", ["Reliable Co"])
    assert "No open backorders" in at.info[0].value


# --- Pre-order demand -------------------------------------------------------------------

def test_preorder_demand_shows_units_value_cap_and_shortfall(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=PREORDER)
    assert not at.exception
    shown = metrics(at)
    assert {k: shown[k] for k in ("Pre-order products", "Pre-ordered units",
                                  "Pre-order value", "Short of supply")} == {
        "Pre-order products": "1", "Pre-ordered units": "3", "Pre-order value": "$270",
        "Short of supply": "1"}
    assert shown["Next release"] == format_date(day(20))
    row = at.dataframe[0].value.iloc[0]
    assert (row["sku"], row["preorder_units"], row["cap"]) == ("D-NEW", 3, 50)
    assert row["cap_used"] == 0.06
    assert (row["incoming_qty"], row["release_supply"]) == (2, 2)
    assert row["coverage_label"] == "Short by 1"
    assert row["opened"] == pd.Timestamp(day(-2))
    assert len(at.get("plotly_chart")) == 2
    at.selectbox(key="preorder_demand_product").set_value("D-NEW").run()
    assert not at.exception and len(at.get("plotly_chart")) == 2


def test_preorder_demand_follows_the_sidebar_filters(store, db_url, monkeypatch):
    at = filtered(db_url, monkeypatch, PREORDER, "sidebar_categories", ["Widgets"])
    assert "No product is on pre-order" in at.info[0].value
    at = filtered(db_url, monkeypatch, PREORDER, "sidebar_categories", ["Gadgets"])
    assert metrics(at)["Pre-ordered units"] == "3"
