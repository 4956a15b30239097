"""A SKU's stock numbers: position, demand, cover and reorder point (DESIGN §3).

Pure, vectorised over the SKU table (``queries.catalog.sku_table`` sums stock,
waiting lines, supply and demand per SKU in the database, then calls
``derive_numbers``). Definitions:

- available = on hand − reserved, summed over locations (summed in SQL by
  ``queries.definitions.available_stock``);
- net position = available − open backorder qty − open pre-order qty + incoming qty;
- demand rate = the stored forecast's expected units a day, for a SKU with a
  forecast made in the last ``FORECAST_FRESH_DAYS`` days (``forecast_daily``; it
  sees stock-outs and seasons), else the *trailing rate*: units on order lines placed
  in the trailing window (not cancelled) ÷ window days;
- days of cover = available ÷ demand rate (none when nothing sells);
- reorder point = trailing rate × (supplier lead time + ``safety_days``), rounded up;
  for a SKU with a stored forecast, by the service level instead
  (``domain.safety_stock.reorder_points``: forecast × lead time + safety stock);
- **needs reorder** ("Reorder now", and the Replenishment list): a SKU that sells
  (demand rate above 0), is not discontinued, whose stock is tracked, and whose net
  position is at or below its reorder point;
- **cover band**: days of cover grouped as ``COVER_BANDS`` (Nothing available,
  under 7 days, 7–14, 14–30, 30–60, 60–90, 90+ days, or No demand; Not tracked for
  a SKU whose stock the store does not count);
- a SKU whose stock is **not tracked** has no days of cover, a reorder point of 0,
  and is left out of the stock-out counts (it is always available);
- **stock-out counts** (``stock_out_counts``), each named for what it counts and
  the same on every page: *Out of stock*, the SKUs the storefront shows as out of
  stock (not sold: the Overview's state count); *On backorder*, the SKUs it sells on
  backorder (the Overview's Backorder count); *Nothing available*, the SKUs with no
  unit available whatever the storefront shows (pre-orders and discontinued ones
  too, not tracked ones not: the cover chart's "Nothing available" band);
- **stock projection** of a SKU, day by day from today (day 0):
  position(d) = available − open backorder units − open pre-order units
  + units of open purchase orders expected on or before day d (late ones count
  from day 0) − demand rate × d. Every unit already promised to a waiting
  customer is a claim from day 0; the forecast demand is the SKU's demand rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from inventory_core.domain.enums import PolicyMode, StorefrontState
from inventory_core.domain.safety_stock import reorder_points
from inventory_core.domain.settings import StoreSettings
from inventory_core.domain.storefront import as_dates, derive_storefront, stock_tracked

PROJECTION_DAYS = 90
COVER_BANDS = ["Nothing available", "Under 7 days", "7–14 days", "14–30 days", "30–60 days",
               "60–90 days", "90+ days", "No demand", "Not tracked"]


def derive_numbers(frame: pd.DataFrame, today: dt.date, settings: StoreSettings) -> pd.DataFrame:
    """Add net position, demand rate, cover, reorder point and the storefront state to
    the per-SKU sums (``available``, ``on_hand``, ``reserved``, waiting and incoming
    quantities, ``units_in_window``), typed; a SKU without a sum has 0."""
    out = frame.copy(deep=False)  # columns are replaced, never written into
    for column in ("price", "cost", "discount_pct"):
        out[column] = pd.to_numeric(out[column]).astype(float).fillna(0.0)
    for column in ("available", "on_hand", "reserved", "backorder_qty", "preorder_qty",
                   "incoming_qty", "units_in_window"):
        out[column] = pd.to_numeric(out[column]).fillna(0).astype(int)
    for column in ("launch_date", "restock_date", "release_date", "next_expected"):
        out[column] = as_dates(out[column])
    out["mode"] = out["mode"].fillna(PolicyMode.STOCK.value).astype(str)
    out["auto_switch"] = out["auto_switch"].fillna(False).astype(bool)
    out["discontinued"] = out["discontinued"].fillna(False).astype(bool)
    out["lead_time_days"] = pd.to_numeric(out["lead_time_days"]).fillna(0).astype(int)
    out["net_position"] = (out["available"] - out["backorder_qty"] - out["preorder_qty"]
                           + out["incoming_qty"])
    trailing_rate = out["units_in_window"] / settings.demand_window_days
    forecast = pd.to_numeric(out["forecast_daily"], errors="coerce")
    rate = forecast.where(forecast.notna(), trailing_rate).astype(float)
    out["trailing_rate"] = trailing_rate
    out["demand_rate"] = rate
    with np.errstate(divide="ignore", invalid="ignore"):
        cover = np.where(rate > 0, out["available"].clip(lower=0) / rate, np.nan)
    tracked = stock_tracked(out)
    out["stock_tracked"] = tracked
    out["days_of_cover"] = np.where(tracked, cover, np.nan)
    trailing = np.ceil(trailing_rate * (out["lead_time_days"] + settings.safety_days))
    point = reorder_points(settings.service_level_pct, trailing, out["forecast_daily"],
                           out["forecast_sigma"], out["lead_time_days"],
                           out["supply_delay_days"], out["supply_late_days"])
    out["reorder_point"] = np.where(tracked, point, 0.0)
    return derive_storefront(out, today, settings.low_stock_at)


def needs_reorder(skus: pd.DataFrame) -> pd.Series:
    """True for SKUs that sell, are not discontinued, whose stock is tracked and whose net
    position (available − waiting + incoming) is at or below the reorder point: the
    Reorder now flag and the Replenishment list alike."""
    flags: pd.Series = ((skus["demand_rate"] > 0) & ~skus["discontinued"].astype(bool)
                        & stock_tracked(skus) & (skus["net_position"] <= skus["reorder_point"]))
    return flags.rename("needs_reorder")


def cover_band(skus: pd.DataFrame) -> pd.Series:
    """Each SKU's cover band (see ``COVER_BANDS``), vectorised over the SKU table."""
    cover = pd.to_numeric(skus["days_of_cover"], errors="coerce")
    available = pd.to_numeric(skus["available"])
    edges = [0, 7, 14, 30, 60, 90, np.inf]
    banded = pd.cut(cover, bins=edges, labels=COVER_BANDS[1:7], right=False)
    out: pd.Series = banded.astype(object).where(cover.notna(), "No demand")
    out = out.where(available > 0, COVER_BANDS[0])
    return out.where(stock_tracked(skus), COVER_BANDS[-1]).rename("cover_band")


