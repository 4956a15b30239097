"""Delay consent over the hand-worked fixture store, on SQLite and PostgreSQL.

C-GADGET's only supply is PO-1 (5 units, expected T+12; Slow Ltd has no delivery
record, so the store-wide p50 delay of 2 days applies: likely T+14). Oldest first it
fills #7 (1), #6 (3) and #5 (1); #16 (added here, T-25), #4, #3 and #2 get none.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, insert, select, update

from inventory_core import load_settings, sku_table
from inventory_core.domain.access import Actor, Role
from inventory_core.domain.delay_consent import Answer
from inventory_core.domain.notice_keys import order_update_key, read_key
from inventory_core.domain.settings import DelayConsentSettings
from inventory_core.domain.status_links import read_token
from inventory_core.domain.wording import format_date
from inventory_core.errors import InvalidInput, NotFound
from inventory_core.queries.consent import order_answers, order_status, refund_lines
from inventory_core.queries.overview import needs_attention
from inventory_core.services.delay_consent import (
    load_consent_settings,
    record_delay_answer,
    save_consent_settings,
)
from inventory_core.services.events import process_now
from inventory_core.store.models import Notification, Order, OrderLine
from tests.fixture_store import at, day

US = DelayConsentSettings()


def line_id(connection, order: str) -> int:
    return connection.execute(select(OrderLine.id).where(
        OrderLine.order_number == order)).scalar_one()


def sent_notice(connection, order: str, promised: dt.date) -> None:
    connection.execute(insert(Notification).values(
        kind="backorder_delay", recipient=f"buyer{order[1:]}@example.com", sku="C-GADGET",
        order_number=order, subject="Delay", body="Delay", created_at=at(-1),
        sent_at=at(-1), status="sent",
        dedupe_key=f"backorder_delay:{line_id(connection, order)}:{promised}"))


@pytest.fixture
def delays(store):
    """#16: no promised date, 25 days in; #5 promised T-6 (20 days late), #6 promised
    T-31 (45 days late), each told once; #7 told twice (a revised date missed again).
    A pending message and an update telling only a ready line count for nothing."""
    with store.begin() as connection:
        connection.execute(insert(Order).values(order_number="#16",
                                                customer_email="buyer16@example.com",
                                                placed_at=at(-25)))
        connection.execute(insert(OrderLine).values(
            order_number="#16", line_no=1, sku="C-GADGET", qty=1, unit_price=50,
            kind="backorder", status="open", promised_on=None))
        for order, promised in (("#5", day(-6)), ("#6", day(-31))):
            connection.execute(update(OrderLine).where(OrderLine.order_number == order)
                               .values(promised_on=promised))
            sent_notice(connection, order, promised)
        sent_notice(connection, "#7", day(-70))  # an earlier version's per-line notice
        connection.execute(insert(Notification).values(  # and an order update since
            kind="backorder_delay", recipient="buyer7@example.com", sku="C-GADGET",
            order_number="#7", subject="Delay", body="Delay", created_at=at(-1),
            sent_at=at(-1), status="sent", dedupe_key=f"order:#7|promised={day(-20)}|ready="))
        for status, key in (("pending", "order:#4|promised=x|ready="),
                            ("sent", "order:#4|promised=|ready=99")):
            connection.execute(insert(Notification).values(
                kind="backorder_delay", recipient="buyer4@example.com", sku="C-GADGET",
                order_number="#4", subject="S", body="B", created_at=at(-1), status=status,
                dedupe_key=key))
    return store


def step_of(engine, today, order):
    lines = order_status(engine, today, order, US)
    return lines.loc[0, "step"], lines.loc[0, "ship_by"], lines.loc[0, "likely_on"]


def test_the_rule_on_the_fixture_orders(delays, today):
    # no promised date, 25 days in, no supply: ship by T-25 + 30 = T+5, notice due
    assert step_of(delays, today, "#16")[:2] == ("notice_due", day(5))
    # first delay of 20 days (T-6 → T+14) to a definite date, no answer: consent
    step, ship_by, likely = step_of(delays, today, "#5")
    assert (step, ship_by, likely.date()) == ("consent_by_silence", day(-6), day(14))
    # first delay of 45 days (T-31 → T+14), no answer: cancel and refund
    assert step_of(delays, today, "#6")[0] == "cancel_and_refund"
    # a second missed date: cancel and refund …
    assert step_of(delays, today, "#7")[0] == "cancel_and_refund"
    # … unless the customer chose Wait for the date they were shown
    record_delay_answer(delays, "#7", 1, Answer.WAIT, day(14))
    assert step_of(delays, today, "#7")[0] == "waits"


def told_revised(connection, order: str, promised: dt.date, revised: dt.date) -> None:
    """``order``'s delay notices replaced by one update that gave ``revised``."""
    connection.execute(delete(Notification).where(Notification.order_number == order))
    connection.execute(insert(Notification).values(
        kind="backorder_delay", recipient="buyer@example.com", sku="C-GADGET",
        order_number=order, subject="Delay", body="Delay", created_at=at(-20),
        sent_at=at(-20), status="sent",
        dedupe_key=order_update_key(order, [promised.isoformat()], [], revised)))


