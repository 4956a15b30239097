"""The forecast's methods: each SKU's expected units a day ahead (numpy, every SKU at once).

Each method reads a ``DemandHistory`` (units per SKU and day, the days that count,
optionally a group per SKU such as its category) and returns a matrix of expected
units, one row per SKU, one column per day ahead. Days that do not count are left
out of every sum.

- ``trailing_mean``: the mean of the last ``TRAILING_DAYS`` counted days;
- ``seasonal``: a deseasonalised level with a damped trend, times a weekday profile,
  times a yearly index (see ``yearly_index``); every ratio is pulled towards the same
  ratio over the SKU's group (or all SKUs) by ``PROFILE_SHRINK`` units
  (``shrunk_ratio``), so a slow seller borrows its group's pattern;
- ``intermittent``: TSB (Teunter–Syntetos–Babai): the smoothed chance of a day with
  orders times the smoothed units of such a day, updated on every counted day, so a
  slow mover that stops selling fades instead of keeping its old rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]
Mask = NDArray[np.bool_]

TRAILING_DAYS = 28
LEVEL_DAYS = 56
PROFILE_DAYS = 182
PROFILE_SHRINK = 30.0
"""Units of pseudo-evidence pulling a SKU's weekday, yearly and trend ratios towards
those of its group."""
YEAR_DAYS = 364
"""A year back, the same weekday."""
YEARS_BACK = 2
SEASON_HALF_WINDOW = 7
"""The yearly index of a day reads the 15 days around the same day a year back."""
REFERENCE_HALF_YEAR = 182
TREND_DAMPING = 0.9
"""The trend's daily damping: its effect levels off within about ten days."""
TSB_ALPHA = 0.1
TSB_BETA = 0.05
PAST_DAYS = 2 * LEVEL_DAYS + 28
"""The past days whose seasonal factors the level is deseasonalised with."""


@dataclass(frozen=True)
class DemandHistory:
    """Units per SKU and day, and the days that count; column 0 is ``first_day``;
    ``groups`` (one code per SKU, e.g. its category) says whose pattern a slow seller
    borrows (all SKUs when None)."""

    units: Matrix
    counted: Mask
    first_day: dt.date
    groups: NDArray[np.int64] | None = None

    @property
    def days(self) -> int:
        """Days in the history."""
        return int(self.units.shape[1])

    def before(self, days: int) -> DemandHistory:
        """The history without its last ``days`` days."""
        end = self.days - days
        return DemandHistory(self.units[:, :end], self.counted[:, :end], self.first_day,
                             self.groups)

    def last(self, days: int) -> DemandHistory:
        """The last ``days`` days of the history."""
        start = self.days - days
        return DemandHistory(self.units[:, start:], self.counted[:, start:],
                             self.first_day + dt.timedelta(days=start), self.groups)

    def rows(self, rows: NDArray[np.bool_] | NDArray[np.int64]) -> DemandHistory:
        """The history of the SKUs ``rows`` picks."""
        groups = None if self.groups is None else self.groups[rows]
        return DemandHistory(self.units[rows], self.counted[rows], self.first_day, groups)


def masked_mean(units: Matrix, counted: Mask) -> NDArray[np.float64]:
    """Each row's mean over its counted days (0 without any)."""
    n = counted.sum(axis=1)
    total = (units * counted).sum(axis=1)
    mean: NDArray[np.float64] = np.divide(total, n, out=np.zeros(len(n)), where=n > 0)
    return mean


def last_counted(history: DemandHistory, days: int, skip: int = 0) -> Mask:
    """The last ``days`` counted days of each SKU, after skipping its last ``skip``."""
    rank = np.cumsum(history.counted[:, ::-1], axis=1, dtype=np.int32)[:, ::-1]
    result: Mask = history.counted & (rank > skip) & (rank <= skip + days)
    return result


def trailing_mean(history: DemandHistory, horizon: int) -> Matrix:
    """The mean of each SKU's last ``TRAILING_DAYS`` counted days, every day ahead."""
    rate = masked_mean(history.units, last_counted(history, TRAILING_DAYS))
    return np.repeat(rate[:, None], horizon, axis=1)


