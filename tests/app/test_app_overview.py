"""The Overview page shows the fixture store's hand-worked figures."""

from __future__ import annotations

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
    assert shown["Open backorder value"] == "$450"
    assert shown["Open pre-order units"] == "3"
    assert shown["Open pre-order value"] == "$270"
    assert shown["Oldest backorder"] == "100 days"
    assert shown["Promises overdue"] == "4"


def test_overview_lists_what_needs_attention(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch)
    table = at.dataframe[0].value
    assert list(table["Issue"]) == ["Overdue backorders", "Best seller out of stock",
                                    "Late purchase order"]
    assert list(table["SKU"]) == ["C-GADGET", "C-GADGET", "B-BLUE"]


def test_sidebar_filter_narrows_the_kpis_and_persists(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch)
    at.multiselect(key="sidebar_categories").set_value(["Widgets"]).run()
    shown = metrics(at)
    assert shown["In stock"] == "1" and shown["Backorder"] == "0"
    assert shown["Open backorder units"] == "0"
    assert at.session_state["filters.categories"] == ["Widgets"]