def test_a_revised_date_that_passed_is_missed_again(delays, today):
    # #5: a first delay (T-6 → likely T+14), told once; silence is consent …
    with delays.begin() as connection:
        told_revised(connection, "#5", day(-6), day(14))
    assert step_of(delays, today, "#5")[0] == "consent_by_silence"
    # … until the revised date the notice gave has passed without the line shipping
    with delays.begin() as connection:
        told_revised(connection, "#5", day(-6), day(-2))
    assert step_of(delays, today, "#5")[0] == "cancel_and_refund"
    record_delay_answer(delays, "#5", 1, Answer.WAIT, day(14))
    assert step_of(delays, today, "#5")[0] == "waits"


def test_the_outbox_writes_the_revised_date_its_delay_notice_gives(store, today):
    process_now(store, actor=Actor("Ops", Role.EDITOR), today=today)
    with store.connect() as connection:
        keys = dict(connection.execute(select(Notification.order_number,
                                              Notification.dedupe_key)).tuples().all())
    # #5 is filled by PO-1 (T+12 + the store-wide 2-day delay): T+14
    assert read_key(keys["#5"]).revised == day(14)
    # #3 has no supply: no revised date can be given
    assert read_key(keys["#3"]).revised is None and read_key(keys["#3"]).told_a_delay


def test_the_lines_to_cancel_and_refund_are_listed(delays, today):
    # #6 (45 days late), #7 (missed again), #3 (promised T-1, no supply, never told)
    listed = refund_lines(delays, today, US)
    assert listed["order_number"].tolist() == ["#7", "#6", "#3"]
    record_delay_answer(delays, "#7", 1, Answer.WAIT, day(14))
    record_delay_answer(delays, "#4", 1, Answer.CANCEL, None)
    assert refund_lines(delays, today, US)["order_number"].tolist() == ["#6", "#4", "#3"]
    assert refund_lines(delays, today, DelayConsentSettings(enabled=False)).empty


def test_the_lines_to_refund_stand_in_needs_attention_by_what_is_at_stake(delays, today):
    # #7 1 unit due T-70, #6 3 units due T-31, #3 2 units due T-1: 70 + 93 + 2 = 165
    skus = sku_table(delays, today, load_settings(delays))
    listed = needs_attention(delays, skus, today, refund_lines(delays, today, US))
    row = listed[listed["issue"].eq("Cancel and refund")].iloc[0]
    assert (row["sku"], row["at_stake"]) == ("C-GADGET", 165)
    assert row["reason"].startswith("3 waiting lines (6 units) must be cancelled and "
                                    "refunded under the delay-consent rule; the earliest "
                                    f"was due to ship {format_date(day(-70))}.")
    without = needs_attention(delays, skus, today, refund_lines(
        delays, today, DelayConsentSettings(enabled=False)))
    assert "Cancel and refund" not in set(without["issue"])


def test_an_answer_is_recorded_with_who_when_and_for_which_date(delays, today):
    record_delay_answer(delays, "#4", 1, Answer.WAIT, None)
    record_delay_answer(delays, "#4", 1, Answer.CANCEL, None)
    answers = order_answers(delays, ["#4"])
    assert answers["answer"].tolist() == ["wait", "cancel"]
    assert answers["answered_by"].tolist() == ["buyer4@example.com"] * 2
    assert answers["promised_on"].isna().all()
    assert (answers["answered_at"].dt.date == dt.date.today()).all()
    assert order_status(delays, today, "#4", US).loc[0, "answer"] == "Cancel"


def test_an_answer_to_a_line_that_is_not_waiting_is_refused(delays):
    with pytest.raises(NotFound):
        record_delay_answer(delays, "#4", 2, Answer.WAIT, None)
    with pytest.raises(InvalidInput, match="no longer waiting"):
        record_delay_answer(delays, "#10", 1, Answer.WAIT, None)
    assert order_answers(delays, ["#4", "#10"]).empty


def test_the_rules_numbers_are_settings_kept_by_editors(store):
    assert load_consent_settings(store) == US
    editor = Actor("Ops", Role.EDITOR)
    save_consent_settings(store, DelayConsentSettings(ship_within_days=40), actor=editor)
    assert load_consent_settings(store).ship_within_days == 40
    with pytest.raises(InvalidInput, match="Ship within"):
        save_consent_settings(store, DelayConsentSettings(ship_within_days=0), actor=editor)
    assert load_consent_settings(store).ship_within_days == 40


def test_the_outbox_update_carries_the_orders_status_link(store, today, monkeypatch):
    monkeypatch.setenv("RESTOCK_STATUS_SECRET", "the store's secret")
    monkeypatch.setenv("RESTOCK_APP_URL", "https://desk.example/")
    process_now(store, actor=Actor("Ops", Role.EDITOR), today=today)
    with store.connect() as connection:
        body = connection.execute(select(Notification.body).where(
            Notification.order_number == "#4")).scalar_one()
    link = body.split("tell us whether you will wait for anything delayed: ")[1].split()[0]
    assert link.startswith("https://desk.example/?status=")
    opened = read_token(link.split("?status=")[1], b"the store's secret", today)
    assert opened is not None and opened.order_number == "#4"
