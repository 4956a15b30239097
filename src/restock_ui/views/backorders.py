"""Backorder aging and pre-order demand as their pages show them."""

from __future__ import annotations

import pandas as pd

OLDEST_LINES = 50
"""How many of the oldest open backorder lines the aging page lists."""
SPLITS = {"Category": "category", "Supplier": "supplier", "SKU": "sku"}
"""The groups the aging page splits backorders by: label → column."""
ALL_PRODUCTS = "All pre-order products"
TIMELINE_ROWS = 30
"""Most products the release timeline draws (a bar each: more would not be read)."""
PREORDER_COLUMNS = ["sku", "name", "release_date", "days_to_release", "preorder_units",
                    "preorder_value", "cap", "cap_used", "incoming_qty", "release_supply",
                    "coverage_label", "next_expected", "opened", "category", "supplier"]
"""The pre-order table's columns, in its order."""


def upcoming_releases(demand: pd.DataFrame) -> pd.DataFrame:
    """The pre-order products whose release date is today or later, as listed."""
    return demand[demand["days_to_release"].fillna(-1) >= 0]


def short_of_supply(demand: pd.DataFrame) -> pd.DataFrame:
    """The pre-order products whose supply does not cover what customers wait for."""
    return demand[demand["coverage"] < 0]