def shrunk_ratio(units: NDArray[np.float64], expected: NDArray[np.float64],
                 groups: NDArray[np.int64] | None = None,
                 pseudo: NDArray[np.float64] | float = PROFILE_SHRINK) -> NDArray[np.float64]:
    """Each SKU's ``units`` ÷ ``expected`` (rows: SKUs, columns: separate ratios),
    pulled towards its group's ratio by ``pseudo`` units of evidence
    (``PROFILE_SHRINK``): a slow seller's few units borrow its group's pattern, a fast
    seller keeps its own. The group's ratio is the mean of its SKUs' own ratios, each
    weighted by expected ÷ (expected + ``PROFILE_SHRINK``), so no single big seller
    makes its group's pattern; a group with nothing expected has the ratio 1."""
    codes = np.zeros(len(units), dtype=np.int64) if groups is None else groups
    width = int(codes.max()) + 1 if len(codes) else 1
    own = np.divide(units, expected, out=np.zeros(units.shape), where=expected > 0)
    weight = expected / (expected + PROFILE_SHRINK)
    top = np.zeros((width, *units.shape[1:]))
    bottom = np.zeros((width, *units.shape[1:]))
    np.add.at(top, codes, weight * own)
    np.add.at(bottom, codes, weight)
    pooled = np.divide(top, bottom, out=np.ones(top.shape), where=bottom > 0)[codes]
    result: NDArray[np.float64] = (units + pseudo * pooled) / (expected + pseudo)
    return result


def weekday_profile(history: DemandHistory) -> Matrix:
    """Each SKU's factor per weekday (Monday first) over the last ``PROFILE_DAYS``: the
    weekday's units against what the SKU's overall mean expects (``shrunk_ratio``),
    scaled to average 1."""
    recent = history.last(min(PROFILE_DAYS, history.days))
    weekday = (recent.first_day.weekday() + np.arange(recent.days)) % 7
    overall = masked_mean(recent.units, recent.counted)
    units = np.zeros((len(overall), 7))
    expected = np.zeros((len(overall), 7))
    for day in range(7):
        on_day = recent.counted & (weekday == day)[None, :]
        units[:, day] = (recent.units * on_day).sum(axis=1)
        expected[:, day] = on_day.sum(axis=1) * overall
    profile = shrunk_ratio(units, expected, history.groups)
    mean_factor = profile.mean(axis=1, keepdims=True)
    result: Matrix = profile / np.where(mean_factor > 0, mean_factor, 1.0)
    return result


def _window_sums(cumulative: Matrix, start: NDArray[np.int64], end: NDArray[np.int64]
                 ) -> Matrix:
    result: Matrix = cumulative[:, end] - cumulative[:, start]
    return result


def yearly_index(history: DemandHistory, offsets: NDArray[np.int64]) -> Matrix:
    """Each SKU's yearly factor for the days ``offsets`` after the history's end (0 is
    the first day ahead, −1 its last day): for each of up to ``YEARS_BACK`` years
    whose data holds it, the units of the 15 counted days around the same day that
    many years back, against what the mean of the counted days of the year centred
    on that day expects; summed over the years and pulled towards the group's
    (``shrunk_ratio``) by at least as many units as the SKU's own, so its own pattern
    weighs at most half: one year's jump of a single SKU (a promotion, a new
    listing) is not read as a season that comes back. 1 for a day no year reaches;
    kept between 0.1 and 10."""
    n, days = history.units.shape
    pad = np.zeros((n, 1))
    units_sum = np.hstack([pad, np.cumsum(history.units * history.counted, axis=1)])
    days_sum = np.hstack([pad, np.cumsum(history.counted, axis=1, dtype=np.float64)])
    index = days + offsets
    units = np.zeros((n, len(offsets)))
    expected = np.zeros((n, len(offsets)))
    reached = np.zeros(len(offsets), dtype=bool)
    for years in range(1, YEARS_BACK + 1):
        centre = index - YEAR_DAYS * years
        ok = ((centre - REFERENCE_HALF_YEAR >= 0) & (centre + REFERENCE_HALF_YEAR <= days)
              & (centre + SEASON_HALF_WINDOW + 1 <= days))
        if not ok.any():
            continue
        c = centre[ok]
        year_units = _window_sums(units_sum, c - REFERENCE_HALF_YEAR, c + REFERENCE_HALF_YEAR)
        year_days = _window_sums(days_sum, c - REFERENCE_HALF_YEAR, c + REFERENCE_HALF_YEAR)
        mean = np.divide(year_units, year_days, out=np.zeros(year_units.shape),
                         where=year_days > 0)
        start, end = c - SEASON_HALF_WINDOW, c + SEASON_HALF_WINDOW + 1
        units[:, ok] += _window_sums(units_sum, start, end)
        expected[:, ok] += _window_sums(days_sum, start, end) * mean
        reached |= ok
    factor = np.ones((n, len(offsets)))
    if reached.any():
        own = expected[:, reached]
        factor[:, reached] = shrunk_ratio(units[:, reached], own, history.groups,
                                          np.maximum(own, PROFILE_SHRINK))
    result: Matrix = np.clip(factor, 0.1, 10.0)
    return result


