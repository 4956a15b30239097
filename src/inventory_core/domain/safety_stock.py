"""Safety stock by service level, the reorder point and the order-up-to level (pure).

With D the forecast demand a day, σ_D the spread of daily demand around it
(``domain.forecast``), L the lead time in days (the supplier's stated lead time
plus its typical delay, the p50) and σ_L the spread of the lead time (from the
supplier's delays: (p90 − p50) ÷ 1.2816, the normal spread that puts p90 there),
and z the normal quantile of the service level (1.645 for 95 %):

- safety stock = z · √(σ_D² · L + D² · σ_L²);
- reorder point = D · L + safety stock: order when the net position is at
  or below it;
- order-up-to level = D · (L + R) + z · √(σ_D² · (L + R) + D² · σ_L²), R the review
  period (``REVIEW_DAYS``): what an order brings the position up to.

All vectorised over SKUs; the reorder point and the order-up-to level are rounded
up to whole units.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray

P90_Z = NormalDist().inv_cdf(0.9)
"""The normal quantile of p90: how many spreads p90 lies above p50."""
REVIEW_DAYS = 7
"""The review period: days between two looks at what to order."""

Numbers = NDArray[np.float64]


def service_z(service_level_pct: float) -> float:
    """The normal quantile of a service level given in percent (95 → 1.645)."""
    return NormalDist().inv_cdf(service_level_pct / 100)


def lead_time_spread(p50_delay: ArrayLike, p90_delay: ArrayLike) -> Numbers:
    """σ_L from a supplier's p50 and p90 delay, in days (0 without a spread)."""
    spread: Numbers = np.maximum(np.asarray(p90_delay, dtype=float)
                                 - np.asarray(p50_delay, dtype=float), 0.0) / P90_Z
    return spread


def safety_stock(service_level_pct: float, demand: ArrayLike, demand_spread: ArrayLike,
                 lead_days: ArrayLike, lead_spread: ArrayLike) -> Numbers:
    """z · √(σ_D² · L + D² · σ_L²), in units (not rounded)."""
    d, s_d = np.asarray(demand, dtype=float), np.asarray(demand_spread, dtype=float)
    lead, s_l = np.asarray(lead_days, dtype=float), np.asarray(lead_spread, dtype=float)
    stock: Numbers = service_z(service_level_pct) * np.sqrt(s_d ** 2 * lead + d ** 2 * s_l ** 2)
    return stock


def reorder_point(service_level_pct: float, demand: ArrayLike, demand_spread: ArrayLike,
                  lead_days: ArrayLike, lead_spread: ArrayLike) -> Numbers:
    """D · L + safety stock, rounded up to whole units."""
    point: Numbers = np.ceil(np.asarray(demand, dtype=float) * np.asarray(lead_days, dtype=float)
                             + safety_stock(service_level_pct, demand, demand_spread,
                                            lead_days, lead_spread))
    return point


def order_up_to(service_level_pct: float, demand: ArrayLike, demand_spread: ArrayLike,
                lead_days: ArrayLike, lead_spread: ArrayLike,
                review_days: int = REVIEW_DAYS) -> Numbers:
    """D · (L + R) + z · √(σ_D² · (L + R) + D² · σ_L²), rounded up to whole units."""
    cover = np.asarray(lead_days, dtype=float) + review_days
    return reorder_point(service_level_pct, demand, demand_spread, cover, lead_spread)


def reorder_points(service_level_pct: float, trailing: ArrayLike, forecast: ArrayLike,
                   demand_spread: ArrayLike, lead_time_days: ArrayLike,
                   p50_delay: ArrayLike, p90_delay: ArrayLike) -> Numbers:
    """Each SKU's reorder point: by service level where it has a stored forecast (D and
    σ_D; L = lead time + p50 delay, σ_L from the p50 and p90 delay), else ``trailing``
    (the trailing-mean rule of ``domain.stock_numbers``)."""
    daily = np.asarray(forecast, dtype=float)
    p50 = np.nan_to_num(np.asarray(p50_delay, dtype=float))
    by_service = reorder_point(service_level_pct, np.nan_to_num(daily),
                               np.nan_to_num(np.asarray(demand_spread, dtype=float)),
                               np.asarray(lead_time_days, dtype=float) + p50,
                               lead_time_spread(p50, np.nan_to_num(np.asarray(p90_delay,
                                                                               dtype=float))))
    points: Numbers = np.where(np.isnan(daily), np.asarray(trailing, dtype=float), by_service)
    return points
