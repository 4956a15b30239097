"""How table columns read: money, dates, whole numbers, storefront states."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from restock_ui.charts.style import STATE_COLORS, STATE_ORDER

DATE_FORMAT = "D MMM YYYY"
DATETIME_FORMAT = "D MMM YYYY, HH:mm"


def money_column(label: str, currency: str = "$", help: str | None = None) -> ColumnConfig:
    """A money column: ``$1,234`` for dollars, else the currency sign before the amount."""
    fmt = {"$": "dollar", "€": "euro", "¥": "yen"}.get(currency, f"{currency}%.2f")
    return st.column_config.NumberColumn(label, format=fmt, help=help)


def date_column(label: str | None = None, help: str | None = None) -> ColumnConfig:
    """A date column reading ``3 Dec 2026``."""
    return st.column_config.DateColumn(label, format=DATE_FORMAT, help=help)


def datetime_column(label: str | None = None) -> ColumnConfig:
    """A date-and-time column reading ``3 Dec 2026, 14:05``."""
    return st.column_config.DatetimeColumn(label, format=DATETIME_FORMAT)


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
