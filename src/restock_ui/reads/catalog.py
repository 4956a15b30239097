"""Cached reads of the catalogue: settings, sidebar options, the SKU table, one SKU."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from inventory_core import (
    Filters,
    Kpis,
    StoreSettings,
    cover_band,
    filter_options,
    is_demo_store,
    kpis,
    load_settings,
    needs_attention,
    needs_reorder,
    selected_skus,
    sku_purchase_orders,
    sku_table,
    sku_waiting_lines,
    weekly_orders,
)
from restock_ui.reads.cache import StoreKey, cached, shared
from restock_ui.reads.consent import lines_to_refund
from restock_ui.reads.delivery import reliability


@cached()
def settings(store: StoreKey) -> StoreSettings:
    """The store's settings."""
    return load_settings(store.engine)


@cached()
def is_demo(store: StoreKey) -> bool:
    """True when the store holds the demo, as loaded (the Overview's first-visit guide)."""
    return is_demo_store(store.engine)


@cached()
def sidebar_options(store: StoreKey) -> dict[str, list[str]]:
    """Categories and suppliers for the sidebar."""
    return filter_options(store.engine)


@shared(spinner="Working out stock and demand…")
def skus(store: StoreKey, today: dt.date, filters: Filters) -> pd.DataFrame:
    """Every selected SKU with its numbers and storefront state."""
    return sku_table(store.engine, today, settings(store), filters, reliability(store))


@shared()
def sku_codes(store: StoreKey, filters: Filters) -> list[str]:
    """The selected SKUs, sorted (without their numbers: for choosing one)."""
    return selected_skus(store.engine, filters)


@shared()
def stock_table(store: StoreKey, today: dt.date, filters: Filters) -> pd.DataFrame:
    """The SKU table with the cover band and the reorder flag added."""
    table = skus(store, today, filters)
    return table.assign(cover_band=cover_band(table), needs_reorder=needs_reorder(table))


@cached()
def overview_kpis(store: StoreKey, today: dt.date, filters: Filters) -> Kpis:
    """The Overview's KPI row."""
    return kpis(store.engine, skus(store, today, filters), today, filters)


@shared()
def attention(store: StoreKey, today: dt.date, filters: Filters) -> pd.DataFrame:
    """The Overview's "needs attention" list, the lines to cancel and refund included
    (a row per flagged SKU or late purchase order: shared, not copied per rerun)."""
    return needs_attention(store.engine, skus(store, today, filters), today,
                           lines_to_refund(store, today))


@cached()
def purchase_orders_of(store: StoreKey, sku: str) -> pd.DataFrame:
    """Every purchase order of one SKU."""
    return sku_purchase_orders(store.engine, sku)


@cached()
def weekly_orders_of(store: StoreKey, today: dt.date, sku: str) -> pd.DataFrame:
    """Units of one SKU ordered per week, by kind."""
    return weekly_orders(store.engine, sku, today)


@cached()
def waiting_lines_of(store: StoreKey, today: dt.date, sku: str) -> pd.DataFrame:
    """Open backorder and pre-order lines of one SKU."""
    return sku_waiting_lines(store.engine, sku, today)
