"""Customer texts from one writer, and messages in proportion, on the fixture store
(tests/fixture_store.py) worked out by hand:

C-GADGET backorders, oldest first: #7 (1, promised T-70), #6 (3, T-40), #5 (1, T-15) are
covered by PO-1 (5 units, expected T+12; Slow Ltd has no record yet, so the store-wide
2 days: likely T+14); #4 (1, T+2), #3 (2, T-1), #2 (1, T+5) have no supply. D-NEW
pre-orders: #8 (2) ships with PO-2 on its promise T+20; #9 (1) has no supply. Seven
promises at risk, one line per order: seven delay notices. Customers are "Buyer <n>".
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from sqlalchemy import insert, select, update

from inventory_core.domain.access import Actor
from inventory_core.domain.messages import MessageTemplates
from inventory_core.domain.wording import format_date
from inventory_core.errors import InvalidInput
from inventory_core.io.shipped_demo import load_shipped_demo
from inventory_core.queries.lookup import customer_messages, find_lines
from inventory_core.queries.promises import allocation_for
from inventory_core.services.customer_notices import load_templates, save_templates
from inventory_core.services.events import process_now, refresh
from inventory_core.services.notifications import (
    held_for_review,
    outbox,
    outbox_counts,
    release_held,
)
from inventory_core.services.settings import load_settings, save_settings
from inventory_core.services.supply import receive_purchase_order, set_expected_date
from inventory_core.store.models import (
    Notification,
    Order,
    OrderLine,
    Product,
    PurchaseOrder,
    Stock,
)
from tests.fixture_store import day

SAM = Actor("Sam")


def lookup_message(engine, today, order: str):
    """Customer lookup's message for ``order``, from the stored templates."""
    lines = find_lines(engine, today, order=order)
    [message] = customer_messages(lines, load_templates(engine), today)
    return message


def notice(engine, order: str) -> pd.Series:
    [row] = [r for _, r in outbox(engine).iterrows() if r["order_number"] == order]
    return row


def auto_gadget_in_stock(engine) -> None:
    """F-AUTO (Auto Gadget, $30, Gadgets) gets 7 units: the one other Gadgets product in
    stock."""
    with engine.begin() as connection:
        connection.execute(update(Stock).where(Stock.sku == "F-AUTO").values(on_hand=7))


def test_the_lookup_and_the_outbox_write_the_same_message_for_an_order(store, today):
    auto_gadget_in_stock(store)
    process_now(store, actor=SAM, today=today)
    sent = notice(store, "#6")
    shown = lookup_message(store, today, "#6")
    assert (shown.subject, shown.body) == (sent["subject"], sent["body"])
    assert sent["subject"] == "Order #6: a new date for your order"
    assert sent["body"] == (
        "Hello Buyer 6,\n\n"
        f"We are sorry: Gadget × 3 did not ship by {format_date(day(-40))} as we promised. "
        f"It should now ship around {format_date(day(14))}. If you would rather not wait, "
        "these are in stock now: Auto Gadget ($30.00).\n\n"
        "If you would rather cancel or change your order, reply to this message and we "
        "will do it straight away.\n\n"
        "Thank you for your patience.")
    # #4: promised T+2, no supply planned: the promise will be missed, no date yet
    four = lookup_message(store, today, "#4")
    assert four.body == notice(store, "#4")["body"]
    assert (f"We are sorry: Gadget × 1 will not ship by {format_date(day(2))} as we "
            "promised. We do not have a new date from our supplier yet; we will write again "
            "as soon as we do.") in four.body
    for body in outbox(store)["body"]:
        assert "C-GADGET" not in body and "F-AUTO" not in body and "D-NEW" not in body


def test_alternatives_are_other_products_never_a_variant_of_the_customers_own(store, today):
    auto_gadget_in_stock(store)
    with store.begin() as connection:  # Auto Gadget becomes a variant of Gadget
        connection.execute(update(Product).where(Product.sku.in_(["C-GADGET", "F-AUTO"]))
                           .values(group_key="gadget"))
    message = lookup_message(store, today, "#6")
    assert "in stock now" not in message.body
    assert find_lines(store, today, order="#6").iloc[0]["alternatives"] == ""


