"""The forecast's parts of Stock levels: one SKU's forecast section in its drill-down,
and the accuracy per category (both read what the store keeps; nothing is forecast on
a rerun)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from inventory_core import refresh_and_measure
from restock_ui import reads, session
from restock_ui.charts.forecast import forecast_chart
from restock_ui.safe import md
from restock_ui.views.forecast import accuracy_view, forecast_caption
from restock_ui.widgets.figures import remembered, show_chart
from restock_ui.widgets.page_parts import guarded

forecast_figure = remembered(forecast_chart)


def forecast_section(store: reads.StoreKey, sku: str) -> None:
    """The SKU's daily history, its forecast with the 80 % band, the method and why."""
    st.markdown("**Demand forecast**")
    stored = reads.sku_forecast_of(store, sku)
    if stored is None:
        st.caption("No forecast is stored for this SKU yet: **Work out the forecasts** "
                   "under *Forecast accuracy by category* below (or `python -m "
                   "inventory_core forecast`) works out every SKU's.")
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
    refresh_control(store, box)
    if kept is None:
        box.caption("The forecast has not been measured on this store yet. **Work out the "
                    "forecasts** above (or `python -m inventory_core backtest "
                    "--holdout-days 90`) measures it on the last 90 days of orders and "
                    "keeps the result for this table.")
        return
    table, caption = accuracy_view(kept)
    number = st.column_config.NumberColumn
    box.dataframe(table, hide_index=True, width="stretch", key="stock_levels_accuracy",
                  column_config={name: number(name, format="%.2f" if "WAPE" in name else
                                              "%.0f")
                                 for name in table.columns if "WAPE" in name or "sMAPE" in name})
    box.caption(caption)


def refresh_control(store: reads.StoreKey, container: Any) -> None:
    """An editor's button: forecast every SKU with a progress bar, measure the forecast
    on the last 90 days, and show the store's new figures."""
    clicked = container.button(
        "Work out the forecasts", key="stock_levels_refresh_forecasts",
        icon=":material/autorenew:", disabled=not session.can_edit(),
        help="Forecast every SKU's demand from its order history and measure the "
             "forecast on the last 90 days of orders (the command line's `forecast` and "
             "`backtest`)")
    if not clicked:
        return
    bar = container.progress(0.0, text="Forecasting…")

    def tell(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Forecast {done:,} of {total:,} SKUs; "
                     "measuring…" if done >= total else f"Forecast {done:,} of {total:,} SKUs")

    done = guarded(lambda: refresh_and_measure(session.engine(), session.today(),
                                               actor=session.actor(), progress=tell))
    if done is not None:
        reads.changed(store)
        st.rerun()
