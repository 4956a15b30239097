"""Charts of the Overview: the SKUs by storefront state and by category."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from inventory_core import StorefrontState
from restock_ui.charts.style import STATE_COLORS, STATE_ORDER, titled
from restock_ui.safe import plotly_frame, plotly_text


def skus_by_state(skus: pd.DataFrame) -> go.Figure:
    """Bar chart: how many SKUs are in each storefront state."""
    counts = (skus["state"].map(StorefrontState.labels()).value_counts()
              .reindex(STATE_ORDER, fill_value=0).rename_axis("State").reset_index(name="SKUs"))
    figure = px.bar(counts, x="State", y="SKUs", color="State", text="SKUs",
                    color_discrete_map=STATE_COLORS, category_orders={"State": STATE_ORDER})
    figure.update_layout(showlegend=False, xaxis_title="", yaxis_title="SKUs")
    return titled(figure, "SKUs by storefront state")


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
    return titled(figure, "SKUs by category and state", height=380)
