"""The generic CSV format: one file per table, columns named as below.

This is the format of the shipped demo store in ``data/demo/`` and of the
generic import. Suppliers are referred to by name, products by SKU, orders by
order number, so a merchant can fill the files from any spreadsheet.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Column:
    """One column of a generic table: its name, type, whether required, meaning."""

    name: str
    type: str  # text, int, money, percent, date, datetime, bool, or an enum name
    required: bool
    meaning: str


@dataclass(frozen=True)
class TableSpec:
    """A generic table: its file name, key columns and columns in file order."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def file_name(self) -> str:
        """The CSV file name of the table, e.g. ``products.csv``."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        """The column names in file order."""
        return [c.name for c in self.columns]


def _c(name: str, type_: str, required: bool, meaning: str) -> Column:
    return Column(name, type_, required, meaning)


TABLE_SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("suppliers", ("name",), (
            _c("name", "text", True, "supplier name, unique"),
            _c("lead_time_days", "int", True, "nominal days from order to delivery"),
            _c("email", "text", False, "contact address"),
            _c("pack_size", "int", False, "units in one pack: orders are whole packs"),
            _c("min_order_qty", "int", False, "the fewest units one order may hold"),
        )),
        TableSpec("products", ("sku",), (
            _c("sku", "text", True, "the sellable variant's SKU, unique"),
            _c("name", "text", True, "product name as the store shows it"),
            _c("group_key", "text", False, "parent product (Shopify handle, WooCommerce parent)"),
            _c("option1", "text", False, "first option value (e.g. size)"),
            _c("option2", "text", False, "second option value (e.g. colour)"),
            _c("option3", "text", False, "third option value"),
            _c("external_id", "text", False, "the platform's own product id"),
            _c("category", "text", True, "category"),
            _c("price", "money", True, "selling price"),
            _c("cost", "money", False, "unit cost"),
            _c("supplier", "text", False, "supplier name (from suppliers.csv)"),
            _c("launch_date", "date", False, "first day on sale; in the future = unreleased"),
            _c("discontinued", "bool", False, "true when no longer restocked"),
            _c("low_stock_at", "int", False, "low-stock threshold in units (default: setting)"),
            _c("stock_tracked", "bool", False, "false when the store does not count its stock "
               "(Not tracked: always available)"),
        )),
        TableSpec("stock", ("sku", "location"), (
            _c("sku", "text", True, "SKU"),
            _c("location", "text", True, "warehouse or shop"),
            _c("on_hand", "int", True, "units physically there, 0 or more"),
            _c("reserved", "int", False, "units held for open orders, 0 or more"),
        )),
        TableSpec("purchase_orders", ("po_number",), (
            _c("po_number", "text", True, "purchase order number, unique"),
            _c("sku", "text", True, "SKU ordered"),
            _c("supplier", "text", False, "supplier name"),
            _c("qty", "int", True, "units ordered, more than 0"),
            _c("ordered_on", "date", True, "date ordered"),
            _c("expected_on", "date", True, "date the supplier promised"),
            _c("received_on", "date", False, "date received, blank while open"),
            _c("status", "po_status", True, "open, received or cancelled"),
        )),
        TableSpec("orders", ("order_number",), (
            _c("order_number", "text", True, "order number, unique"),
            _c("customer_email", "text", False, "customer's email"),
            _c("customer_name", "text", False, "customer's name"),
            _c("placed_at", "datetime", True, "when the order was placed"),
        )),
        TableSpec("order_lines", ("order_number", "line_no"), (
            _c("order_number", "text", True, "order number (from orders.csv)"),
            _c("line_no", "int", True, "line number within the order"),
            _c("sku", "text", True, "SKU"),
            _c("qty", "int", True, "units, more than 0"),
            _c("unit_price", "money", True, "price paid per unit"),
            _c("kind", "line_kind", True, "stock, backorder or preorder"),
            _c("status", "line_status", True, "open, fulfilled or cancelled"),
            _c("promised_on", "date", False, "ship date promised to the customer"),
            _c("fulfilled_at", "datetime", False, "when it shipped"),
        )),
        TableSpec("policies", ("sku",), (
            _c("sku", "text", True, "SKU"),
            _c("mode", "policy_mode", True,
               "stock, backorder, preorder, out_of_stock or discontinued"),
            _c("cap", "int", False, "most units that may wait at once on backorder or "
                                    "pre-order, counting those already waiting"),
            _c("restock_date", "date", False, "date promised for backorders"),
            _c("release_date", "date", False, "release date for pre-orders"),
            _c("button_label", "text", False, "storefront button text"),
            _c("customer_note", "text", False, "note shown to customers; {date} is filled in"),
            _c("discount_pct", "percent", False, "discount on backorders/pre-orders, 0-100"),
            _c("auto_switch", "bool", False, "switch to backorder/out of stock automatically"),
        )),
        TableSpec("subscriptions", ("sku", "email", "kind"), (
            _c("sku", "text", True, "SKU"),
            _c("email", "text", True, "customer's email"),
            _c("kind", "subscription_kind", True, "back_in_stock or release"),
            _c("created_at", "datetime", True, "when they signed up"),
            _c("notified_at", "datetime", False, "when they were told"),
        )),
    )
}

def typed(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """The frame with each known column converted to its type (dates as ``date``).

    Meant for trusted files such as the shipped demo; the importer validates
    merchant files cell by cell before they reach this point.
    """
    out = frame.copy()
    for column in spec.columns:
        if column.name not in out.columns:
            out[column.name] = None
            continue
        values = out[column.name]
        if column.type == "int":
            out[column.name] = pd.to_numeric(values).astype("Int64")
        elif column.type in ("money", "percent"):
            out[column.name] = pd.to_numeric(values).astype(float)
        elif column.type == "date":
            parsed = pd.to_datetime(values, format="ISO8601")
            out[column.name] = parsed.dt.date.where(parsed.notna(), None)
        elif column.type == "datetime":
            out[column.name] = pd.to_datetime(values, format="ISO8601")
        elif column.type == "bool":
            out[column.name] = values.map(lambda v: _BOOLEANS.get(str(v).strip().lower(), False))
        else:
            out[column.name] = values.where(values.notna(), None)
    return out[spec.column_names]


def shift_dates(frame: pd.DataFrame, spec: TableSpec, days: int) -> pd.DataFrame:
    """The frame with every date and datetime column moved by ``days``."""
    out = frame.copy()
    delta = pd.Timedelta(days=days)
    for column in spec.columns:
        if column.type == "datetime":
            out[column.name] = out[column.name] + delta
        elif column.type == "date":
            moved = pd.to_datetime(out[column.name]) + delta
            out[column.name] = moved.dt.date.where(moved.notna(), None)
    return out


_BOOLEANS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
