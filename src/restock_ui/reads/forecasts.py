"""Cached reads of the stored forecasts: one SKU's, and the last backtest's accuracy."""

from __future__ import annotations

from typing import Any

from inventory_core import SkuForecast, last_backtest, sku_forecast
from restock_ui.reads.cache import StoreKey, cached


@cached()
def sku_forecast_of(store: StoreKey, sku: str) -> SkuForecast | None:
    """One SKU's stored forecast beside its recent history (None when none is stored)."""
    return sku_forecast(store.engine, sku)


@cached()
def kept_backtest(store: StoreKey) -> dict[str, Any] | None:
    """The last backtest the store kept (``python -m inventory_core backtest``)."""
    return last_backtest(store.engine)
