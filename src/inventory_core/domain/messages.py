"""Customer messages from one writer: the outbox's notices and Customer lookup's message.

Every text a customer reads comes from ``MessageTemplates`` (the merchant edits them
in Settings): sentences with named placeholders such as ``{name}``, ``{product}`` or
``{new_date}``. ``order_message`` writes the update of one order's waiting lines, the
same text whether the outbox creates it as a notice or Customer lookup shows it:

- a greeting by the customer's name where the store has it;
- per waiting line: ready to ship; expected around a date; or, when its promise has
  been or will be missed, an apology naming the promised date, then the new date
  (or that there is none yet) and alternatives from other products (names and
  prices, never SKU codes);
- how to cancel, when something is late; the sign-off.

Pure: rows and values in, text out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from inventory_core.domain.allocation import PROJECTION_FROM_STOCK, Outlook
from inventory_core.domain.enums import LineKind
from inventory_core.domain.wording import PLACEHOLDER, format_date, format_money
from inventory_core.errors import InvalidInput


@dataclass(frozen=True)
class MessageTemplates:
    """The sentences customer messages are made of (see ``MESSAGE_PLACEHOLDERS`` for the names
    each may use)."""

    greeting: str = "Hello {name},"
    greeting_without_name: str = "Hello,"
    delay_subject: str = "Order {order}: a new date for your order"
    ready_subject: str = "Order {order}: ready to ship"
    status_subject: str = "Order {order}: where your order stands"
    missed: str = "We are sorry: {product} × {qty} did not ship by {promised_date} as we " \
                  "promised."
    will_miss: str = "We are sorry: {product} × {qty} will not ship by {promised_date} as we " \
                     "promised."
    new_date: str = "It should now ship around {new_date}."
    no_date: str = "We do not have a new date from our supplier yet; we will write again " \
                   "as soon as we do."
    expected: str = "{product} × {qty} ({kind}) is expected to ship around {new_date}."
    ready: str = "Good news: {product} × {qty} is in stock and ready to ship."
    alternatives: str = "If you would rather not wait, these are in stock now: " \
                        "{alternatives}."
    cancel: str = "If you would rather cancel or change your order, reply to this message " \
                  "and we will do it straight away."
    status_link: str = "See where your order stands, and tell us whether you will wait " \
                       "for anything delayed: {status_link}"
    sign_off: str = "Thank you for your patience."
    nothing_waiting: str = "Everything on order {order} has been shipped or closed: " \
                           "nothing is waiting."
    back_in_stock_subject: str = "{product} is back in stock"
    back_in_stock: str = "Good news: {product}, which you asked us about, is back in stock " \
                         "as of {date}. Order soon: stock is limited."
    release_subject: str = "{product} is out now"
    release: str = "{product}, which you asked us to tell you about, was released on " \
                   "{date} and can be ordered now."


LINE = ("product", "qty", "order")
MESSAGE_PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "greeting": ("name",), "greeting_without_name": (),
    "delay_subject": ("order",), "ready_subject": ("order",), "status_subject": ("order",),
    "missed": (*LINE, "promised_date"), "will_miss": (*LINE, "promised_date"),
    "new_date": (*LINE, "new_date", "late_date"), "no_date": LINE,
    "expected": (*LINE, "kind", "new_date", "late_date"), "ready": LINE,
    "alternatives": ("product", "alternatives"), "cancel": ("order",),
    "status_link": ("order", "status_link"),
    "sign_off": ("order",), "nothing_waiting": ("order",),
    "back_in_stock_subject": ("product",), "back_in_stock": ("product", "date"),
    "release_subject": ("product",), "release": ("product", "date"),
}
"""The placeholders each template may use."""

TEMPLATE_LABELS = {f.name: f.name.replace("_", " ").capitalize()
                   for f in fields(MessageTemplates)}
"""Each template as the Settings page names it."""


def check_templates(templates: MessageTemplates) -> MessageTemplates:
    """``templates``, or InvalidInput naming each template that is empty or uses a
    placeholder it cannot fill."""
    problems = []
    for name, allowed in MESSAGE_PLACEHOLDERS.items():
        text = getattr(templates, name)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{TEMPLATE_LABELS[name]} is empty.")
            continue
        unknown = [f"{{{p}}}" for p in PLACEHOLDER.findall(text) if p not in allowed]
        if unknown:
            known = ", ".join(f"{{{p}}}" for p in allowed) or "none"
            problems.append(f"{TEMPLATE_LABELS[name]} uses {', '.join(unknown)}, which "
                            f"cannot be filled (it may use: {known}).")
    if problems:
        raise InvalidInput("The message templates were not saved. " + " ".join(problems))
    return templates


def fill(template: str, values: Mapping[str, object]) -> str:
    """``template`` with each known ``{placeholder}`` filled; any other braces stay as
    written (a template is checked when saved, so none should be left)."""
    return PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


@dataclass(frozen=True)
class Message:
    """A message to a customer: its subject and body, the order it is about (empty for
    a sign-up); ``delayed`` when it tells of a promise missed or at risk, ``ready``
    when a line is ready to ship."""

    subject: str
    body: str
    order: str = ""
    delayed: bool = False
    ready: bool = False


@dataclass(frozen=True)
class WaitingLine:
    """One waiting line as a message tells of it.

    ``ready``: stock covers it now; ``likely_on`` / ``late_on``: its projected ship
    dates (None: no supply planned); ``at_risk``: its promise is likely missed;
    ``alternatives``: other products in stock, as text (empty: none)."""

    order_number: str
    product: str
    qty: int
    kind: str
    promised_on: dt.date | None
    likely_on: dt.date | None
    late_on: dt.date | None
    ready: bool
    at_risk: bool
    alternatives: str = ""


def message_lines(frame: pd.DataFrame) -> list[WaitingLine]:
    """The waiting lines of ``frame`` (allocation's lines, or Customer lookup's: columns
    order_number, name, qty, kind, promised_on, likely_on, late_on, projection, promise,
    and ``alternatives`` where offered), as messages tell of them."""
    offered = frame["alternatives"] if "alternatives" in frame else pd.Series("", frame.index)
    return [WaitingLine(
        order_number=str(row.order_number), product=str(row.name), qty=int(row.qty),
        kind=LineKind(str(row.kind)).label, promised_on=_day(row.promised_on),
        likely_on=_day(row.likely_on), late_on=_day(row.late_on),
        ready=row.projection == PROJECTION_FROM_STOCK, at_risk=row.promise == Outlook.AT_RISK,
        alternatives=str(alternatives or ""))
        for row, alternatives in zip(frame.itertuples(), offered, strict=True)]


def needs_alternatives(frame: pd.DataFrame) -> pd.Series:
    """True for the lines of ``frame`` (as ``message_lines`` takes it) whose message offers
    alternatives: not ready, and with no date or a promise likely missed."""
    ready = frame["projection"].eq(PROJECTION_FROM_STOCK)
    return ~ready & (frame["likely_on"].isna() | frame["promise"].eq(Outlook.AT_RISK))


def _day(value: Any) -> dt.date | None:
    if value is None or value != value:  # None, NaT or NaN
        return None
    day: dt.date = pd.Timestamp(value).date()
    return day


def line_paragraph(line: WaitingLine, templates: MessageTemplates,
                   today: dt.date) -> tuple[str, bool]:
    """What the message says of ``line``, and whether it tells of a delay."""
    values: dict[str, object] = {
        "product": line.product, "qty": line.qty, "order": line.order_number,
        "kind": line.kind.lower(), "promised_date": format_date(line.promised_on),
        "new_date": format_date(line.likely_on), "late_date": format_date(line.late_on),
        "alternatives": line.alternatives}
    if line.ready:
        return fill(templates.ready, values), False
    delayed = line.likely_on is None or line.at_risk
    if not delayed:
        return fill(templates.expected, values), False
    parts = []
    if line.promised_on is not None:
        missed = line.promised_on < today
        parts.append(fill(templates.missed if missed else templates.will_miss, values))
    parts.append(fill(templates.new_date if line.likely_on is not None else templates.no_date,
                      values))
    if line.alternatives:
        parts.append(fill(templates.alternatives, values))
    return " ".join(parts), True


def order_message(order_number: str, customer_name: str | None, lines: Iterable[WaitingLine],
                  templates: MessageTemplates, today: dt.date, status_link: str = "") -> Message:
    """The update of one order's waiting lines (see the module doc), with the order's
    status-page link before the sign-off when there is one."""
    name = (customer_name or "").strip()
    greeting = fill(templates.greeting, {"name": name}) if name \
        else templates.greeting_without_name
    order = {"order": order_number}
    paragraphs, delayed, ready, all_ready = [], False, False, True
    for line in lines:
        text, late = line_paragraph(line, templates, today)
        paragraphs.append(text)
        delayed, ready, all_ready = delayed or late, ready or line.ready, all_ready and line.ready
    if not paragraphs:
        paragraphs.append(fill(templates.nothing_waiting, order))
    closing = [fill(templates.cancel, order)] if delayed else []
    if status_link:
        closing.append(fill(templates.status_link, {**order, "status_link": status_link}))
    body = "\n\n".join([greeting, *paragraphs, *closing, fill(templates.sign_off, order)])
    return Message(update_subject(templates, order_number, delayed, ready and all_ready),
                   body, order_number, delayed, ready)


def update_subject(templates: MessageTemplates, order_number: str, delayed: bool,
                   all_ready: bool) -> str:
    """The subject of an order's update: the delay's when a line tells of a delay, else
    the ready one when every line is ready to ship, else the status one."""
    subject = templates.delay_subject if delayed else \
        templates.ready_subject if all_ready else templates.status_subject
    return fill(subject, {"order": order_number})


def update_subjects(frame: pd.DataFrame, templates: MessageTemplates) -> pd.Series:
    """The subject of each order's update, by order number, as ``order_message`` gives it
    for the order's lines in ``frame`` (as ``message_lines`` takes it), every order at
    once without writing the messages."""
    by_order = frame["order_number"]
    delayed = needs_alternatives(frame).groupby(by_order).any()
    all_ready = frame["projection"].eq(PROJECTION_FROM_STOCK).groupby(by_order).all()
    ready = all_ready[delayed.index]
    return pd.Series([update_subject(templates, str(order), bool(late), bool(every))
                      for order, late, every in zip(delayed.index, delayed, ready, strict=True)],
                     index=delayed.index, dtype=object)


def signup_message(kind: str, product: str, date: dt.date | None,
                   templates: MessageTemplates) -> Message:
    """The message to a customer who signed up for ``product``: ``kind`` is
    "back_in_stock" (``date``: today) or "release" (``date``: the release date)."""
    values = {"product": product, "date": format_date(date)}
    subject, text = (templates.release_subject, templates.release) if kind == "release" \
        else (templates.back_in_stock_subject, templates.back_in_stock)
    body = "\n\n".join([templates.greeting_without_name, fill(text, values),
                        fill(templates.sign_off, {"order": ""})])
    return Message(fill(subject, values), body)


def alternatives_text(rows: Iterable[Any], currency: str = "$") -> str:
    """"Widget Red ($10.00), Widget Blue ($20.00)": other products in stock, by name and
    price (rows with ``name`` and ``price``), never by SKU code; "" when none."""
    return ", ".join(f"{row.name} ({format_money(float(row.price), None, currency)})"
                     for row in rows)
