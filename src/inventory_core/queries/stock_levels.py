"""Stock levels: searching the SKU table, cover bands, and one SKU's drill-down.

The per-SKU numbers (available, incoming, demand rate, days of cover, reorder
point, state) come from ``catalog.sku_table``; this module adds what the Stock
levels page shows beyond them.

Definitions:

- **needs reorder**: a SKU that sells (demand rate above 0), is not discontinued,
  and whose available units plus open incoming units are at or below its
  reorder point;
- **cover band** of a SKU: its days of cover grouped as ``COVER_BANDS``
  (No stock, under 7 days, 7–14, 14–30, 30–60, 60–90, 90+ days, or No demand);
- **90-day projection** of a SKU, day by day from today (day 0):
  position(d) = available − open backorder units − open pre-order units
  + units of open purchase orders expected on or before day d (late ones count
  from day 0) − demand rate × d. Every unit already promised to a waiting
  customer is a claim from day 0; the forecast demand is the SKU's demand rate;
- **order history by week**: units ordered per calendar week (Monday to Sunday)
  over the last 26 weeks, by line kind, cancelled lines left out. The database
  groups the lines by day; the at most 26 × 7 × 3 daily rows are summed into
  weeks here.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

from inventory_core.domain.enums import LineKind, LineStatus, PurchaseOrderStatus
from inventory_core.domain.storefront import as_dates
from inventory_core.queries.aging import with_ages
from inventory_core.queries.catalog import day_start
from inventory_core.store.models import (
    LINE_IS_OPEN,
    Order,
    OrderLine,
    Product,
    PurchaseOrder,
    Supplier,
)

PROJECTION_DAYS = 90
HISTORY_WEEKS = 26
COVER_BANDS = ["No stock", "Under 7 days", "7–14 days", "14–30 days", "30–60 days",
               "60–90 days", "90+ days", "No demand"]


def cover_band(skus: pd.DataFrame) -> pd.Series:
    """Each SKU's cover band (see ``COVER_BANDS``), vectorised over the SKU table."""
    cover = pd.to_numeric(skus["days_of_cover"], errors="coerce")
    available = pd.to_numeric(skus["available"])
    edges = [0, 7, 14, 30, 60, 90, np.inf]
    banded = pd.cut(cover, bins=edges, labels=COVER_BANDS[1:7], right=False)
    out = banded.astype(object).where(cover.notna(), "No demand")
    return out.where(available > 0, "No stock").rename("cover_band")


def needs_reorder(skus: pd.DataFrame) -> pd.Series:
    """True for SKUs that sell and whose available plus incoming is at the reorder point."""
    supply = skus["available"] + skus["incoming_qty"]
    return ((skus["demand_rate"] > 0) & ~skus["discontinued"].astype(bool)
            & (supply <= skus["reorder_point"])).rename("needs_reorder")


def search(skus: pd.DataFrame, text: str) -> pd.DataFrame:
    """The SKUs whose SKU or name contains ``text`` (case-insensitive, literal)."""
    wanted = (text or "").strip()
    if not wanted:
        return skus
    hit = (skus["sku"].str.contains(wanted, case=False, regex=False)
           | skus["name"].str.contains(wanted, case=False, regex=False))
    return skus[hit]


