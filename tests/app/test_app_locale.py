"""The store's locale and currency (Settings) on the pages: German and euros on a small
store, worked out by hand."""

from __future__ import annotations

from sqlalchemy import text

from inventory_core.domain.access import Actor, Role
from inventory_core.domain.settings import StoreSettings
from inventory_core.services.settings import save_settings
from tests.apptest import app_on, metrics

OWNER = Actor("Owner", Role.EDITOR)


def euro_store(engine) -> None:
    """The fixture store's open backorder lines (all C-GADGET: #2 qty 1, #3 2, #4 1, #5 1,
    #6 3, #7 1) repriced: #2 at 138.56, the other 8 units at 137.00, so the open backorder
    value is 8 × 137.00 + 138.56 = 1,234.56; the pre-orders stay 3 × 90 = 270."""
    with engine.begin() as connection:
        connection.execute(text("UPDATE order_lines SET unit_price = 137.0 "
                                "WHERE kind = 'backorder' AND status = 'open'"))
        connection.execute(text("UPDATE order_lines SET unit_price = 138.56 "
                                "WHERE order_number = '#2'"))
    save_settings(engine, StoreSettings(locale="de_DE", currency="EUR"), actor=OWNER)


def test_in_german_with_euros_the_overview_reads_1_234_56_euro_and_german_dates(
        store, db_url, monkeypatch):
    euro_store(store)
    monkeypatch.setenv("RESTOCK_TODAY", "2026-12-01")
    at = app_on(db_url, monkeypatch)
    assert not at.exception
    shown = metrics(at)
    assert shown["Open backorder value"] == "1.234,56\xa0€"
    assert shown["Open pre-order value"] == "270,00\xa0€"
    assert "Figures as of 1. Dez. 2026" in [c.value for c in at.caption]


def test_the_same_store_in_us_english_reads_dollars_and_us_dates(store, db_url, monkeypatch):
    euro_store(store)
    save_settings(store, StoreSettings(), actor=OWNER)
    monkeypatch.setenv("RESTOCK_TODAY", "2026-12-01")
    at = app_on(db_url, monkeypatch)
    shown = metrics(at)
    assert shown["Open backorder value"] == "$1,234.56"
    assert shown["Open pre-order value"] == "$270.00"
    assert "Figures as of Dec 1, 2026" in [c.value for c in at.caption]


def test_settings_offer_the_locale_and_the_currency_and_save_them(store, db_url,
                                                                   monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/settings.py")
    at.selectbox(key="settings_locale").set_value("fr_FR")
    at.selectbox(key="settings_currency").set_value("EUR")
    at.button(key="FormSubmitter:settings_form-Save settings").click().run()
    assert not at.exception
    at.switch_page("pages/overview.py").run()
    assert metrics(at)["Open backorder value"] == "450,00\xa0€"  # French: a space before €
