"""The stock history recorded at each refresh, and forecasts stored from it, on the
hand-worked fixture store (tests/fixture_store.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, insert, select, update

from inventory_core.domain.access import Actor, Role
from inventory_core.errors import PermissionDenied
from inventory_core.queries.backtest import last_backtest
from inventory_core.queries.demand_history import stored_forecasts
from inventory_core.services.events import refresh
from inventory_core.services.forecasts import refresh_and_measure, refresh_forecasts
from inventory_core.store.models import Policy, Product, StockHistory
from tests.fixture_store import day


def test_each_refresh_records_the_days_stock(store, today):
    with store.begin() as connection:
        refresh(connection, today)
        refresh(connection, today)  # the same day again replaces, never doubles
        rows = {sku: (available, sellable) for sku, available, sellable in connection.execute(
            select(StockHistory.sku, StockHistory.available, StockHistory.sellable)
            .where(StockHistory.day == today))}
    assert len(rows) == 7
    assert rows["A-RED"] == (33, True)
    assert rows["C-GADGET"] == (0, True)  # on backorder: could be sold
    assert rows["G-GONE"] == (0, False)  # out of stock: could not
    assert rows["D-NEW"] == (0, True)  # taking pre-orders


def test_a_sku_without_a_policy_row_or_untracked_is_recorded_too(store, today):
    with store.begin() as connection:
        connection.execute(delete(Policy).where(Policy.sku.in_(["C-GADGET", "G-GONE"])))
        connection.execute(update(Product).where(Product.sku == "G-GONE")
                           .values(stock_tracked=False))
        refresh(connection, today)
        rows = dict(connection.execute(select(StockHistory.sku, StockHistory.sellable)
                                       .where(StockHistory.day == today)).all())
    assert rows["C-GADGET"] is False  # no policy: it sells from stock only, and has none
    assert rows["G-GONE"] is True  # the store does not count its stock: always sellable


def test_days_recorded_as_unsellable_do_not_count_as_zero_demand(store, today):
    # A-RED ordered 10 (T-40), 3 (T-20), 5 (T-10), 2 (T-3): 10/28 a day over the window
    refresh_forecasts(store, today)
    forecasts = stored_forecasts(store).set_index("sku")
    assert forecasts.loc["A-RED", "daily_units"] == pytest.approx(10 / 28)
    assert forecasts.loc["A-RED", "method"] == "trailing_mean"
    assert forecasts.loc["G-GONE", "daily_units"] == 0  # never ordered
    assert forecasts["made_on"].dt.date.eq(today).all()
    # recorded out of stock and not sellable T-28 … T-15: those 14 days leave the
    # window, except T-20 which had an order; from T-40 on, 27 days count, 20 units
    with store.begin() as connection:
        connection.execute(insert(StockHistory), [
            {"sku": "A-RED", "day": day(-ago), "available": 0, "sellable": False}
            for ago in range(15, 29)])
    refresh_forecasts(store, today)
    forecasts = stored_forecasts(store).set_index("sku")
    assert forecasts.loc["A-RED", "daily_units"] == pytest.approx(20 / 27)
    assert forecasts.loc["A-RED", "low"] <= forecasts.loc["A-RED", "daily_units"]
    assert "trailing mean" in forecasts.loc["A-RED", "reason"]


def test_a_store_without_orders_forecasts_nothing(engine):
    assert refresh_forecasts(engine, dt.date(2026, 1, 1)) == 0
    assert stored_forecasts(engine).empty


def test_an_editor_works_out_the_forecasts_and_their_accuracy_a_viewer_cannot(store, today):
    viewer = Actor("vera@shop.example", Role.VIEWER)
    with pytest.raises(PermissionDenied, match="cannot work out the forecasts"):
        refresh_and_measure(store, today, actor=viewer)
    assert stored_forecasts(store).empty and last_backtest(store) is None
    seen = []
    assert refresh_and_measure(store, today, actor=Actor("eddie@shop.example"),
                               progress=lambda done, total: seen.append((done, total))) == 7
    assert seen == [(7, 7)] and len(stored_forecasts(store)) == 7
    kept = last_backtest(store)
    # the fixture's orders reach back 100 days: the last 90 before the day after the
    # latest order (T-1) are held out; only C-GADGET was ordered before them (T-100)
    assert kept["holdout_days"] == 90 and kept["today"] == today.isoformat()
    assert kept["series"] == 1 and list(kept["categories"]) == ["Gadgets"]
