"""Back-in-stock alerts sized to the stock that arrived, on SQLite and PostgreSQL.

G-GONE (out of stock, 0 on hand) has one sign-up in the fixture store (T-4); 19 more
are added, T-30 … T-12, so the fixture's is the newest of 20. C-GADGET takes
backorders (room under no cap) but has no stock: its 20 sign-ups get nothing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select, update

from inventory_core.domain.access import Actor, Role
from inventory_core.queries.signups import next_batch_waiting
from inventory_core.services.events import process_now
from inventory_core.store.models import Notification, Stock, Subscription
from tests.fixture_store import at, day

EDITOR = Actor("Ops", Role.EDITOR)


@pytest.fixture
def signups(store):
    with store.begin() as connection:
        for sku in ("G-GONE", "C-GADGET"):
            count = 19 if sku == "G-GONE" else 20
            connection.execute(insert(Subscription), [
                {"sku": sku, "email": f"{sku.lower()}.{i}@example.com",
                 "kind": "back_in_stock", "created_at": at(-30 + i), "notified_at": None}
                for i in range(count)])
    return store


def alerted(engine, sku):
    with engine.connect() as connection:
        return connection.execute(select(Subscription.email).where(
            Subscription.sku == sku, Subscription.notified_at.is_not(None))
            .order_by(Subscription.created_at)).scalars().all()


def test_five_units_for_twenty_signups_alert_fifteen_oldest_first(signups, today):
    with signups.begin() as connection:
        connection.execute(update(Stock).where(Stock.sku == "G-GONE").values(on_hand=5))
    made = process_now(signups, actor=EDITOR, today=today).notifications
    assert made.back_in_stock == 15
    assert alerted(signups, "G-GONE") == [f"g-gone.{i}@example.com" for i in range(15)]
    waiting = next_batch_waiting(signups, today, 3)
    assert waiting[["sku", "available", "in_batch", "waiting"]].values.tolist() == [
        ["G-GONE", 5, 0, 5]]
    # the same day, the batch is spent; the next day, the stock is checked again
    assert process_now(signups, actor=EDITOR, today=today).notifications.back_in_stock == 0
    assert process_now(signups, actor=EDITOR, today=day(1)).notifications.back_in_stock == 5
    assert len(alerted(signups, "G-GONE")) == 20
    with signups.connect() as connection:
        assert connection.execute(select(Notification.recipient).where(
            Notification.kind == "back_in_stock")).scalars().all().count(
            "wants.gone@example.com") == 1


def test_backorder_room_is_not_stock_so_no_alert_goes(signups, today):
    made = process_now(signups, actor=EDITOR, today=today).notifications
    assert made.back_in_stock == 0
    assert alerted(signups, "C-GADGET") == []
    assert next_batch_waiting(signups, today, 3).empty


def test_one_unit_at_one_alert_per_unit_alerts_one(signups, today):
    with signups.begin() as connection:
        connection.execute(update(Stock).where(Stock.sku == "G-GONE").values(on_hand=1))
    waiting = next_batch_waiting(signups, today, 1)
    assert waiting[["in_batch", "waiting"]].values.tolist() == [[1, 19]]
