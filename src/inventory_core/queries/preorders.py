"""Pre-order demand: what customers pre-ordered, against caps and incoming supply.

Definitions:

- a **pre-order product** is a SKU in pre-order mode, or one with open pre-order
  lines (a product just released still has customers waiting);
- **pre-ordered units / value** = open pre-order lines' units and
  units × unit price;
- **release date** = the policy's release date, else the product's launch date;
- **cap used** = pre-ordered units ÷ the policy's cap (no cap: not shown);
- **coverage** = the SKU's net position (``catalog``): available now + units on
  open purchase orders − open pre-order units − open backorder units. Zero or
  more reads *Covered*; below zero reads *Short by N*. ``release_supply`` counts
  only the incoming units expected on or before the release date, so a late
  purchase order shows up as supply after release;
- **pre-order opened** = the day the first pre-order line of the SKU was placed;
  **pre-orders per day** counts the units of pre-order lines (not cancelled)
  placed each day from then to today.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from inventory_core.domain.enums import LineKind, LineStatus, PolicyMode, PurchaseOrderStatus
from inventory_core.domain.filters import ALL, Filters
from inventory_core.domain.stock_numbers import coverage_label
from inventory_core.domain.storefront import as_dates, release_dates
from inventory_core.queries.definitions import release_date
from inventory_core.queries.selection import narrow, narrow_by_sku
from inventory_core.store.frames import read_frame
from inventory_core.store.models import (
    LINE_IS_OPEN,
    Order,
    OrderLine,
    Policy,
    Product,
    PurchaseOrder,
    group_apart,
)

TAKEN = and_(OrderLine.kind == LineKind.PREORDER,
             OrderLine.status.in_([s for s in LineStatus if s is not LineStatus.CANCELLED]))
"""A pre-order line that was not cancelled: open, or fulfilled at release."""

FEW_SKUS = 100
"""Up to this many SKUs, pre-orders per day are looked up SKU by SKU; for more, the
few pre-order lines of the store are read whole and narrowed in pandas."""


def _preorder_lines_by_sku(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Per SKU with pre-orders: the value of the open ones, when the first was placed
    and all units taken (not cancelled), from the pre-order lines alone."""
    statement = narrow_by_sku(
        select(OrderLine.sku,
               func.sum(case((LINE_IS_OPEN, OrderLine.qty * OrderLine.unit_price), else_=0))
               .label("preorder_value"),
               func.min(Order.placed_at).label("opened_at"),
               func.sum(OrderLine.qty).label("taken_units"))
        .join(Order, Order.order_number == OrderLine.order_number)
        .where(TAKEN)
        .group_by(group_apart(OrderLine.sku.expression)), OrderLine.sku, filters)
    with engine.connect() as connection:
        return read_frame(connection, statement, dates=["opened_at"])


def _supply_by_release(engine: Engine, filters: Filters) -> pd.DataFrame:
    release = release_date()
    statement = (
        select(Product.sku, func.sum(PurchaseOrder.qty))
        .select_from(Product)
        .join(PurchaseOrder, PurchaseOrder.sku == Product.sku)
        .outerjoin(Policy, Policy.sku == Product.sku)
        .where(PurchaseOrder.status == PurchaseOrderStatus.OPEN,
               and_(release.is_not(None), PurchaseOrder.expected_on <= release))
        .group_by(Product.sku)
    )
    with engine.connect() as connection:
        rows = connection.execute(narrow(statement, filters)).all()
    return pd.DataFrame(rows, columns=["sku", "release_supply"])


