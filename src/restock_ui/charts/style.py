"""The charts' house layout and the colours more than one chart uses."""

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


def titled(figure: go.Figure, title: str, height: int = 340, **layout: Any) -> go.Figure:
    """``figure`` with the house layout, ``title`` (plain text: a SKU or name in it shows
    literally) and any other ``layout`` settings."""
    figure.update_layout(
        title={"text": plotly_text(title), "x": 0, "xanchor": "left"}, height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, legend_title_text="",
        separators=fmt.separators(), **layout,  # numbers as the store's locale writes them
    )
    return figure
