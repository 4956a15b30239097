"""The outbox: each event's message created once and only once; export; SMTP sending."""

from __future__ import annotations

import socketserver
import threading
from dataclasses import replace

import pytest
from sqlalchemy import func, select, update

from inventory_core.domain.access import Actor, Role
from inventory_core.errors import InvalidInput, PermissionDenied
from inventory_core.services.events import process_now, refresh
from inventory_core.services.mail import (
    SmtpSettings,
    load_smtp,
    save_smtp,
    send_pending,
    smtp_password,
)
from inventory_core.services.notifications import (
    dismiss,
    mark_sent,
    outbox,
    outbox_counts,
    outbox_export,
)
from inventory_core.services.supply import receive_purchase_order
from inventory_core.store.models import Notification, Stock, Subscription
from tests.fixture_store import day

EDITOR = Actor("Sam")


def kinds(engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(select(Notification.kind, func.count())
                                  .group_by(Notification.kind)).all()
    return {str(k.value if hasattr(k, "value") else k): n for k, n in rows}


def test_the_fixture_store_owes_seven_delay_notices_once(store, today):
    # At risk with a promise and not shipping from stock: the six C-GADGET backorders
    # (#7, #6, #5 ship T+14 after their promises; #4, #3, #2 have no supply) and
    # pre-order #9 (no supply). #8 ships on its promise. No stock for G-GONE's sign-up,
    # D-NEW's release is T+20: no sign-up message yet.
    with store.begin() as connection:
        first = refresh(connection, today).notifications
    assert (first.backorder_delay, first.back_in_stock, first.release,
            first.backorder_ready) == (7, 0, 0, 0)
    with store.begin() as connection:
        again = refresh(connection, today).notifications
    assert again.total == 0
    assert kinds(store) == {"backorder_delay": 7}
    delays = outbox(store).set_index("order_number")
    assert delays.loc["#7", "recipient"] == "buyer7@example.com"
    assert delays.loc["#7", "subject"] == "Order #7: a new date for your order"
    assert "around" in delays.loc["#7", "body"]  # it has a projected date (T+14)
    assert "do not have a new date" in delays.loc["#2", "body"]


def test_receiving_stock_makes_backorders_ready_and_tells_signups_once(store, today):
    process_now(store, actor=EDITOR, today=today)
    receive_purchase_order(store, "PO-1", actor=EDITOR, today=today)
    # 5 units now on hand cover #7, #6, #5: three "ready to ship"; the other delay
    # notices already exist for the same promise, so nothing else is added.
    assert kinds(store) == {"backorder_delay": 7, "backorder_ready": 3}
    ready = outbox(store, kinds=("backorder_ready",))
    assert sorted(ready["order_number"]) == ["#5", "#6", "#7"]
    # Stock arrives for G-GONE: its one back-in-stock sign-up is told, once.
    with store.begin() as connection:
        connection.execute(update(Stock).where(Stock.sku == "G-GONE").values(on_hand=4))
        assert refresh(connection, today).notifications.back_in_stock == 1
        assert refresh(connection, today).notifications.total == 0
        notified = connection.execute(select(Subscription.notified_at)
                                      .where(Subscription.sku == "G-GONE")).scalar()
    assert notified is not None
    message = outbox(store, kinds=("back_in_stock",)).iloc[0]
    assert (message["recipient"], message["subject"]) == ("wants.gone@example.com",
                                                          "Gone Widget is back in stock")


def test_a_release_date_passing_tells_release_signups_once(store):
    with store.begin() as connection:
        assert refresh(connection, day(20)).notifications.release == 1
        assert refresh(connection, day(21)).notifications.release == 0
    message = outbox(store, kinds=("release",)).iloc[0]
    assert message["recipient"] == "wants.new@example.com"


def test_the_same_event_processed_twice_is_stored_once_even_if_the_signup_is_reset(store):
    with store.begin() as connection:
        refresh(connection, day(20))
        connection.execute(update(Subscription).values(notified_at=None))
        assert refresh(connection, day(20)).notifications.release == 0  # dedupe key holds
    assert kinds(store)["release"] == 1


def test_marking_sent_dismissing_and_exporting(store, today):
    process_now(store, actor=EDITOR, today=today)
    ids = outbox(store)["id"].tolist()
    assert mark_sent(store, ids[:2], actor=EDITOR) == 2
    assert dismiss(store, ids[2:3], actor=EDITOR) == 1
    assert mark_sent(store, ids[:2], actor=EDITOR) == 0  # already sent
    assert outbox_counts(store) == {"pending": 4, "sent": 2, "dismissed": 1}
    exported = outbox_export(outbox(store, statuses=("pending",)))
    assert list(exported.columns) == ["email", "sku", "subject", "message"]
    assert len(exported) == 4
    with pytest.raises(PermissionDenied):
        mark_sent(store, ids, actor=Actor("Vic", Role.VIEWER))


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept messages and keep them in ``server.received``."""

    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        self.reply("220 test ESMTP")
        envelope: dict = {}
        while True:
            line = self.rfile.readline().decode().rstrip("\r\n")
            verb = line[:4].upper()
            if not line or verb == "QUIT":
                self.reply("221 bye")
                return
            if verb in ("EHLO", "HELO"):
                self.reply("250 test")
            elif verb == "MAIL":
                envelope = {"from": line}
                self.reply("250 ok")
            elif verb == "RCPT":
                envelope["to"] = line
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go on")
                body = []
                while (chunk := self.rfile.readline().decode()) not in (".\r\n", ""):
                    body.append(chunk)
                self.server.received.append({**envelope, "data": "".join(body)})
                self.reply("250 queued")
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_pending_messages_are_sent_to_a_local_smtp_server_and_marked_sent(store, today,
                                                                          smtp_server):
    process_now(store, actor=EDITOR, today=today)
    off = load_smtp(store)
    assert off.enabled is False
    with pytest.raises(InvalidInput, match="Sending by SMTP is off"):
        send_pending(store, off, actor=EDITOR)
    settings = SmtpSettings(enabled=True, host="127.0.0.1",
                            port=smtp_server.server_address[1], sender="shop@example.com")
    save_smtp(store, settings, actor=EDITOR)
    assert load_smtp(store, environ={}) == replace(
        settings, password_from=smtp_password({}, {})[1])
    assert send_pending(store, settings, actor=EDITOR) == 7
    assert len(smtp_server.received) == 7
    first = smtp_server.received[0]
    assert "shop@example.com" in first["from"]
    assert "Subject: Order #" in first["data"]
    assert outbox_counts(store)["pending"] == 0
    assert send_pending(store, settings, actor=EDITOR) == 0  # nothing sent twice


def test_smtp_settings_are_checked(store):
    with pytest.raises(InvalidInput, match="From address"):
        save_smtp(store, SmtpSettings(enabled=True, host="mail", sender="nobody"),
                  actor=EDITOR)
