"""Charts of the what-if: the stored policies against the scenario, day by day."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from restock_ui.charts.style import titled

BASELINE, SCENARIO = "#9e9e9e", "#1565c0"


def projected(baseline: pd.DataFrame, scenario: pd.DataFrame, column: str, title: str,
              y_title: str) -> go.Figure:
    """Two lines over the horizon: the stored policies (dashed) and the scenario."""
    figure = go.Figure()
    figure.add_scatter(x=baseline["date"], y=baseline[column], name="Stored policies",
                       line={"color": BASELINE, "dash": "dash"},
                       hovertemplate="%{y:,.1f}")
    figure.add_scatter(x=scenario["date"], y=scenario[column], name="Scenario",
                       line={"color": SCENARIO}, hovertemplate="%{y:,.1f}")
    return titled(figure, title, height=320, yaxis_title=y_title, xaxis_title="",
                  legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right",
                          "yanchor": "bottom"}, hovermode="x unified")


def backlog(baseline: pd.DataFrame, scenario: pd.DataFrame) -> go.Figure:
    """Projected open backlog (backorders and pre-orders waiting), day by day."""
    return projected(baseline, scenario, "backlog", "Projected backlog (units waiting)",
                     "Units")


def sales(baseline: pd.DataFrame, scenario: pd.DataFrame) -> go.Figure:
    """Projected units sold per day."""
    return projected(baseline, scenario, "sales", "Projected units sold per day", "Units")