def preorder_demand(engine: Engine, skus: pd.DataFrame, today: dt.date,
                    filters: Filters = ALL) -> pd.DataFrame:
    """One row per pre-order product, earliest release first.

    ``skus`` is ``catalog.sku_table`` for the same filters. Columns: sku, name,
    category, supplier, price, release_date, days_to_release, preorder_units,
    preorder_value, cap, cap_used (share, or NaN without a cap), incoming_qty,
    next_expected, release_supply, coverage (net position), coverage_label,
    opened (date of the first pre-order), taken_units (all pre-order units not
    cancelled), state.
    """
    lines = _preorder_lines_by_sku(engine, filters)
    in_mode = skus["mode"].astype(str) == PolicyMode.PREORDER
    chosen = skus[in_mode | (skus["preorder_qty"] > 0)]
    out = chosen[["sku", "name", "category", "supplier", "price", "release_date",
                  "launch_date", "preorder_qty", "cap", "incoming_qty", "next_expected",
                  "net_position", "state"]].copy()
    out["release_date"] = as_dates(release_dates(out))
    out = out.drop(columns="launch_date").rename(columns={"preorder_qty": "preorder_units",
                                                          "net_position": "coverage"})
    out = out.merge(lines, on="sku", how="left").merge(
        _supply_by_release(engine, filters), on="sku", how="left")
    out["preorder_value"] = pd.to_numeric(out["preorder_value"]).astype(float).fillna(0.0)
    out["taken_units"] = pd.to_numeric(out["taken_units"]).fillna(0).astype(int)
    out["release_supply"] = pd.to_numeric(out["release_supply"]).fillna(0).astype(int)
    out["opened"] = as_dates(out["opened_at"])
    out = out.drop(columns="opened_at")
    cap = pd.to_numeric(out["cap"], errors="coerce")
    out["cap"] = cap.astype("Int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["cap_used"] = np.where(cap > 0, out["preorder_units"] / cap, np.nan)
    out["coverage"] = out["coverage"].astype(int)
    out["coverage_label"] = [coverage_label(c) for c in out["coverage"]]
    out["days_to_release"] = [None if r is None else (r - today).days
                              for r in out["release_date"]]
    out["days_to_release"] = out["days_to_release"].astype("Int64")
    order = pd.to_datetime(out["release_date"])
    return out.assign(_o=order).sort_values(["_o", "sku"], na_position="last").drop(
        columns="_o").reset_index(drop=True)


def preorders_per_day(engine: Engine, skus: list[str], today: dt.date) -> pd.DataFrame:
    """Pre-order units placed per day for ``skus``, from each one's opening day to today.

    Long format: sku, day (date), units (0 on days without pre-orders), and
    cumulative units per SKU. The database groups by SKU and day.
    """
    if not skus:
        return pd.DataFrame(columns=["sku", "day", "units", "cumulative"])
    placed_day = func.date(Order.placed_at).label("day")
    statement = (
        select(OrderLine.sku, placed_day, func.sum(OrderLine.qty).label("units"))
        .join(Order, Order.order_number == OrderLine.order_number)
        .where(TAKEN)
        .group_by(group_apart(OrderLine.sku.expression), placed_day)
    )
    if len(skus) <= FEW_SKUS:
        statement = statement.where(OrderLine.sku.in_(skus))
    with engine.connect() as connection:
        daily = read_frame(connection, statement, dates=["day"])
    daily = daily[daily["sku"].isin(skus) & (daily["day"] <= pd.Timestamp(today))]
    if daily.empty:
        return pd.DataFrame(columns=["sku", "day", "units", "cumulative"])
    daily["units"] = pd.to_numeric(daily["units"]).astype(int)
    first = daily.groupby("sku")["day"].min()
    span = (pd.Timestamp(today) - first).dt.days.to_numpy() + 1  # days from opening to today
    starts = np.repeat(np.cumsum(span) - span, span)
    grid = pd.DataFrame({
        "sku": np.repeat(first.index.to_numpy(), span),
        "day": np.repeat(first.to_numpy(), span)
        + (np.arange(span.sum()) - starts).astype("timedelta64[D]")})
    out = grid.merge(daily, on=["sku", "day"], how="left").fillna({"units": 0})
    out["units"] = out["units"].astype(int)
    out["cumulative"] = out.groupby("sku")["units"].cumsum()
    out["day"] = out["day"].dt.date
    return out
