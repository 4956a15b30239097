"""Plotly figure builders: a DataFrame in, a figure out, no Streamlit calls."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from inventory_core.domain.enums import StorefrontState

from .safe import plotly_frame, plotly_text

STATE_COLORS = {
    StorefrontState.IN_STOCK.label: "#2e7d32",
    StorefrontState.LOW_STOCK.label: "#f9a825",
    StorefrontState.BACKORDER.label: "#1565c0",
    StorefrontState.PREORDER.label: "#7b1fa2",
    StorefrontState.OUT_OF_STOCK.label: "#c62828",
    StorefrontState.DISCONTINUED.label: "#9e9e9e",
}
STATE_ORDER = list(STATE_COLORS)


def _tidy(figure: go.Figure, title: str, height: int = 340) -> go.Figure:
    """``figure`` with the house layout and ``title`` (plain text: a SKU or name in it
    shows literally)."""
    figure.update_layout(
        title={"text": plotly_text(title), "x": 0, "xanchor": "left"}, height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, legend_title_text="",
    )
    return figure


def skus_by_state(skus: pd.DataFrame) -> go.Figure:
    """Bar chart: how many SKUs are in each storefront state."""
    counts = (skus["state"].map(StorefrontState.labels()).value_counts()
              .reindex(STATE_ORDER, fill_value=0).rename_axis("State").reset_index(name="SKUs"))
    figure = px.bar(counts, x="State", y="SKUs", color="State", text="SKUs",
                    color_discrete_map=STATE_COLORS, category_orders={"State": STATE_ORDER})
    figure.update_layout(showlegend=False, xaxis_title="", yaxis_title="SKUs")
    return _tidy(figure, "SKUs by storefront state")


def skus_by_category(skus: pd.DataFrame) -> go.Figure:
    """Stacked horizontal bars: SKUs per category, split by storefront state.

    Category names come from the merchant's files: they are escaped for Plotly.
    """
    frame = (skus.assign(State=skus["state"].map(StorefrontState.labels()))
             .groupby(["category", "State"]).size().reset_index(name="SKUs"))
    frame = plotly_frame(frame, ["category"])
    order = [plotly_text(c) for c in skus["category"].value_counts().index.tolist()[::-1]]
    figure = px.bar(frame, y="category", x="SKUs", color="State", orientation="h",
                    color_discrete_map=STATE_COLORS,
                    category_orders={"State": STATE_ORDER, "category": order})
    figure.update_layout(yaxis_title="", xaxis_title="",
                         legend={"orientation": "h", "y": -0.15})
    return _tidy(figure, "SKUs by category and state", height=380)
