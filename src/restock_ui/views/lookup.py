"""A customer's lines as Customer lookup shows them."""

from __future__ import annotations

import pandas as pd

from inventory_core import Answer, LineKind, LineStatus, Outlook, format_date

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


def answer_sentences(answers: pd.DataFrame) -> list[str]:
    """The customers' answers to delays from their status pages, newest first, one
    sentence each: which line, Wait or Cancel, who, when, and for which ship date."""
    return [f"Order {row.order_number}, line {row.line_no}: {Answer(row.answer).label}, "
            f"by {row.answered_by} on {format_date(row.answered_at)} at "
            f"{row.answered_at:%H:%M}, for the ship date "
            f"{format_date(row.promised_on, 'not known')}."
            for row in answers.iloc[::-1].itertuples()]

