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
DATE_TICKS = "%-d %b<br>%Y"
"""A date axis's ticks: the day and month, the year under them (never cut off)."""


def series_colors(names: list[str]) -> dict[str, str]:
    """A colour for each of ``names`` (at most ``len(SERIES)`` of them, in order), and the
    grey of ``OTHER``."""
    return {**dict(zip(names, SERIES, strict=False)), OTHER: OTHER_COLOR}


def titled(figure: go.Figure, title: str, height: int = 340, **layout: Any) -> go.Figure:
    """``figure`` with the house layout, ``title`` (plain text: a SKU or name in it shows
    literally) and any other ``layout`` settings."""
    figure.update_layout(
        title={"text": plotly_text(title), "x": 0, "xanchor": "left"}, height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, legend_title_text="",
        separators=fmt.separators(), **layout,  # numbers as the store's locale writes them
    )
    return figure
