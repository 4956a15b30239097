"""The lines delay consent says to cancel and refund, as the Notifications page lists them."""

from __future__ import annotations

import pandas as pd


def refund_table(lines: pd.DataFrame) -> pd.DataFrame:
    """Each line to cancel and refund with why (the table shown and the CSV exported)."""
    return pd.DataFrame({
        "Order": lines["order_number"], "Line": lines["line_no"], "SKU": lines["sku"],
        "Product": lines["name"], "Units": lines["qty"], "Customer": lines["email"],
        "Placed": lines["placed_at"], "Ship by": pd.to_datetime(lines["ship_by"]),
        "Delay notices sent": lines["notices_sent"], "Answer": lines["answer"],
        "Why": lines["reason"]})
