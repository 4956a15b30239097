"""Numbers, money and dates as merchants read them, in the store's locale.

The one home of the UI's formatting. The entry point sets the store's locale and
currency (Settings) for every run of a page (``use_store``); every function here then
writes in it, through the core's ``format_date``, ``format_money`` and
``format_number`` (Babel): ``$1,234.56`` and ``Dec 1, 2026`` in en_US,
``1.234,56 €`` and ``1. Dez. 2026`` in de_DE. For the renderers that format values
themselves it spells the same shapes: ``date_column_format`` (the moment.js tokens of
Streamlit's date columns), ``d3_date_format`` and ``separators`` (Plotly's hover texts
and axes).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from inventory_core import (
    StoreSettings,
    current_locale,
    format_date,
    format_money,
    format_number,
    use_locale,
)

__all__ = ["d3_date_format", "d3_tick_format", "date_column_format", "days", "format_date",
           "money", "money_affixes", "money_cells", "number", "number_cells", "plural",
           "separators", "sortable_text", "use_store"]

CLDR_FIELD = re.compile(r"'[^']*'|y+|M+|d+|[^'yMd]+")
MOMENT = {"y": "YYYY", "yyyy": "YYYY", "M": "M", "MM": "MM", "MMM": "MMM", "d": "D", "dd": "DD"}
D3 = {"y": "%Y", "yyyy": "%Y", "M": "%-m", "MM": "%m", "MMM": "%b", "d": "%-d", "dd": "%d"}


def use_store(settings: StoreSettings) -> None:
    """Write in the store's locale and currency for the rest of this run of the page."""
    use_locale(settings.formatting)


def money(value: float | None, currency: str | None = None, decimals: int | None = 0) -> str:
    """``$12,345`` / ``12.345 €`` in the store's locale (``decimals`` places; None: the
    currency's own, as ``$1,234.56``); ``currency`` (ISO code) overrides the store's; a
    dash when there is no value."""
    return format_money(value, decimals, currency)


def money_cells(values: pd.Series, decimals: int | None = 0) -> pd.Series:
    """A column of amounts as text in the store's locale, for tables: Streamlit's money
    formats follow the browser's locale, not the store's (``sortable_text``)."""
    return sortable_text(values, lambda v: money(v, decimals=decimals))


def number_cells(values: pd.Series, decimals: int = 1) -> pd.Series:
    """A column of decimal numbers as text in the store's locale (``12.5`` / ``12,5``),
    for tables: Streamlit's printf formats always write a decimal point."""
    return sortable_text(values, lambda v: number(v, decimals))


def sortable_text(values: pd.Series, write: Callable[[float], str]) -> pd.Series:
    """``values`` written by ``write`` (a dash for none), each distinct value once, every
    cell padded on the left to one width so that sorting the text sorts the values (of
    one sign)."""
    codes, distinct = pd.factorize(pd.to_numeric(values, errors="coerce"))  # none: -1
    shown = [write(float(v)) for v in distinct] + ["—"]
    width = max(len(s) for s in shown)
    padded = pd.Series([s.rjust(width) for s in shown], dtype=object)
    return pd.Series(padded.to_numpy()[codes], index=values.index)


def money_affixes(currency: str | None = None) -> tuple[str, str]:
    """What goes before and after an amount in the store's locale, for chart axes and
    hover texts: ``("$", "")`` in en_US, ``("", "\xa0€")`` in de_DE with euros."""
    prefix, _, suffix = money(1, currency).partition("1")
    return prefix, suffix


def number(value: float | None, decimals: int = 0) -> str:
    """``12,345`` / ``12.345`` in the store's locale; a dash when there is no value."""
    return format_number(value, decimals)


def days(value: int | None) -> str:
    """``1 day`` / ``12 days``; a dash when there is no value."""
    if value is None:
        return "—"
    return f"{number(value)} day" + ("" if value == 1 else "s")


def plural(count: int, word: str) -> str:
    """``1 SKU`` / ``3 SKUs``."""
    return f"{number(count)} {word}" + ("" if count == 1 else "s")


def _date_pattern() -> str:
    """The store's date pattern for renderers that know English month names only: the
    words of an English locale (``MMM d, y``), else the locale's digits (``d.M.y``)."""
    locale = current_locale()
    english = locale.babel.language == "en"
    return locale.date_pattern if english else locale.numeric_date_pattern


def _translated(pattern: str, tokens: dict[str, str], quote: str) -> str:
    out = []
    for field in CLDR_FIELD.findall(pattern):
        if field.startswith("'"):
            out.append(quote.format(field.strip("'")) if field != "''" else "'")
        else:
            out.append(tokens.get(field, field if field[0] not in "yMd" else tokens[field[0]]))
    return "".join(out)


def date_column_format() -> str:
    """The moment.js format of a Streamlit date column in the store's locale
    (``MMM D, YYYY`` in en_US, ``D.M.YYYY`` in de_DE): a real date column, so it
    sorts by date, in the store's order of day, month and year."""
    return _translated(_date_pattern(), MOMENT, "[{}]")


def d3_date_format() -> str:
    """The d3 date format of Plotly hover texts and axes in the store's locale
    (``%b %-d, %Y`` in en_US, ``%-d.%-m.%Y`` in de_DE)."""
    return _translated(_date_pattern(), D3, "{}")


def d3_tick_format() -> str:
    """The d3 date format of chart axes in the store's locale: the day and month, the
    year on a line below (``%b %-d<br>%Y`` in en_US, ``%-d.%-m.<br>%Y`` in de_DE)."""
    full = d3_date_format()
    if full.startswith("%Y"):  # year first (ISO): month and day, then the year
        return full.removeprefix("%Y").strip("-./ ") + "<br>%Y"
    return full.replace("%Y", "").rstrip(", /-") + "<br>%Y"  # German keeps "1.12."


def separators() -> str:
    """Plotly's ``separators`` for the store's locale: the decimal sign, then the
    thousands separator (``.,`` in en_US, ``,.`` in de_DE)."""
    return current_locale().separators
