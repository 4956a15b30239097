"""Cached reads of incoming supply: purchase orders, suppliers, the allocation, a lookup."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from inventory_core import (
    Filters,
    describe_supply,
    find_lines,
    purchase_orders,
    supplier_stats,
)
from restock_ui.reads.allocation import allocation
from restock_ui.reads.cache import StoreKey, cached, shared
from restock_ui.reads.catalog import settings
from restock_ui.reads.delivery import reliability


@shared()
def orders(store: StoreKey, today: dt.date, filters: Filters, open_only: bool) -> pd.DataFrame:
    """The purchase orders of the selected SKUs: the open ones, or every one."""
    return purchase_orders(store.engine, today, filters, open_only=open_only)


@cached()
def suppliers(store: StoreKey, today: dt.date) -> pd.DataFrame:
    """Each supplier's on-time rate and p50/p90 delay."""
    return supplier_stats(store.engine, today, reliability(store))


@shared()
def supply_sentences(store: StoreKey, today: dt.date, filters: Filters) -> pd.Series:
    """What each supply row of the allocation does, as one sentence (by its row)."""
    return describe_supply(allocation(store, today, filters).supply)


@cached()
def customer_lines(store: StoreKey, today: dt.date, order: str | None,
                   email: str | None) -> pd.DataFrame:
    """A customer's lines with projections, as of the store's last write (a projection
    allocates the whole store's stock and supply, and reads every supplier's delays and
    the products in stock instead: about a second at 100,000 SKUs). A query that finds
    nothing raises each time, and is not cached."""
    return find_lines(store.engine, today, order=order, email=email,
                      currency=settings(store).currency)
