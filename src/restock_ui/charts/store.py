"""Charts of the Data page: what the store holds."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from restock_ui.charts.style import titled


def rows_by_table(counts: pd.DataFrame) -> go.Figure:
    """Horizontal bars: how many rows each stored table holds."""
    frame = counts.sort_values("rows")
    figure = px.bar(frame, x="rows", y="table", orientation="h", text="rows")
    figure.update_traces(marker_color="#1565c0", texttemplate="%{text:,}")
    figure.update_layout(xaxis_title="Rows", yaxis_title="")
    return titled(figure, "What the store holds: rows per table", height=360)