def test_a_customer_without_a_name_is_greeted_without_one(store, today):
    with store.begin() as connection:
        connection.execute(update(Order).where(Order.order_number == "#6")
                           .values(customer_name=None))
    process_now(store, actor=SAM, today=today)
    assert notice(store, "#6")["body"].startswith("Hello,\n\nWe are sorry: Gadget × 3")
    assert lookup_message(store, today, "#6").body == notice(store, "#6")["body"]


def test_an_on_track_order_reads_its_date_and_owes_no_notice(store, today):
    process_now(store, actor=SAM, today=today)
    assert "#8" not in set(outbox(store)["order_number"])
    message = lookup_message(store, today, "#8")
    assert message.subject == "Order #8: where your order stands"
    assert (f"Future Gadget × 2 (pre-order) is expected to ship around "
            f"{format_date(day(20))}.") in message.body
    assert "sorry" not in message.body and "cancel" not in message.body


def test_receiving_one_po_writes_at_most_one_message_per_order(store, today):
    # #6 gets a second Gadget line (1 unit, same promise T-40): #7 1, #6 3 + 1 = 5 units
    # take PO-1; #5 now has no supply (its promise T-15 was already told)
    with store.begin() as connection:
        connection.execute(insert(OrderLine).values(
            order_number="#6", line_no=2, sku="C-GADGET", qty=1, unit_price=50,
            kind="backorder", status="open", promised_on=day(-40)))
    first = process_now(store, actor=SAM, today=today).notifications
    assert (first.backorder_delay, first.total) == (7, 7)  # #6's two lines: one notice
    assert "Gadget × 3" in notice(store, "#6")["body"]
    assert "Gadget × 1" in notice(store, "#6")["body"]
    before = set(outbox(store)["id"])
    made = receive_purchase_order(store, "PO-1", actor=SAM, today=today).notifications
    new = outbox(store)
    new = new[~new["id"].isin(before)]
    assert sorted(new["order_number"]) == ["#6", "#7"]  # one message each
    assert (made.backorder_ready, made.backorder_delay) == (2, 0)
    ready = new.set_index("order_number").loc["#6"]
    assert ready["subject"] == "Order #6: ready to ship"
    assert ready["body"].count("is in stock and ready to ship") == 2


def test_a_delay_notice_once_per_order_and_promised_date(store, today):
    process_now(store, actor=SAM, today=today)
    # PO-1 slips ten days: the dates told (the promises) have not changed: no new notice
    with store.connect() as connection:
        version = connection.execute(select(PurchaseOrder.version).where(
            PurchaseOrder.po_number == "PO-1")).scalar_one()
    moved = set_expected_date(store, "PO-1", day(22), version=version, actor=SAM, today=today)
    assert moved.notifications.total == 0
    # #7 is promised anew for T+13; PO-1 now lands T+24: that new promise moved
    with store.begin() as connection:
        connection.execute(update(OrderLine).where(OrderLine.order_number == "#7")
                           .values(promised_on=day(13)))
        assert refresh(connection, today).notifications.backorder_delay == 1
        assert refresh(connection, today).notifications.total == 0
    latest = outbox(store).iloc[0]
    assert (latest["order_number"], latest["kind"]) == ("#7", "backorder_delay")
    assert f"will not ship by {format_date(day(13))}" in latest["body"]


