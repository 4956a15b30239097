"""The Data page's choices and outcomes: platforms, the mapping of an unknown layout
(columns, constant values, derived values, date formats), what an import said."""

from __future__ import annotations

import pandas as pd

from inventory_core import TABLE_SPECS, ColumnMapping, FileMapping, ImportRefused, derived_values

PLATFORM_LABELS = {"shopify": "Shopify", "woocommerce": "WooCommerce", "magento": "Magento 2"}
PLATFORM_NOTES = {
    "shopify": "Handle, Title, option names and values, SKU and the inventory policy "
               "(continue for backorder and pre-order, deny otherwise), in the header style "
               "of your store's own products export. Shopify's product file has no column "
               "for a restock date, release date or customer note: set those in Shopify.",
    "woocommerce": "ID, SKU, Backorders allowed? and In stock?. WooCommerce's product CSV "
                   "has no column for a restock date, release date or customer note: set "
                   "those in WooCommerce.",
    "magento": "sku and, for SKUs whose policy differs from what your store had, "
               "allow_backorders with use_config_backorders 0, is_in_stock, a cap as "
               "out_of_stock_qty with use_config_min_qty 0, and the restock date, release "
               "date, note and button label in additional_attributes.",
}
NOT_MAPPED = "— not in the file —"
TABLE_NAMES = list(TABLE_SPECS)
"""The generic tables an unknown layout can be mapped onto."""


def table_label(name: str) -> str:
    """A stored table's name as a merchant reads it (``purchase_orders`` → Purchase orders)."""
    return name.replace("_", " ").capitalize()


def problems_table(refused: ImportRefused) -> pd.DataFrame:
    """Every problem that refused an import: row, column, value and what is wrong."""
    return pd.DataFrame([(p.row, p.column, p.value, p.problem) for p in refused.problems],
                        columns=["Row", "Column", "Value", "Problem"])


CONSTANT_MARK = "= "
DATE_CHOICES = ["as the generic import reads them", "auto", "m/d/yyyy", "d/m/yyyy",
                "yyyy-mm-dd", "d.m.yyyy", "m/d/yy"]
VALUE_CHOICES = {"line_kind": ["stock", "backorder", "preorder"],
                 "line_status": ["open", "fulfilled", "cancelled"],
                 "po_status": ["open", "received", "cancelled"],
                 "policy_mode": ["stock", "backorder", "preorder", "out_of_stock",
                                 "discontinued"],
                 "bool": ["true", "false"]}
FIXED_VALUES = {("stock", "location"): ["Main"], ("products", "category"): ["Uncategorised"]}


def choices(table: str, column: str, header: list[str]) -> list[str]:
    """What can feed a field: not mapped, a derived value, a constant, a file column."""
    spec = {c.name: c for c in TABLE_SPECS[table].columns}[column]
    derived = [_derived_choice(meaning) for meaning in derived_values(table, column).values()]
    values = VALUE_CHOICES.get(spec.type, []) + FIXED_VALUES.get((table, column), [])
    return [NOT_MAPPED, *derived, *(CONSTANT_MARK + v for v in values), *header]


def _derived_choice(meaning: str) -> str:
    """A derived value as the mapping's choices list it: ``— line number within … —``."""
    return f"— {meaning} —"


def first_guess(saved: FileMapping | None, table: str, column: str,
                header: list[str]) -> str | None:
    """What feeds ``column`` of ``table`` until the merchant says: the remembered
    mapping's column, constant or derived value, else the file column of the same name."""
    remembered = saved.tables.get(table) if saved else None
    if remembered is not None:
        rule = remembered.derived.get(column)
        meaning = derived_values(table, column).get(rule) if rule else None
        if meaning is not None:
            return _derived_choice(meaning)
        if column in remembered.constants:
            return CONSTANT_MARK + remembered.constants[column]
        if remembered.columns.get(column):
            return remembered.columns[column]
    return next((h for h in header if h.strip().lower() == column), None)


def table_mapping(table: str, picked: dict[str, str]) -> ColumnMapping:
    """The mapping of one table from what was picked for each of its fields."""
    columns, constants, derived = {}, {}, {}
    for name, choice in picked.items():
        rule = next((r for r, meaning in derived_values(table, name).items()
                     if _derived_choice(meaning) == choice), None)
        if rule is not None:
            derived[name] = rule
        elif choice.startswith(CONSTANT_MARK):
            constants[name] = choice.removeprefix(CONSTANT_MARK)
        elif choice != NOT_MAPPED:
            columns[name] = choice
    return ColumnMapping(table, columns, constants, derived)


def file_mapping(tables: list[ColumnMapping], dates: str, returns: bool) -> FileMapping:
    """The whole mapping: the tables, the date format of every column that feeds a date
    (unless the generic import's reading is chosen), returns or not."""
    date_columns = {column for m in tables for name, column in m.columns.items()
                    if {c.name: c.type for c in TABLE_SPECS[m.table].columns}[name]
                    in ("date", "datetime")}
    formats = {} if dates == DATE_CHOICES[0] else dict.fromkeys(sorted(date_columns), dates)
    return FileMapping({m.table: m for m in tables}, formats, returns)


def saved_date_choice(saved: FileMapping | None) -> int:
    """The date choice a remembered mapping made (its index in DATE_CHOICES)."""
    formats = set(saved.dates.values()) if saved else set()
    chosen = next(iter(formats)) if len(formats) == 1 else DATE_CHOICES[0]
    return DATE_CHOICES.index(chosen) if chosen in DATE_CHOICES else 0

OUTCOME_KEY = "data.outcome"  # what the last import said, shown until the next file
SOURCE_KEY = "data.source"  # the uploaded file, opened once
FILE_KEY = "data.file"  # which upload SOURCE_KEY holds
RESET_NOTICE_KEY = "data.reset_notice"
EMPTY_NOTICE_KEY = "data.empty_notice"
