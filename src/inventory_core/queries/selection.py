"""The merchant's selection (``domain.filters.Filters``) as SQL: a query narrowed to the
selected SKUs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select
from sqlalchemy.orm import InstrumentedAttribute

from inventory_core.domain.filters import Filters
from inventory_core.store.models import Product, Supplier


def narrow(statement: Select[Any], filters: Filters) -> Select[Any]:
    """``statement`` narrowed to the selected SKUs (it must select from products)."""
    if filters.categories:
        statement = statement.where(Product.category.in_(filters.categories))
    if filters.suppliers:
        supplier_ids = (
            Supplier.__table__.select()
            .with_only_columns(Supplier.id)
            .where(Supplier.name.in_(filters.suppliers))
            .scalar_subquery()
        )
        statement = statement.where(Product.supplier_id.in_(supplier_ids))
    return statement


def narrow_by_sku(statement: Select[Any], sku: ColumnElement[str] | InstrumentedAttribute[str],
                  filters: Filters) -> Select[Any]:
    """``statement`` narrowed to the selected SKUs through its ``sku`` column.

    For a statement that does not select from products: it is joined to them only
    when something is filtered out, so the unfiltered query skips the join.
    """
    if filters.is_empty:
        return statement
    return narrow(statement.join(Product, Product.sku == sku), filters)
