"""Cached reads for the supply, lookup and notification pages.

Keyed by store URL, date and filters like ``restock_ui.data``; ``data.clear()``
after every write empties these caches too (it clears all cached data). The
purchase orders and the allocation are shared (see ``restock_ui.data``): pages
never change them in place.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from inventory_core.domain.allocation import Allocation, describe_supply
from inventory_core.domain.filters import Filters
from inventory_core.queries import lookup as lookup_core
from inventory_core.queries import promises, suppliers
from inventory_core.services import notifications, supply

from . import data
from .data import TTL
from .session import engine_for


@data.shared()
def purchase_orders(url: str, today: dt.date, filters: Filters, open_only: bool) -> pd.DataFrame:
    """The purchase orders of the selected SKUs: the open ones, or every one."""
    return supply.purchase_orders(engine_for(url), today, filters, open_only=open_only)


@st.cache_data(ttl=TTL, show_spinner=False)
def supplier_stats(url: str, today: dt.date) -> pd.DataFrame:
    """Each supplier's on-time rate and p50/p90 delay."""
    return suppliers.supplier_stats(engine_for(url), today)


@data.shared(spinner="Allocating supply to waiting orders…")
def allocation(url: str, today: dt.date, filters: Filters) -> Allocation:
    """Stock and open POs allocated to the selected SKUs' waiting lines."""
    return promises.allocation_for(engine_for(url), today, filters)


@data.shared()
def supply_sentences(url: str, today: dt.date, filters: Filters) -> pd.Series:
    """What each supply row of the allocation does, as one sentence (by its row)."""
    return describe_supply(allocation(url, today, filters).supply)


def lookup(url: str, today: dt.date, order: str | None, email: str | None) -> pd.DataFrame:
    """A customer's lines with projections (not cached: it should always be current)."""
    return lookup_core.find_lines(engine_for(url), today, order=order, email=email)


@st.cache_data(ttl=TTL, show_spinner=False)
def outbox(url: str, kinds: tuple[str, ...], statuses: tuple[str, ...],
           search: str) -> pd.DataFrame:
    """The outbox, narrowed."""
    return notifications.outbox(engine_for(url), kinds, statuses, search)


@st.cache_data(ttl=TTL, show_spinner=False)
def outbox_counts(url: str) -> dict[str, int]:
    """Messages per status."""
    return notifications.outbox_counts(engine_for(url))


@st.cache_data(ttl=TTL, show_spinner=False)
def smtp_settings(url: str) -> notifications.SmtpSettings:
    """The stored SMTP settings."""
    return notifications.load_smtp(engine_for(url))
