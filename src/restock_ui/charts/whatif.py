"""Charts of the what-if: the stored policies against the scenario, day by day."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from restock_ui.charts.style import titled

BASELINE, SCENARIO, BAND = "#9e9e9e", "#1565c0", "rgba(21, 101, 192, 0.15)"


def projected(baseline: pd.DataFrame, scenario: pd.DataFrame, column: str, title: str,
              y_title: str, band: tuple[pd.DataFrame, pd.DataFrame] | None = None
              ) -> go.Figure:
    """Two lines over the horizon: the stored policies (dashed) and the scenario; with
    ``band`` (the scenario's slow and busy case, day by day), its p10–p90 range shaded."""
    figure = go.Figure()
    if band is not None:
        slow, busy = band
        figure.add_scatter(x=busy["date"], y=busy[column], line={"width": 0},
                           showlegend=False, hoverinfo="skip")
        figure.add_scatter(x=slow["date"], y=slow[column], name="Scenario p10–p90",
                           fill="tonexty", fillcolor=BAND, line={"width": 0},
                           hoverinfo="skip")
    figure.add_scatter(x=baseline["date"], y=baseline[column], name="Stored policies",
                       line={"color": BASELINE, "dash": "dash"},
                       hovertemplate="%{y:,.1f}")
    figure.add_scatter(x=scenario["date"], y=scenario[column], name="Scenario",
                       line={"color": SCENARIO}, hovertemplate="%{y:,.1f}")
    return titled(figure, title, height=320, yaxis_title=y_title, xaxis_title="",
                  legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right",
                          "yanchor": "bottom"}, hovermode="x unified")


def backlog(baseline: pd.DataFrame, scenario: pd.DataFrame,
            band: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> go.Figure:
    """Projected open backlog (backorders and pre-orders waiting), day by day."""
    return projected(baseline, scenario, "backlog", "Projected backlog (units waiting)",
                     "Units", band)


def sales(baseline: pd.DataFrame, scenario: pd.DataFrame,
          band: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> go.Figure:
    """Projected units sold per day."""
    return projected(baseline, scenario, "sales", "Projected units sold per day", "Units",
                     band)
