"""Daily demand forecast of every SKU at once (numpy, vectorised across SKUs).

A history is a matrix of units ordered per SKU (row) and day (column) with a
second matrix saying which days *count*: a day on which the SKU could not be
sold (no stock and not on backorder) is censored, neither zero demand nor
anything else, and every method below skips it (``counted_days``).

Methods, each fitted on the counted days only:

- ``trailing_mean``: the mean of the last ``TRAILING_DAYS`` counted days (the
  fallback);
- ``seasonal``: a level (mean of the last 8 counted weeks) with a damped trend
  (against the 8 weeks before; none where the yearly factor applies), times a
  weekday profile (each weekday's units over the last 26 weeks against what the
  overall mean expects), times a yearly factor where the history holds a year
  (the units around the same day a year earlier against what the 8 weeks before
  that day expect); each ratio is pulled towards the same ratio over all SKUs by
  ``PROFILE_SHRINK`` units (``shrunk_ratio``), so slow sellers borrow the store's
  pattern;
- ``intermittent``: Croston's method with the Syntetos–Boylan correction (SBA):
  smoothed size of a non-zero day over smoothed interval (in counted days) between
  them, each starting from the first one seen, times (1 − α/2), for slow movers.

``forecast`` chooses each SKU's method by how well each did on the SKU's own last
``SELECTION_DAYS`` (fitted on the days before, judged by the sum of absolute
errors over counted days; another method must miss by at most ``SWITCH_MARGIN``
of the trailing mean's error, which also serves SKUs with too little history) and
gives an 80 % prediction interval from that method's own errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]
Mask = NDArray[np.bool_]

METHODS = ("trailing_mean", "seasonal", "intermittent")
"""The forecasting methods, the fallback first (it wins ties)."""
METHOD_LABELS = {"trailing_mean": "trailing mean", "seasonal": "weekly and yearly pattern "
                 "with trend", "intermittent": "intermittent demand (Croston SBA)"}
TRAILING_DAYS = 28
SELECTION_DAYS = 28
MIN_FIT_DAYS = 56
"""Counted days a SKU needs before its selection window for a method other than the
trailing mean to be tried."""
LEVEL_DAYS = 56
PROFILE_DAYS = 182
PROFILE_SHRINK = 10.0
"""Units of pseudo-evidence pulling a SKU's weekday, yearly and trend ratios towards
those of all SKUs."""
SWITCH_MARGIN = 0.9
"""Another method replaces the trailing mean only if it missed by at most 90 % as much."""
YEAR_DAYS = 364
"""A year back, the same weekday."""
FIT_DAYS = YEAR_DAYS + LEVEL_DAYS + SELECTION_DAYS + 7
"""The days of history every method reads at most (the yearly factor reaches furthest)."""
TREND_DAMPING = 0.5
SBA_ALPHA = 0.1
INTERVAL_Z = 1.2816
"""The normal quantile of an 80 % two-sided interval (p10–p90)."""


@dataclass(frozen=True)
class DemandHistory:
    """Units per SKU and day, and the days that count; column 0 is ``first_day``."""

    units: Matrix
    counted: Mask
    first_day: dt.date

    @property
    def days(self) -> int:
        """Days in the history."""
        return int(self.units.shape[1])

    def before(self, days: int) -> DemandHistory:
        """The history without its last ``days`` days."""
        end = self.days - days
        return DemandHistory(self.units[:, :end], self.counted[:, :end], self.first_day)

    def last(self, days: int) -> DemandHistory:
        """The last ``days`` days of the history."""
        start = self.days - days
        return DemandHistory(self.units[:, start:], self.counted[:, start:],
                             self.first_day + dt.timedelta(days=start))


@dataclass(frozen=True)
class Forecast:
    """Each SKU's daily forecast for the horizon with its 80 % interval, the method
    chosen, the error of each method over the selection window (NaN when not tried)
    and the spread of daily demand around the forecast (``sigma``)."""

    daily: Matrix
    low: Matrix
    high: Matrix
    method: NDArray[np.str_]
    errors: Matrix
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


def _masked_mean(units: Matrix, counted: Mask) -> NDArray[np.float64]:
    n = counted.sum(axis=1)
    total = (units * counted).sum(axis=1)
    mean: NDArray[np.float64] = np.divide(total, n, out=np.zeros(len(n)), where=n > 0)
    return mean


def _last_counted(history: DemandHistory, days: int, skip: int = 0) -> Mask:
    """The last ``days`` counted days of each SKU, after skipping its last ``skip``."""
    rank = np.cumsum(history.counted[:, ::-1], axis=1, dtype=np.int16)[:, ::-1]
    result: Mask = history.counted & (rank > skip) & (rank <= skip + days)
    return result


def trailing_mean(history: DemandHistory, horizon: int) -> Matrix:
    """The mean of each SKU's last ``TRAILING_DAYS`` counted days, every day ahead."""
    rate = _masked_mean(history.units, _last_counted(history, TRAILING_DAYS))
    return np.repeat(rate[:, None], horizon, axis=1)


