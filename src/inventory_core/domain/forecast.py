"""Daily demand forecast of every SKU at once (numpy, vectorised across SKUs).

A history is a matrix of units ordered per SKU (row) and day (column) with a
second matrix saying which days *count*: a day on which the SKU could not be
sold (no stock and not on backorder) is censored, neither zero demand nor
anything else, and every method skips it (``counted_days``).

Each method (``domain.forecast_methods``: trailing mean, weekly and yearly pattern
with trend, TSB for intermittent demand) gives the *expected* units of each day.
Around that mean a day's units are negative binomial, with the SKU's own
dispersion measured on how far its demand strayed from the method
(``domain.demand_quantiles``). The forecast of a day is its *most likely units*,
the median (p50) of that distribution, with p10–p90 as the 80 % interval: the
median is the point that misses by the fewest units, so a slow mover selling on one
day in five is forecast 0 a day (with p90 at 1), not a fraction of a unit sprayed
over every day. Sums over days (days of cover, reorder points, projections) use the
expected units, since the median of a sum is not the sum of medians.

``forecast`` chooses each SKU's method on its own last ``VALIDATION_DAYS`` (fitted on
the days before): by the units its most likely forecast missed by plus its sMAPE,
each relative to the trailing mean's over every SKU (the two figures the backtest
reports), another method winning only with at most ``SWITCH_MARGIN`` of the trailing
mean's loss and with ``MIN_FIT_DAYS`` counted days to fit on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from inventory_core.domain.demand_quantiles import dispersion, quantiles, variance
from inventory_core.domain.forecast_methods import (
    REFERENCE_HALF_YEAR,
    YEAR_DAYS,
    YEARS_BACK,
    DemandHistory,
    Mask,
    Matrix,
    intermittent,
    seasonal,
    trailing_mean,
)

METHODS = ("trailing_mean", "seasonal", "intermittent")
"""The forecasting methods, the fallback first (it wins ties)."""
METHOD_LABELS = {"trailing_mean": "trailing mean", "seasonal": "weekly and yearly pattern "
                 "with trend", "intermittent": "intermittent demand (TSB)"}
FITS = {"trailing_mean": trailing_mean, "seasonal": seasonal, "intermittent": intermittent}
VALIDATION_DAYS = 56
FORECAST_DAYS = 28
"""The days ahead a stored forecast covers; past them it no longer counts."""
MIN_FIT_DAYS = 56
"""Counted days a SKU needs before its validation window for a method other than the
trailing mean to be tried."""
GAP_MIN_DAYS = 7
GAP_RATE_DAYS = 56
GAP_MISSED_UNITS = 10.0
"""A run without orders longer than this many units of the SKU's rate is a stock-out."""
GAP_CHUNK_SKUS = 10_000
CHUNK_SKUS = 20_000
"""SKUs forecast together: each chunk's slow sellers borrow the patterns of its own
groups (every SKU at once would hold more memory for no better figures)."""
SWITCH_MARGIN = 0.98
"""Another method replaces the trailing mean only if its loss is at most 98 % of it."""
FIT_DAYS = YEAR_DAYS * YEARS_BACK + REFERENCE_HALF_YEAR + VALIDATION_DAYS + 8
"""The days of history the forecast reads at most (the yearly index reaches furthest)."""


@dataclass(frozen=True)
class Forecast:
    """Each SKU's forecast for the horizon: the most likely units a day (``daily``, the
    p50), its 80 % interval (``low`` p10, ``high`` p90), the expected units a day
    (``expected``), the method chosen, the units each method's forecast missed by over
    the validation window and its sMAPE there (NaN when not tried), and the spread of
    daily demand (``sigma``, √ of the mean daily variance over the horizon)."""

    daily: Matrix
    low: Matrix
    high: Matrix
    expected: Matrix
    method: NDArray[np.str_]
    errors: Matrix
    smape: Matrix
    sigma: NDArray[np.float64]


def counted_days(units: Matrix, unsellable: Mask) -> Mask:
    """The days that count: from the SKU's first order on, not marked ``unsellable``
    (no stock and not on backorder); a day with orders always counts."""
    sold = units > 0
    started = np.cumsum(sold, axis=1) > 0
    result: Mask = (started & ~unsellable) | sold
    return result


def out_since_last_order(units: Matrix, out_now: Mask) -> Mask:
    """What the order history implies when no stock history says otherwise: a SKU with
    nothing to sell now (``out_now``) was unsellable on the days after its last order."""
    sold = units > 0
    from_end = np.cumsum(sold[:, ::-1], axis=1)[:, ::-1]
    result: Mask = (from_end == 0) & out_now[:, None]
    return result


def implied_stock_outs(units: Matrix) -> Mask:
    """What the order history implies where no stock history says: a run of at least
    ``GAP_MIN_DAYS`` days without orders, between two days with orders, that the SKU's
    rate over the ``GAP_RATE_DAYS`` days before it makes near impossible (more than
    ``GAP_MISSED_UNITS`` units expected in it: a chance below e^−10 for Poisson demand)
    was a stock-out, not days nobody wanted it. Needs ``GAP_RATE_DAYS`` ÷ 2 days of
    history before the run. Worked out ``GAP_CHUNK_SKUS`` SKUs at a time."""
    result: Mask = np.zeros(units.shape, dtype=bool)
    for start in range(0, len(units), GAP_CHUNK_SKUS):
        result[start:start + GAP_CHUNK_SKUS] = _gaps(units[start:start + GAP_CHUNK_SKUS])
    return result


