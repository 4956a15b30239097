"""How well a forecast did: WAPE, sMAPE, MASE and bias over every SKU-day, and the two
baselines a forecast is judged beside (pure numpy).

With F the forecast and A the actual units of each SKU-day of the held-out days:

- WAPE = Σ|F − A| ÷ ΣA;
- sMAPE = 100/n · Σ |F − A| ÷ ((|A| + |F|) / 2), a SKU-day where both are 0 adding 0;
- MASE = mean |F − A| ÷ the mean |A_t − A_t−7| of the history before (the in-sample
  error of the same weekday a week earlier, over every SKU);
- bias = Σ(F − A) ÷ ΣA (above 0: the forecast says more than was ordered).

A ratio with nothing to divide by is NaN. The baselines: ``trailing_mean_28``, units
of the last 28 days ÷ 28 (every day counts, as the demand rate does), and
``seasonal_naive``, the same weekday a year earlier where the history holds a year
before every day ahead, else the same weekday of the last week.
"""

from __future__ import annotations

import numpy as np

from inventory_core.domain.forecast_methods import YEAR_DAYS, DemandHistory, Matrix

METRICS = ("wape", "smape", "mase", "bias")
WEEK = 7


def _ratio(top: float, bottom: float) -> float:
    return top / bottom if bottom > 0 else float("nan")


def naive_scale(history: DemandHistory) -> float:
    """The mean |A_t − A_t−7| over every SKU-day of ``history`` (MASE's divisor)."""
    if history.days <= WEEK:
        return float("nan")
    return float(np.abs(history.units[:, WEEK:] - history.units[:, :-WEEK]).mean())


def accuracy(forecast: Matrix, actual: Matrix, scale: float) -> dict[str, float]:
    """WAPE, sMAPE, MASE and bias of ``forecast`` against ``actual`` (see the module)."""
    miss = np.abs(forecast - actual)
    both = np.abs(actual) + np.abs(forecast)
    smape_terms = np.divide(miss, both / 2, out=np.zeros(miss.shape), where=both > 0)
    total = float(actual.sum())
    return {"wape": _ratio(float(miss.sum()), total),
            "smape": 100 * float(smape_terms.mean()) if miss.size else float("nan"),
            "mase": _ratio(float(miss.mean()) if miss.size else float("nan"), scale),
            "bias": _ratio(float((forecast - actual).sum()), total)}


def trailing_mean_28(history: DemandHistory, horizon: int) -> Matrix:
    """Units of the last 28 days ÷ 28, every day ahead (days without stock count)."""
    rate = history.units[:, -28:].sum(axis=1) / 28
    return np.repeat(rate[:, None], horizon, axis=1)


def seasonal_naive(history: DemandHistory, horizon: int) -> Matrix:
    """The same weekday a year earlier, or of the last week (see the module)."""
    if history.days >= YEAR_DAYS and horizon <= YEAR_DAYS:
        start = history.days - YEAR_DAYS
        result: Matrix = history.units[:, start:start + horizon].copy()
        return result
    last_week = history.units[:, -WEEK:]
    return np.tile(last_week, (1, -(-horizon // WEEK)))[:, :horizon]