def seasonal(history: DemandHistory, horizon: int) -> Matrix:
    """Level with damped trend × weekday profile × yearly index (see the module).

    The level is the units of the last ``LEVEL_DAYS`` counted days over what the
    weekday and yearly factors of those days expect (a November level is not read as
    a December one); the trend compares it with the ``LEVEL_DAYS`` counted days
    before (``shrunk_ratio``), half of its monthly change carried on, damped daily
    by ``TREND_DAMPING``; the level path is kept between half and double the level."""
    past = min(PAST_DAYS, history.days)
    offsets = np.arange(-past, horizon)
    factors = yearly_index(history, offsets)
    profile = weekday_profile(history)
    first = history.first_day.weekday()
    weekday = (first + history.days + offsets) % 7
    shape = factors * np.take_along_axis(
        profile, np.broadcast_to(weekday, (len(profile), len(offsets))), axis=1)
    past_shape, ahead_shape = shape[:, :past], shape[:, past:]
    recent = history.last(past)
    last = last_counted(recent, LEVEL_DAYS)
    before = last_counted(recent, LEVEL_DAYS, skip=LEVEL_DAYS)
    level = np.divide((recent.units * last).sum(axis=1), (past_shape * last).sum(axis=1),
                      out=np.zeros(len(profile)), where=last.any(axis=1))
    prior_expected = (past_shape * before).sum(axis=1)
    units_before = (recent.units * before).sum(axis=1)
    growth = np.where(before.sum(axis=1) >= LEVEL_DAYS // 2,
                      shrunk_ratio(level * prior_expected, units_before, history.groups), 1.0)
    slope = level * (growth - 1) / LEVEL_DAYS * 0.5
    ahead = LEVEL_DAYS / 2 + np.arange(1, horizon + 1)
    damped = TREND_DAMPING * (1 - TREND_DAMPING ** ahead) / (1 - TREND_DAMPING)
    path = np.clip(level[:, None] + slope[:, None] * damped[None, :], 0.5 * level[:, None],
                   2.0 * level[:, None])
    result: Matrix = path * ahead_shape
    return result


def intermittent(history: DemandHistory, horizon: int) -> Matrix:
    """TSB over the counted days (see the module): the chance of a day with orders
    starts at its share over the history and moves by ``TSB_BETA`` on every counted
    day, the units of such a day start at their mean and move by ``TSB_ALPHA`` on each
    one; the forecast is their product, every day ahead."""
    n = history.units.shape[0]
    units = np.ascontiguousarray(history.units.T)  # one day's SKUs side by side
    counted = np.ascontiguousarray(history.counted.T)
    hit_days = ((history.units > 0) & history.counted).sum(axis=1)
    chance = np.divide(hit_days, history.counted.sum(axis=1), out=np.zeros(n),
                       where=history.counted.any(axis=1))
    size = np.divide((history.units * history.counted).sum(axis=1), hit_days,
                     out=np.zeros(n), where=hit_days > 0)
    for t in range(history.days):
        hit = counted[t] & (units[t] > 0)
        chance += np.where(counted[t], TSB_BETA * (hit - chance), 0.0)
        size += np.where(hit, TSB_ALPHA * (units[t] - size), 0.0)
    return np.repeat((chance * size)[:, None], horizon, axis=1)
