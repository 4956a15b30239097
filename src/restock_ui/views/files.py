"""The Data page's choices and outcomes: platforms, the mapping of an unknown layout,
what an import said."""

from __future__ import annotations

import pandas as pd

from inventory_core import TABLE_SPECS, ColumnMapping, ImportRefused

PLATFORM_LABELS = {"shopify": "Shopify", "woocommerce": "WooCommerce", "magento": "Magento 2"}
PLATFORM_NOTES = {
    "shopify": "Handle, option values, SKU and Variant Inventory Policy "
               "(continue for backorder and pre-order, deny otherwise).",
    "woocommerce": "ID, SKU, Backorders allowed? and In stock?.",
    "magento": "sku, allow_backorders, use_config_backorders, is_in_stock and "
               "out_of_stock_qty (minus the cap).",
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


def first_guess(saved: ColumnMapping | None, table: str, column: str,
                header: list[str]) -> str | None:
    """The file column that feeds ``column`` of ``table`` until the merchant says: the
    remembered mapping's, else the file column of the same name."""
    remembered = saved.columns.get(column) if saved and saved.table == table else None
    return remembered or next((h for h in header if h.strip().lower() == column), None)

OUTCOME_KEY = "data.outcome"  # what the last import said, shown until the next file
SOURCE_KEY = "data.source"  # the uploaded file, opened once
FILE_KEY = "data.file"  # which upload SOURCE_KEY holds
RESET_NOTICE_KEY = "data.reset_notice"
