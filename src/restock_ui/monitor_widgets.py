"""Table columns and labels shared by the Monitor pages."""

from __future__ import annotations

import streamlit as st

from inventory_core.enums import StorefrontState

STATE_MARKS = {
    StorefrontState.IN_STOCK: "🟢",
    StorefrontState.LOW_STOCK: "🟠",
    StorefrontState.BACKORDER: "🔵",
    StorefrontState.PREORDER: "🟣",
    StorefrontState.OUT_OF_STOCK: "🔴",
    StorefrontState.DISCONTINUED: "⚪",
}
DATE_FORMAT = "D MMM YYYY"


def state_label(state: StorefrontState) -> str:
    """The state with a coloured mark, e.g. ``🔴 Out of stock``."""
    return f"{STATE_MARKS[state]} {state.label}"


def money_column(label: str, currency: str = "$", help: str | None = None):
    """A money column: ``$1,234`` for dollars, else the currency sign before the amount."""
    fmt = {"$": "dollar", "€": "euro", "¥": "yen"}.get(currency, f"{currency}%.2f")
    return st.column_config.NumberColumn(label, format=fmt, help=help)


def date_column(label: str, help: str | None = None):
    """A date column reading ``3 Dec 2026``."""
    return st.column_config.DateColumn(label, format=DATE_FORMAT, help=help)


def int_column(label: str, help: str | None = None):
    """A whole-number column."""
    return st.column_config.NumberColumn(label, format="%d", help=help)
