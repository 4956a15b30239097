"""Plotly builders for the Monitor pages: a DataFrame in, a titled figure out."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from inventory_core.domain.enums import LineKind
from inventory_core.queries.aging import BUCKET_LABELS
from inventory_core.queries.stock_levels import COVER_BANDS

from .charts import _tidy
from .safe import plotly_frame, plotly_text

BAND_COLORS = dict(zip(COVER_BANDS, ["#c62828", "#e65100", "#f9a825", "#9ccc65", "#66bb6a",
                                     "#2e7d32", "#1b5e20", "#9e9e9e"], strict=True))
KIND_COLORS = {LineKind.STOCK.label: "#2e7d32", LineKind.BACKORDER.label: "#1565c0",
               LineKind.PREORDER.label: "#7b1fa2"}
OVERDUE, WITHIN = "Overdue", "Within promise or no date"
PROMISE_COLORS = {OVERDUE: "#c62828", WITHIN: "#1565c0"}
COVERAGE_COLORS = {"Covered": "#2e7d32", "Short": "#c62828"}


def cover_bands(skus: pd.DataFrame) -> go.Figure:
    """Bars: how many SKUs have each band of days of cover."""
    counts = (skus["cover_band"].value_counts().reindex(COVER_BANDS, fill_value=0)
              .rename_axis("Days of cover").reset_index(name="SKUs"))
    figure = px.bar(counts, x="Days of cover", y="SKUs", color="Days of cover", text="SKUs",
                    color_discrete_map=BAND_COLORS,
                    category_orders={"Days of cover": COVER_BANDS})
    figure.update_layout(showlegend=False, xaxis_title="", yaxis_title="SKUs")
    return _tidy(figure, "SKUs by days of cover")


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
    return _tidy(figure, f"Stock vs reorder point: the {len(top)} best sellers {what}",
                 height=max(340, 60 + 22 * len(top)))


def projection(plan: pd.DataFrame, sku: str, reorder_point: float) -> go.Figure:
    """The projected stock position day by day, with arrivals and the reorder point."""
    figure = go.Figure()
    figure.add_scatter(x=plan["date"], y=plan["position"], mode="lines", name="Projected position",
                       line={"color": "#1565c0", "width": 3},
                       hovertemplate="%{x|%-d %b %Y}: %{y:.0f} units<extra></extra>")
    arrivals = plan[plan["incoming"] > 0]
    if not arrivals.empty:
        figure.add_scatter(x=arrivals["date"], y=arrivals["position"], mode="markers",
                           name="Purchase order arrives", marker={"size": 11, "color": "#2e7d32",
                                                                  "symbol": "triangle-up"},
                           customdata=arrivals["incoming"],
                           hovertemplate="%{x|%-d %b %Y}: +%{customdata} units<extra></extra>")
    figure.add_hline(y=0, line={"color": "#c62828", "width": 1})
    if reorder_point > 0:
        figure.add_hline(y=reorder_point, line={"color": "#f9a825", "dash": "dash"},
                         annotation_text=f"Reorder point {reorder_point:.0f}",
                         annotation_position="top left")
    figure.update_layout(xaxis_title="", yaxis_title="Units",
                         legend={"orientation": "h", "y": -0.15})
    return _tidy(figure, f"{sku}: projected stock position, next 90 days")


def weekly_orders(weeks: pd.DataFrame, sku: str) -> go.Figure:
    """Stacked bars: units ordered per week, by line kind."""
    kinds = [k for k in LineKind]
    long = weeks.melt(id_vars="week_start", value_vars=[k.value for k in kinds],
                      var_name="Kind", value_name="Units")
    long["Kind"] = long["Kind"].map({k.value: k.label for k in kinds})
    figure = px.bar(long, x="week_start", y="Units", color="Kind",
                    color_discrete_map=KIND_COLORS)
    figure.update_layout(xaxis_title="Week starting", yaxis_title="Units",
                         legend={"orientation": "h", "y": -0.2})
    return _tidy(figure, f"{sku}: units ordered per week (last 26 weeks)")


def aging_buckets(buckets: pd.DataFrame, measure: str = "units",
                  currency: str = "$") -> go.Figure:
    """Stacked bars per aging bucket: overdue and the rest, in units or value (in
    ``currency``, the store's symbol)."""
    other = buckets[measure] - buckets[f"overdue_{measure}"]
    frame = pd.concat([
        pd.DataFrame({"Age": buckets["bucket"], "Promise": OVERDUE,
                      "Amount": buckets[f"overdue_{measure}"]}),
        pd.DataFrame({"Age": buckets["bucket"], "Promise": WITHIN, "Amount": other}),
    ])
    figure = px.bar(frame, x="Age", y="Amount", color="Promise",
                    color_discrete_map=PROMISE_COLORS,
                    category_orders={"Age": BUCKET_LABELS, "Promise": [OVERDUE, WITHIN]})
    label = "Units" if measure == "units" else "Value"
    figure.update_layout(xaxis_title="", yaxis_title=label,
                         legend={"orientation": "h", "y": -0.2})
    if measure == "value":
        figure.update_yaxes(tickprefix=plotly_text(currency))
    return _tidy(figure, f"Open backorder {label.lower()} by age")


def aging_split(split: pd.DataFrame, by: str, title: str, top: int = 15) -> go.Figure:
    """Horizontal stacked bars: each group's backorder units by aging bucket.

    Groups keep the table's order (largest value first); the first ``top`` are shown.
    """
    shown = plotly_frame(split.head(top).iloc[::-1], [by])
    long = shown.melt(id_vars=by, value_vars=BUCKET_LABELS, var_name="Age",
                      value_name="Units")
    colors = ["#90caf9", "#42a5f5", "#1e88e5", "#f9a825", "#ef6c00", "#c62828"]
    figure = px.bar(long, y=by, x="Units", color="Age", orientation="h",
                    color_discrete_map=dict(zip(BUCKET_LABELS, colors, strict=True)),
                    category_orders={"Age": BUCKET_LABELS,
                                     by: shown[by].tolist()[::-1]})
    figure.update_layout(yaxis_title="", xaxis_title="Units",
                         legend={"orientation": "h", "y": -0.2})
    return _tidy(figure, title, height=max(340, 90 + 26 * len(shown)))


def backlog_weeks(weeks: pd.DataFrame, currency: str = "$") -> go.Figure:
    """Area line: open backorder units at each week's end (value in ``currency``)."""
    figure = px.area(weeks, x="week_end", y="units", markers=True,
                     custom_data=["value", "lines"])
    figure.update_traces(line_color="#1565c0",
                         hovertemplate="Week ending %{x|%-d %b %Y}<br>%{y} units · "
                                       f"{plotly_text(currency)}%{{customdata[0]:,.0f}} · "
                                       "%{customdata[1]} lines"
                                       "<extra></extra>")
    figure.update_layout(xaxis_title="Week ending", yaxis_title="Open backorder units")
    return _tidy(figure, "Open backorders at each week's end (last 26 weeks)")


def preorders_per_day(per_day: pd.DataFrame, names: dict[str, str],
                      top: int = 8) -> go.Figure:
    """Stacked bars: pre-order units per day, one colour per product (the rest as Other)."""
    totals = per_day.groupby("sku")["units"].sum().sort_values(ascending=False)
    keep = set(totals.index[:top])
    frame = per_day.assign(Product=[plotly_text(f"{s} · {names.get(s, '')}") if s in keep
                                    else "Other" for s in per_day["sku"]])
    frame = frame.groupby(["day", "Product"], as_index=False)["units"].sum()
    figure = px.bar(frame, x="day", y="units", color="Product")
    figure.update_layout(xaxis_title="", yaxis_title="Units pre-ordered", bargap=0.1)
    return _tidy(figure, "Pre-orders per day since each pre-order opened", height=380)


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
                                     "start": False, "end": "|%-d %b %Y", "Supply": False})
    figure.update_yaxes(autorange="reversed", title="")
    figure.add_vline(x=pd.Timestamp(today).timestamp() * 1000, line_dash="dot",
                     line_color="#616161", annotation_text="Today",
                     annotation_position="bottom right")
    figure.update_layout(xaxis_title="Pre-order window: first pre-order → release date",
                         legend={"orientation": "h", "y": -0.2})
    return _tidy(figure, "Upcoming releases", height=max(340, 100 + 28 * len(frame)))