def purchase_orders(engine: Engine, sku: str) -> pd.DataFrame:
    """Every purchase order of ``sku``: open ones first (by expected date), then the rest."""
    statement = (
        select(PurchaseOrder.po_number, Supplier.name, PurchaseOrder.qty,
               PurchaseOrder.ordered_on, PurchaseOrder.expected_on, PurchaseOrder.received_on,
               PurchaseOrder.status)
        .outerjoin(Supplier, Supplier.id == PurchaseOrder.supplier_id)
        .where(PurchaseOrder.sku == sku)
        .order_by(PurchaseOrder.expected_on.desc())
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    frame = pd.DataFrame(rows, columns=["po_number", "supplier", "qty", "ordered_on",
                                        "expected_on", "received_on", "status"])
    for column in ("ordered_on", "expected_on", "received_on"):
        frame[column] = as_dates(frame[column])
    frame["status"] = [PurchaseOrderStatus(s) for s in frame["status"]]
    is_open = frame["status"].map(lambda s: s.is_open()).astype(bool)
    return pd.concat([frame[is_open].iloc[::-1], frame[~is_open]], ignore_index=True)


def projection(sku_row: pd.Series | dict, orders: pd.DataFrame, today: dt.date,
               days: int = PROJECTION_DAYS) -> pd.DataFrame:
    """The SKU's projected stock position for day 0 … ``days`` (see the module).

    ``sku_row`` is the SKU's row of ``catalog.sku_table``; ``orders`` its purchase
    orders (``purchase_orders``). Columns: day, date, incoming (units arriving
    that day), demand (cumulative forecast), position.
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
    """The first day of a projection whose position is below zero, if any."""
    below = plan[plan["position"] < 0]
    return None if below.empty else below["date"].iloc[0]


def history_start(today: dt.date, weeks: int = HISTORY_WEEKS) -> dt.date:
    """The Monday starting the oldest of the last ``weeks`` calendar weeks."""
    this_monday = today - dt.timedelta(days=today.weekday())
    return this_monday - dt.timedelta(weeks=weeks - 1)


def weekly_orders(engine: Engine, sku: str, today: dt.date,
                  weeks: int = HISTORY_WEEKS) -> pd.DataFrame:
    """Units of ``sku`` ordered per calendar week and line kind, oldest week first.

    One row per week (Monday ``week_start``) with a column of units per kind
    (``stock``, ``backorder``, ``preorder``) and ``total``; cancelled lines left out.
    """
    start = history_start(today, weeks)
    placed_day = func.date(Order.placed_at).label("day")
    statement = (
        select(placed_day, OrderLine.kind, func.sum(OrderLine.qty))
        .join(Order, Order.order_number == OrderLine.order_number)
        .where(OrderLine.sku == sku, OrderLine.status != LineStatus.CANCELLED,
               Order.placed_at >= day_start(start),
               Order.placed_at < day_start(today + dt.timedelta(days=1)))
        .group_by(placed_day, OrderLine.kind)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    daily = pd.DataFrame(rows, columns=["day", "kind", "units"])
    mondays = pd.date_range(pd.Timestamp(start), periods=weeks, freq="7D")
    kinds = [k.value for k in LineKind]
    if daily.empty:
        weekly = pd.DataFrame(0, index=mondays, columns=kinds)
    else:
        day = pd.to_datetime(daily["day"])
        daily["week_start"] = day - pd.to_timedelta(day.dt.weekday, unit="D")
        daily["kind"] = daily["kind"].map(lambda k: LineKind(k).value)
        weekly = (daily.pivot_table(index="week_start", columns="kind", values="units",
                                    aggfunc="sum", fill_value=0)
                  .reindex(index=mondays, columns=kinds, fill_value=0))
    weekly = weekly.astype(int)
    weekly["total"] = weekly.sum(axis=1)
    weekly.columns.name = None
    return weekly.rename_axis("week_start").reset_index().assign(
        week_start=lambda f: f["week_start"].dt.date)


def waiting_lines(engine: Engine, sku: str, today: dt.date) -> pd.DataFrame:
    """The open backorder and pre-order lines of ``sku``, oldest first.

    Columns: order_number, customer, kind (LineKind), qty, value, placed (date),
    age_days, promised_on (date or None), overdue (bool).
    """
    statement = (
        select(Order.order_number, Order.customer_name, OrderLine.kind, OrderLine.qty,
               (OrderLine.qty * OrderLine.unit_price), Order.placed_at, OrderLine.promised_on)
        .select_from(Product)
        .join(OrderLine, OrderLine.sku == Product.sku)
        .join(Order, Order.order_number == OrderLine.order_number)
        .where(Product.sku == sku, LINE_IS_OPEN,
               OrderLine.kind.in_([LineKind.BACKORDER, LineKind.PREORDER]))
        .order_by(Order.placed_at, Order.order_number, OrderLine.line_no)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    frame = with_ages(pd.DataFrame(rows, columns=[
        "order_number", "customer", "kind", "qty", "value", "placed_at", "promised_on"]), today)
    frame["kind"] = [LineKind(k) for k in frame["kind"]]
    return frame[
        ["order_number", "customer", "kind", "qty", "value", "placed", "age_days",
         "promised_on", "overdue"]]
