"""The Overview's numbers: KPIs and the "needs attention" list.

Line totals (open backorder and pre-order units and value, overdue promises, the
oldest open backorder) are summed by the database over the selected SKUs; the
per-SKU state counts come from ``catalog.sku_table``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, Select, case, func, select

from inventory_core.domain.aging import days_since
from inventory_core.domain.attention import OVERDUE_COLUMNS, attention_list
from inventory_core.domain.enums import LineKind, StorefrontState
from inventory_core.domain.filters import ALL, Filters
from inventory_core.queries.definitions import is_late_supply, is_overdue, is_waiting
from inventory_core.queries.selection import narrow, narrow_by_sku
from inventory_core.store.frames import read_frames, shaped
from inventory_core.store.models import (
    LINE_IS_OPEN,
    Order,
    OrderLine,
    Product,
    PurchaseOrder,
    Supplier,
)


@dataclass(frozen=True)
class Kpis:
    """The Overview's headline figures for the selected SKUs."""

    skus_by_state: dict[StorefrontState, int]
    backorder_units: int
    backorder_value: float
    preorder_units: int
    preorder_value: float
    oldest_backorder_days: int | None
    oldest_backorder_order: str | None
    promises_overdue: int


def waiting_lines_totals(engine: Engine, today: dt.date, filters: Filters = ALL
                         ) -> dict[str, Any]:
    """Open backorder and pre-order units and value, overdue lines, the oldest backorder."""
    is_backorder = OrderLine.kind == LineKind.BACKORDER
    is_preorder = OrderLine.kind == LineKind.PREORDER
    value = OrderLine.qty * OrderLine.unit_price
    statement = (
        select(
            func.coalesce(func.sum(case((is_backorder, OrderLine.qty), else_=0)), 0),
            func.coalesce(func.sum(case((is_backorder, value), else_=0)), 0),
            func.coalesce(func.sum(case((is_preorder, OrderLine.qty), else_=0)), 0),
            func.coalesce(func.sum(case((is_preorder, value), else_=0)), 0),
            func.coalesce(func.sum(case((is_overdue(today), 1), else_=0)), 0),
            func.min(case((is_backorder, Order.placed_at))),
        )
        .select_from(OrderLine)
        .join(Order, Order.order_number == OrderLine.order_number)
        .where(is_waiting())
    )
    with engine.connect() as connection:
        row = connection.execute(narrow_by_sku(statement, OrderLine.sku, filters)).one()
        oldest_at = _as_datetime(row[5])
        oldest_order = None
        if oldest_at is not None:
            oldest_order = connection.execute(
                narrow(
                    select(Order.order_number)
                    .select_from(Product)
                    .join(OrderLine, OrderLine.sku == Product.sku)
                    .join(Order, Order.order_number == OrderLine.order_number)
                    .where(LINE_IS_OPEN, is_backorder,
                           Order.placed_at == row[5]), filters).limit(1)
            ).scalar()
    return {
        "backorder_units": int(row[0]), "backorder_value": float(row[1]),
        "preorder_units": int(row[2]), "preorder_value": float(row[3]),
        "promises_overdue": int(row[4]),
        "oldest_backorder_days": None if oldest_at is None else int(
            days_since(pd.Series([oldest_at]), today).iloc[0]),
        "oldest_backorder_order": oldest_order,
    }


def kpis(engine: Engine, skus: pd.DataFrame, today: dt.date, filters: Filters = ALL) -> Kpis:
    """The KPI row, from the SKU table (``catalog.sku_table``) and the open lines."""
    counts = skus["state"].value_counts() if not skus.empty else pd.Series(dtype=int)
    by_state = {state: int(counts.get(state, 0)) for state in StorefrontState}
    return Kpis(skus_by_state=by_state, **waiting_lines_totals(engine, today, filters))


def needs_attention(engine: Engine, skus: pd.DataFrame, today: dt.date,
                    refunds: pd.DataFrame | None = None) -> pd.DataFrame:
    """What to look at first, one row per issue with its reason, the most at stake first
    (``domain.attention``).

    ``skus`` is the selection's SKU table (``catalog.sku_table``): the database counts
    the overdue waiting lines per SKU and promised date and reads the late purchase
    orders, and only the SKUs of ``skus`` are kept; ``refunds``: the lines to cancel and
    refund (``queries.consent.refund_lines``). Columns: ``issue`` (Overdue promises,
    Promise passed, Best seller out of stock, Late purchase order, Cancel and refund),
    ``sku``, ``name``, ``reason``, ``at_stake`` (units × days).
    """
    # a column at a time where the store allows it; the grouped count, the longer
    # for the database, first (``store.frames.read_frames``)
    overdue, late = read_frames(engine, [_overdue_statement(today), _late_statement(today)])
    return attention_list(shaped(overdue, OVERDUE_COLUMNS, dates=["promised_on"]), late,
                          skus, today, refunds)


def _overdue_statement(today: dt.date) -> Select[Any]:
    """Waiting lines past their promised date, counted per SKU and promised date."""
    return (select(OrderLine.sku, OrderLine.promised_on, func.count().label("lines"),
                   func.sum(OrderLine.qty).label("units"))
            .where(is_waiting(), is_overdue(today))
            .group_by(OrderLine.sku, OrderLine.promised_on))


def _late_statement(today: dt.date) -> Select[Any]:
    """Open purchase orders expected before ``today``, with their supplier."""
    return (select(PurchaseOrder.po_number, PurchaseOrder.sku,
                   Supplier.name.label("supplier"), PurchaseOrder.qty,
                   PurchaseOrder.expected_on)
            .outerjoin(Supplier, Supplier.id == PurchaseOrder.supplier_id)
            .where(is_late_supply(today)))


def _as_datetime(value: object) -> dt.datetime | None:
    return None if value is None else pd.Timestamp(value).to_pydatetime()
