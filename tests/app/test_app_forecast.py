"""Stock levels shows what the store keeps of the forecast: a SKU's daily forecast with
its band, method and why in its drill-down, and the last backtest's accuracy per
category (the hand-worked fixture store, tests/fixture_store.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from inventory_core.cli import main
from inventory_core.services.forecasts import refresh_forecasts
from inventory_core.store.models import StockHistory
from tests.apptest import app_on, shown
from tests.fixture_store import day

STOCK = "pages/stock_levels.py"


def _captions(at) -> str:
    return "\n".join(shown(c.value) for c in at.caption)


def test_the_drill_down_says_no_forecast_is_stored_yet(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=STOCK)
    at.selectbox(key="stock_levels_sku").set_value("A-RED").run()
    assert not at.exception
    assert "No forecast is stored for this SKU yet" in _captions(at)
    assert "The forecast has not been measured on this store yet" in _captions(at)


def test_the_drill_down_draws_the_stored_forecast_and_why(store, db_url, today, monkeypatch,
                                                          capsys):
    refresh_forecasts(store, today)
    assert main(["backtest", "--db", db_url, "--holdout-days", "7"]) == 0
    capsys.readouterr()
    at = app_on(db_url, monkeypatch, page=STOCK)
    at.selectbox(key="stock_levels_sku").set_value("A-RED").run()
    assert not at.exception
    text = _captions(at)
    # A-RED: 3 + 5 + 2 units over its last 28 counted days (see tests/db/test_forecasts.py)
    assert "Expected 0.36 units a day over the next 4 weeks" in text
    assert "Method: trailing mean: too little history to judge another method." in text
    assert len(at.get("plotly_chart")) == 5  # the forecast beside the drill-down's four
    table = at.dataframe[-1].value.set_index("Category")  # the page's last table
    # the backtest's 3 series (A-RED, B-BLUE, C-GADGET), all of them last
    assert table.index[-1] == "All" and table.loc["All", "SKUs"] == 3
    assert table.drop("All")["SKUs"].sum() == 3
    trailing = table.loc["All", "28-day mean WAPE"]
    assert trailing == pytest.approx(218 / 28 / 3, abs=1e-6)  # tests/db/test_backtest_cli.py


def test_the_forecast_and_the_reorder_point_read_the_same_on_two_pages(store, db_url, today,
                                                                      monkeypatch):
    # C-GADGET had nothing to sell from T-80 to T-15 but on the days it had orders (T-75,
    # T-45, T-25, T-20): its last 28 counted days reach back to T-90 and hold 14 units
    # (0.5 a day), where its trailing demand rate is 10 units in 28 days (0.4 shown)
    with store.begin() as connection:
        connection.execute(insert(StockHistory), [
            {"sku": "C-GADGET", "day": day(-ago), "available": 0, "sellable": False}
            for ago in range(15, 81)])
    refresh_forecasts(store, today)
    at = app_on(db_url, monkeypatch, page=STOCK)
    stock = at.dataframe(key="stock_levels_table").value.set_index("SKU")
    at.selectbox(key="stock_levels_sku").set_value("C-GADGET").run()
    said = next(c for c in _captions(at).splitlines() if c.startswith("Expected "))
    at.switch_page("pages/replenishment.py")
    at.run()
    assert not at.exception
    order = at.dataframe[0].value.set_index("sku")
    # the reorder point of Stock levels is the Replenishment list's
    assert (float(order.loc["C-GADGET", "reorder_point"])
            == float(stock.loc["C-GADGET", "Reorder point"]))
    # the forecast the drill-down states (2 decimals) is the demand a day Replenishment
    # orders for (1 decimal): 14/28
    assert float(order.loc["C-GADGET", "daily_demand"]) == pytest.approx(0.5)
    assert said.startswith("Expected 0.50 units a day")


def test_the_button_works_out_the_forecasts_and_measures_them(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=STOCK)
    assert "The forecast has not been measured on this store yet" in _captions(at)
    at.button(key="stock_levels_refresh_forecasts").click().run()
    assert not at.exception
    at.selectbox(key="stock_levels_sku").set_value("A-RED").run()
    assert "Expected 0.36 units a day over the next 4 weeks" in _captions(at)
    table = at.dataframe[-1].value.set_index("Category")
    assert table.loc["All", "SKUs"] == 1  # C-GADGET: ordered before the last 90 days
