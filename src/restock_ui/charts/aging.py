"""Charts of Backorder aging: buckets, where the backorders are, the backlog by week."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from inventory_core import BUCKET_LABELS
from restock_ui import fmt
from restock_ui.charts.style import titled
from restock_ui.safe import plotly_frame, plotly_text

OVERDUE, WITHIN = "Overdue", "Within promise or no date"
PROMISE_COLORS = {OVERDUE: "#c62828", WITHIN: "#1565c0"}
BUCKET_COLORS = dict(zip(BUCKET_LABELS, ["#90caf9", "#42a5f5", "#1e88e5", "#f9a825",
                                         "#ef6c00", "#c62828"], strict=True))


def aging_buckets(buckets: pd.DataFrame, measure: str = "units",
                  currency: str | None = None) -> go.Figure:
    """Stacked bars per aging bucket: overdue and the rest, in units or value (in
    ``currency``, the store's ISO code, written as the store's locale writes it)."""
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
        prefix, suffix = fmt.money_affixes(currency)
        figure.update_yaxes(tickprefix=plotly_text(prefix), ticksuffix=plotly_text(suffix))
    return titled(figure, f"Open backorder {label.lower()} by age")


def aging_split(split: pd.DataFrame, by: str, title: str, top: int = 15) -> go.Figure:
    """Horizontal stacked bars: each group's backorder units by aging bucket.

    Groups keep the table's order (largest value first); the first ``top`` are shown.
    """
    shown = plotly_frame(split.head(top).iloc[::-1], [by])
    long = shown.melt(id_vars=by, value_vars=BUCKET_LABELS, var_name="Age",
                      value_name="Units")
    figure = px.bar(long, y=by, x="Units", color="Age", orientation="h",
                    color_discrete_map=BUCKET_COLORS,
                    category_orders={"Age": BUCKET_LABELS,
                                     by: shown[by].tolist()[::-1]})
    figure.update_layout(yaxis_title="", xaxis_title="Units",
                         legend={"orientation": "h", "y": -0.2})
    return titled(figure, title, height=max(340, 90 + 26 * len(shown)))


def backlog_weeks(weeks: pd.DataFrame, currency: str | None = None) -> go.Figure:
    """Area line: open backorder units at each week's end (value in ``currency``, dates
    and amounts in the store's locale)."""
    prefix, suffix = (plotly_text(a) for a in fmt.money_affixes(currency))
    figure = px.area(weeks, x="week_end", y="units", markers=True,
                     custom_data=["value", "lines"])
    figure.update_traces(line_color="#1565c0",
                         hovertemplate=f"Week ending %{{x|{fmt.d3_date_format()}}}<br>"
                                       f"%{{y}} units · {prefix}%{{customdata[0]:,.0f}}"
                                       f"{suffix} · "
                                       "%{customdata[1]} lines"
                                       "<extra></extra>")
    figure.update_layout(xaxis_title="Week ending", yaxis_title="Open backorder units")
    return titled(figure, "Open backorders at each week's end (last 26 weeks)")
