"""Reads the store and runs allocation: projected ship dates for every waiting line.

Queries return the open backorder and pre-order lines, available stock per SKU
and open purchase orders (with their supplier's measured p50/p90 delay) straight
from SQL; ``allocation.allocate`` does the rest. Computed on every read, so the
projection always follows the current supply, stock and orders.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, func, select

from .allocation import Allocation, allocate
from .enums import LineKind, PurchaseOrderStatus
from .filters import ALL, Filters
from .models import LINE_IS_OPEN, Order, OrderLine, Policy, Product, PurchaseOrder, Stock, Supplier
from .suppliers import supplier_stats


def _rows(connection: Connection, statement, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(connection.execute(statement).all(), columns=columns)


def waiting_lines(connection: Connection, filters: Filters = ALL,
                  orders: list[str] | None = None) -> pd.DataFrame:
    """Open backorder and pre-order lines (of ``orders`` when given), with release dates."""
    statement = (
        select(OrderLine.id, OrderLine.order_number, OrderLine.line_no, OrderLine.sku,
               OrderLine.qty, OrderLine.kind, Order.placed_at, OrderLine.promised_on,
               func.coalesce(Policy.release_date, Product.launch_date),
               Order.customer_email, Product.name)
        .select_from(Product)
        .join(OrderLine, OrderLine.sku == Product.sku)
        .join(Order, Order.order_number == OrderLine.order_number)
        .outerjoin(Policy, Policy.sku == Product.sku)
        .where(LINE_IS_OPEN,
               OrderLine.kind.in_([LineKind.BACKORDER, LineKind.PREORDER]))
    )
    if orders is not None:
        skus = select(OrderLine.sku).where(OrderLine.order_number.in_(orders))
        statement = statement.where(OrderLine.sku.in_(skus))
    frame = _rows(connection, filters.apply(statement),
                  ["line_id", "order_number", "line_no", "sku", "qty", "kind", "placed_at",
                   "promised_on", "release_on", "email", "name"])
    frame["kind"] = frame["kind"].astype(str)
    return frame


def available_stock(connection: Connection, filters: Filters = ALL) -> pd.DataFrame:
    """Available units (on hand − reserved, summed over locations) per SKU."""
    statement = (select(Product.sku, func.sum(Stock.on_hand - Stock.reserved))
                 .select_from(Product).join(Stock, Stock.sku == Product.sku)
                 .group_by(Product.sku))
    return _rows(connection, filters.apply(statement), ["sku", "available"])


def open_purchase_orders(connection: Connection, filters: Filters = ALL) -> pd.DataFrame:
    """Open POs with their supplier's name."""
    statement = (
        select(PurchaseOrder.po_number, PurchaseOrder.sku, PurchaseOrder.qty,
               PurchaseOrder.expected_on, PurchaseOrder.supplier_id, Supplier.name)
        .select_from(Product)
        .join(PurchaseOrder, PurchaseOrder.sku == Product.sku)
        .outerjoin(Supplier, Supplier.id == PurchaseOrder.supplier_id)
        .where(PurchaseOrder.status == PurchaseOrderStatus.OPEN)
    )
    return _rows(connection, filters.apply(statement),
                 ["po_number", "sku", "qty", "expected_on", "supplier_id", "supplier"])


def allocation(connection: Connection, today: dt.date, filters: Filters = ALL,
               stats: pd.DataFrame | None = None) -> Allocation:
    """Allocate the selected SKUs' stock and open POs to their waiting lines."""
    if stats is None:
        stats = supplier_stats(connection)
    lines = waiting_lines(connection, filters)
    stock = available_stock(connection, filters)
    pos = open_purchase_orders(connection, filters)
    delays = stats.set_index("supplier_id")[["p50_delay", "p90_delay"]]
    pos = pos.join(delays, on="supplier_id")
    result = allocate(lines, stock, pos, today)
    extra = lines.set_index("line_id")[["email", "name"]]
    result.lines[["email", "name"]] = extra.reindex(result.lines["line_id"]).to_numpy()
    supplier = pos.set_index("po_number")["supplier"]
    result.supply["supplier"] = result.supply["source"].map(supplier)
    return result


def allocation_for(engine: Engine, today: dt.date, filters: Filters = ALL) -> Allocation:
    """``allocation`` on a fresh connection of ``engine``."""
    stats = supplier_stats(engine)
    with engine.connect() as connection:
        return allocation(connection, today, filters, stats)
