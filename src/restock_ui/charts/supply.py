"""Charts of supply and promises: suppliers, the allocation, waiting lines, the outbox."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from inventory_core import Outlook
from restock_ui.charts.style import SERIES, titled
from restock_ui.safe import plotly_frame, plotly_text

OUTLOOK_COLORS = {Outlook.ON_TRACK: "#2e7d32", Outlook.MAY_SLIP: "#f9a825",
                  Outlook.AT_RISK: "#c62828", Outlook.NO_PROMISE: "#9e9e9e"}


def supplier_on_time(stats: pd.DataFrame) -> go.Figure:
    """Horizontal bars: each supplier's on-time rate (share of received POs)."""
    frame = plotly_frame(stats.dropna(subset=["on_time_rate"]).sort_values("on_time_rate"),
                         ["supplier"])
    frame = frame.assign(rate=frame["on_time_rate"] * 100,
                         label=(frame["on_time_rate"] * 100).round(0).astype(int).astype(str)
                         + " %")
    figure = px.bar(frame, x="rate", y="supplier", orientation="h", text="label",
                    color="rate", color_continuous_scale=["#c62828", "#f9a825", "#2e7d32"],
                    range_color=[50, 100], hover_data={"received_pos": True, "rate": False})
    figure.update_layout(xaxis_title="On time (% of received POs)", yaxis_title="",
                         coloraxis_showscale=False, xaxis_range=[0, 105])
    return titled(figure, "Supplier on-time rate")


def supplier_delays(stats: pd.DataFrame) -> go.Figure:
    """Grouped bars: typical (p50) and late (p90) delay per supplier, in days."""
    stats = plotly_frame(stats, ["supplier"])
    frame = stats.melt(id_vars="supplier", value_vars=["p50_delay", "p90_delay"],
                       var_name="measure", value_name="days")
    frame["measure"] = frame["measure"].map({"p50_delay": "Typical delay (p50)",
                                             "p90_delay": "Late delay (p90)"})
    order = stats.sort_values("p90_delay")["supplier"].tolist()
    figure = px.bar(frame, y="supplier", x="days", color="measure", barmode="group",
                    orientation="h", text="days", color_discrete_sequence=SERIES[:2],
                    category_orders={"supplier": order[::-1]})
    figure.update_traces(textposition="outside", cliponaxis=False)
    figure.update_layout(yaxis_title="", xaxis_title="Days after the expected date "
                         "(negative = early)", legend={"orientation": "h", "y": -0.25})
    return titled(figure, "Supplier delay: typical and late")


def waiting_units_by_sku(skus: pd.DataFrame, top: int = 15) -> go.Figure:
    """Stacked bars: waiting units covered by supply vs with no supply, largest backlogs."""
    frame = plotly_frame(skus.nlargest(top, "waiting_units").sort_values("waiting_units"),
                         ["sku"])
    long = frame.melt(id_vars="sku", value_vars=["covered_units", "unplanned_units"],
                      var_name="what", value_name="units")
    long["what"] = long["what"].map({"covered_units": "Covered by stock or a PO",
                                     "unplanned_units": "No supply planned"})
    figure = px.bar(long, y="sku", x="units", color="what", orientation="h",
                    color_discrete_map={"Covered by stock or a PO": "#1565c0",
                                        "No supply planned": "#c62828"},
                    category_orders={"sku": frame["sku"].tolist()[::-1]})
    figure.update_layout(xaxis_title="Waiting units", yaxis_title="",
                         legend={"orientation": "h", "y": -0.15})
    title = f"Waiting units and their supply (largest {min(top, len(frame))} backlogs)"
    return titled(figure, title, height=420)


def lines_by_promise(lines: pd.DataFrame) -> go.Figure:
    """Bars: waiting lines by promise outlook."""
    counts = (lines["promise"].value_counts()
              .reindex(list(OUTLOOK_COLORS), fill_value=0).rename_axis("Outlook")
              .reset_index(name="Lines"))
    figure = px.bar(counts, x="Outlook", y="Lines", color="Outlook", text="Lines",
                    color_discrete_map=OUTLOOK_COLORS)
    figure.update_layout(showlegend=False, xaxis_title="", yaxis_title="Waiting lines")
    return titled(figure, "Waiting lines by promise outlook")


def line_projections(lines: pd.DataFrame) -> go.Figure:
    """Per waiting line: promised date and the likely–late ship window."""
    figure = go.Figure()
    labels = (lines["order_number"] + " · " + lines["sku"]).map(plotly_text)
    figure.add_trace(go.Scatter(x=lines["likely_on"], y=labels, mode="markers",
                                name="Likely ship date (p50)",
                                marker={"size": 12, "color": "#1565c0"}))
    figure.add_trace(go.Scatter(x=lines["late_on"], y=labels, mode="markers",
                                name="Late ship date (p90)",
                                marker={"size": 12, "color": "#c62828", "symbol": "diamond"}))
    figure.add_trace(go.Scatter(x=pd.to_datetime(lines["promised_on"]), y=labels, mode="markers",
                                name="Promised", marker={"size": 12, "color": "#2e7d32",
                                                         "symbol": "line-ns-open",
                                                         "line": {"width": 3}}))
    figure.update_layout(xaxis_title="", yaxis_title="", legend={"orientation": "h", "y": -0.3})
    return titled(figure, "Promised vs projected ship dates",
                 height=max(240, 70 + 40 * len(lines)))


def outbox_by_kind(counts: pd.DataFrame) -> go.Figure:
    """Stacked bars: outbox messages per kind and status."""
    figure = px.bar(counts, x="Kind", y="Messages", color="Status", text="Messages",
                    color_discrete_map={"Pending": SERIES[0], "Sent": "#2e7d32",
                                        "Dismissed": "#9e9e9e"})
    figure.update_layout(xaxis_title="", yaxis_title="Messages",
                         legend={"orientation": "h", "y": -0.2})
    return titled(figure, "Messages by kind and status")
