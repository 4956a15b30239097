"""A customer's lines as Customer lookup shows them."""

from __future__ import annotations

import pandas as pd

from inventory_core import LineKind, LineStatus, Outlook

ORDER_PARAM, EMAIL_PARAM = "order", "email"
"""The link's query parameters (``?order=1042``, ``?email=name@example.com``)."""


def waiting(lines: pd.DataFrame) -> pd.DataFrame:
    """The open backorder and pre-order lines among ``lines``."""
    is_open = lines["status"].map(lambda s: LineStatus(s).is_open())
    is_waiting = lines["kind"].map(lambda k: LineKind(k).is_waiting())
    return lines[is_open.astype(bool) & is_waiting.astype(bool)]


def at_risk(lines: pd.DataFrame) -> int:
    """How many of ``lines`` have a promise likely to be missed."""
    return int(lines["promise"].eq(Outlook.AT_RISK).sum())


def lines_table(lines: pd.DataFrame) -> pd.DataFrame:
    """Every line found, as the table shows it (and the download holds)."""
    return pd.DataFrame({
        "Order": lines["order_number"], "Product": lines["name"], "Units": lines["qty"],
        "Kind": lines["kind"].map(LineKind.labels()),
        "Status": lines["status"].map(LineStatus.labels()), "Projection": lines["projection"],
        "Likely ship": lines["likely_on"], "Late ship": lines["late_on"],
        "Promised": pd.to_datetime(lines["promised_on"]),
        "Outlook": lines["promise"].fillna(""),
        "Age (days)": lines["age_days"], "Placed": lines["placed_at"], "SKU": lines["sku"],
        "Line": lines["line_no"], "In stock instead": lines["alternatives"]})
