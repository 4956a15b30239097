"""The backtest: forecast the last N days from the history before them and compare.

Every SKU with an order before the cut is a series. The product's forecast
(``domain.forecast.forecast``, the one the pages use) is fitted on the history
before the last ``holdout_days``, leaving out days the stock history recorded as
unsellable and the gaps in the orders before the cut that only a stock-out explains
(what a SKU has now says nothing of the past), and compared over every
SKU-day of the held-out days with the trailing 28-day mean and the seasonal naive
forecast (``domain.forecast_accuracy``). The product's figures are also given per
method it chose, for its expected units (``product.expected``: the mean that sums over
days feed, where ``product`` is the most likely units of each day) and per category
(``categories``: the three figures the Stock levels page shows).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sqlalchemy import Engine, select

from inventory_core.domain.forecast import FIT_DAYS, METHODS, forecast_in_chunks
from inventory_core.domain.forecast_accuracy import (
    accuracy,
    naive_scale,
    seasonal_naive,
    trailing_mean_28,
)
from inventory_core.domain.forecast_methods import DemandHistory, Matrix
from inventory_core.errors import InvalidInput
from inventory_core.queries.demand_history import demand_history, latest_order_day, stock_now
from inventory_core.store.frames import connected, read_frame
from inventory_core.store.models import Product, Setting

MAX_HOLDOUT_DAYS = 365
BACKTEST_KEY = "forecast:last_backtest"
"""The settings key the last backtest is kept under (``services.forecasts``)."""


@dataclass(frozen=True)
class Backtest:
    """The backtest's figures: per method, WAPE, sMAPE, MASE and bias."""

    holdout_days: int
    today: dt.date
    series: int
    methods: dict[str, dict[str, float]]
    chosen: dict[str, int] = field(default_factory=dict)
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The figures as one JSON object (NaN as null)."""
        return {"holdout_days": self.holdout_days, "today": self.today.isoformat(),
                "series": self.series, "chosen": self.chosen,
                "methods": _rounded(self.methods),
                "categories": {name: {"series": part["series"],
                                      "methods": _rounded(part["methods"])}
                               for name, part in self.categories.items()}}

    def lines(self) -> list[str]:
        """The figures as a table of text, one method a line."""
        head = f"{'method':<26}" + "".join(f"{m:>10}" for m in ("WAPE", "sMAPE", "MASE",
                                                                 "bias"))
        body = [f"{name:<26}" + "".join(
            f"{'—' if v != v else f'{v:.3f}':>10}" for v in figures.values())
            for name, figures in self.methods.items()]
        return [f"Backtest of {self.series:,} series over the {self.holdout_days} days "
                f"before {self.today.isoformat()}:", head, *body]


def _rounded(methods: dict[str, dict[str, float]]) -> dict[str, dict[str, float | None]]:
    return {name: {k: (None if v != v else round(v, 6)) for k, v in figures.items()}
            for name, figures in methods.items()}


def categories(engine: Engine, skus: list[str]) -> NDArray[np.str_]:
    """The category of each of ``skus`` (in that order)."""
    with connected(engine) as connection:
        frame = read_frame(connection, select(Product.sku, Product.category),
                           ["sku", "category"])
    result: NDArray[np.str_] = frame.set_index("sku")["category"].reindex(
        pd.Index(skus)).fillna("").astype(str).to_numpy()
    return result


def _measured(forecasts: dict[str, Matrix], actual: Matrix, scale: float
              ) -> dict[str, dict[str, float]]:
    return {name: accuracy(values, actual, scale) for name, values in forecasts.items()}


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
    names = categories(engine, skus)
    labels, codes = np.unique(names, return_inverse=True)
    history = demand_history(engine, skus, cut - dt.timedelta(days=FIT_DAYS), today,
                             gaps_until=cut)
    history = DemandHistory(history.units, history.counted, history.first_day, codes)
    sold = history.before(holdout_days).units.sum(axis=1) > 0
    history = history.rows(sold)
    fit, actual = history.before(holdout_days), history.last(holdout_days).units
    scale = naive_scale(fit)
    product = forecast_in_chunks(fit, holdout_days)
    compared = {"product": product.daily,
                "trailing_mean_28": trailing_mean_28(fit, holdout_days),
                "seasonal_naive": seasonal_naive(fit, holdout_days)}
    methods = _measured(compared, actual, scale)
    methods["product.expected"] = accuracy(product.expected, actual, scale)
    chosen = {}
    for name in METHODS:
        rows = product.method == name
        chosen[name] = int(rows.sum())
        if rows.any():
            methods[f"product.{name}"] = accuracy(product.daily[rows], actual[rows], scale)
    by_category = {}
    for code, label in enumerate(labels):
        rows = codes[sold] == code
        if rows.any():
            by_category[str(label)] = {"series": int(rows.sum()), "methods": _measured(
                {name: values[rows] for name, values in compared.items()}, actual[rows],
                scale)}
    return Backtest(holdout_days, today, int(sold.sum()), methods, chosen, by_category)


ACCURACY_COLUMNS = ["category", "series", "wape", "smape", "trailing_wape", "trailing_smape",
                    "naive_wape", "naive_smape"]


def last_backtest(engine: Engine) -> dict[str, Any] | None:
    """The last backtest the store kept (``services.forecasts.save_backtest``), if any."""
    with connected(engine) as connection:
        value = connection.execute(select(Setting.value).where(
            Setting.key == BACKTEST_KEY)).scalar_one_or_none()
    kept: dict[str, Any] | None = None if value is None else json.loads(value)
    return kept


def accuracy_by_category(kept: dict[str, Any]) -> pd.DataFrame:
    """A kept backtest's WAPE and sMAPE per category, the product's beside the trailing
    28-day mean's and the seasonal naive's (``ACCURACY_COLUMNS``), the categories sorted
    and all of them together last (category "All")."""
    parts = [*sorted(kept.get("categories", {}).items()),
             ("All", {"series": kept.get("series", 0), "methods": kept.get("methods", {})})]
    rows = []
    for name, part in parts:
        methods = part["methods"]
        rows.append([name, part["series"], *(
            methods.get(method, {}).get(metric) for method in
            ("product", "trailing_mean_28", "seasonal_naive") for metric in ("wape", "smape"))])
    return pd.DataFrame(rows, columns=ACCURACY_COLUMNS)
