"""The forecast's parts of Stock levels: one SKU's forecast section in its drill-down,
and the accuracy per category (both read what the store keeps; nothing is forecast on
a rerun)."""

from __future__ import annotations

import streamlit as st

from restock_ui import reads
from restock_ui.charts.forecast import forecast_chart
from restock_ui.safe import md
from restock_ui.views.forecast import accuracy_view, forecast_caption
from restock_ui.widgets.figures import remembered, show_chart

forecast_figure = remembered(forecast_chart)


def forecast_section(store: reads.StoreKey, sku: str) -> None:
    """The SKU's daily history, its forecast with the 80 % band, the method and why."""
    st.markdown("**Demand forecast**")
    stored = reads.sku_forecast_of(store, sku)
    if stored is None:
        st.caption("No forecast is stored for this SKU yet. Run `python -m inventory_core "
                   "forecast` (or refresh the forecasts) to work out every SKU's.")
        return
    show_chart(st, forecast_figure(stored.history, stored.ahead, sku),
               key="stock_levels_chart_forecast")
    st.caption(md(forecast_caption(stored)))


def accuracy_section(store: reads.StoreKey) -> None:
    """How well the forecast did per category in the store's last backtest (in an
    expander below the SKU table, open when there is something to show)."""
    kept = reads.kept_backtest(store)
    box = st.expander("Forecast accuracy by category", expanded=kept is not None,
                      icon=":material/query_stats:")
    if kept is None:
        box.caption("No backtest has been run on this store yet. `python -m inventory_core "
                    "backtest --holdout-days 90` measures the forecast and keeps the result "
                    "for this table.")
        return
    table, caption = accuracy_view(kept)
    number = st.column_config.NumberColumn
    box.dataframe(table, hide_index=True, width="stretch", key="stock_levels_accuracy",
                  column_config={name: number(name, format="%.2f" if "WAPE" in name else
                                              "%.0f")
                                 for name in table.columns if "WAPE" in name or "sMAPE" in name})
    box.caption(caption)
