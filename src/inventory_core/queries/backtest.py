"""The backtest: forecast the last N days from the history before them and compare.

Every SKU with an order before the cut is a series. The product's forecast
(``domain.forecast.forecast``, the one the pages use) is fitted on the history
before the last ``holdout_days``, leaving out days the stock history recorded as
unsellable (what a SKU has now says nothing of the past), and compared over every
SKU-day of the held-out days with the trailing 28-day mean and the seasonal naive
forecast (``domain.forecast_accuracy``); the product's figures are also given per
method it chose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from inventory_core.domain.forecast import FIT_DAYS, METHODS, DemandHistory, forecast
from inventory_core.domain.forecast_accuracy import (
    accuracy,
    naive_scale,
    seasonal_naive,
    trailing_mean_28,
)
from inventory_core.errors import InvalidInput
from inventory_core.queries.demand_history import demand_history, latest_order_day, stock_now

MAX_HOLDOUT_DAYS = 365


@dataclass(frozen=True)
class Backtest:
    """The backtest's figures: per method, WAPE, sMAPE, MASE and bias."""

    holdout_days: int
    today: dt.date
    series: int
    methods: dict[str, dict[str, float]]
    chosen: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The figures as one JSON object (NaN as null)."""
        return {"holdout_days": self.holdout_days, "today": self.today.isoformat(),
                "series": self.series, "chosen": self.chosen,
                "methods": {name: {k: (None if v != v else round(v, 6))
                                   for k, v in figures.items()}
                            for name, figures in self.methods.items()}}

    def lines(self) -> list[str]:
        """The figures as a table of text, one method a line."""
        head = f"{'method':<26}" + "".join(f"{m:>10}" for m in ("WAPE", "sMAPE", "MASE",
                                                                 "bias"))
        body = [f"{name:<26}" + "".join(
            f"{'—' if v != v else f'{v:.3f}':>10}" for v in figures.values())
            for name, figures in self.methods.items()]
        return [f"Backtest of {self.series:,} series over the {self.holdout_days} days "
                f"before {self.today.isoformat()}:", head, *body]


def _rows(history: DemandHistory, rows: Any) -> DemandHistory:
    return DemandHistory(history.units[rows], history.counted[rows], history.first_day)


def backtest(engine: Engine, holdout_days: int, today: dt.date | None = None) -> Backtest:
    """Fit on the history before the last ``holdout_days`` before ``today`` (default:
    the day after the latest order), forecast those days and measure (see the module)."""
    if not 1 <= holdout_days <= MAX_HOLDOUT_DAYS:
        raise InvalidInput(f"The held-out days must be from 1 to {MAX_HOLDOUT_DAYS}, "
                           f"not {holdout_days}.")
    if today is None:
        latest = latest_order_day(engine)
        if latest is None:
            raise InvalidInput("The store has no orders to backtest.")
        today = latest + dt.timedelta(days=1)
    cut = today - dt.timedelta(days=holdout_days)
    skus = stock_now(engine)["sku"].tolist()
    history = demand_history(engine, skus, cut - dt.timedelta(days=FIT_DAYS), today)
    sold = history.before(holdout_days).units.sum(axis=1) > 0
    history = _rows(history, sold)
    fit, actual = history.before(holdout_days), history.last(holdout_days).units
    scale = naive_scale(fit)
    product = forecast(fit, holdout_days)
    methods = {"product": accuracy(product.daily, actual, scale),
               "trailing_mean_28": accuracy(trailing_mean_28(fit, holdout_days), actual, scale),
               "seasonal_naive": accuracy(seasonal_naive(fit, holdout_days), actual, scale)}
    chosen = {}
    for name in METHODS:
        rows = product.method == name
        chosen[name] = int(rows.sum())
        if rows.any():
            methods[f"product.{name}"] = accuracy(product.daily[rows], actual[rows], scale)
    return Backtest(holdout_days, today, int(sold.sum()), methods, chosen)