def _gaps(units: Matrix) -> Mask:
    n, days = units.shape
    sold = units > 0
    index = np.arange(days, dtype=np.int32)[None, :]
    last = np.maximum.accumulate(np.where(sold, index, -1), axis=1)
    following = np.minimum.accumulate(np.where(sold, index, days)[:, ::-1], axis=1)[:, ::-1]
    start = last + 1
    before = np.maximum(start - GAP_RATE_DAYS, 0)
    totals = np.hstack([np.zeros((n, 1)), np.cumsum(units, axis=1)])
    rows = np.arange(n)[:, None]
    rate = ((totals[rows, np.minimum(start, days)] - totals[rows, before])
            / np.maximum(start - before, 1))
    length = following - last - 1
    result: Mask = (~sold & (last >= 0) & (following < days) & (length >= GAP_MIN_DAYS)
                    & (start - before >= GAP_RATE_DAYS // 2)
                    & (rate * length > GAP_MISSED_UNITS))
    return result


def smape_terms(forecast: Matrix, actual: Matrix) -> Matrix:
    """|F − A| ÷ ((|A| + |F|) / 2) per cell, 0 where both are 0 (× 100 / n is sMAPE)."""
    both = np.abs(actual) + np.abs(forecast)
    result: Matrix = np.divide(np.abs(forecast - actual), both / 2,
                               out=np.zeros(np.shape(forecast)), where=both > 0)
    return result


def _validate(history: DemandHistory) -> tuple[Matrix, Matrix, Matrix, Matrix]:
    """Each method fitted before the last ``VALIDATION_DAYS`` and judged on them: the
    units missed, the sMAPE, the loss and the dispersion (SKUs × methods)."""
    n = history.units.shape[0]
    shape = (n, len(METHODS))
    missed, smape, alpha = np.full(shape, np.nan), np.full(shape, np.nan), np.zeros(shape)
    fit, judged = history.before(VALIDATION_DAYS), history.last(VALIDATION_DAYS)
    tried = fit.counted.sum(axis=1) >= MIN_FIT_DAYS
    days = np.maximum(judged.counted.sum(axis=1), 1)
    for i, name in enumerate(METHODS):
        mean = FITS[name](fit, VALIDATION_DAYS)
        alpha[:, i] = dispersion(judged.units, mean, judged.counted, tried)
        point = quantiles(mean, alpha[:, i], (0.5,))[0]
        missed[:, i] = np.where(judged.counted, np.abs(point - judged.units), 0.0).sum(axis=1)
        smape[:, i] = 100 * np.where(judged.counted, smape_terms(point, judged.units),
                                     0.0).sum(axis=1) / days
        if i:
            missed[~tried, i] = smape[~tried, i] = np.nan
    loss = (missed / max(float(missed[:, 0].sum()), 1e-9)
            + smape / max(float(smape[:, 0].sum()), 1e-9))
    return missed, smape, loss, alpha


def forecast(history: DemandHistory, horizon: int) -> Forecast:
    """Each SKU's forecast for the ``horizon`` days after the history (see the module)."""
    history = history.last(min(history.days, FIT_DAYS))
    n = history.units.shape[0]
    shape = (n, len(METHODS))
    missed, smape, loss, alpha = (np.full(shape, np.nan), np.full(shape, np.nan),
                                  np.zeros(shape), np.zeros(shape))
    if history.days > VALIDATION_DAYS + MIN_FIT_DAYS:
        missed, smape, loss, alpha = _validate(history)
    judged_by = np.where(np.isnan(loss), np.inf, loss)
    judged_by[:, 1:] /= SWITCH_MARGIN
    choice = np.argmin(judged_by, axis=1)
    expected = np.zeros((n, horizon))
    for i, name in enumerate(METHODS):
        chosen = choice == i
        if chosen.any():
            expected[chosen] = FITS[name](history, horizon)[chosen]
    own_alpha = alpha[np.arange(n), choice]
    low, daily, high = quantiles(expected, own_alpha)
    sigma = np.sqrt(variance(expected, own_alpha).mean(axis=1)) if horizon else np.zeros(n)
    return Forecast(daily=daily, low=low, high=high, expected=expected,
                    method=np.array(METHODS)[choice], errors=missed, smape=smape,
                    sigma=sigma)


def forecast_in_chunks(history: DemandHistory, horizon: int, chunk: int = CHUNK_SKUS
                       ) -> Forecast:
    """``forecast`` of every SKU, ``chunk`` SKUs at a time (the same figures for a store
    that fits in one chunk; a larger one holds less memory at once), joined."""
    if len(history.units) <= chunk:
        return forecast(history, horizon)
    parts = [forecast(history.rows(np.arange(start, min(start + chunk, len(history.units)))),
                      horizon) for start in range(0, len(history.units), chunk)]
    return Forecast(*(np.concatenate([getattr(part, name) for part in parts])
                      for name in Forecast.__dataclass_fields__))


def method_reason(method: str, errors: NDArray[np.float64],
                  smape: NDArray[np.float64]) -> str:
    """Why ``method`` was chosen for a SKU, from its rows of ``Forecast.errors`` and
    ``Forecast.smape``."""
    window = f"the last {VALIDATION_DAYS} days"
    if np.isnan(errors[0]) or (method == "trailing_mean" and np.isnan(errors[1:]).all()):
        return "trailing mean: too little history to judge another method"
    fallback = f"{float(errors[0]):,.0f} units (sMAPE {float(smape[0]):.0f})"
    if method == "trailing_mean":
        return (f"trailing mean: no method did better over {window}, when it missed by "
                f"{fallback}")
    i = METHODS.index(method)
    return (f"{METHOD_LABELS[method]}: missed by {float(errors[i]):,.0f} units "
            f"(sMAPE {float(smape[i]):.0f}) over {window}, against {fallback} for the "
            "trailing mean")
