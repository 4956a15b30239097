"""The Replenishment page's view: the SKUs to order, grouped by supplier, and each
supplier's CSV (``inventory_core.replenishment`` defines every number)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pandas as pd

from inventory_core import OrderToPlace, PlacedOrders, replenishment
from restock_ui import fmt

CSV_COLUMNS = {"sku": "SKU", "name": "Product", "suggested_qty": "Quantity",
               "order_by": "Order by", "runs_out_on": "Runs out on",
               "revenue_at_risk": "Revenue at risk", "daily_demand": "Demand per day",
               "net_position": "Net position", "reorder_point": "Reorder point",
               "order_up_to": "Order-up-to level", "rounded_to": "Rounded to"}
ORDER = "order"
"""The column of the editable table that says whether a row is ordered."""
NOTICE = "replenishment_notice"  # what placing did, shown once after the rerun


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


def editable(rows: pd.DataFrame) -> pd.DataFrame:
    """A supplier's rows as the page lets the merchant choose them: every row ticked to
    order, its quantity the suggested one (both editable), the answer (order, how many,
    by when) right after the SKU."""
    first = ["sku", ORDER, "suggested_qty", "order_by", "name"]
    return rows.assign(**{ORDER: True})[[*first, *[c for c in rows.columns if c not in first]]]


def chosen_orders(edited: pd.DataFrame) -> list[OrderToPlace]:
    """The ticked rows of the editable table as orders to place (a blank quantity reads
    as 0, which placing refuses naming the SKU)."""
    ticked = edited[edited[ORDER].fillna(False).astype(bool)]
    quantities = pd.to_numeric(ticked["suggested_qty"], errors="coerce").fillna(0)
    return [OrderToPlace(str(sku), int(qty)) if float(qty).is_integer()
            else OrderToPlace(str(sku), 0)
            for sku, qty in zip(ticked["sku"], quantities, strict=True)]


def placed_message(supplier: str, placed: PlacedOrders, orders: list[OrderToPlace]) -> str:
    """What placing said: ``Placed 2 purchase orders with Slow Ltd (RP-…-001, RP-…-002):
    27 units, expected by Jan 1, 2027.``"""
    units = sum(o.qty for o in orders)
    return (f"Placed {fmt.plural(len(placed.po_numbers), 'purchase order')} with {supplier} "
            f"({', '.join(placed.po_numbers)}): {fmt.number(units)} units, expected by "
            f"{fmt.format_date(max(placed.expected_on))}. They now count as incoming "
            "supply.")
