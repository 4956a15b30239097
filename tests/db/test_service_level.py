"""The reorder point by service level, from the stored forecast and the supplier's
delays: hand-worked on the fixture store, and on the demo store for SKUs out of
stock for weeks."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from sqlalchemy import update

from inventory_core.domain.settings import StoreSettings
from inventory_core.io.shipped_demo import load_shipped_demo
from inventory_core.queries.catalog import sku_table
from inventory_core.services.forecasts import refresh_forecasts
from inventory_core.store.models import DemandForecast
from tests.fixture_store import TODAY


def test_a_reorder_point_by_service_level_by_hand(store, today):
    settings = StoreSettings()
    before = sku_table(store, today, settings).set_index("sku")
    assert before.loc["A-RED", "reorder_point"] == 7  # ⌈10/28 × (10 + 7)⌉, no forecast
    refresh_forecasts(store, today)
    after = sku_table(store, today, settings).set_index("sku")
    # A-RED: ordered 10 (T-40), 3 (T-20), 5 (T-10), 2 (T-3), counted from T-40: D = the
    # trailing mean 10/28. Its first order lies within the 56 days the methods are judged
    # on (and so does every fixture SKU's), so its spread cannot be measured: Poisson,
    # σ_D² = D. L = 10 days + Reliable Co's delay of 2 (PO-5), σ_L = 0 (one delivery)
    expected = math.ceil(10 / 28 * 12 + 1.6448536 * math.sqrt(10 / 28 * 12))
    assert expected == 8
    assert after.loc["A-RED", "reorder_point"] == expected
    # a SKU never ordered keeps 0; the stock itself is not changed
    assert after.loc["G-GONE", "reorder_point"] == 0
    # the demand rate is now the forecast's (here the trailing mean 10/28 itself); the
    # trailing rate is kept beside it
    assert after.loc["A-RED", "demand_rate"] == pytest.approx(10 / 28)
    assert after.loc["A-RED", "trailing_rate"] == before.loc["A-RED", "demand_rate"]


def test_skus_out_of_stock_for_weeks_get_a_reorder_point_above_the_trailing_one(engine):
    today = TODAY
    load_shipped_demo(engine, today)  # the demo store the app opens with
    settings = StoreSettings()
    trailing = sku_table(engine, today, settings).set_index("sku")
    refresh_forecasts(engine, today)
    skus = sku_table(engine, today, settings).set_index("sku")
    # out of stock, not sold on backorder, nothing ordered for the whole demand window
    # though it sold before: the trailing mean reads it as a SKU nobody wants
    out = skus[(skus["mode"] == "out_of_stock") & (skus["units_in_window"] == 0)
               & (skus["forecast_daily"] > 0)].index
    assert len(out) >= 3
    assert (trailing.loc[out, "reorder_point"] == 0).all()
    assert (skus.loc[out, "reorder_point"] > trailing.loc[out, "reorder_point"]).all()
    # the reorder point covers at least the forecast over the lead time
    lead = skus.loc[out, "lead_time_days"] + skus.loc[out, "supply_delay_days"]
    assert (skus.loc[out, "reorder_point"] >= np.floor(skus.loc[out, "forecast_daily"]
                                                        * lead)).all()



def test_a_fresh_forecast_sets_the_demand_rate_every_page_uses_and_a_stale_one_does_not(
        store, today):
    settings = StoreSettings()
    refresh_forecasts(store, today)
    with store.begin() as c:  # A-RED (33 available) forecast at 2 units a day
        c.execute(update(DemandForecast).where(DemandForecast.sku == "A-RED")
                  .values(daily_units=2.0))
    skus = sku_table(store, today, settings).set_index("sku")
    assert skus.loc["A-RED", "demand_rate"] == 2.0
    assert skus.loc["A-RED", "days_of_cover"] == 16.5  # 33 ÷ 2
    with store.begin() as c:  # made 28 days ago: it covered the days up to yesterday
        c.execute(update(DemandForecast).where(DemandForecast.sku == "A-RED")
                  .values(made_on=today - dt.timedelta(days=28)))
    skus = sku_table(store, today, settings).set_index("sku")
    assert skus.loc["A-RED", "demand_rate"] == 10 / 28  # the trailing rate again
    assert skus.loc["A-RED", "days_of_cover"] == pytest.approx(33 / (10 / 28))