STOCK_OUT_COUNTS = {
    "out_of_stock": ("Out of stock", "SKUs the storefront shows as out of stock: not sold, "
                     "customers may sign up to hear when it is back"),
    "on_backorder": ("On backorder", "SKUs with nothing available that the storefront still "
                     "sells on backorder"),
    "nothing_available": ("Nothing available", "SKUs with no unit available (on hand − "
                          "reserved), whatever the storefront shows: pre-orders and "
                          "discontinued ones too"),
}
"""Each stock-out count: its label and what it counts (see the module)."""


def stock_out_counts(skus: pd.DataFrame) -> dict[str, int]:
    """The stock-out counts of ``skus`` (a ``catalog.sku_table`` frame), by the keys of
    ``STOCK_OUT_COUNTS``."""
    state = skus["state"]
    return {"out_of_stock": int((state == StorefrontState.OUT_OF_STOCK).sum()),
            "on_backorder": int((state == StorefrontState.BACKORDER).sum()),
            "nothing_available": int(((pd.to_numeric(skus["available"]) <= 0)
                                      & stock_tracked(skus)).sum())}


def coverage_label(coverage: int) -> str:
    """A pre-order's coverage (its net position) as merchants read it: ``Covered`` when
    supply meets what waits, else ``Short by N``."""
    return "Covered" if coverage >= 0 else f"Short by {-coverage:,}"


def stock_projection(sku_row: pd.Series | Mapping[str, Any], orders: pd.DataFrame,
                     today: dt.date, days: int = PROJECTION_DAYS) -> pd.DataFrame:
    """The SKU's projected stock position for day 0 … ``days`` (see the module).

    ``sku_row`` is the SKU's row of ``catalog.sku_table``; ``orders`` its purchase
    orders (``queries.stock_levels.sku_purchase_orders``). Columns: day, date,
    incoming (units arriving that day), demand (cumulative forecast), position.
    """
    offsets = np.arange(days + 1)
    open_orders = orders[orders["status"].map(lambda s: s.is_open()).astype(bool)] \
        if not orders.empty else orders
    arrival = np.zeros(days + 1)
    if not open_orders.empty:
        due = np.array([(d - today).days for d in open_orders["expected_on"]])
        within = due <= days
        np.add.at(arrival, np.clip(due[within], 0, days),
                  open_orders["qty"].to_numpy()[within])
    rate = float(sku_row["demand_rate"])
    start = (int(sku_row["available"]) - int(sku_row["backorder_qty"])
             - int(sku_row["preorder_qty"]))
    demand = rate * offsets
    return pd.DataFrame({
        "day": offsets,
        "date": [today + dt.timedelta(days=int(d)) for d in offsets],
        "incoming": arrival.astype(int),
        "demand": demand,
        "position": start + np.cumsum(arrival) - demand,
    })


def runs_out_on(plan: pd.DataFrame) -> dt.date | None:
    """The first day of a stock projection whose position is below zero, if any."""
    below = plan[plan["position"] < 0]
    day: dt.date | None = None if below.empty else below["date"].iloc[0]
    return day
