"""Reads of delay consent: its settings, one order's status page, the lines to refund."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from inventory_core import (
    DelayConsentSettings,
    Filters,
    load_consent_settings,
    order_answers,
    order_status,
    refund_lines,
)
from restock_ui.reads.allocation import allocation
from restock_ui.reads.cache import StoreKey, cached


@cached()
def consent_settings(store: StoreKey) -> DelayConsentSettings:
    """The store's delay-consent settings."""
    return load_consent_settings(store.engine)


def status_lines(store: StoreKey, today: dt.date, order_number: str) -> pd.DataFrame:
    """One order's lines with the rule's verdict (not cached: a customer sees it current)."""
    return order_status(store.engine, today, order_number, consent_settings(store))


def answers(store: StoreKey, orders: tuple[str, ...]) -> pd.DataFrame:
    """The answers given on ``orders``' status pages (not cached: always current)."""
    return order_answers(store.engine, list(orders))


@cached()
def lines_to_refund(store: StoreKey, today: dt.date) -> pd.DataFrame:
    """Every line the rule says must be cancelled and refunded (from the allocation the
    Incoming supply page reads too)."""
    return refund_lines(store.engine, today, consent_settings(store),
                        allocation(store, today, Filters()))
