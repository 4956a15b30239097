"""The Overview page shows the fixture store's hand-worked figures."""

from __future__ import annotations

from inventory_core import load_settings, sku_table
from inventory_core.domain.settings import DelayConsentSettings
from inventory_core.queries.consent import refund_lines
from inventory_core.queries.overview import needs_attention
from restock_ui.views.overview import ATTENTION_ROWS, most_at_stake
from tests.apptest import app_on, metrics


def test_overview_shows_the_hand_worked_kpis(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch)
    assert not at.exception
    shown = metrics(at)
    assert {k: shown[k] for k in ("In stock", "Low stock", "Backorder", "Pre-order",
                                  "Out of stock", "Discontinued")} == {
        "In stock": "1", "Low stock": "1", "Backorder": "2", "Pre-order": "1",
        "Out of stock": "1", "Discontinued": "1"}
    assert shown["Open backorder units"] == "9"
    assert shown["Open backorder value"] == "$450.00"
    assert shown["Open pre-order units"] == "3"
    assert shown["Open pre-order value"] == "$270.00"
    assert shown["Oldest backorder"] == "100 days"
    assert shown["Promises overdue"] == "4"


def test_overview_lists_what_needs_attention(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch)
    table = at.dataframe[0].value
    # the most at stake first: C-GADGET's overdue lines 2×1 + 1×15 + 3×40 + 1×70 = 207
    # unit-days, PO-4's 20 units × 3 days = 60; C-GADGET sells on backorder, so it is
    # not a best seller out of stock. No delay notice was sent, so the delay-consent
    # rule has the same four lines cancelled and refunded (#3, #5, #6, #7: 207 too;
    # equal stakes keep the kinds' order)
    assert list(table["Issue"]) == ["Overdue promises", "Cancel and refund",
                                    "Late purchase order"]
    assert list(table["SKU"]) == ["C-GADGET", "C-GADGET", "B-BLUE"]
    assert list(table["At stake (units × days)"]) == [207, 207, 60]


def test_the_needs_attention_table_shows_the_most_at_stake_and_downloads_them_all(
        store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch)
    # the fixture's 3 issues are fewer than the cap: all shown, and all in the download
    assert len(at.dataframe[0].value) == 3 <= ATTENTION_ROWS
    assert any(c.value.startswith("The most at stake first") for c in at.caption)
    assert "Download all 3 issues (CSV)" in [b.label for b in at.get("download_button")]
    assert metrics(at)["Promises overdue"] == "4"


def test_beyond_the_cap_the_table_keeps_the_most_at_stake_and_says_how_many_in_all(
        store, today):
    # the same 3 issues (207, 207, 60 unit-days) with a cap of 2: the two 207s are shown
    skus = sku_table(store, today, load_settings(store))
    issues = needs_attention(store, skus, today,
                             refund_lines(store, today, DelayConsentSettings()))
    shown, caption = most_at_stake(issues, rows=2)
    assert list(shown["Issue"]) == ["Overdue promises", "Cancel and refund"]
    assert list(shown["At stake (units × days)"]) == [207, 207]
    assert caption.startswith("The 2 most at stake of 3 issues")
    assert "Download the list below for all 3." in caption


def test_sidebar_filter_narrows_the_kpis_and_persists(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch)
    at.multiselect(key="sidebar_categories").set_value(["Widgets"]).run()
    shown = metrics(at)
    assert shown["In stock"] == "1" and shown["Backorder"] == "0"
    assert shown["Open backorder units"] == "0"
    assert at.session_state["filters.categories"] == ["Widgets"]


def test_the_oldest_waiting_customers_order_is_one_click_from_the_overview(
        store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch)
    at.button(key="overview_open_oldest").click().run()
    assert not at.exception
    assert at.text_input(key="lookup_order").value == "#7"
    assert set(at.dataframe[0].value["Order"]) == {"#7"}  # the Customer lookup's lines


def test_a_needs_attention_row_opens_the_skus_drill_down(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch)
    at.session_state["attention"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    assert at.text[-1].value.startswith("4 waiting lines (7 units) past the promised date")
    at.button(key="overview_open_sku").click().run()
    assert not at.exception
    assert at.selectbox(key="stock_levels_sku").value == "C-GADGET"
    assert at.subheader[-1].value == "C\\-GADGET · Gadget"  # Markdown-escaped


def test_the_drill_down_says_why_a_state_differs_from_its_mode(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/stock_levels.py")
    at.selectbox(key="stock_levels_sku").set_value("F-AUTO").run()
    assert not at.exception
    shown = [c.value.replace("\\", "") for c in at.caption]  # Markdown-escaped
    assert any(c.startswith("Auto-switch: nothing available") for c in shown)