def test_more_delay_notices_than_the_threshold_wait_for_review_as_one_batch(store, today):
    save_settings(store, replace(load_settings(store), delay_review_over=5), actor=SAM)
    made = process_now(store, actor=SAM, today=today).notifications
    assert (made.backorder_delay, made.held_for_review, made.total) == (0, 7, 0)
    held = held_for_review(store, today)
    notices = held.notices
    assert notices["order_number"].to_list() == ["#2", "#3", "#4", "#5", "#6", "#7", "#9"]
    assert len(held) == 7 and held.first is not None and held.first["order_number"] == "#2"
    # judged on an allocation the page has read already: the same batch
    again = held_for_review(store, today, allocation_for(store, today))
    pd.testing.assert_frame_equal(again.notices, notices)
    assert again.first == held.first
    assert outbox(store).empty
    assert process_now(store, actor=SAM, today=today).notifications.held_for_review == 7
    assert release_held(store, today, actor=SAM, send=True) == 7
    assert outbox_counts(store)["pending"] == 7
    # the review showed what was written: each notice's subject, recipient and key, and
    # the first one's message word for word
    written = outbox(store).set_index("order_number").loc[notices["order_number"]]
    for column in ("kind", "recipient", "sku", "subject"):
        assert written[column].to_list() == notices[column].to_list(), column
    assert written.loc["#2", "body"] == held.first["body"]
    with store.connect() as connection:
        keys = {order: key for order, key in connection.execute(
            select(Notification.order_number, Notification.dedupe_key)).all()}
    assert [keys[o] for o in notices["order_number"]] == notices["dedupe_key"].to_list()
    assert held_for_review(store, today).empty
    assert process_now(store, actor=SAM, today=today).notifications.total == 0


def test_held_notices_are_written_in_the_stores_locale_when_added(store, today):
    save_settings(store, replace(load_settings(store), delay_review_over=5), actor=SAM)
    in_english = held_for_review(store, today).first
    save_settings(store, replace(load_settings(store), locale="de_DE", currency="EUR"),
                  actor=SAM)
    held = held_for_review(store, today)
    assert held.first is not None and in_english is not None
    assert held.first["body"] != in_english["body"]  # its dates read the German way
    assert release_held(store, today, actor=SAM, send=True) == 7
    assert notice(store, "#2")["body"] == held.first["body"]


def test_a_held_batch_dismissed_is_not_written_again(store, today):
    save_settings(store, replace(load_settings(store), delay_review_over=6), actor=SAM)
    process_now(store, actor=SAM, today=today)
    assert release_held(store, today, actor=SAM, send=False) == 7
    assert outbox_counts(store) == {"pending": 0, "sent": 0, "dismissed": 7}
    assert process_now(store, actor=SAM, today=today).notifications.total == 0
    # at the threshold itself (7), nothing is held
    save_settings(store, replace(load_settings(store), delay_review_over=7), actor=SAM)
    assert held_for_review(store, today).empty


def test_edited_templates_write_both_the_outbox_and_the_lookup(store, today):
    with pytest.raises(InvalidInput, match=r"Greeting uses \{when\}, which cannot be filled "
                                           r"\(it may use: \{name\}\)"):
        save_templates(store, MessageTemplates(greeting="Hi {when}"), actor=SAM)
    save_templates(store, MessageTemplates(greeting="Dear {name},",
                                           sign_off="The Gadget shop"), actor=SAM)
    process_now(store, actor=SAM, today=today)
    body = notice(store, "#3")["body"]
    assert body.startswith("Dear Buyer 3,\n\n") and body.endswith("\n\nThe Gadget shop")
    assert lookup_message(store, today, "#3").body == body


def test_receiving_one_po_on_the_demo_store_puts_one_message_per_order(engine, today):
    load_shipped_demo(engine)
    po = "PO-1782"  # two backorders of KIT-00031-4 wait for it (the demo's dates move with today)
    assert po in set(allocation_for(engine, today).supply["source"])
    made = receive_purchase_order(engine, po, actor=SAM, today=today).notifications
    assert made.backorder_ready == 2 and made.back_in_stock == 2
    box = outbox(engine)
    per_order = box["order_number"].dropna().value_counts()
    assert per_order.max() == 1  # at most one message per affected order
    assert made.backorder_delay == 0  # hundreds due: none fills the outbox
    held = held_for_review(engine, today)
    assert made.held_for_review == len(held) > load_settings(engine).delay_review_over
    assert held.notices["order_number"].is_unique
