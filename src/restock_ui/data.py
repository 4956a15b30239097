"""Cached reads for the pages, keyed by store URL, date and filters.

Every function takes plain hashable arguments so that Streamlit can cache its
result; ``clear()`` empties the caches and must follow every write.

Small results are copied out of the cache on each rerun (``st.cache_data``). The
large ones, a row per SKU, are ``shared``: kept once per server and handed out
as they are, without a copy per rerun, so pages must never change them in place
(derive new frames with ``assign``, ``copy`` or ``merge``).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from inventory_core.domain.filters import Filters
from inventory_core.domain.settings import StoreSettings
from inventory_core.queries import catalog, overview
from inventory_core.services.settings import load_settings

from .session import engine_for

TTL = 600  # seconds; writes clear the caches at once
_SHARED: list = []


def shared(spinner: str | bool = False):
    """Cache a large read-only result once per server, handed out without a copy."""
    def wrap(function):
        cached = st.cache_resource(ttl=TTL, max_entries=32, show_spinner=spinner)(function)
        _SHARED.append(cached)
        return cached
    return wrap


@st.cache_data(ttl=TTL, show_spinner=False)
def settings(url: str) -> StoreSettings:
    """The store's settings."""
    return load_settings(engine_for(url))


@st.cache_data(ttl=TTL, show_spinner=False)
def filter_options(url: str) -> dict[str, list[str]]:
    """Categories and suppliers for the sidebar."""
    return catalog.filter_options(engine_for(url))


@shared(spinner="Working out stock and demand…")
def sku_table(url: str, today: dt.date, filters: Filters) -> pd.DataFrame:
    """Every selected SKU with its numbers and storefront state."""
    return catalog.sku_table(engine_for(url), today, settings(url), filters)


@shared()
def skus(url: str, filters: Filters) -> list[str]:
    """The selected SKUs, sorted (without their numbers: for choosing one)."""
    return catalog.skus(engine_for(url), filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def kpis(url: str, today: dt.date, filters: Filters) -> overview.Kpis:
    """The Overview's KPI row."""
    return overview.kpis(engine_for(url), sku_table(url, today, filters), today, filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def needs_attention(url: str, today: dt.date, filters: Filters) -> pd.DataFrame:
    """The Overview's "needs attention" list."""
    return overview.needs_attention(engine_for(url), sku_table(url, today, filters), today)


def clear() -> None:
    """Forget every cached read; call after any write to the store."""
    st.cache_data.clear()
    for cached in _SHARED:
        cached.clear()