def shrunk_ratio(units: NDArray[np.float64], expected: NDArray[np.float64]
                 ) -> NDArray[np.float64]:
    """Each SKU's ``units`` ÷ ``expected``, pulled towards the same ratio over every SKU
    by ``PROFILE_SHRINK`` units of pseudo-evidence: a slow seller's few units borrow
    the pattern of the store, a fast seller keeps its own."""
    total = float(expected.sum())
    pooled = float(units.sum()) / total if total > 0 else 1.0
    result: NDArray[np.float64] = (units + PROFILE_SHRINK * pooled) / (expected + PROFILE_SHRINK)
    return result


def weekday_profile(history: DemandHistory) -> Matrix:
    """Each SKU's factor per weekday (Monday first) over the last ``PROFILE_DAYS``: the
    weekday's units against what the SKU's overall mean expects (``shrunk_ratio``)."""
    recent = history.last(min(PROFILE_DAYS, history.days))
    weekday = (recent.first_day.weekday() + np.arange(recent.days)) % 7
    overall = _masked_mean(recent.units, recent.counted)
    profile = np.ones((len(overall), 7))
    for day in range(7):
        on_day = recent.counted & (weekday == day)[None, :]
        profile[:, day] = shrunk_ratio((recent.units * on_day).sum(axis=1),
                                       on_day.sum(axis=1) * overall)
    mean_factor = profile.mean(axis=1, keepdims=True)
    result: Matrix = profile / np.where(mean_factor > 0, mean_factor, 1.0)
    return result


def has_year(history: DemandHistory, horizon: int) -> bool:
    """True when the history reaches a year and ``LEVEL_DAYS`` back, and a year back of
    every day ahead (with 3 days after it) lies within it."""
    return history.days >= YEAR_DAYS + LEVEL_DAYS and horizon + 3 <= YEAR_DAYS


def yearly_factor(history: DemandHistory, horizon: int) -> Matrix:
    """Each SKU's factor per day ahead from a year earlier: the units of the counted days
    within 3 days of that day a year back against what the mean of the ``LEVEL_DAYS``
    before the same point a year back expects (``shrunk_ratio``); 1 where the history
    holds no year."""
    n = history.units.shape[0]
    factor = np.ones((n, horizon))
    cut = history.days - YEAR_DAYS
    if not has_year(history, horizon):
        return factor
    base = _masked_mean(history.units[:, cut - LEVEL_DAYS:cut],
                        history.counted[:, cut - LEVEL_DAYS:cut])
    for h in range(horizon):
        start, end = cut + h - 3, cut + h + 4
        window = history.counted[:, start:end]
        factor[:, h] = shrunk_ratio((history.units[:, start:end] * window).sum(axis=1),
                                    window.sum(axis=1) * base)
    result: Matrix = np.clip(factor, 0.2, 5.0)
    return result


def seasonal(history: DemandHistory, horizon: int) -> Matrix:
    """Level with damped trend × weekday profile × yearly factor (see the module)."""
    last = _last_counted(history, LEVEL_DAYS)
    level = _masked_mean(history.units, last)
    before = _masked_mean(history.units, _last_counted(history, LEVEL_DAYS, skip=LEVEL_DAYS))
    days = last.sum(axis=1)
    growth = np.where(before > 0, shrunk_ratio(level * days, before * days), 1.0)
    if has_year(history, horizon):  # the yearly factor holds the season's rise already
        growth = np.ones(len(level))
    slope = level * (growth - 1) / LEVEL_DAYS * TREND_DAMPING
    ahead = LEVEL_DAYS / 2 + np.arange(1, horizon + 1)
    path = np.clip(level[:, None] + slope[:, None] * ahead[None, :], 0.5 * level[:, None],
                   2.0 * level[:, None])
    first = (history.first_day.weekday() + history.days) % 7
    weekday = (first + np.arange(horizon)) % 7
    result: Matrix = path * weekday_profile(history)[:, weekday] * yearly_factor(history, horizon)
    return result


