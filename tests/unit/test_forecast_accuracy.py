"""The backtest's metrics and baselines on series worked out by hand."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from inventory_core.domain.forecast import DemandHistory
from inventory_core.domain.forecast_accuracy import (
    accuracy,
    naive_scale,
    seasonal_naive,
    trailing_mean_28,
)


def _history(units):
    units = np.atleast_2d(np.asarray(units, dtype=float))
    return DemandHistory(units, np.ones(units.shape, dtype=bool), dt.date(2025, 1, 6))


def test_the_metrics_of_a_tiny_series_by_hand():
    # two SKUs, three days
    forecast = np.array([[2.0, 2.0, 2.0], [1.0, 0.0, 0.0]])
    actual = np.array([[1.0, 3.0, 2.0], [0.0, 0.0, 2.0]])
    result = accuracy(forecast, actual, scale=0.5)
    # |F − A|: 1, 1, 0, 1, 0, 2 → 5; ΣA = 8
    assert result["wape"] == pytest.approx(5 / 8)
    # terms |F−A| ÷ ((|A|+|F|)/2): 1/1.5, 1/2.5, 0, 1/0.5, 0 (both 0), 2/1 → ÷ 6 × 100
    assert result["smape"] == pytest.approx(100 / 6 * (2 / 3 + 0.4 + 0 + 2 + 0 + 2))
    # mean |F − A| = 5/6, over the naive scale 0.5
    assert result["mase"] == pytest.approx((5 / 6) / 0.5)
    # Σ(F − A) = (6 − 6) + (1 − 2) = −1
    assert result["bias"] == pytest.approx(-1 / 8)


def test_nothing_to_divide_by_reads_nan():
    result = accuracy(np.zeros((1, 2)), np.zeros((1, 2)), scale=0.0)
    assert result["smape"] == 0
    assert math.isnan(result["wape"]) and math.isnan(result["mase"])


def test_the_naive_scale_is_the_error_of_the_same_weekday_a_week_earlier():
    units = np.r_[np.zeros(7), np.full(7, 2.0), np.zeros(7)]
    # |A_t − A_t−7| over 14 days: 7 days of 2, 7 days of 2 → mean 2
    assert naive_scale(_history(units)) == pytest.approx(2.0)


def test_the_baselines():
    units = np.r_[np.zeros(28), np.full(28, 1.0), np.arange(7.0)]
    history = _history(units)  # 63 days: no year, so the last week repeats
    # the last 28 days: 21 days of 1 and 0 … 6 (21 units) → 42 / 28
    assert trailing_mean_28(history, 3)[0] == pytest.approx([42 / 28] * 3)
    assert seasonal_naive(history, 9)[0].tolist() == [0, 1, 2, 3, 4, 5, 6, 0, 1]
    year = _history(np.arange(400.0))
    # a year (364 days) before day 0 ahead (day 400) is day 36
    assert seasonal_naive(year, 3)[0].tolist() == [36, 37, 38]
