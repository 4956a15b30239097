"""``python -m inventory_core backtest`` and ``forecast`` on the hand-worked fixture
store (tests/fixture_store.py)."""

from __future__ import annotations

import json

import pytest

from inventory_core.cli import main
from inventory_core.queries.demand_history import stored_forecasts


def test_the_backtest_of_the_last_week_by_hand(store, db_url, capsys):
    # today defaults to the day after the latest order (#9, T-1): T. Held out T-7 … T-1;
    # series: the SKUs ordered before T-7: A-RED, B-BLUE, C-GADGET.
    assert main(["backtest", "--db", db_url, "--holdout-days", "7", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["holdout_days"] == 7 and result["series"] == 3
    assert set(result["methods"]) >= {"product", "trailing_mean_28", "seasonal_naive"}
    # trailing 28 days before the cut (T-35 … T-8): A 3 + 5 = 8, B 7, C 1 + 2 + 6 = 9,
    # each ÷ 28 a day; ordered in the held-out week: A 2 (T-3), C 1 (T-5): ΣA = 3
    # |F − A|: A 6 · 8/28 + (2 − 8/28), B 7 · 7/28, C 6 · 9/28 + (1 − 9/28) = 218/28
    trailing = result["methods"]["trailing_mean_28"]
    assert trailing["wape"] == pytest.approx(218 / 28 / 3, abs=1e-6)
    assert trailing["bias"] == pytest.approx((7 * 24 / 28 - 3) / 3, abs=1e-6)
    # sMAPE terms: 2 on each of the 19 days with nothing ordered, A (48/28) / (64/56)
    # = 1.5 on T-3, C (19/28) / (37/56) = 38/37 on T-5; over 21 SKU-days
    assert trailing["smape"] == pytest.approx(100 / 21 * (38 + 1.5 + 38 / 37), abs=1e-4)


def test_the_backtest_as_text_and_its_refusals(store, db_url, capsys):
    assert main(["backtest", "--db", db_url, "--holdout-days", "7"]) == 0
    out = capsys.readouterr().out
    assert "Backtest of 3 series over the 7 days" in out and "trailing_mean_28" in out
    assert main(["backtest", "--db", db_url, "--holdout-days", "0"]) == 1
    assert "held-out days must be from 1 to 365" in capsys.readouterr().err


def test_a_store_without_orders_cannot_be_backtested(engine, db_url, capsys):
    assert main(["backtest", "--db", db_url, "--holdout-days", "7"]) == 1
    assert "no orders to backtest" in capsys.readouterr().err


def test_the_forecast_command_stores_every_skus_forecast(store, db_url, today, capsys):
    assert main(["forecast", "--db", db_url, "--today", today.isoformat()]) == 0
    assert "Forecast 7 SKUs" in capsys.readouterr().out
    assert len(stored_forecasts(store)) == 7
