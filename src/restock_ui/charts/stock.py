"""Charts of Stock levels: days of cover, the reorder point, one SKU's projection and orders."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from inventory_core import COVER_BANDS, LineKind
from restock_ui import fmt
from restock_ui.charts.style import titled
from restock_ui.safe import plotly_frame, plotly_text

BAND_COLORS = dict(zip(COVER_BANDS, ["#c62828", "#e65100", "#f9a825", "#9ccc65", "#66bb6a",
                                     "#2e7d32", "#1b5e20", "#9e9e9e", "#00838f"],
                           strict=True))
KIND_COLORS = {LineKind.STOCK.label: "#2e7d32", LineKind.BACKORDER.label: "#1565c0",
               LineKind.PREORDER.label: "#7b1fa2"}


def cover_bands(skus: pd.DataFrame) -> go.Figure:
    """Bars: how many SKUs have each band of days of cover."""
    counts = (skus["cover_band"].value_counts().reindex(COVER_BANDS, fill_value=0)
              .rename_axis("Days of cover").reset_index(name="SKUs"))
    figure = px.bar(counts, x="Days of cover", y="SKUs", color="Days of cover", text="SKUs",
                    color_discrete_map=BAND_COLORS,
                    category_orders={"Days of cover": COVER_BANDS})
    figure.update_layout(showlegend=False, xaxis_title="", yaxis_title="SKUs")
    return titled(figure, "SKUs by days of cover")


def reorder_chart(skus: pd.DataFrame, count: int = 15) -> go.Figure:
    """Available and incoming units against the reorder point, best sellers first.

    The SKUs flagged "reorder now" when there are any, else every selling SKU.
    """
    selling = skus[(skus["demand_rate"] > 0) & ~skus["discontinued"].astype(bool)]
    flagged = selling[selling["needs_reorder"]]
    pool, what = (flagged, "to reorder") if not flagged.empty else (selling, "selling")
    top = pool.nlargest(count, "demand_rate").iloc[::-1]
    labels = [plotly_text(sku) for sku in top["sku"]]
    hover = plotly_frame(top[["name", "demand_rate"]], ["name"]).to_numpy()
    figure = go.Figure()
    figure.add_bar(y=labels, x=top["available"].clip(lower=0), orientation="h",
                   name="Available", marker_color="#1565c0", customdata=hover,
                   hovertemplate="%{y} · %{customdata[0]}<br>Available %{x}<br>"
                                 "%{customdata[1]:.2f} a day<extra></extra>")
    figure.add_bar(y=labels, x=top["incoming_qty"], orientation="h", name="Incoming",
                   marker_color="#90caf9",
                   hovertemplate="%{y}: %{x} incoming<extra></extra>")
    figure.add_scatter(y=labels, x=top["reorder_point"], mode="markers",
                       name="Reorder point", marker={"symbol": "line-ns-open", "size": 18,
                                                     "color": "#c62828",
                                                     "line": {"width": 3}},
                       hovertemplate="%{y}: reorder point %{x}<extra></extra>")
    figure.update_layout(xaxis_title="Units", yaxis_title="", barmode="stack",
                         legend={"orientation": "h", "y": -0.2})
    return titled(figure, f"Stock vs reorder point: the {len(top)} best sellers {what}",
                 height=max(340, 60 + 22 * len(top)))


def stock_position(plan: pd.DataFrame, sku: str, reorder_point: float) -> go.Figure:
    """The projected stock position day by day, with arrivals and the reorder point."""
    figure = go.Figure()
    figure.add_scatter(x=plan["date"], y=plan["position"], mode="lines", name="Projected position",
                       line={"color": "#1565c0", "width": 3},
                       hovertemplate=f"%{{x|{fmt.d3_date_format()}}}: %{{y:,.0f}} units"
                                     "<extra></extra>")
    arrivals = plan[plan["incoming"] > 0]
    if not arrivals.empty:
        figure.add_scatter(x=arrivals["date"], y=arrivals["position"], mode="markers",
                           name="Purchase order arrives", marker={"size": 11, "color": "#2e7d32",
                                                                  "symbol": "triangle-up"},
                           customdata=arrivals["incoming"],
                           hovertemplate=f"%{{x|{fmt.d3_date_format()}}}: +%{{customdata}} "
                                         "units<extra></extra>")
    figure.add_hline(y=0, line={"color": "#c62828", "width": 1})
    if reorder_point > 0:
        figure.add_hline(y=reorder_point, line={"color": "#f9a825", "dash": "dash"},
                         annotation_text=f"Reorder point {reorder_point:.0f}",
                         annotation_position="top left")
    figure.update_xaxes(tickformat=fmt.d3_tick_format())
    figure.update_layout(xaxis_title="", yaxis_title="Units",
                         legend={"orientation": "h", "y": -0.2})
    return titled(figure, f"{sku}: projected stock position, next 90 days")


def weekly_orders(weeks: pd.DataFrame, sku: str) -> go.Figure:
    """Stacked bars: units ordered per week, by line kind."""
    kinds = [k for k in LineKind]
    long = weeks.melt(id_vars="week_start", value_vars=[k.value for k in kinds],
                      var_name="Kind", value_name="Units")
    long["Kind"] = long["Kind"].map({k.value: k.label for k in kinds})
    figure = px.bar(long, x="week_start", y="Units", color="Kind",
                    color_discrete_map=KIND_COLORS)
    figure.update_xaxes(tickformat=fmt.d3_tick_format())
    figure.update_layout(xaxis_title="Week starting", yaxis_title="Units",
                         legend={"orientation": "h", "y": -0.3})
    return titled(figure, f"{sku}: units ordered per week (last 26 weeks)")
