"""The message templates in Settings (a live preview on a real order) and the delay notices
held for review on the Notifications page, driven as a merchant would."""

from __future__ import annotations

from dataclasses import replace

import pytest

from inventory_core.domain.access import Actor
from inventory_core.services.events import process_now
from inventory_core.services.notifications import outbox_counts
from inventory_core.services.settings import load_settings, save_settings
from restock_ui.widgets import tables
from tests.apptest import app_on

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def texts(at) -> list[str]:
    return [c.value.replace("\\", "") for c in at.caption]  # Markdown escapes aside


@SQLITE_ONLY
def test_settings_preview_a_real_order_as_the_templates_are_edited_then_save_them(
        store, db_url, monkeypatch, today):
    at = app_on(db_url, monkeypatch, page="pages/settings.py")
    assert not at.exception, at.exception
    # the orders with the oldest open backorders first: #7 (placed T-100)
    assert at.selectbox(key="settings_msg_order").value == "#7"
    assert at.code[0].value.startswith("Hello Buyer 7,\n\nWe are sorry: Gadget × 1 did not "
                                       "ship by")
    assert "Subject: Order #7: a new date for your order" in texts(at)
    at.text_area(key="settings_msg_greeting").input("Dear {name},").run()
    assert at.code[0].value.startswith("Dear Buyer 7,")  # the preview follows the edit
    at.text_input(key="settings_user_name").input("Ana").run()
    at.text_area(key="settings_msg_sign_off").input("Thanks, {when}").run()
    at.button(key="settings_msg_save").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == [
        "The message templates were not saved. Sign off uses {when}, which cannot be "
        "filled (it may use: {order})."]
    at.text_area(key="settings_msg_sign_off").input("The Gadget shop").run()
    at.button(key="settings_msg_save").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert [s.value for s in at.success] == [
        "Templates saved. New messages and Customer lookup use them."]
    lookup = app_on(db_url, monkeypatch, page="pages/customer_lookup.py")
    lookup.text_input(key="lookup_order").set_value("#7").run()
    assert lookup.code[0].value.startswith("Dear Buyer 7,")
    assert "The Gadget shop" in lookup.code[0].value


@SQLITE_ONLY
def test_delay_notices_over_the_threshold_wait_for_review_then_go_in_as_one_batch(
        store, db_url, monkeypatch, today):
    save_settings(store, replace(load_settings(store), delay_review_over=5), actor=Actor("Sam"))
    process_now(store, actor=Actor("Sam"), today=today)  # seven due, more than five: held
    at = app_on(db_url, monkeypatch, page="pages/notifications.py")
    assert not at.exception, at.exception
    assert [w.value.replace("\\", "") for w in at.warning][0].startswith(
        "7 delay notices wait for your review: more than the 5 a refresh adds")
    held = next(d.value for d in at.dataframe if "Subject" in d.value.columns
                and "Email" in d.value.columns and "Order" in d.value.columns)
    assert sorted(held["Order"]) == ["#2", "#3", "#4", "#5", "#6", "#7", "#9"]
    at.button(key="notif_held_add").click().run()
    assert not at.exception, at.exception
    assert outbox_counts(store)["pending"] == 7
    assert not [w for w in at.warning if "wait for your review" in w.value]


@SQLITE_ONLY
def test_a_long_held_batch_lists_its_first_rows_and_downloads_them_all(
        store, db_url, monkeypatch, today):
    monkeypatch.setattr(tables, "TABLE_ROWS", 3)
    save_settings(store, replace(load_settings(store), delay_review_over=5), actor=Actor("Sam"))
    at = app_on(db_url, monkeypatch, page="pages/notifications.py")
    assert not at.exception, at.exception
    held = next(d.value for d in at.dataframe if "Subject" in d.value.columns
                and "Email" in d.value.columns and "Order" in d.value.columns)
    assert held["Order"].to_list() == ["#2", "#3", "#4"]
    assert "Showing the first 3 of 7 held delay notices: the download holds them all." \
        in [c.value for c in at.caption]
    assert "Download all 7 held delay notices (CSV)" in [b.label for b in
                                                          at.get("download_button")]
    assert at.button(key="notif_held_add").label == "Add all 7 to the outbox"
