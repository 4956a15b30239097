"""The merchant's selection of SKUs, shared by every page and query."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select

from inventory_core.store.models import Product, Supplier


@dataclass(frozen=True)
class Filters:
    """Categories and suppliers to look at; empty means all. Hashable for caching."""

    categories: tuple[str, ...] = ()
    suppliers: tuple[str, ...] = ()

    def apply(self, statement: Select) -> Select:
        """``statement`` narrowed to the selected SKUs (it must select from products)."""
        if self.categories:
            statement = statement.where(Product.category.in_(self.categories))
        if self.suppliers:
            supplier_ids = (
                Supplier.__table__.select()
                .with_only_columns(Supplier.id)
                .where(Supplier.name.in_(self.suppliers))
                .scalar_subquery()
            )
            statement = statement.where(Product.supplier_id.in_(supplier_ids))
        return statement

    def apply_by_sku(self, statement: Select, sku: ColumnElement) -> Select:
        """``statement`` narrowed to the selected SKUs through its ``sku`` column.

        For a statement that does not select from products: it is joined to them
        only when something is filtered out, so the unfiltered query skips the join.
        """
        if self.is_empty:
            return statement
        return self.apply(statement.join(Product, Product.sku == sku))

    @property
    def is_empty(self) -> bool:
        """True when nothing is filtered out."""
        return not (self.categories or self.suppliers)


ALL = Filters()
