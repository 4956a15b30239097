"""The charts' house layout and the colours more than one chart uses.

Red and amber mean a problem (out of stock, overdue, late, at risk) and nothing else;
series that are just different things (products, measures) take the calm ``SERIES``
colours, a few at most, the rest grouped as ``OTHER``."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from inventory_core import StorefrontState
from restock_ui import fmt
from restock_ui.safe import plotly_text

STATE_COLORS = {
    StorefrontState.IN_STOCK.label: "#2e7d32",
    StorefrontState.LOW_STOCK.label: "#f9a825",
    StorefrontState.BACKORDER.label: "#1565c0",
    StorefrontState.PREORDER.label: "#7b1fa2",
    StorefrontState.OUT_OF_STOCK.label: "#c62828",
    StorefrontState.DISCONTINUED.label: "#9e9e9e",
    StorefrontState.NOT_TRACKED.label: "#00838f",
}
STATE_ORDER = list(STATE_COLORS)
SERIES = ["#1565c0", "#00838f", "#7b1fa2", "#5c6bc0", "#2e7d32"]
"""Distinct colours for series that are not problems (never red or amber)."""
OTHER = "Other"
OTHER_COLOR = "#bdbdbd"
TITLE_WIDTH = 42
"""The longest title line, in characters, that a 390 px phone shows whole."""


def series_colors(names: list[str]) -> dict[str, str]:
    """A colour for each of ``names`` (at most ``len(SERIES)`` of them, in order), and the
    grey of ``OTHER``."""
    return {**dict(zip(names, SERIES, strict=False)), OTHER: OTHER_COLOR}


def title_lines(title: str, width: int = TITLE_WIDTH) -> list[str]:
    """``title`` in lines of at most about ``width`` characters, broken between words:
    Plotly never wraps a title, so a long one would be cut on a phone."""
    lines: list[str] = []
    for word in title.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def titled(figure: go.Figure, title: str, height: int = 340, **layout: Any) -> go.Figure:
    """``figure`` with the house layout, ``title`` (plain text: a SKU or name in it shows
    literally; a long one on two lines or more) and any other ``layout`` settings."""
    lines = title_lines(title)
    figure.update_layout(
        title={"text": "<br>".join(str(plotly_text(line)) for line in lines), "x": 0,
               "xanchor": "left"}, height=height + 20 * (len(lines) - 1),
        margin={"l": 10, "r": 10, "t": 50 + 20 * (len(lines) - 1), "b": 10},
        legend_title_text="",
        separators=fmt.separators(), **layout,  # numbers as the store's locale writes them
    )
    return figure
