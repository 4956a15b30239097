"""Delay consent's writes: a customer's answer from the status page, and the rule's settings.

``record_delay_answer`` keeps who answered, when, Wait or Cancel, and for which
promised ship date, in ``delay_answers``; the merchant sees it in Customer lookup.
The rule's settings (``domain.settings.DelayConsentSettings``) are kept in the
settings table under ``delay_consent``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from sqlalchemy import Connection, Engine, insert, select

from inventory_core import clock
from inventory_core.domain.access import Actor
from inventory_core.domain.delay_consent import Answer
from inventory_core.domain.enums import LineKind, LineStatus
from inventory_core.domain.settings import DelayConsentSettings, validate_consent_settings
from inventory_core.errors import InvalidInput, NotFound
from inventory_core.services.settings import filled, read_setting, write_setting
from inventory_core.store.engine import write_transaction
from inventory_core.store.models import DelayAnswer, Order, OrderLine

CONSENT_KEY = "delay_consent"


def load_consent_settings(engine: Engine) -> DelayConsentSettings:
    """The stored delay-consent settings, the US defaults filling anything missing."""
    return filled(DelayConsentSettings, read_setting(engine, CONSENT_KEY))


def save_consent_settings(engine: Engine, settings: DelayConsentSettings, *,
                          actor: Actor) -> DelayConsentSettings:
    """Check and store the delay-consent settings; PermissionDenied for a viewer and
    InvalidInput for a value out of range, and then nothing stored changes."""
    actor.require_editor("change the delay-consent settings")
    settings = validate_consent_settings(settings)
    write_setting(engine, CONSENT_KEY, asdict(settings))
    return settings


def record_delay_answer(engine: Engine, order_number: str, line_no: int, answer: Answer,
                        promised_on: dt.date | None) -> None:
    """Record the customer's ``answer`` to the delay of one open waiting line, for the
    ship date ``promised_on`` they were shown; the order's e-mail is who answered.

    Raises NotFound when the order has no such line and InvalidInput when the line
    is no longer waiting; then nothing is stored.
    """
    def work(connection: Connection) -> None:
        row = connection.execute(
            select(OrderLine.status, OrderLine.kind, Order.customer_email)
            .join(Order, Order.order_number == OrderLine.order_number)
            .where(OrderLine.order_number == order_number, OrderLine.line_no == line_no)
        ).one_or_none()
        if row is None:
            raise NotFound(f"Order {order_number} has no line {line_no}.")
        if not (LineStatus(row.status).is_open() and LineKind(row.kind).is_waiting()):
            raise InvalidInput(f"Line {line_no} of order {order_number} is no longer "
                               "waiting, so there is nothing to answer.")
        connection.execute(insert(DelayAnswer).values(
            order_number=order_number, line_no=line_no, answer=answer,
            promised_on=promised_on, answered_by=row.customer_email or "the customer",
            answered_at=clock.now()))

    write_transaction(engine, work, what="your answer")
