"""The daily forecast on series worked out by hand (domain.forecast, forecast_methods,
demand_quantiles)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from inventory_core.domain.demand_quantiles import dispersion, quantiles
from inventory_core.domain.forecast import (
    counted_days,
    forecast,
    forecast_in_chunks,
    implied_stock_outs,
    method_reason,
    out_since_last_order,
)
from inventory_core.domain.forecast_methods import (
    DemandHistory,
    intermittent,
    seasonal,
    yearly_index,
)

MONDAY = dt.date(2025, 1, 6)


def _history(units, unsellable=None, first_day=MONDAY, groups=None):
    units = np.atleast_2d(np.asarray(units, dtype=float))
    if unsellable is None:
        unsellable = np.zeros(units.shape, dtype=bool)
    return DemandHistory(units, counted_days(units, np.atleast_2d(unsellable)), first_day,
                         groups)


def _out_for_two_weeks():
    units = np.r_[np.full(70, 2.0), np.zeros(14)]
    unsellable = np.r_[np.zeros(70, bool), np.ones(14, bool)]
    return units, unsellable


def test_two_weeks_out_of_stock_are_not_zero_demand():
    units, unsellable = _out_for_two_weeks()
    result = forecast(_history(units, unsellable), 28)
    # 2 a day on every day it could be sold; counting the 14 empty days would give 1.0
    assert result.expected[0] == pytest.approx(np.full(28, 2.0))
    assert result.method[0] == "trailing_mean"
    # 84 days are too few to judge the spread: Poisson around 2 — P(0) = 0.135 ≥ 0.1,
    # P(≤ 1) = 0.406, P(≤ 2) = 0.677 ≥ 0.5, P(≤ 3) = 0.857, P(≤ 4) = 0.947 ≥ 0.9
    assert (result.daily[0] == 2).all() and (result.low[0] == 0).all()
    assert (result.high[0] == 4).all()
    assert result.sigma[0] == pytest.approx(np.sqrt(2.0))


def test_the_order_history_implies_the_stock_out_when_nothing_is_recorded():
    units, _ = _out_for_two_weeks()
    implied = out_since_last_order(np.atleast_2d(units), np.array([True]))
    assert implied[0].sum() == 14 and implied[0, 70:].all()
    assert forecast(_history(units, implied), 28).expected[0, 0] == pytest.approx(2.0)
    assert not out_since_last_order(np.atleast_2d(units), np.array([False])).any()


def test_days_before_the_first_order_do_not_count():
    counted = counted_days(np.array([[0.0, 0.0, 3.0, 0.0]]), np.zeros((1, 4), dtype=bool))
    assert counted.tolist() == [[False, False, True, True]]


def test_a_weekly_pattern_is_forecast_by_weekday():
    # Monday to Friday 1 unit, Saturday and Sunday 6: 17 a week, 30 weeks from a Monday
    week = [1, 1, 1, 1, 1, 6, 6]
    result = forecast(_history(np.tile(week, 30)), 14)
    assert result.method[0] == "seasonal"
    # weekday factors 7/17 and 42/17; the level, deseasonalised, 8 · 17 units over the
    # 56 factors of the last 8 weeks (they average 1): 17/7; no trend
    assert result.expected[0, 0] == pytest.approx(1.0)
    assert result.expected[0, 5] == pytest.approx(6.0)
    assert result.expected[0, 12] == pytest.approx(6.0)
    # it misses by nothing, so no spread beyond Poisson: medians 1 and 6
    assert result.daily[0, :7].tolist() == [1, 1, 1, 1, 1, 6, 6]
    reason = method_reason(result.method[0], result.errors[0], result.smape[0])
    assert reason.startswith("weekly and yearly pattern with trend: missed by 0 units")


def test_a_slow_seller_borrows_the_weekday_pattern_of_its_group():
    week = np.array([1, 1, 1, 1, 1, 6, 6], dtype=float)
    slow = np.zeros(210)
    slow[6::14] = 1.0  # one unit every other Sunday
    history = _history(np.vstack([np.tile(week, 30), slow]))
    daily = seasonal(history, 7)[1]
    # the last 26 weeks, each weekday 26 times. The fast seller expects 26 · 17/7 a
    # weekday (its ratios 7/17 Monday to Friday, 42/17 at the weekend), the slow one
    # 13/7 (its ratios 0, and 7 on Sunday). The group's ratio: their mean, weighted by
    # expected ÷ (expected + 30). The slow seller's, pulled by 30 units towards it:
    # (units + 30 · group) ÷ (13/7 + 30); then scaled to average 1
    fast_e, slow_e = 26 * 17 / 7, 13 / 7
    w_fast, w_slow = fast_e / (fast_e + 30), slow_e / (slow_e + 30)
    group = {day: (w_fast * fast + w_slow * slow) / (w_fast + w_slow) for day, fast, slow in
             (("weekday", 7 / 17, 0.0), ("saturday", 42 / 17, 0.0), ("sunday", 42 / 17, 7.0))}
    shrunk = {day: ((13 if day == "sunday" else 0) + 30 * ratio) / (slow_e + 30)
              for day, ratio in group.items()}
    sunday, monday = shrunk["sunday"], shrunk["weekday"]
    mean = (5 * monday + shrunk["saturday"] + sunday) / 7
    # its level: 4 units over the last 56 days, over those days' factors (8 weeks)
    level = 4 / (8 * 7)
    assert daily[6] == pytest.approx(level * sunday / mean)
    assert daily[0] == pytest.approx(level * monday / mean)
    # in a group of its own it keeps its own pattern: nothing but Sundays
    alone = seasonal(_history(np.vstack([np.tile(week, 30), slow]), groups=np.array([0, 1])),
                     7)[1]
    assert alone[0] == pytest.approx(0.0) and alone[6] == pytest.approx(level * 7)


def test_a_yearly_peak_is_forecast_from_a_year_earlier():
    units = np.ones(728)
    units[371:385] = 5.0  # two weeks of 5 a day, a year before days 7 to 20 ahead
    history = _history(units)
    # the index of a day ahead: the 15 days around it a year back over the mean of the
    # year centred there (420/364: the peak adds 56); the level of the last 56 days is
    # deseasonalised by the same mean, so the forecast is the 15 days' mean
    index = yearly_index(history, np.array([10]))[0, 0]
    assert index == pytest.approx((11 * 5 + 4) / 15 / (420 / 364))
    daily = seasonal(history, 28)[0]
    assert daily[0] == pytest.approx(19 / 15)  # one day of 5 in the window
    assert daily[10] == pytest.approx(59 / 15)  # 11 days of 5 and 4 of 1
    assert daily[14] == pytest.approx(71 / 15)  # 14 days of 5 and 1 of 1


def test_an_intermittent_seller_that_stopped_fades():
    units = np.zeros(400)
    units[4:300:5] = 1.0  # one unit every 5 days, then nothing for 100 days
    before = intermittent(_history(units[:300]), 1)[0, 0]
    after = intermittent(_history(units), 1)[0, 0]
    # TSB: the chance of a day with orders moves 5 % towards 0 on each quiet day; the
    # units of such a day (1) do not change
    assert after == pytest.approx(before * 0.95 ** 100)
    assert before == pytest.approx(0.2, abs=0.05)


def test_a_slow_seller_is_forecast_zero_most_likely_with_its_expected_units():
    units = np.zeros(400)
    units[9::10] = 1.0  # one unit every 10 days
    result = forecast(_history(units), 14)
    # most days sell nothing: the most likely units are 0, the expected ~0.1 a day
    assert (result.daily == 0).all()
    assert result.expected[0, 0] == pytest.approx(0.1, abs=0.02)


def test_quantiles_of_a_days_demand_by_hand():
    # Poisson 2 (as above); α = 1 around 1: P(k) = 0.5^(k+1), so P(≤ 0) = 0.5,
    # P(≤ 2) = 0.875, P(≤ 3) = 0.9375; at 100 a day the normal approximation
    low, mid, high = quantiles(np.array([[2.0], [1.0], [100.0]]), np.array([0.0, 1.0, 0.0]))
    assert low[:, 0].tolist() == [0, 0, round(100 - 1.2816 * 10)]
    assert mid[:, 0].tolist() == [2, 0, 100]
    assert high[:, 0].tolist() == [4, 3, round(100 + 1.2816 * 10)]


def test_the_dispersion_by_hand():
    actual = np.array([[0.0, 4.0], [1.0, 1.0]])
    mean = np.ones((2, 2))
    counted = np.ones((2, 2), dtype=bool)
    # row 0: ((0 − 1)² − 1) + ((4 − 1)² − 1) = 8 over Σμ² = 2; row 1: −2 over 2; all: 6 / 4
    alpha = dispersion(actual, mean, counted, np.array([True, True]), pseudo=2.0)
    assert alpha.tolist() == pytest.approx([(8 + 2 * 1.5) / 4, (-2 + 2 * 1.5) / 4])
    # a row not judged takes the others' α
    alone = dispersion(actual, mean, counted, np.array([True, False]), pseudo=2.0)
    assert alone[1] == pytest.approx(4.0)


def test_every_sku_is_forecast_at_once_with_an_interval():
    units, unsellable = _out_for_two_weeks()
    sparse = np.zeros(84)
    sparse[::7] = 3.0
    result = forecast(_history(np.vstack([units, sparse]),
                               np.vstack([unsellable, np.zeros(84, bool)])), 7)
    assert result.daily.shape == (2, 7)
    assert (result.low <= result.daily).all() and (result.daily <= result.high).all()
    assert (result.low >= 0).all()
    too_short = method_reason("trailing_mean", result.errors[0], result.smape[0])
    assert too_short == "trailing mean: too little history to judge another method"


def test_a_store_is_forecast_in_chunks_of_skus_joined_in_order():
    units, unsellable = _out_for_two_weeks()
    sparse = np.zeros(84)
    sparse[::7] = 3.0
    history = _history(np.vstack([units, sparse, units]),
                       np.vstack([unsellable, np.zeros(84, bool), unsellable]))
    whole = forecast(history, 7)
    assert np.array_equal(forecast_in_chunks(history, 7).daily, whole.daily)
    apart = forecast_in_chunks(history, 7, chunk=2)
    assert apart.daily.shape == (3, 7) and apart.method.shape == (3,)
    assert apart.expected[2] == pytest.approx(whole.expected[2])  # its own chunk


def test_a_gap_in_the_orders_only_a_stock_out_explains_does_not_count():
    units = np.r_[np.full(60, 2.0), np.zeros(10), np.full(20, 2.0), np.zeros(3), [2.0],
                  np.zeros(8)]
    gaps = implied_stock_outs(np.atleast_2d(units))[0]
    # 10 days without orders after 56 days of 2 a day: 20 units expected, more than 10
    assert gaps[60:70].all() and gaps.sum() == 10
    # 3 days are too short to tell; the last 8 days have no order after them (what
    # the SKU has now decides those: out_since_last_order)
    assert not gaps[90:].any()
    # a slow seller's quiet weeks are demand: 0.1 a day × 30 days is 3 units
    slow = np.zeros(200)
    slow[::10] = 1.0
    slow[100:130] = 0.0
    slow[130] = 1.0
    assert not implied_stock_outs(np.atleast_2d(slow)).any()
