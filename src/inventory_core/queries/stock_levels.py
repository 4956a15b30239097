"""Stock levels: one SKU's purchase orders, waiting lines and order history.

The per-SKU numbers (available, incoming, demand rate, days of cover, reorder
point, needs reorder, cover band, the 90-day stock projection) are defined in
``domain.stock_numbers``; this module reads what the Stock levels page shows
beyond the SKU table.

**Order history by week**: units ordered per calendar week (Monday to Sunday)
over the last 26 weeks, by line kind, cancelled lines left out. The database
groups the lines by day; the at most 26 × 7 × 3 daily rows are summed into weeks
here.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, select

from inventory_core.domain.aging import with_ages
from inventory_core.domain.enums import LineKind, LineStatus, PurchaseOrderStatus
from inventory_core.domain.storefront import as_dates
from inventory_core.queries.catalog import day_start
from inventory_core.queries.definitions import is_waiting
from inventory_core.store.models import (
    Order,
    OrderLine,
    Product,
    PurchaseOrder,
    Supplier,
)

HISTORY_WEEKS = 26


def search_skus(skus: pd.DataFrame, text: str) -> pd.DataFrame:
    """The SKUs whose SKU or name contains ``text`` (case-insensitive, literal)."""
    wanted = (text or "").strip()
    if not wanted:
        return skus
    hit = (skus["sku"].str.contains(wanted, case=False, regex=False)
           | skus["name"].str.contains(wanted, case=False, regex=False))
    return skus[hit]


def sku_purchase_orders(engine: Engine, sku: str) -> pd.DataFrame:
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


def sku_waiting_lines(engine: Engine, sku: str, today: dt.date) -> pd.DataFrame:
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
        .where(Product.sku == sku, is_waiting())
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
