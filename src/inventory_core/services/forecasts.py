"""The stock history and the stored demand forecasts.

``record_stock`` writes each SKU's stock of the day into ``stock_history`` (the
refresh step calls it at every import and refresh), so that days a SKU could not
be sold are known later. ``refresh_forecasts`` forecasts every SKU at once
(``domain.forecast``, each SKU pooled with its category) and stores the result in
``forecasts``, so pages only read it: the expected units a day over the next
``FORECAST_DAYS`` with the interval and the spread, the method and why, and the days
ahead one by one (``path``). ``save_backtest`` keeps the last backtest's accuracy per
category (the ``backtest`` command calls it) for the Stock levels page;
``refresh_and_measure`` does both for an editor (the Stock levels page's button).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import numpy as np
from sqlalchemy import Connection, Date, Engine, delete, insert, literal

from inventory_core.domain.access import Actor
from inventory_core.domain.forecast import (
    CHUNK_SKUS,
    FIT_DAYS,
    FORECAST_DAYS,
    Forecast,
    forecast,
    method_reason,
)
from inventory_core.domain.forecast_methods import DemandHistory
from inventory_core.queries.backtest import BACKTEST_KEY, Backtest, backtest, categories
from inventory_core.queries.demand_history import (
    demand_history,
    order_span,
    stock_now,
    stock_now_statement,
)
from inventory_core.services.settings import write_setting
from inventory_core.store.models import DemandForecast, StockHistory

MEASURED_DAYS = 90
"""The days the page's button holds out to measure the forecast."""
"""The stored forecast covers the next 28 days: their mean units a day and interval,
and each day on its own (``path``)."""


def record_stock(connection: Connection, today: dt.date) -> None:
    """Record every SKU's available units and whether it can be sold, for ``today``
    (replacing what an earlier refresh of the same day recorded)."""
    connection.execute(delete(StockHistory).where(StockHistory.day == today))
    rows = stock_now_statement().add_columns(literal(today, Date).label("day"))
    connection.execute(insert(StockHistory).from_select(
        ["sku", "available", "sellable", "day"], rows))


def refresh_forecasts(engine: Engine, today: dt.date,
                      progress: Callable[[int, int], None] | None = None) -> int:
    """Forecast every SKU from its history before ``today`` and store the forecasts
    (replacing the stored ones); returns the number of SKUs. ``progress`` is told the
    SKUs done and the total after each chunk."""
    now = stock_now(engine)
    skus = now["sku"].tolist()
    out_now = ((now["available"] <= 0) & ~now["sellable"]).to_numpy()
    codes = np.unique(categories(engine, skus), return_inverse=True)[1]
    history = demand_history(engine, skus, today - dt.timedelta(days=FIT_DAYS), today, out_now)
    rows: list[dict[str, object]] = []
    for start in range(0, len(skus), CHUNK_SKUS):
        part = slice(start, start + CHUNK_SKUS)
        result = forecast(DemandHistory(history.units[part], history.counted[part],
                                        history.first_day, codes[part]), FORECAST_DAYS)
        rows.extend(_rows(skus[part], today, result))
        if progress is not None:
            progress(min(start + CHUNK_SKUS, len(skus)), len(skus))
    with engine.begin() as connection:
        connection.execute(delete(DemandForecast))
        if rows:
            connection.execute(insert(DemandForecast), rows)
    return int(np.size(skus))


def _rows(skus: list[str], today: dt.date, result: Forecast) -> list[dict[str, object]]:
    daily, low, high = (result.expected.mean(axis=1), result.low.mean(axis=1),
                        result.high.mean(axis=1))
    expected = np.round(result.expected, 3)
    return [{"sku": sku, "made_on": today, "method": str(result.method[i]),
             "reason": method_reason(str(result.method[i]), result.errors[i],
                                     result.smape[i]),
             "daily_units": float(daily[i]), "low": float(low[i]), "high": float(high[i]),
             "sigma": float(result.sigma[i]),
             "path": json.dumps({"p50": result.daily[i].astype(int).tolist(),
                                 "p10": result.low[i].astype(int).tolist(),
                                 "p90": result.high[i].astype(int).tolist(),
                                 "expected": expected[i].tolist()})}
            for i, sku in enumerate(skus)]


def save_backtest(engine: Engine, result: Backtest) -> dict[str, Any]:
    """Keep ``result`` (its JSON object) as the store's last backtest, replacing the one
    kept before; returns what was kept."""
    kept = result.as_json()
    write_setting(engine, BACKTEST_KEY, kept)
    return kept


def refresh_and_measure(engine: Engine, today: dt.date, *, actor: Actor,
                        progress: Callable[[int, int], None] | None = None) -> int:
    """For an editor: forecast every SKU and store it (``refresh_forecasts``), then
    backtest the last ``MEASURED_DAYS`` days of orders and keep the result
    (``save_backtest``) when the store has orders before them; returns the SKUs
    forecast."""
    actor.require_editor("work out the forecasts")
    count = refresh_forecasts(engine, today, progress)
    latest = backtest_day(engine)
    if latest is not None:
        save_backtest(engine, backtest(engine, MEASURED_DAYS, latest))
    return count


def backtest_day(engine: Engine) -> dt.date | None:
    """The day after the latest order, when the store has orders from more than
    ``MEASURED_DAYS`` days before it (else None: nothing to fit on)."""
    span = order_span(engine)
    if span is None or (span[1] - span[0]).days <= MEASURED_DAYS:
        return None
    return span[1] + dt.timedelta(days=1)
