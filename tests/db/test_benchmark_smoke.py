"""The scale benchmark runs end to end at a tiny scale and reports every figure."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pandas as pd

from benchmarks import run
from inventory_core.cli import main as cli
from inventory_core.queries.demand_history import stored_forecasts
from inventory_core.services.forecasts import refresh_forecasts
from inventory_core.services.settings import load_settings


def test_a_tiny_benchmark_run_reports_every_page_query_hook_and_floor(tmp_path, capsys):
    out = tmp_path / "results.json"
    assert run.main(["--skus", "200", "--lines", "2500", "--import-lines", "300", "--runs", "1",
                     "--cache", str(tmp_path), "--out", str(out), "--quiet"]) == 0
    report = json.loads(out.read_text())
    assert {"command", "machine", "parameters", "store", "targets", "floors", "figures"} <= set(
        report)
    assert report["parameters"]["skus"] == 200 and report["parameters"]["runs"] == 1
    assert report["store"]["counts"]["products"] == 200
    assert report["store"]["open_backorder_lines"] > 0
    # the floors: an empty page (cold and warm) and every DuckDB aggregate
    assert report["floors"]["empty_page_cold"] > 0 and report["floors"]["empty_page_warm"] > 0
    assert set(report["floors"]["duckdb"]) == set(run.FLOOR_SQL)
    figures = {f["name"]: f for f in report["figures"]}
    # every existing page, cold and warm, timed against the empty page
    for title, _path in run.app_pages():
        for kind in ("cold", "warm"):
            page = figures[f"{title}, {kind}"]
            assert page["status"] in ("pass", "miss"), page
            assert len(page["runs"]) == 1 and page["seconds"] > 0
            assert page["ratio"] == page["seconds"] / report["floors"][f"empty_page_{kind}"]
    # the Policies page previewing a bulk change of every SKU's discount and of every
    # SKU's mode, then its rerun
    for what in run.BULK_CHANGES:
        for label in ("previewed", "then rerun"):
            bulk = figures[f"Policies: bulk change of every SKU's {what}, {label}"]
            assert bulk["status"] in ("pass", "miss") and len(bulk["runs"]) == 1, bulk
    # every registered core query; aggregates carry their ratio to the DuckDB floor
    for query in run.QUERIES:
        figure = figures[query.name]
        assert figure["status"] in ("pass", "miss", "info"), figure
        if query.floor:
            floor = report["floors"]["duckdb"][query.floor]
            assert figure["ratio"] == figure["seconds"] / floor
            ratio_target = run.TARGETS["floor_ratio"]
            assert figure["status"] == ("pass" if figure["ratio"] <= ratio_target else "miss")
    # what-if, allocation, forecast and import are measured, or say they are not
    # available yet
    sections = [f["section"] for f in report["figures"]]
    assert sections.count("whatif") == 2 and sections.count("allocation") == 1
    assert sections.count("forecast") == 1 and sections.count("import") == 2
    for figure in report["figures"]:
        if figure["section"] in ("whatif", "allocation", "forecast", "import"):
            assert figure["status"] in ("pass", "miss", "not available"), figure
            assert figure["target"] is not None
    # the refresh of every SKU's forecast exists, so it is timed against its target, and
    # the forecasts it wrote are taken out again: the store is left as it was
    forecast = figures["forecast of every SKU, refreshed and stored"]
    assert forecast["status"] in ("pass", "miss") and len(forecast["runs"]) == 1, forecast
    assert forecast["target"] == run.TARGETS["forecast_all"] == 60.0
    with sqlite3.connect(tmp_path / "store-200-2500-7.db") as store:
        assert store.execute("SELECT count(*) FROM forecasts").fetchone() == (0,)
    printed = capsys.readouterr().out
    assert "Overview, warm" in printed and f"≤ {run.TARGETS['page_warm']:g} s" in printed


def test_a_second_run_with_the_same_parameters_reuses_the_store(tmp_path):
    args = ["--skus", "150", "--lines", "1500", "--runs", "1", "--cache", str(tmp_path),
            "--skip-import", "--skip-pages", "--quiet"]
    run.main(args)
    run.main(args)
    report = json.loads((tmp_path / "results.json").read_text())
    assert report["store"]["reused"] is True
    assert len(list(tmp_path.glob("store-*.db"))) == 1


def test_the_forecast_hook_replaces_every_forecast_and_then_puts_back_the_stored_ones(
        store, today):
    refresh_forecasts(store, today - dt.timedelta(days=1))  # forecasts stored before
    before = stored_forecasts(store)
    ctx = run.Context(engine=store, url=str(store.url), today=today,
                      settings=load_settings(store))
    refresh = run.hook_forecast_all(ctx)
    # each timed run replaces the stored forecasts: the same rows however often it runs
    assert refresh() == refresh() == len(before) > 0
    after = stored_forecasts(store)
    assert list(after["sku"]) == list(before["sku"])
    assert after["made_on"].dt.date.eq(today).all()
    while ctx.undo:  # what the benchmark runs after the figure
        ctx.undo.pop()()
    pd.testing.assert_frame_equal(stored_forecasts(store), before)


def test_the_shopify_orders_csv_holds_order_fields_on_the_first_row_of_each_order(
        tmp_path, engine, store):
    # the fixture store's order lines, as a Shopify orders export: one row per line,
    # order fields blank on an order's second and later rows
    path = tmp_path / "orders.csv"
    written = run.write_shopify_orders(engine, path, 10_000)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    with engine.connect() as connection:
        lines = connection.exec_driver_sql("SELECT count(*) FROM order_lines").scalar()
        orders = connection.exec_driver_sql("SELECT count(*) FROM orders").scalar()
    assert written == len(frame) == lines
    assert list(frame.columns) == run.SHOPIFY_ORDER_COLUMNS
    assert (frame["Created at"] != "").sum() == orders
    assert frame["Name"].nunique() == orders
    assert set(frame["Lineitem fulfillment status"]) <= {"pending", "fulfilled"}


def test_python_m_inventory_core_bench_runs_the_benchmark_script(capfd):
    assert cli(["bench", "--help"]) == 0
    assert "usage: python benchmarks/run.py" in capfd.readouterr().out
