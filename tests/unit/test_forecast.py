"""The daily forecast on series worked out by hand (domain.forecast)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from inventory_core.domain.forecast import (
    DemandHistory,
    counted_days,
    forecast,
    intermittent,
    method_reason,
    out_since_last_order,
    seasonal,
)

MONDAY = dt.date(2025, 1, 6)


def _history(units, unsellable=None, first_day=MONDAY):
    units = np.atleast_2d(np.asarray(units, dtype=float))
    if unsellable is None:
        unsellable = np.zeros(units.shape, dtype=bool)
    return DemandHistory(units, counted_days(units, np.atleast_2d(unsellable)), first_day)


def _out_for_two_weeks():
    units = np.r_[np.full(70, 2.0), np.zeros(14)]
    unsellable = np.r_[np.zeros(70, bool), np.ones(14, bool)]
    return units, unsellable


def test_two_weeks_out_of_stock_are_not_zero_demand():
    units, unsellable = _out_for_two_weeks()
    result = forecast(_history(units, unsellable), 28)
    # 2 a day on every day it could be sold; counting the 14 empty days would give 1.0
    assert result.daily[0] == pytest.approx(np.full(28, 2.0))
    assert result.method[0] == "trailing_mean"
    assert result.sigma[0] == pytest.approx(0.0)


def test_the_order_history_implies_the_stock_out_when_nothing_is_recorded():
    units, _ = _out_for_two_weeks()
    implied = out_since_last_order(np.atleast_2d(units), np.array([True]))
    assert implied[0].sum() == 14 and implied[0, 70:].all()
    assert forecast(_history(units, implied), 28).daily[0, 0] == pytest.approx(2.0)
    assert not out_since_last_order(np.atleast_2d(units), np.array([False])).any()


def test_days_before_the_first_order_do_not_count():
    counted = counted_days(np.array([[0.0, 0.0, 3.0, 0.0]]), np.zeros((1, 4), dtype=bool))
    assert counted.tolist() == [[False, False, True, True]]


def test_a_weekly_pattern_is_forecast_by_weekday():
    # Monday to Friday 1 unit, Saturday and Sunday 6: 17 a week, 30 weeks from a Monday
    week = [1, 1, 1, 1, 1, 6, 6]
    result = forecast(_history(np.tile(week, 30)), 14)
    assert result.method[0] == "seasonal"
    # level 17/7; a weekday's factor is its units over what the mean expects, pulled
    # towards all SKUs' ratio, which for one SKU is its own: 7/17 and 42/17
    assert result.daily[0, 0] == pytest.approx(1.0)
    assert result.daily[0, 5] == pytest.approx(6.0)
    assert result.daily[0, 12] == pytest.approx(6.0)
    assert "missed by" in method_reason(result.method[0], result.errors[0])


def test_a_slow_seller_borrows_the_weekday_pattern_of_the_store():
    week = np.array([1, 1, 1, 1, 1, 6, 6], dtype=float)
    slow = np.zeros(210)
    slow[6::14] = 1.0  # one unit every other Sunday
    history = _history(np.vstack([np.tile(week, 30), slow]))
    daily = seasonal(history, 7)[1]
    # the last 26 weeks: the slow seller's 13 units, all on Sundays, expected 13/7 a
    # weekday; both SKUs together: Sunday 169 units for 65 expected (2.6), Monday 26
    # (0.4). Pulled by 10 units: Sunday (13 + 10 · 2.6) / (13/7 + 10), not its own 7
    sunday = (13 + 10 * 2.6) / (13 / 7 + 10)
    monday = (0 + 10 * 0.4) / (13 / 7 + 10)
    level = 1 / 14
    assert daily[6] == pytest.approx(level * sunday)  # 3.29 × its level
    assert daily[0] == pytest.approx(level * monday)


def test_a_yearly_peak_is_forecast_from_a_year_earlier():
    units = np.ones(728)
    units[371:385] = 5.0  # two weeks of 5 a day, a year before days 7 to 20 ahead
    daily = seasonal(_history(units), 28)[0]
    # factor = mean of the 7 days around the same day a year back ÷ the 56 days before
    assert daily[0] == pytest.approx(1.0)
    assert daily[7] == pytest.approx(23 / 7)  # 3 days of 1 and 4 of 5
    assert daily[10] == pytest.approx(5.0)
    assert daily[27] == pytest.approx(1.0)


def test_an_intermittent_seller_gets_a_small_steady_rate():
    units = np.zeros(200)
    units[9::10] = 1.0  # one unit every 10 days
    # SBA: size 1, interval 10 → (1 − 0.1/2) · 1/10
    assert intermittent(_history(units), 5)[0] == pytest.approx(np.full(5, 0.095))
    # five unsellable days inserted do not lengthen the interval between sales
    gap = np.r_[units[:100], np.zeros(5), units[100:]]
    unsellable = np.r_[np.zeros(100, bool), np.ones(5, bool), np.zeros(100, bool)]
    assert intermittent(_history(gap, unsellable), 5)[0, 0] == pytest.approx(0.095)


def test_every_sku_is_forecast_at_once_with_an_interval():
    units, unsellable = _out_for_two_weeks()
    sparse = np.zeros(84)
    sparse[::7] = 3.0
    result = forecast(_history(np.vstack([units, sparse]),
                               np.vstack([unsellable, np.zeros(84, bool)])), 7)
    assert result.daily.shape == (2, 7)
    assert (result.low <= result.daily).all() and (result.daily <= result.high).all()
    assert (result.low >= 0).all()
