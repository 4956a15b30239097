"""Numbers, money and dates as merchants read them."""

from __future__ import annotations

import math

from inventory_core import format_date

__all__ = ["days", "format_date", "money", "number", "plural"]


def money(value: float | None, currency: str = "$", decimals: int = 0) -> str:
    """``$12,345`` (or with ``decimals``); a dash when there is no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "−" if value < 0 else ""
    return f"{sign}{currency}{abs(value):,.{decimals}f}"


def number(value: float | None, decimals: int = 0) -> str:
    """``12,345``; a dash when there is no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{decimals}f}"


def days(value: int | None) -> str:
    """``1 day`` / ``12 days``; a dash when there is no value."""
    if value is None:
        return "—"
    return f"{value:,} day" + ("" if value == 1 else "s")


def plural(count: int, word: str) -> str:
    """``1 SKU`` / ``3 SKUs``."""
    return f"{count:,} {word}" + ("" if count == 1 else "s")
