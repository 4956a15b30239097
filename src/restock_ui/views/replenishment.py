"""The Replenishment page's view: the SKUs to order, grouped by supplier, and each
supplier's CSV (``inventory_core.replenishment`` defines every number)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pandas as pd

from inventory_core import replenishment

CSV_COLUMNS = {"sku": "SKU", "name": "Product", "suggested_qty": "Quantity",
               "order_by": "Order by", "runs_out_on": "Runs out on",
               "revenue_at_risk": "Revenue at risk", "daily_demand": "Demand per day",
               "net_position": "Net position", "reorder_point": "Reorder point",
               "order_up_to": "Order-up-to level"}


def to_order(skus: pd.DataFrame, today: dt.date, service_level_pct: int) -> pd.DataFrame:
    """The SKUs of ``skus`` (a SKU table) to order now, by supplier and order-by date."""
    return replenishment(skus, today, service_level_pct)


def by_supplier(rows: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """Each supplier's rows, the supplier with the earliest order-by date first."""
    first = rows.groupby("supplier")["order_by"].min().sort_values(kind="stable")
    for supplier in first.index:
        yield str(supplier), rows[rows["supplier"] == supplier].drop(columns="supplier")


def supplier_csv(rows: pd.DataFrame) -> pd.DataFrame:
    """A supplier's rows as its CSV holds them, with the merchant's column names."""
    return rows[list(CSV_COLUMNS)].rename(columns=CSV_COLUMNS)


def file_stem(supplier: str, today: dt.date) -> str:
    """The CSV's file name for ``supplier``: ``replenishment-<supplier>-<date>``."""
    slug = re.sub(r"[^a-z0-9]+", "-", supplier.lower()).strip("-") or "supplier"
    return f"replenishment-{slug}-{today.isoformat()}"
