"""Charts of Pre-order demand: pre-orders per day, the upcoming releases."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from restock_ui import fmt
from restock_ui.charts.style import OTHER, SERIES, series_colors, titled
from restock_ui.safe import plotly_text

COVERAGE_COLORS = {"Covered": "#2e7d32", "Short": "#c62828"}


def preorders_per_day(per_day: pd.DataFrame, names: dict[str, str],
                      top: int = len(SERIES) - 1) -> go.Figure:
    """Stacked bars: pre-order units per day, a calm colour for each of the ``top`` products
    pre-ordered most, the rest grouped as Other (grey, last)."""
    totals = per_day.groupby("sku")["units"].sum().sort_values(ascending=False)
    keep = [str(s) for s in (totals.index[:top] if len(totals) > top + 1 else totals.index)]
    label = {s: plotly_text(f"{s} · {names.get(s, '')}") for s in keep}
    frame = per_day.assign(Product=[label.get(s, OTHER) for s in per_day["sku"]])
    frame = frame.groupby(["day", "Product"], as_index=False)["units"].sum()
    order = [str(label[s]) for s in keep] + [OTHER]
    figure = px.bar(frame, x="day", y="units", color="Product",
                    color_discrete_map=series_colors(order[:-1]),
                    category_orders={"Product": order})
    figure.update_xaxes(tickformat=fmt.d3_tick_format())
    figure.update_layout(xaxis_title="", yaxis_title="Units pre-ordered", bargap=0.1,
                         legend={"orientation": "h", "y": -0.25})
    return titled(figure, "Pre-orders per day since each pre-order opened", height=380)


def release_timeline(demand: pd.DataFrame, today: dt.date) -> go.Figure:
    """Timeline: each product's pre-order window from opening to release."""
    frame = demand[demand["release_date"].notna()].copy()
    frame["start"] = [o if o is not None else today for o in frame["opened"]]
    frame["Product"] = (frame["sku"] + " · " + frame["name"]).map(plotly_text)
    frame["Supply"] = ["Covered" if c >= 0 else "Short" for c in frame["coverage"]]
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["release_date"])
    frame = frame.sort_values("end")
    figure = px.timeline(frame, x_start="start", x_end="end", y="Product", color="Supply",
                         color_discrete_map=COVERAGE_COLORS,
                         hover_data={"preorder_units": True, "coverage_label": True,
                                     "start": False, "end": f"|{fmt.d3_date_format()}",
                                     "Supply": False})
    figure.update_yaxes(autorange="reversed", title="")
    figure.add_vline(x=pd.Timestamp(today).timestamp() * 1000, line_dash="dot",
                     line_color="#616161", annotation_text="Today",
                     annotation_position="bottom right")
    figure.update_layout(xaxis_title="Pre-order window: first pre-order → release date",
                         legend={"orientation": "h", "y": -0.2})
    return titled(figure, "Upcoming releases", height=max(340, 100 + 28 * len(frame)))
