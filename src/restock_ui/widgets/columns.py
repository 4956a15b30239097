"""How table columns read: money, dates, whole numbers, storefront states.

Dates and money follow the store's locale (Settings), never the browser's. Date
columns stay real date columns (they sort by date) with the locale's order of day,
month and year (``fmt.date_column_format``). Streamlit's number formats for money
("dollar", "euro", "localized") follow the browser's locale and printf formats have no
thousands separator and always a decimal point, so a money column holds the amounts
as text written by ``fmt.money_cells`` (``with_money``), and a decimal column its
numbers by ``fmt.number_cells`` (``with_decimals``), padded so that sorting the text
sorts the values; the download of the same table keeps the plain numbers.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from restock_ui import fmt
from restock_ui.charts.style import STATE_COLORS, STATE_ORDER


def money_column(label: str, help: str | None = None) -> ColumnConfig:
    """A money column (right-aligned text, ``with_money`` writes its cells)."""
    return st.column_config.TextColumn(label, help=help, alignment="right")


def with_money(frame: pd.DataFrame, columns: list[str],
               decimals: int | None = 0) -> pd.DataFrame:
    """``frame`` with its money ``columns`` written in the store's locale and currency
    (``$1,234`` / ``1.234 €``), for ``money_column``; the frame itself is not changed."""
    return frame.assign(**{c: fmt.money_cells(frame[c], decimals)
                           for c in columns if c in frame})


def decimal_column(label: str, help: str | None = None) -> ColumnConfig:
    """A column of decimal numbers: right-aligned text as a money column is
    (``with_decimals`` writes it)."""
    return money_column(label, help)


def with_decimals(frame: pd.DataFrame, columns: dict[str, int]) -> pd.DataFrame:
    """``frame`` with its decimal ``columns`` (name → places) written in the store's
    locale (``12.5`` / ``12,5``), for ``decimal_column``; the frame itself is not changed."""
    return frame.assign(**{c: fmt.number_cells(frame[c], places)
                           for c, places in columns.items() if c in frame})


def date_column(label: str | None = None, help: str | None = None) -> ColumnConfig:
    """A date column in the store's locale (``Dec 3, 2026`` in en_US, ``3.12.2026`` in
    de_DE)."""
    return st.column_config.DateColumn(label, format=fmt.date_column_format(), help=help)


def datetime_column(label: str | None = None) -> ColumnConfig:
    """A date-and-time column in the store's locale (``Dec 3, 2026, 14:05`` in en_US)."""
    return st.column_config.DatetimeColumn(label, format=fmt.date_column_format() + ", HH:mm")


def int_column(label: str, help: str | None = None) -> ColumnConfig:
    """A whole-number column."""
    return st.column_config.NumberColumn(label, format="%d", help=help)


def state_column(label: str = "State") -> ColumnConfig:
    """Storefront states as coloured labels (the cell holds a one-label list)."""
    return st.column_config.MultiselectColumn(
        label, options=STATE_ORDER, color=[STATE_COLORS[s] for s in STATE_ORDER],
        pinned=True, disabled=True)


def as_state_cells(labels: pd.Series) -> pd.Series:
    """Each state label as the one-label list ``state_column`` shows in colour."""
    return labels.map(lambda label: [label])


def with_datetimes(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` with date columns as datetimes, so a missing date shows blank."""
    return frame.assign(**{c: pd.to_datetime(frame[c]) for c in columns if c in frame})
