"""Cached reads of the outbox of customer messages, the delay notices held for review,
the message templates and the mail settings."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from inventory_core import (
    Filters,
    HeldNotices,
    MessageTemplates,
    SmtpSettings,
    held_for_review,
    load_smtp,
    load_templates,
    next_batch_waiting,
    outbox,
    outbox_counts,
)
from restock_ui.config import secrets
from restock_ui.reads.allocation import allocation
from restock_ui.reads.cache import StoreKey, cached


@cached()
def messages(store: StoreKey, kinds: tuple[str, ...], statuses: tuple[str, ...],
             search: str) -> pd.DataFrame:
    """The outbox, narrowed."""
    return outbox(store.engine, kinds, statuses, search)


@cached()
def message_counts(store: StoreKey) -> dict[str, int]:
    """Messages per status."""
    return outbox_counts(store.engine)


@cached()
def smtp_settings(store: StoreKey) -> SmtpSettings:
    """The stored SMTP settings, the password from the environment or the secrets."""
    return load_smtp(store.engine, secrets())


@cached()
def held_notices(store: StoreKey, today: dt.date) -> HeldNotices:
    """The delay notices held for the merchant's review, the first written in full
    (judged on the allocation the Incoming supply page reads too)."""
    return held_for_review(store.engine, today, allocation(store, today, Filters()))


@cached()
def templates(store: StoreKey) -> MessageTemplates:
    """The stored message templates."""
    return load_templates(store.engine)


@cached()
def alerts_waiting(store: StoreKey, today: dt.date, alerts_per_unit: int) -> pd.DataFrame:
    """Per SKU, the back-in-stock alerts the next batch holds and those that wait."""
    return next_batch_waiting(store.engine, today, alerts_per_unit)
