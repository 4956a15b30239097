"""One row per SKU with every number the pages need (DESIGN §3).

The database does the aggregating: available stock per SKU summed over locations,
open backorder and pre-order quantities, open incoming supply, and units ordered
in the demand window, each grouped in SQL and joined onto the products. Only the
per-SKU result (one row per SKU) reaches pandas, where
``domain.stock_numbers.derive_numbers`` derives the ratios and the storefront state
(its docstring defines each number).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, Float, Select, case, cast, func, select
from sqlalchemy.orm import InstrumentedAttribute

from inventory_core.domain.enums import LineKind, LineStatus, PurchaseOrderStatus
from inventory_core.domain.filters import ALL, Filters
from inventory_core.domain.forecast import FORECAST_DAYS
from inventory_core.domain.settings import StoreSettings
from inventory_core.domain.stock_numbers import derive_numbers
from inventory_core.domain.suppliers import Reliability
from inventory_core.queries.definitions import available_stock, is_waiting
from inventory_core.queries.selection import narrow, narrow_by_sku
from inventory_core.queries.suppliers import reliability_of, reliability_statements
from inventory_core.store.frames import read_frames
from inventory_core.store.models import (
    DemandForecast,
    Order,
    OrderLine,
    Policy,
    Product,
    PurchaseOrder,
    Stock,
    Supplier,
)

COLUMNS = [
    "sku", "name", "category", "supplier", "price", "price_known", "cost", "lead_time_days",
    "pack_size", "min_order_qty", "launch_date", "discontinued", "low_stock_at", "mode", "cap",
    "restock_date", "release_date",
    "button_label", "customer_note", "discount_pct", "auto_switch", "version", "on_hand",
    "reserved", "backorder_qty", "preorder_qty", "incoming_qty", "next_expected",
    "units_in_window", "available", "supply_delay_days", "stock_tracked",
    "supply_late_days", "forecast_daily", "forecast_sigma",
]


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day``, for comparing with order timestamps."""
    return dt.datetime.combine(day, dt.time())


def sku_table(
    engine: Engine, today: dt.date, settings: StoreSettings, filters: Filters = ALL,
    suppliers: Reliability | None = None,
) -> pd.DataFrame:
    """Every selected SKU with stock, demand, supply, policy and storefront state;
    ``suppliers`` is ``supplier_reliability``'s when the caller has it already."""
    window_start = day_start(today - dt.timedelta(days=settings.demand_window_days))
    sums = [narrow_by_sku(statement, column, filters)
            for statement, column in _aggregates(window_start, day_start(today))]
    # the demand window (the longest for the database) first: it is read in the background
    demand, frame, *aggregates = read_frames(
        engine, [sums[0], _catalog(filters), *sums[1:],
                 *(reliability_statements() if suppliers is None else [])])
    if suppliers is None:
        suppliers = reliability_of(*aggregates[-2:])
        del aggregates[-2:]
    aggregates.append(demand)
    for part in aggregates:  # each sum lined up with the catalog's SKUs
        part = part.set_index("sku").reindex(frame["sku"])
        for column in part.columns:
            frame[column] = part[column].to_numpy()
    # the typical delay of each SKU's supplier as projections use it: the storefront
    # rolls a passed promise to the next purchase order moved by it
    delays = suppliers.for_projection(frame["supplier"])
    frame["supply_delay_days"] = delays["p50_delay"].to_numpy()
    frame["supply_late_days"] = delays["p90_delay"].to_numpy()
    return derive_numbers(frame[COLUMNS], today, settings)


def _catalog(filters: Filters) -> Select[Any]:
    """Each selected product with its supplier and policy, in SKU order."""
    return narrow(
        select(
            # money as floats: the frame holds floats, and Decimals are slow to convert
            Product.sku, Product.name, Product.category, Supplier.name.label("supplier"),
            cast(Product.price, Float).label("price"), Product.price_known,
            cast(Product.cost, Float).label("cost"),
            Supplier.lead_time_days, Supplier.pack_size, Supplier.min_order_qty,
            Product.launch_date, Product.discontinued,
            Product.low_stock_at, Product.stock_tracked, Policy.mode, Policy.cap,
            Policy.restock_date, Policy.release_date, Policy.button_label,
            Policy.customer_note,
            cast(Policy.discount_pct, Float).label("discount_pct"), Policy.auto_switch,
            Policy.version,
        )
        .select_from(Product)
        .outerjoin(Supplier, Supplier.id == Product.supplier_id)
        .outerjoin(Policy, Policy.sku == Product.sku)
        .order_by(Product.sku), filters)


def _aggregates(window_start: dt.datetime, window_end: dt.datetime
                ) -> list[tuple[Select[Any], InstrumentedAttribute[str]]]:
    """The per-SKU sums, each grouped by the database (a SKU with nothing is absent),
    with the SKU column the filters narrow."""
    stock = available_stock().add_columns(func.sum(Stock.on_hand).label("on_hand"),
                                          func.sum(Stock.reserved).label("reserved"))
    waiting = (
        select(
            OrderLine.sku,
            func.sum(case((OrderLine.kind == LineKind.BACKORDER, OrderLine.qty), else_=0))
            .label("backorder_qty"),
            func.sum(case((OrderLine.kind == LineKind.PREORDER, OrderLine.qty), else_=0))
            .label("preorder_qty"),
        )
        .where(is_waiting())
        .group_by(OrderLine.sku))
    incoming = (select(PurchaseOrder.sku, func.sum(PurchaseOrder.qty).label("incoming_qty"),
                       func.min(PurchaseOrder.expected_on).label("next_expected"))
                .where(PurchaseOrder.status == PurchaseOrderStatus.OPEN)
                .group_by(PurchaseOrder.sku))
    demand = (select(OrderLine.sku, func.sum(OrderLine.qty).label("units_in_window"))
              .join(Order, Order.order_number == OrderLine.order_number)
              .where(Order.placed_at >= window_start, Order.placed_at < window_end,
                     OrderLine.status != LineStatus.CANCELLED)
              .group_by(OrderLine.sku))
    fresh_since = window_end.date() - dt.timedelta(days=FORECAST_DAYS)
    stored = select(DemandForecast.sku, DemandForecast.daily_units.label("forecast_daily"),
                    DemandForecast.sigma.label("forecast_sigma")) \
        .where(DemandForecast.made_on > fresh_since)
    return [(demand, OrderLine.sku), (stock, Stock.sku), (waiting, OrderLine.sku),
            (incoming, PurchaseOrder.sku), (stored, DemandForecast.sku)]


def selected_skus(engine: Engine, filters: Filters = ALL) -> list[str]:
    """The selected SKUs, sorted (read a column at a time where the store allows it)."""
    [skus] = read_frames(engine, [narrow(select(Product.sku).order_by(Product.sku), filters)])
    return [str(sku) for sku in skus["sku"]]


def filter_options(engine: Engine) -> dict[str, list[str]]:
    """The categories and supplier names a merchant can filter by, sorted."""
    with engine.connect() as connection:
        categories = connection.execute(
            select(Product.category).distinct().order_by(Product.category)).scalars().all()
        suppliers = connection.execute(
            select(Supplier.name).order_by(Supplier.name)).scalars().all()
    return {"categories": list(categories), "suppliers": list(suppliers)}
