"""The notices the store owes customers now, written by ``domain.messages``: order updates
(delays and ready lines, one message per order) and sign-up messages; and the message
templates, kept under the ``messages`` setting.

An order gets an update when a promise it was given has moved (a waiting line with a
promised date that its projection now misses) or a backorder line became ready to
ship, and neither was told before: **at most one delay notice per order and promised
date**. What an update told is in its ``dedupe_key`` (``domain.notice_keys``: the
promised dates that moved, the ready lines, the revised ship date given), so a later
refresh tells only what is new; the per-line keys of earlier versions count as told
too. Which updates are due, and their keys, are worked out without writing any
message (``updates_due``); ``composed`` writes the messages of those to be stored, and
``subjects`` gives their subjects alone (the held delay notices' review).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict

import pandas as pd
from sqlalchemy import Connection, Engine, select

from inventory_core.domain.access import Actor
from inventory_core.domain.allocation import SUPPLY_FROM_STOCK, Outlook
from inventory_core.domain.enums import LineKind, NotificationKind
from inventory_core.domain.messages import (
    MessageTemplates,
    WaitingLine,
    check_templates,
    message_lines,
    order_message,
    update_subjects,
)
from inventory_core.domain.notice_keys import order_update_key, read_key
from inventory_core.queries.alternatives import with_alternatives
from inventory_core.services.settings import filled, setting_on, store_setting
from inventory_core.services.status_links import outbox_link
from inventory_core.store.frames import connected
from inventory_core.store.models import Notification, Order, key_chunks

TEMPLATES_KEY = "messages"


def load_templates(bind: Engine | Connection) -> MessageTemplates:
    """The stored message templates, defaults filling anything missing."""
    with connected(bind) as connection:
        return filled(MessageTemplates, setting_on(connection, TEMPLATES_KEY))


def save_templates(engine: Engine, templates: MessageTemplates, *,
                   actor: Actor) -> MessageTemplates:
    """Check and store the message templates; returns what was stored (InvalidInput names
    each bad one, and nothing changes)."""
    actor.require_editor("change the message templates")
    checked = check_templates(templates)
    with engine.begin() as connection:
        store_setting(connection, TEMPLATES_KEY, asdict(checked))
    return checked


def customer_names(connection: Connection, orders: list[str]) -> dict[str, str | None]:
    """The customer's name of each of ``orders``, where the store has it."""
    names: dict[str, str | None] = {}
    for chunk in key_chunks(orders):
        names.update(connection.execute(select(Order.order_number, Order.customer_name)
                                        .where(Order.order_number.in_(chunk))).tuples().all())
    return names


UPDATE_COLUMNS = ["kind", "recipient", "sku", "order_number", "dedupe_key"]
"""What ``updates_due`` tells of each update owed, before its message is written."""


def updates_due(connection: Connection, lines: pd.DataFrame) -> pd.DataFrame:
    """The updates owed to the orders of ``lines`` (allocation's lines, with ``email``
    and ``name``), one per order with something new to tell (see the module doc), by
    order number: ``UPDATE_COLUMNS``, the messages not yet written (``composed``)."""
    lines = lines[lines["email"].notna()]
    delayed = lines["promise"].eq(Outlook.AT_RISK) & lines["promised_on"].notna() \
        & lines["source"].ne(SUPPLY_FROM_STOCK)
    ready = lines["source"].eq(SUPPLY_FROM_STOCK) & lines["kind"].eq(LineKind.BACKORDER)
    news = lines[delayed | ready]
    if news.empty:
        return pd.DataFrame(columns=UPDATE_COLUMNS)
    told_dates, told_lines = _told(connection, sorted(news["order_number"].unique()))
    promised = pd.to_datetime(news["promised_on"]).dt.date.astype(str)
    due: dict[str, tuple[list[str], list[int]]] = {}
    for order, date, line_id, is_delayed in zip(
            news["order_number"], promised, news["line_id"], delayed[news.index], strict=True):
        dates, ready_ids = due.setdefault(order, ([], []))
        if is_delayed and date not in told_dates.get(order, set()) and date not in dates:
            dates.append(date)
        elif not is_delayed and int(line_id) not in told_lines:
            ready_ids.append(int(line_id))
    due = {order: parts for order, parts in due.items() if parts[0] or parts[1]}
    if not due:
        return pd.DataFrame(columns=UPDATE_COLUMNS)
    owed = _owed(list(due), lines)
    first = owed.drop_duplicates("order_number").set_index("order_number")
    revised = _revised(owed)
    orders = sorted(due)
    return pd.DataFrame({
        "kind": [NotificationKind.BACKORDER_DELAY if due[o][0] else NotificationKind.BACKORDER_READY
                 for o in orders],
        "recipient": first.loc[orders, "email"].to_list(),
        "sku": first.loc[orders, "sku"].to_list(),
        "order_number": orders,
        "dedupe_key": [order_update_key(str(o), due[o][0], due[o][1],
                                        revised.get(o) if due[o][0] else None) for o in orders]},
        columns=UPDATE_COLUMNS)


