"""A retailer-shaped order history (benchmarks/retail_history.py), imported as the
generic CSV tables and backtested on the command line: the product's forecast beats
the trailing 28-day mean and the seasonal naive forecast on WAPE and sMAPE, and the
store keeps the backtest's accuracy per category for the Stock levels page; on the
shipped demo store the forecast beats both as well."""

from __future__ import annotations

import json

from benchmarks.retail_history import write_history
from inventory_core.cli import main
from inventory_core.io.shipped_demo import load_shipped_demo
from inventory_core.queries.backtest import accuracy_by_category, backtest, last_backtest
from tests.fixture_store import TODAY


def test_an_imported_history_is_backtested_and_the_forecast_beats_both_baselines(
        engine, db_url, tmp_path, capsys):
    files = write_history(tmp_path / "history", skus=80, years=2, seed=3)
    for path in files:
        assert main(["import", str(path), "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["backtest", "--db", db_url, "--holdout-days", "90", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["today"] == "2026-12-01"  # the day after the latest order line
    methods = result["methods"]
    for baseline in ("trailing_mean_28", "seasonal_naive"):
        for metric in ("wape", "smape"):
            assert methods["product"][metric] < methods[baseline][metric], (baseline, metric)
    kept = last_backtest(engine)
    assert kept == result
    table = accuracy_by_category(kept).set_index("category")
    assert table.loc["All", "series"] == result["series"]
    assert table.drop("All")["series"].sum() == result["series"]
    assert table.loc["All", "wape"] == methods["product"]["wape"]


def test_on_the_demo_store_the_forecast_beats_both_baselines_too(engine):
    load_shipped_demo(engine, TODAY)  # the store the app opens with
    result = backtest(engine, 90)
    assert result.series > 400
    product = result.methods["product"]
    for baseline in ("trailing_mean_28", "seasonal_naive"):
        for metric in ("wape", "smape"):
            assert product[metric] < result.methods[baseline][metric], (baseline, metric)
