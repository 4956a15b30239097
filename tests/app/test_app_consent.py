"""Delay consent and alert batches on their pages, on the hand-worked fixture store.

Past the date the rule gives and never told of the delay (no notice marked sent):
#7 (promised T-70), #6 (T-40), #5 (T-15) and #3 (T-1) must be cancelled and refunded;
#4, #2 and #9 still have time for a notice; #8 is on track.
"""

from __future__ import annotations

from inventory_core.services.delay_consent import load_consent_settings
from restock_ui.widgets import tables
from tests.apptest import app_on

NOTIFICATIONS, SETTINGS = "pages/notifications.py", "pages/settings.py"


def test_the_lines_to_cancel_and_refund_are_listed_and_exported(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, NOTIFICATIONS)
    assert not at.exception
    assert [e.label for e in at.expander if e.label.startswith("To cancel")] == [
        "To cancel and refund: 4 line(s)"]
    assert at.get("download_button")  # the CSV export is offered


def test_switched_off_the_list_is_gone(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, SETTINGS)
    at.toggle(key="consent_enabled").set_value(False)
    at.number_input(key="consent_ship_within_days").set_value(40)
    at.button(key="FormSubmitter:consent_form-Save delay consent").click().run()
    assert not at.exception and not at.error
    saved = load_consent_settings(store)
    assert (saved.enabled, saved.ship_within_days) == (False, 40)
    at.switch_page(NOTIFICATIONS).run()
    assert not [e for e in at.expander if e.label.startswith("To cancel")]


def test_a_long_list_to_refund_shows_its_first_lines_and_exports_them_all(
        store, db_url, monkeypatch):
    monkeypatch.setattr(tables, "TABLE_ROWS", 2)
    at = app_on(db_url, monkeypatch, NOTIFICATIONS)
    assert not at.exception
    listed = next(d.value for d in at.dataframe if "Why" in d.value.columns)
    assert len(listed) == 2
    assert "Showing the first 2 of 4 lines to cancel and refund: the export holds them all." \
        in [c.value for c in at.caption]
    assert "Export lines to cancel and refund (CSV)" in [b.label for b in
                                                         at.get("download_button")]
