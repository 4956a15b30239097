"""The Replenishment list: what to order from each supplier, how much and by when (pure).

From the SKU table (``queries.catalog.sku_table``), with D the SKU's demand rate (its
stored forecast where one covers today, else the trailing rate: ``domain.stock_numbers``),
L its lead time (the supplier's stated lead time + its typical delay) and the net
position (available − waiting + incoming):

- listed: the SKUs Stock levels flags *Reorder now* (``stock_numbers.needs_reorder``:
  it sells, is not discontinued, its stock is tracked, its net position is at or below
  its reorder point);
- **order-up-to level**: ``domain.safety_stock.order_up_to`` for the service level,
  and never below the reorder point + D × the review period;
- **suggested quantity** = order-up-to level − net position, rounded up, then up to a
  whole number of the supplier's packs and to at least its minimum order where the
  store knows them (``pack_size``, ``min_order_qty``; ``rounded_to`` says which);
- **runs out on** = today + ⌊net position ÷ D⌋ (today when nothing is left);
- **order by** = runs out on − L, not before today: an order placed then arrives
  before the shelf is empty;
- **revenue at risk** = price × the units of D × (L + review period) the net position
  does not cover: what is not sold if nothing is ordered now.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from inventory_core.domain.safety_stock import REVIEW_DAYS, lead_time_spread, order_up_to
from inventory_core.domain.stock_numbers import needs_reorder

COLUMNS = ["supplier", "sku", "name", "suggested_qty", "order_by", "runs_out_on",
           "revenue_at_risk", "daily_demand", "net_position", "reorder_point",
           "order_up_to", "rounded_to"]


def packed(units: np.ndarray, pack_size: np.ndarray, min_order: np.ndarray) -> np.ndarray:
    """``units`` raised to at least ``min_order`` and then to a whole number of packs of
    ``pack_size`` (each blank, or below 1, where not known)."""
    wanted = np.asarray(units, dtype=float)
    least = np.nan_to_num(np.asarray(min_order, dtype=float))
    pack = np.nan_to_num(np.asarray(pack_size, dtype=float))
    wanted = np.maximum(wanted, np.where(least >= 1, least, 0))
    rounded: np.ndarray = np.where(pack >= 1, np.ceil(wanted / np.where(pack >= 1, pack, 1))
                                   * pack, wanted)
    whole: np.ndarray = np.ceil(rounded).astype(int)
    return whole


def rounding_note(pack_size: np.ndarray, min_order: np.ndarray) -> list[str]:
    """What each quantity was rounded to, as the merchant reads it (``packs of 12;
    at least 48``), "" where neither is known."""
    notes = []
    for pack, least in zip(np.nan_to_num(np.asarray(pack_size, dtype=float)),
                           np.nan_to_num(np.asarray(min_order, dtype=float)), strict=True):
        parts = ([f"packs of {int(pack)}"] if pack > 1 else []) \
            + ([f"at least {int(least)}"] if least >= 1 else [])
        notes.append("; ".join(parts))
    return notes


def replenishment(skus: pd.DataFrame, today: dt.date, service_level_pct: float
                  ) -> pd.DataFrame:
    """The SKUs to order (see the module), by supplier, then order-by date: ``COLUMNS``."""
    daily = pd.to_numeric(skus["demand_rate"]).to_numpy(dtype=float)
    net = pd.to_numeric(skus["net_position"]).to_numpy(dtype=float)
    point = pd.to_numeric(skus["reorder_point"]).to_numpy(dtype=float)
    listed = needs_reorder(skus).to_numpy()
    rows = skus[listed]
    daily, net, point = daily[listed], net[listed], point[listed]
    p50 = pd.to_numeric(rows["supply_delay_days"]).fillna(0).to_numpy(dtype=float)
    p90 = pd.to_numeric(rows["supply_late_days"]).fillna(0).to_numpy(dtype=float)
    lead = pd.to_numeric(rows["lead_time_days"]).to_numpy(dtype=float) + p50
    spread = pd.to_numeric(rows["forecast_sigma"], errors="coerce").fillna(0.0)
    up_to = np.maximum(order_up_to(service_level_pct, daily, spread.to_numpy(dtype=float),
                                   lead, lead_time_spread(p50, p90)),
                       point + np.ceil(daily * REVIEW_DAYS))
    days_left = np.floor(np.maximum(net, 0) / daily).astype(int)
    ordering = np.maximum(days_left - lead.astype(int), 0)
    short = np.maximum(np.ceil(daily * (lead + REVIEW_DAYS) - np.maximum(net, 0)), 0)
    pack, least = (pd.to_numeric(rows.get(c, pd.Series(np.nan, index=rows.index)),
                                 errors="coerce").to_numpy(dtype=float)
                   for c in ("pack_size", "min_order_qty"))
    out = pd.DataFrame({
        "supplier": rows["supplier"].fillna("No supplier").to_numpy(),
        "sku": rows["sku"].to_numpy(), "name": rows["name"].to_numpy(),
        "suggested_qty": packed(np.ceil(up_to - net), pack, least),
        "order_by": [today + dt.timedelta(days=int(d)) for d in ordering],
        "runs_out_on": [today + dt.timedelta(days=int(d)) for d in days_left],
        "revenue_at_risk": short * pd.to_numeric(rows["price"]).to_numpy(dtype=float),
        "daily_demand": daily, "net_position": net.astype(int),
        "reorder_point": point.astype(int), "order_up_to": up_to.astype(int),
        "rounded_to": rounding_note(pack, least),
    }, columns=COLUMNS)
    return out.sort_values(["supplier", "order_by", "sku"], kind="stable").reset_index(
        drop=True)
