"""The demand forecast of one SKU: its daily history, the days ahead and the 80 % band."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from restock_ui import fmt
from restock_ui.charts.style import titled

SOLD = "#1565c0"
NOT_COUNTED = "#bdbdbd"
FORECAST = "#e65100"
BAND = "rgba(230, 81, 0, 0.18)"


def forecast_chart(history: pd.DataFrame, ahead: pd.DataFrame, sku: str) -> go.Figure:
    """Bars of units ordered a day (``history``: day, units, counted; days the SKU could
    not be sold greyed), then the days ahead (``ahead``: day, p10, p50, p90, expected):
    the 80 % band, the most likely units and the expected units a day."""
    day = f"%{{x|{fmt.d3_date_format()}}}"  # the day as the store's locale writes it
    figure = go.Figure()
    for counted, name, color in ((True, "Ordered", SOLD),
                                 (False, "Ordered, could not be sold (left out)", NOT_COUNTED)):
        days = history[history["counted"] == counted]
        if counted or not days.empty:
            figure.add_bar(x=days["day"], y=days["units"], name=name, marker_color=color,
                           hovertemplate=day + ": %{y:.0f} units<extra></extra>")
    figure.add_scatter(x=ahead["day"], y=ahead["p90"], mode="lines", line={"width": 0},
                       showlegend=False, hoverinfo="skip", line_shape="hv")
    figure.add_scatter(x=ahead["day"], y=ahead["p10"], mode="lines", line={"width": 0},
                       fill="tonexty", fillcolor=BAND, name="80 % interval (p10–p90)",
                       customdata=ahead[["p90"]].to_numpy(), line_shape="hv",
                       hovertemplate=day + ": %{y:.0f}–%{customdata[0]:.0f} units"
                                     "<extra></extra>")
    figure.add_scatter(x=ahead["day"], y=ahead["p50"], mode="lines", line_shape="hv",
                       name="Most likely units", line={"color": FORECAST, "width": 3},
                       hovertemplate=day + ": most likely %{y:.0f}<extra></extra>")
    figure.add_scatter(x=ahead["day"], y=ahead["expected"], mode="lines",
                       name="Expected units a day", line={"color": FORECAST, "dash": "dot"},
                       hovertemplate=day + ": %{y:.2f} expected<extra></extra>")
    figure.update_layout(xaxis_title="", yaxis_title="Units a day", bargap=0.15,
                         xaxis={"tickformat": fmt.d3_tick_format()},
                         yaxis={"rangemode": "tozero"},
                         legend={"orientation": "h", "y": -0.15})
    return titled(figure, f"{sku}: daily demand, 13 weeks back, 4 ahead")
