"""The supply, lookup and notification pages show the fixture store's hand-worked figures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from inventory_core.domain.wording import format_date
from inventory_core.store.models import Change, PurchaseOrder, Stock
from restock_ui.widgets import tables
from tests.apptest import ROOT, app_on, forget_reads, metrics, shown
from tests.fixture_store import day


def test_incoming_supply_shows_pos_allocation_and_promises(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/incoming_supply.py")
    assert not at.exception
    figures = metrics(at)
    # PO-1..PO-4 open (5 + 2 + 10 + 20 units), PO-4 late; waiting lines: C-GADGET #7, #6,
    # #5 covered by PO-1, #4, #3, #2 not; D-NEW #8 covered by PO-2, #9 not; 7 at risk.
    assert figures["Open POs"] == "4"
    assert figures["Late POs"] == "1"
    assert figures["Units incoming"] == "37"
    assert figures["Lines covered"] == "4"
    assert figures["Lines without supply"] == "4"
    assert figures["Promises at risk"] == "7"
    by_po = next(d.value for d in at.dataframe if "What it does" in d.value.columns)
    po1 = by_po.set_index("Supply").loc["PO-1"]
    assert po1["Lines filled"] == 3
    first, last = day(-100), day(-45)
    assert po1["What it does"] == (f"PO-1 fills 3 lines placed {format_date(first)}–"
                                   f"{format_date(last)}")


def test_editing_an_expected_date_on_the_page_saves_and_audits_it(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/incoming_supply.py")
    # the table lists open and late POs by expected date: PO-4 (T-3), PO-3, PO-1, PO-2
    at.session_state["supply_po_editor"] = {
        "edited_rows": {2: {"Expected": day(25).isoformat()}}, "added_rows": [],
        "deleted_rows": []}
    at.run()
    at.button(key="supply_save_dates").click().run()
    assert not at.exception
    assert [shown(s.value) for s in at.success] == ["Saved 1 expected date(s)."]
    with store.connect() as connection:
        expected = connection.execute(select(PurchaseOrder.expected_on)
                                      .where(PurchaseOrder.po_number == "PO-1")).scalar()
        who = connection.execute(select(Change.changed_by)
                                 .where(Change.entity == "purchase_order")).scalars().all()
    assert expected == day(25)
    assert who == ["Local user"]


def test_adding_a_po_with_bad_values_says_what_is_wrong(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/incoming_supply.py")
    at.text_input(key="supply_add_number").set_value("PO-77")
    at.selectbox(key="supply_add_sku").set_value("C-GADGET")
    at.button(key="supply_add_submit").click().run()
    assert not at.exception
    assert any("quantity must be a whole number above 0" in shown(e.value) for e in at.error)
    assert metrics(at)["Open POs"] == "4"


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_receiving_a_po_on_the_page_adds_its_units_to_stock(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/incoming_supply.py")
    at.selectbox(key="supply_close_po").set_value("PO-1")
    at.button(key="FormSubmitter:supply_close_form-Receive: add its units to stock").click()
    at.run()
    assert not at.exception
    assert shown(at.success[0].value).startswith("Received PO-1: 5 units added to stock.")
    figures = metrics(at)
    assert (figures["Open POs"], figures["Units incoming"]) == ("3", "32")
    with store.connect() as connection:
        status, received_on = connection.execute(
            select(PurchaseOrder.status, PurchaseOrder.received_on)
            .where(PurchaseOrder.po_number == "PO-1")).one()
        on_hand = connection.execute(select(func.sum(Stock.on_hand))
                                     .where(Stock.sku == "C-GADGET")).scalar()
    assert (status, received_on) == ("received", dt.date.today())
    assert on_hand == 5  # C-GADGET had none on hand; PO-1 brought 5


def test_past_pos_are_listed_when_their_status_is_picked(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/incoming_supply.py")
    assert "4 purchase orders match." in captions(at)
    at.multiselect(key="supply_status").set_value(["Received"]).run()
    assert not at.exception
    assert "1 purchase order matches." in captions(at)
    assert metrics(at)["Open POs"] == "4"


def test_with_more_pos_and_skus_than_a_list_holds_they_are_typed(store, db_url, monkeypatch):
    monkeypatch.setattr(tables, "TABLE_ROWS", 2)
    at = app_on(db_url, monkeypatch, page="pages/incoming_supply.py")
    assert "The 2 expected first of 4 matching purchase orders" in captions(at)
    receive = "FormSubmitter:supply_close_form-Receive: add its units to stock"
    at.text_input(key="supply_close_po").set_value("PO-9")
    at.button(key=receive).click().run()
    assert [shown(e.value) for e in at.error] == [
        "'PO-9' is not an open purchase order of the products selected."]
    at.text_input(key="supply_add_number").set_value("PO-77")
    at.text_input(key="supply_add_sku").set_value("NOPE")
    at.number_input(key="supply_add_qty").set_value(3)
    at.button(key="supply_add_submit").click().run()
    assert any("SKU 'NOPE' is not in the catalogue" in shown(e.value) for e in at.error)
    at.text_input(key="supply_close_po").set_value("PO-2")
    at.button(key=receive).click().run()
    assert not at.exception
    assert shown(at.success[0].value).startswith("Received PO-2: 2 units added to stock.")
    assert metrics(at)["Open POs"] == "3"


def test_customer_lookup_by_order_shows_the_projected_date(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/customer_lookup.py")
    at.text_input(key="lookup_order").set_value("#7").run()
    assert not at.exception
    assert metrics(at)["Waiting lines"] == "1"
    table = at.dataframe[0].value
    assert table["Projection"].tolist() == ["Expected with PO-1"]
    # PO-1 expected T+12, moved by the store-wide 2 days (Slow Ltd has no record yet)
    assert table["Likely ship"].iloc[0].date() == day(14)
    assert table["Age (days)"].tolist() == [100]
    # promised T-70: the message apologises and gives the new date, as the outbox would
    assert at.code[0].value.startswith(
        f"Hello Buyer 7,\n\nWe are sorry: Gadget × 1 did not ship by {format_date(day(-70))} "
        f"as we promised. It should now ship around {format_date(day(14))}.")
    assert "Subject: Order #7: a new date for your order" in [
        c.value.replace("\\", "") for c in at.caption]  # shown as text


def lookup_from_link(db_url, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("INVENTORY_DB_URL", db_url)
    forget_reads(db_url)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/customer_lookup.py").run()
    return at


def test_customer_lookup_reads_the_link_and_refuses_a_bad_email(store, db_url, monkeypatch):
    at = lookup_from_link(db_url, monkeypatch, email="buyer9@example.com")
    assert not at.exception
    assert at.dataframe[0].value["Order"].tolist() == ["#9"]
    at.text_input(key="lookup_email").set_value("buyer9-at-example").run()
    assert [shown(e.value) for e in at.error] == [
        "'buyer9-at-example' is not an email address (like name@example.com)."]
    bad = lookup_from_link(db_url, monkeypatch, order="#1<script>")
    assert not bad.exception
    assert [shown(e.value) for e in bad.error] == [
        "'#1<script>' is not an order number (like #1042 or 1042). "
        "It came from the link you opened."]


def test_notifications_are_processed_once_and_marked_sent(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/notifications.py")
    assert metrics(at)["Pending"] == "0"
    at.button(key="notif_process").click().run()
    assert metrics(at)["Pending"] == "7"
    assert shown(at.success[0].value).startswith("7 new message(s)")
    at.button(key="notif_process").click().run()
    assert metrics(at)["Pending"] == "7"  # nothing twice
    assert shown(at.success[0].value).startswith("0 new message(s)")
    at.radio(key="notif_scope").set_value("All shown").run()
    at.button(key="notif_mark_sent").click().run()
    assert not at.exception
    figures = metrics(at)
    assert (figures["Pending"], figures["Sent"]) == ("0", "7")


def test_today_is_the_fixture_day():
    assert day(0) == dt.date.today()
