"""Reads the store and runs allocation: projected ship dates for every waiting line.

Queries return the open backorder and pre-order lines, available stock per SKU
and open purchase orders straight from SQL, each purchase order with its
supplier's typical (p50) and late (p90) delay as projections use them
(``domain.suppliers``); ``allocation.allocate`` does the rest. Computed on every read, so the
projection always follows the current supply, stock and orders.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, select

from inventory_core.domain.allocation import Allocation, allocate
from inventory_core.domain.enums import PurchaseOrderStatus
from inventory_core.domain.filters import ALL, Filters
from inventory_core.queries.definitions import available_stock, is_waiting, release_date
from inventory_core.queries.selection import narrow, narrow_by_sku
from inventory_core.queries.suppliers import supplier_reliability
from inventory_core.store.frames import read_frame
from inventory_core.store.models import (
    Order,
    OrderLine,
    Policy,
    Product,
    PurchaseOrder,
    Stock,
    Supplier,
)


def waiting_lines(connection: Connection, filters: Filters = ALL,
                  orders: list[str] | None = None) -> pd.DataFrame:
    """Open backorder and pre-order lines (of ``orders``' SKUs when given), with release dates.

    The product's name and release date are read once per SKU, not once per line.
    """
    waiting = is_waiting()
    if orders is not None:
        waiting &= OrderLine.sku.in_(
            select(OrderLine.sku).where(OrderLine.order_number.in_(orders)))
    lines = read_frame(connection, narrow_by_sku(
        select(OrderLine.id, OrderLine.order_number, OrderLine.line_no, OrderLine.sku,
               OrderLine.qty, OrderLine.kind, Order.placed_at, OrderLine.promised_on,
               Order.customer_email)
        .join(Order, Order.order_number == OrderLine.order_number)
        .where(waiting), OrderLine.sku, filters),
        ["line_id", "order_number", "line_no", "sku", "qty", "kind", "placed_at",
         "promised_on", "email"], dates=["placed_at", "promised_on"])
    products = read_frame(connection, narrow(
        select(Product.sku, release_date(), Product.name)
        .outerjoin(Policy, Policy.sku == Product.sku)
        .where(Product.sku.in_(select(OrderLine.sku).where(waiting))), filters),
        ["sku", "release_on", "name"], dates=["release_on"]).set_index("sku")
    for column in ("release_on", "name"):
        lines[column] = products[column].reindex(lines["sku"]).to_numpy()
    return lines[["line_id", "order_number", "line_no", "sku", "qty", "kind", "placed_at",
                  "promised_on", "release_on", "email", "name"]]


def allocatable_stock(connection: Connection, filters: Filters = ALL) -> pd.DataFrame:
    """Available stock per selected SKU (``definitions.available_stock``), as allocation
    takes it: columns sku, available."""
    statement = narrow_by_sku(available_stock(), Stock.sku, filters)
    return read_frame(connection, statement, ["sku", "available"])


def open_purchase_orders(connection: Connection, filters: Filters = ALL) -> pd.DataFrame:
    """Open POs with their supplier's name."""
    statement = (
        select(PurchaseOrder.po_number, PurchaseOrder.sku, PurchaseOrder.qty,
               PurchaseOrder.expected_on, PurchaseOrder.supplier_id, Supplier.name)
        .outerjoin(Supplier, Supplier.id == PurchaseOrder.supplier_id)
        .where(PurchaseOrder.status == PurchaseOrderStatus.OPEN)
    )
    return read_frame(connection, narrow_by_sku(statement, PurchaseOrder.sku, filters),
                      ["po_number", "sku", "qty", "expected_on", "supplier_id", "supplier"],
                      dates=["expected_on"])


def with_delays(connection: Connection, pos: pd.DataFrame) -> pd.DataFrame:
    """``pos`` (``open_purchase_orders``) with ``p50_delay`` and ``p90_delay``: its
    supplier's typical and late delay as projections use them."""
    delays = supplier_reliability(connection).for_projection(pos["supplier"])
    return pos.assign(p50_delay=delays["p50_delay"], p90_delay=delays["p90_delay"])


def allocation(connection: Connection, today: dt.date, filters: Filters = ALL) -> Allocation:
    """Allocate the selected SKUs' stock and open POs to their waiting lines."""
    lines = waiting_lines(connection, filters)
    stock = allocatable_stock(connection, filters)
    pos = with_delays(connection, open_purchase_orders(connection, filters))
    result = allocate(lines, stock, pos, today)
    extra = lines.set_index("line_id")[["email", "name"]]
    result.lines[["email", "name"]] = extra.reindex(result.lines["line_id"]).to_numpy()
    supplier = pos.set_index("po_number")["supplier"]
    result.supply["supplier"] = result.supply["source"].map(supplier)
    return result


def allocation_for(engine: Engine, today: dt.date, filters: Filters = ALL) -> Allocation:
    """``allocation`` on a fresh connection of ``engine``."""
    with engine.connect() as connection:
        return allocation(connection, today, filters)
