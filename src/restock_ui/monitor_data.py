"""Cached reads for the Monitor pages: Stock levels, Backorder aging, Pre-order demand.

Like ``data``: plain hashable arguments (store URL, date, filters, SKU), the
engine looked up inside; ``data.clear()`` empties these caches too.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from inventory_core.domain.filters import Filters
from inventory_core.queries import aging, preorders
from inventory_core.queries import stock_levels as core

from . import data
from .session import engine_for

TTL = data.TTL


@data.shared()
def stock_table(url: str, today: dt.date, filters: Filters) -> pd.DataFrame:
    """The SKU table with the cover band and the reorder flag added."""
    skus = data.sku_table(url, today, filters)
    return skus.assign(cover_band=core.cover_band(skus), needs_reorder=core.needs_reorder(skus))


@st.cache_data(ttl=TTL, show_spinner=False)
def sku_purchase_orders(url: str, sku: str) -> pd.DataFrame:
    """Every purchase order of one SKU."""
    return core.purchase_orders(engine_for(url), sku)


@st.cache_data(ttl=TTL, show_spinner=False)
def sku_weekly_orders(url: str, today: dt.date, sku: str) -> pd.DataFrame:
    """Units of one SKU ordered per week, by kind."""
    return core.weekly_orders(engine_for(url), sku, today)


@st.cache_data(ttl=TTL, show_spinner=False)
def sku_waiting_lines(url: str, today: dt.date, sku: str) -> pd.DataFrame:
    """Open backorder and pre-order lines of one SKU."""
    return core.waiting_lines(engine_for(url), sku, today)


@st.cache_data(ttl=TTL, show_spinner=False)
def aging_buckets(url: str, today: dt.date, filters: Filters) -> pd.DataFrame:
    """Open backorders per aging bucket."""
    return aging.aging_buckets(engine_for(url), today, filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def aging_by(url: str, today: dt.date, filters: Filters, by: str) -> pd.DataFrame:
    """Open backorders per category, supplier or SKU and bucket."""
    return aging.aging_by(engine_for(url), today, by, filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def promise_split(url: str, today: dt.date, filters: Filters) -> pd.DataFrame:
    """Open backorders overdue, within promise, without a promise."""
    return aging.promise_split(engine_for(url), today, filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def backlog_by_week(url: str, today: dt.date, filters: Filters) -> pd.DataFrame:
    """The backorder backlog at each of the last 26 week ends."""
    return aging.backlog_by_week(engine_for(url), today, filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def oldest_backorders(url: str, today: dt.date, filters: Filters, limit: int) -> pd.DataFrame:
    """The oldest open backorder lines."""
    return aging.oldest_backorders(engine_for(url), today, filters, limit)


@st.cache_data(ttl=TTL, show_spinner=False)
def preorder_demand(url: str, today: dt.date, filters: Filters) -> pd.DataFrame:
    """One row per pre-order product."""
    return preorders.preorder_demand(engine_for(url), data.sku_table(url, today, filters),
                                     today, filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def preorders_per_day(url: str, today: dt.date, skus: tuple[str, ...]) -> pd.DataFrame:
    """Pre-order units per day for the given SKUs since each opened."""
    return preorders.preorders_per_day(engine_for(url), list(skus), today)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=200)
def chart(builder: str, *args):
    """``monitor_charts.<builder>(*args)``, remembered: building a figure costs more than
    hashing its (small, per-SKU or per-bucket) input frames."""
    from . import monitor_charts

    return getattr(monitor_charts, builder)(*args)