def intermittent(history: DemandHistory, horizon: int) -> Matrix:
    """Croston's method with the SBA correction over the counted days (see the module)."""
    n = history.units.shape[0]
    units = np.ascontiguousarray(history.units.T)  # one day's SKUs side by side
    counted = np.ascontiguousarray(history.counted.T)
    size, interval, since, hits = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    for t in range(history.days):
        since += counted[t]
        hit = counted[t] & (units[t] > 0)
        size += np.where(hit & (hits == 0), units[t],
                         np.where(hit, SBA_ALPHA * (units[t] - size), 0.0))
        interval += np.where(hit & (hits == 1), since,
                             np.where(hit & (hits > 1), SBA_ALPHA * (since - interval), 0.0))
        hits += hit
        since[hit] = 0
    # one sale only: one in the counted days so far
    interval = np.where(hits == 1, history.counted.sum(axis=1), interval)
    rate = np.divide((1 - SBA_ALPHA / 2) * size, interval, out=np.zeros(n), where=hits > 0)
    return np.repeat(rate[:, None], horizon, axis=1)


FITS = {"trailing_mean": trailing_mean, "seasonal": seasonal, "intermittent": intermittent}


def forecast(history: DemandHistory, horizon: int) -> Forecast:
    """Each SKU's forecast for the ``horizon`` days after the history (see the module)."""
    history = history.last(min(history.days, FIT_DAYS))
    n = history.units.shape[0]
    errors = np.full((n, len(METHODS)), np.nan)
    squared = np.zeros((n, len(METHODS)))
    if history.days > SELECTION_DAYS:
        fit, judged = history.before(SELECTION_DAYS), history.last(SELECTION_DAYS)
        tried = fit.counted.sum(axis=1) >= MIN_FIT_DAYS
        n_judged = np.maximum(judged.counted.sum(axis=1), 1)
        for i, name in enumerate(METHODS):
            miss = np.where(judged.counted, FITS[name](fit, SELECTION_DAYS) - judged.units, 0.0)
            errors[:, i] = np.abs(miss).sum(axis=1)
            squared[:, i] = (miss ** 2).sum(axis=1) / n_judged
            if i:
                errors[~tried, i] = np.nan
    judged_by = np.where(np.isnan(errors), np.inf, errors)
    judged_by[:, 1:] /= SWITCH_MARGIN
    choice = np.argmin(judged_by, axis=1)
    daily = np.zeros((n, horizon))
    for i, name in enumerate(METHODS):
        chosen = choice == i
        if chosen.any():
            part = DemandHistory(history.units[chosen], history.counted[chosen],
                                 history.first_day)
            daily[chosen] = FITS[name](part, horizon)
    sigma = np.sqrt(squared[np.arange(n), choice])
    if history.days <= SELECTION_DAYS:
        sigma = np.sqrt(daily[:, 0])  # no record yet: a Poisson spread
    spread = INTERVAL_Z * sigma[:, None]
    return Forecast(daily=daily, low=np.maximum(daily - spread, 0.0), high=daily + spread,
                    method=np.array(METHODS)[choice], errors=errors, sigma=sigma)


def method_reason(method: str, errors: NDArray[np.float64]) -> str:
    """Why ``method`` was chosen for a SKU, from its row of ``Forecast.errors``."""
    fallback = float(errors[0])
    if np.isnan(fallback):
        return "trailing mean: too little history to judge another method"
    if method == "trailing_mean":
        if np.isnan(errors[1:]).all():
            return "trailing mean: too little history to judge another method"
        return (f"trailing mean: no method missed by less over the last {SELECTION_DAYS} "
                f"days ({fallback:,.1f} units)")
    own = float(errors[METHODS.index(method)])
    return (f"{METHOD_LABELS[method]}: missed by {own:,.1f} units over the last "
            f"{SELECTION_DAYS} days, against {fallback:,.1f} for the trailing mean")
