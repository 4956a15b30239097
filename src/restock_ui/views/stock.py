"""Stock levels as the page shows them: the SKU table, its sorts and filters."""

from __future__ import annotations

import pandas as pd

from inventory_core import StorefrontState, search_skus

SORTS = {
    "Days of cover, least first": (["days_of_cover", "sku"], [True, True]),
    "Available, fewest first": (["available", "sku"], [True, True]),
    "Demand, highest first": (["demand_rate", "sku"], [False, True]),
    "SKU": (["sku"], [True]),
}
REORDER_CHART_COLUMNS = ["sku", "name", "available", "incoming_qty", "reorder_point",
                         "demand_rate", "discontinued", "needs_reorder"]
"""The columns the reorder chart reads (the figure is remembered by them)."""


def found(skus: pd.DataFrame, text: str, states: list[StorefrontState],
          sort: str) -> pd.DataFrame:
    """The SKUs whose code or name holds ``text``, in ``states`` (any when none), sorted
    by ``sort`` (one of ``SORTS``)."""
    matches = search_skus(skus, text)
    if states:
        matches = matches[matches["state"].isin(states)]
    columns, ascending = SORTS[sort]
    return matches.sort_values(columns, ascending=ascending, na_position="last", kind="stable")


def table_view(skus: pd.DataFrame) -> pd.DataFrame:
    """The SKU rows as the table shows them (and the download holds)."""
    return pd.DataFrame({
        "State": skus["state"].map(StorefrontState.labels()),
        "SKU": skus["sku"], "Product": skus["name"], "Category": skus["category"],
        "Supplier": skus["supplier"], "On hand": skus["on_hand"],
        "Reserved": skus["reserved"], "Available": skus["available"],
        "Incoming": skus["incoming_qty"],
        "Next expected": pd.to_datetime(skus["next_expected"]),
        "Demand / day": skus["demand_rate"].round(2),
        "Days of cover": skus["days_of_cover"].round(1),
        "Reorder point": skus["reorder_point"].astype(int),
        "Reorder now": skus["needs_reorder"],
    })

SHOWN_KEY = "stock_levels.shown_skus"  # the SKUs of the table's rows as last drawn
PICK_KEY = "stock_levels_sku"
TABLE_KEY = "stock_levels_table"
