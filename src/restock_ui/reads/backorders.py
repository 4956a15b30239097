"""Cached reads of customers waiting: backorder aging and pre-order demand."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from inventory_core import (
    Filters,
    aging_buckets,
    aging_by,
    backlog_by_week,
    oldest_backorders,
    preorder_demand,
    preorders_per_day,
    promise_split,
)
from restock_ui.reads.cache import StoreKey, cached, shared
from restock_ui.reads.catalog import skus


@cached()
def buckets(store: StoreKey, today: dt.date, filters: Filters) -> pd.DataFrame:
    """Open backorders per aging bucket."""
    return aging_buckets(store.engine, today, filters)


@cached()
def aging_split(store: StoreKey, today: dt.date, filters: Filters, by: str) -> pd.DataFrame:
    """Open backorders per category, supplier or SKU and bucket."""
    return aging_by(store.engine, today, by, filters)


@cached()
def promises_kept(store: StoreKey, today: dt.date, filters: Filters) -> pd.DataFrame:
    """Open backorders overdue, within promise, without a promise."""
    return promise_split(store.engine, today, filters)


@cached()
def backlog_weeks(store: StoreKey, today: dt.date, filters: Filters) -> pd.DataFrame:
    """The backorder backlog at each of the last 26 week ends."""
    return backlog_by_week(store.engine, today, filters)


@cached()
def oldest_lines(store: StoreKey, today: dt.date, filters: Filters,
                 limit: int) -> pd.DataFrame:
    """The oldest open backorder lines."""
    return oldest_backorders(store.engine, today, filters, limit)


@shared()
def preorders(store: StoreKey, today: dt.date, filters: Filters) -> pd.DataFrame:
    """One row per pre-order product."""
    return preorder_demand(store.engine, skus(store, today, filters), today, filters)


@shared()
def preorders_by_day(store: StoreKey, today: dt.date, filters: Filters,
                     sku: str | None = None) -> pd.DataFrame:
    """Pre-order units per day since each opened: of ``sku``, or of every pre-order
    product selected (``preorders``)."""
    codes = [sku] if sku is not None else preorders(store, today, filters)["sku"].tolist()
    return preorders_per_day(store.engine, codes, today)
