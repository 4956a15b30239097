"""How dates and notes read for customers and merchants.

A date reads ``3 Dec 2026`` everywhere: ``format_date`` writes it in text (notes,
messages, reasons, the Customer lookup), and the same shape is spelled for the
renderers that format dates themselves: ``DATE_FORMAT`` (strftime and d3, as plotly
hover texts take it) and ``DATE_COLUMN_FORMAT`` (the moment.js tokens of
Streamlit's date columns), with ``DATETIME_COLUMN_FORMAT`` for a date and time.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

DATE_FORMAT = "%-d %b %Y"
DATE_COLUMN_FORMAT = "D MMM YYYY"
DATETIME_COLUMN_FORMAT = "D MMM YYYY, HH:mm"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
KNOWN_PLACEHOLDERS = frozenset({"date"})


def format_date(value: dt.date | dt.datetime | None, missing: str = "—") -> str:
    """A date as people read it: ``3 Dec 2026`` (``DATE_FORMAT``, written without the
    platform's ``%-d`` so it reads the same everywhere); ``missing`` when there is none."""
    if value is None or value != value:  # None or NaT/NaN
        return missing
    return f"{value.day} {value:%b %Y}"


def format_dates(values: pd.Series, missing: str = "—") -> pd.Series:
    """A column of dates as people read them (``format_date``), each distinct date
    formatted once."""
    codes, days = pd.factorize(pd.to_datetime(values))  # no date: code -1
    shown = np.array([format_date(day) for day in days] + [missing], dtype=object)
    return pd.Series(shown[codes], index=values.index)


def render_note(template: str, date: dt.date | None) -> str:
    """The customer note with ``{date}`` filled in (``soon`` when no date is known).

    Placeholders other than ``{date}`` are left as written; ``unknown_placeholders``
    finds them so the policy form can refuse them.
    """
    shown = format_date(date, missing="soon")
    return PLACEHOLDER.sub(lambda m: shown if m.group(1) == "date" else m.group(0), template)


def unknown_placeholders(template: str) -> list[str]:
    """Placeholders in ``template`` that a note cannot fill, e.g. ``['{when}']``."""
    return [f"{{{name}}}" for name in PLACEHOLDER.findall(template or "")
            if name not in KNOWN_PLACEHOLDERS]