def composed(connection: Connection, due: pd.DataFrame, lines: pd.DataFrame, today: dt.date,
             templates: MessageTemplates, currency: str) -> list[dict[str, object]]:
    """The messages of the updates ``due`` (rows of ``updates_due`` on ``lines``), by
    order number: each tells of every waiting line of its order, with alternatives for
    the late ones, in ``currency``."""
    if due.empty:
        return []
    owed = with_alternatives(connection, _owed(due["order_number"], lines), currency)
    names = customer_names(connection, due["order_number"].to_list())
    per_order: dict[str, list[WaitingLine]] = {}
    for order, line in zip(owed["order_number"], message_lines(owed), strict=True):
        per_order.setdefault(order, []).append(line)
    messages = []
    for update in due.sort_values("order_number").to_dict("records"):
        order = update["order_number"]
        message = order_message(str(order), names.get(order), per_order[order], templates,
                                today, outbox_link(str(order), today))
        messages.append({**update, "subject": message.subject, "body": message.body})
    return messages


def subjects(due: pd.DataFrame, lines: pd.DataFrame, templates: MessageTemplates) -> list[str]:
    """The subject of each of the updates ``due`` (rows of ``updates_due`` on ``lines``),
    as ``composed`` writes it, without writing the messages."""
    written = update_subjects(_owed(due["order_number"], lines), templates)
    return [str(subject) for subject in written.loc[due["order_number"]]]


def _owed(orders: Iterable[str], lines: pd.DataFrame) -> pd.DataFrame:
    """The lines of ``lines`` the updates of ``orders`` tell of, by order and line number."""
    return lines[lines["email"].notna() & lines["order_number"].isin(list(orders))] \
        .sort_values(["order_number", "line_no"])


def _revised(lines: pd.DataFrame) -> dict[str, dt.date | None]:
    """The revised ship date each order's delay notice gives: its waiting lines' latest
    likely ship date (None when a line has none, or none waits: no date can be
    given), every order of ``lines`` at once."""
    waiting = lines[lines["source"].ne(SUPPLY_FROM_STOCK)]
    likely = pd.to_datetime(waiting["likely_on"])
    by_order = waiting["order_number"]
    undated = likely.isna().groupby(by_order).any()
    latest = likely.groupby(by_order).max()
    return {order: None if late else day.date()
            for order, late, day in zip(latest.index, undated[latest.index], latest,
                                        strict=True)}


def _told(connection: Connection,
          orders: list[str]) -> tuple[dict[str, set[str]], set[int]]:
    """What the orders' earlier updates told: the promised dates per order, the ready
    line ids."""
    dates: dict[str, set[str]] = {}
    ready: set[int] = set()
    for chunk in key_chunks(orders):
        for order, key in connection.execute(
                select(Notification.order_number, Notification.dedupe_key)
                .where(Notification.order_number.in_(chunk))).tuples():
            told = read_key(key)
            dates.setdefault(str(order), set()).update(told.promised)
            ready.update(told.ready)
    return dates, ready
