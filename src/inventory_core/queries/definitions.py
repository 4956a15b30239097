"""The product's shared definitions in SQL, each written once for every query and service.

- **available stock** of a SKU = on hand − reserved, summed over its locations
  (``available_stock``);
- a **waiting line** is an open backorder or pre-order line (``is_waiting``);
- a line is **overdue** when its promised date is before today (``is_overdue``;
  ``domain.aging.overdue`` is the same rule on a frame);
- a SKU's **release date** is its policy's release date, else the product's launch
  date (``release_date``; ``domain.storefront.release_dates`` on a frame);
- a purchase order is **late** when it is open and expected before today
  (``is_late_supply``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select

from inventory_core.domain.enums import LineKind, PurchaseOrderStatus
from inventory_core.store.models import (
    LINE_IS_OPEN,
    OrderLine,
    Policy,
    Product,
    PurchaseOrder,
    Stock,
)

WAITING_KINDS = [kind for kind in LineKind if kind.is_waiting()]


def available_stock() -> Select[Any]:
    """Available units per SKU (columns ``sku``, ``available``), for SKUs with stock rows.

    Execute it, or join it as ``.subquery()``.
    """
    return (select(Stock.sku, func.sum(Stock.on_hand - Stock.reserved).label("available"))
            .group_by(Stock.sku))


def is_waiting() -> ColumnElement[bool]:
    """An open backorder or pre-order line."""
    return LINE_IS_OPEN & OrderLine.kind.in_(WAITING_KINDS)


def is_overdue(today: dt.date) -> ColumnElement[bool]:
    """A line promised before ``today``."""
    return OrderLine.promised_on < today


def release_date() -> ColumnElement[dt.date]:
    """The release date of a product (joined to its policy, outer)."""
    return func.coalesce(Policy.release_date, Product.launch_date)


def is_late_supply(today: dt.date) -> ColumnElement[bool]:
    """An open purchase order expected before ``today``."""
    return (PurchaseOrder.status == PurchaseOrderStatus.OPEN) & (PurchaseOrder.expected_on < today)
