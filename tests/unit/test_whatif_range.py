"""The what-if's p10–p90 range on a SKU worked out by hand.

One SKU sells 2 units a day with a daily spread σ = 3, over a horizon of 36 days:
its mean daily demand spreads by 3 / √36 = 0.5, so the p10 and p90 rates lie
1.2816 × 0.5 = 0.6408 from 2: 1.3592 and 2.6408 a day. Its supplier's typical delay
is already in the purchase order's arrival (day 10); at p90 it delivers 5 days later.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from inventory_core.domain.whatif import Assumptions, project, project_range, range_inputs
from inventory_core.domain.whatif_arrays import ProjectionInputs, policy_arrays

TODAY = dt.date(2026, 1, 1)
FLAT = Assumptions(half_life_days=math.inf, cancel_rate_per_day=0.0)


def inputs(available: float, sigma: float | None = 3.0) -> ProjectionInputs:
    return ProjectionInputs(
        today=TODAY, skus=np.array(["X"], dtype=object), price=np.array([10.0]),
        cost=np.array([4.0]), available=np.array([available]), demand=np.array([2.0]),
        backlog_due=np.array([0.0]), backlog_late=np.array([0.0]),
        on_time_rate=np.array([1.0]), next_expected_day=np.array([10.0]),
        likely_expected_day=np.array([10.0]), arrival_sku=np.array([0]),
        arrival_day=np.array([10]), arrival_qty=np.array([200.0]),
        demand_sigma=None if sigma is None else np.array([sigma]),
        late_extra_days=np.array([5.0]))


def policy(mode: str) -> pd.DataFrame:
    return pd.DataFrame([{"sku": "X", "mode": mode, "cap": None, "restock_date": None,
                          "release_date": None, "discount_pct": 0.0}])


def test_the_slow_and_busy_cases_take_the_interval_of_demand_and_the_late_delivery():
    slow, busy = range_inputs(inputs(100.0), 36)
    assert slow.demand[0] == pytest.approx(1.3592)
    assert busy.demand[0] == pytest.approx(2.6408)
    assert (slow.arrival_day[0], busy.arrival_day[0]) == (10, 15)


def test_the_range_brackets_the_expected_sales_and_backlog():
    # From stock (100 on hand, enough for 36 days even when busy): units sold are the
    # demand: 36 × 1.3592 = 48.93 slow, 72 expected, 36 × 2.6408 = 95.07 busy.
    given = inputs(100.0)
    policies = policy_arrays(given, policy("stock"))
    band = project_range(given, policies, 36, FLAT)
    expected = project(given, policies, 36, FLAT)
    assert band.slow.totals["units_sold"] == pytest.approx(48.9312)
    assert expected.totals["units_sold"] == pytest.approx(72.0)
    assert band.busy.totals["units_sold"] == pytest.approx(95.0688)
    # On backorder with nothing on hand, 80 % of demand waits until the PO: by day 10
    # (slow, on time) 10 × 1.3592 × 0.8 = 10.87; by day 15 (busy, 5 days late)
    # 15 × 2.6408 × 0.8 = 31.69 — the peak backlog of each case.
    given = inputs(0.0)
    band = project_range(given, policy_arrays(given, policy("backorder")), 36, FLAT)
    assert band.slow.totals["peak_backlog"] == pytest.approx(10.8734, abs=1e-3)
    assert band.busy.totals["peak_backlog"] == pytest.approx(31.6896, abs=1e-3)


def test_without_a_known_spread_the_range_is_the_projection_itself():
    given = inputs(100.0, sigma=None)
    given = ProjectionInputs(**{**given.__dict__, "late_extra_days": None})
    band = project_range(given, policy_arrays(given, policy("stock")), 36, FLAT)
    assert band.slow.totals["units_sold"] == band.busy.totals["units_sold"] == 72.0


def test_the_day_stock_first_falls_short_and_its_range():
    # 100 on hand over 60 days (the purchase order lands after the horizon): the demand
    # of 2 a day empties it on day 49, so day 50 is the first left short. The spread is
    # now 1.2816 × 3 / √60 = 0.4964: slow 1.5036 a day lasts the horizon (100 / 1.5036
    # = 66.5 days); busy 2.4964 a day leaves day 40 short (100 − 40 × 2.4964 = 0.14).
    given = ProjectionInputs(**{**inputs(100.0).__dict__, "arrival_day": np.array([90])})
    policies = policy_arrays(given, policy("stock"))
    assert project(given, policies, 60, FLAT).totals["runs_short_day"] == 50
    band = project_range(given, policies, 60, FLAT)
    assert band.slow.totals["runs_short_day"] == math.inf
    assert band.busy.totals["runs_short_day"] == 40


def test_skus_running_short_are_counted_over_the_store():
    # the case above: short within 60 days expected and busy, not slow
    given = ProjectionInputs(**{**inputs(100.0).__dict__, "arrival_day": np.array([90])})
    policies = policy_arrays(given, policy("stock"))
    band = project_range(given, policies, 60, FLAT)
    assert project(given, policies, 60, FLAT).totals["skus_running_short"] == 1
    assert (band.slow.totals["skus_running_short"],
            band.busy.totals["skus_running_short"]) == (0, 1)
