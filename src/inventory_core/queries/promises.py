"""Reads the store and runs allocation: projected ship dates for every waiting line.

Queries return the open backorder and pre-order lines, available stock per SKU
and open purchase orders straight from SQL, each purchase order with its
supplier's typical (p50) and late (p90) delay as projections use them
(``domain.suppliers``); ``allocation.allocate`` does the rest. Computed on every read, so the
projection always follows the current supply, stock and orders.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Select, select

from inventory_core.domain.allocation import Allocation, allocate
from inventory_core.domain.enums import PurchaseOrderStatus
from inventory_core.domain.filters import ALL, Filters
from inventory_core.domain.suppliers import Reliability
from inventory_core.queries.definitions import available_stock, is_waiting, release_date
from inventory_core.queries.selection import narrow, narrow_by_sku
from inventory_core.queries.suppliers import (
    reliability_of,
    reliability_statements,
    supplier_reliability,
)
from inventory_core.store.frames import read_each, read_frame, shaped
from inventory_core.store.models import (
    Order,
    OrderLine,
    Policy,
    Product,
    PurchaseOrder,
    Stock,
    Supplier,
)

LINE_COLUMNS = ["line_id", "order_number", "line_no", "sku", "qty", "kind", "placed_at",
                "promised_on", "email"]
POS_COLUMNS = ["po_number", "sku", "qty", "expected_on", "supplier_id", "supplier"]


def _waiting_statements(filters: Filters, orders: list[str] | None
                        ) -> list[Select[Any]]:
    """The open waiting lines (in the order they were stored, whichever way they are
    read), and their SKUs' names and release dates (see ``waiting_lines``)."""
    waiting = is_waiting()
    if orders is not None:
        waiting &= OrderLine.sku.in_(
            select(OrderLine.sku).where(OrderLine.order_number.in_(orders)))
    lines = narrow_by_sku(
        select(OrderLine.id, OrderLine.order_number, OrderLine.line_no, OrderLine.sku,
               OrderLine.qty, OrderLine.kind, Order.placed_at, OrderLine.promised_on,
               Order.customer_email)
        .join(Order, Order.order_number == OrderLine.order_number)
        .where(waiting).order_by(OrderLine.id), OrderLine.sku, filters)
    products = narrow(
        select(Product.sku, release_date(), Product.name)
        .outerjoin(Policy, Policy.sku == Product.sku)
        .where(Product.sku.in_(select(OrderLine.sku).where(waiting))), filters)
    return [lines, products]


def _waiting_frame(lines: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """The waiting lines read, each with its SKU's release date and name."""
    lines = shaped(lines, LINE_COLUMNS, dates=["placed_at", "promised_on"])
    names = shaped(products, ["sku", "release_on", "name"], dates=["release_on"]) \
        .set_index("sku")
    for column in ("release_on", "name"):
        lines[column] = names[column].reindex(lines["sku"]).to_numpy()
    return lines[["line_id", "order_number", "line_no", "sku", "qty", "kind", "placed_at",
                  "promised_on", "release_on", "email", "name"]]


def waiting_lines(connection: Connection, filters: Filters = ALL,
                  orders: list[str] | None = None) -> pd.DataFrame:
    """Open backorder and pre-order lines (of ``orders``' SKUs when given), with release dates.

    The product's name and release date are read once per SKU, not once per line.
    """
    return _waiting_frame(*read_each(connection, _waiting_statements(filters, orders)))


def _stock_statement(filters: Filters) -> Select[Any]:
    return narrow_by_sku(available_stock(), Stock.sku, filters)


def allocatable_stock(connection: Connection, filters: Filters = ALL) -> pd.DataFrame:
    """Available stock per selected SKU (``definitions.available_stock``), as allocation
    takes it: columns sku, available."""
    return read_frame(connection, _stock_statement(filters), ["sku", "available"])


def _pos_statement(filters: Filters) -> Select[Any]:
    statement = (
        select(PurchaseOrder.po_number, PurchaseOrder.sku, PurchaseOrder.qty,
               PurchaseOrder.expected_on, PurchaseOrder.supplier_id, Supplier.name)
        .outerjoin(Supplier, Supplier.id == PurchaseOrder.supplier_id)
        .where(PurchaseOrder.status == PurchaseOrderStatus.OPEN)
        .order_by(PurchaseOrder.expected_on, PurchaseOrder.po_number)
    )
    return narrow_by_sku(statement, PurchaseOrder.sku, filters)


def open_purchase_orders(connection: Connection, filters: Filters = ALL) -> pd.DataFrame:
    """Open POs with their supplier's name."""
    return read_frame(connection, _pos_statement(filters), POS_COLUMNS, dates=["expected_on"])


def with_delays(connection: Connection, pos: pd.DataFrame) -> pd.DataFrame:
    """``pos`` (``open_purchase_orders``) with ``p50_delay`` and ``p90_delay``: its
    supplier's typical and late delay as projections use them."""
    return _with_delays(pos, supplier_reliability(connection))


def _with_delays(pos: pd.DataFrame, suppliers: Reliability) -> pd.DataFrame:
    delays = suppliers.for_projection(pos["supplier"])
    return pos.assign(p50_delay=delays["p50_delay"], p90_delay=delays["p90_delay"])


def allocation(bind: Engine | Connection, today: dt.date, filters: Filters = ALL,
               suppliers: Reliability | None = None) -> Allocation:
    """Allocate the selected SKUs' stock and open POs to their waiting lines.

    ``bind`` is an engine (its reads run side by side, a column at a time where the
    store allows it) or a connection (inside a write, to see its changes);
    ``suppliers`` is ``supplier_reliability``'s when the caller has it already."""
    lines, products, stock, pos, *record = read_each(bind, [
        *_waiting_statements(filters, None), _stock_statement(filters),
        _pos_statement(filters),
        *(reliability_statements() if suppliers is None else [])])
    lines = _waiting_frame(lines, products)
    if suppliers is None:
        suppliers = reliability_of(*record)
    pos = _with_delays(shaped(pos, POS_COLUMNS, dates=["expected_on"]), suppliers)
    result = allocate(lines, shaped(stock, ["sku", "available"]), pos, today)
    extra = lines.set_index("line_id")[["email", "name"]]
    result.lines[["email", "name"]] = extra.reindex(result.lines["line_id"]).to_numpy()
    supplier = pos.set_index("po_number")["supplier"]
    result.supply["supplier"] = result.supply["source"].map(supplier)
    return result


def allocation_for(engine: Engine, today: dt.date, filters: Filters = ALL,
                   suppliers: Reliability | None = None) -> Allocation:
    """``allocation`` of ``engine``'s store."""
    return allocation(engine, today, filters, suppliers)
