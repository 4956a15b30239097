"""Overview: where stock, backorders and pre-orders stand, and what needs attention."""

from __future__ import annotations

import streamlit as st

from inventory_core import StorefrontState
from restock_ui import fmt, reads, session
from restock_ui.charts import overview as charts
from restock_ui.views.overview import attention_table
from restock_ui.widgets import filters
from restock_ui.widgets.page_parts import empty_state, page_header
from restock_ui.widgets.tables import download_table


def page() -> None:
    """The KPI rows, SKUs by state and by category, and the "needs attention" list."""
    store, today, selection = session.store(), session.today(), filters.current()
    currency = reads.settings(store).currency
    page_header("Overview", f"Figures as of {fmt.format_date(today)}", selection)
    skus = reads.skus(store, today, selection)
    if skus.empty:
        empty_state("No products match the sidebar filters.",
                    "Clear the filters, or import products on the Data page.")
        return
    k = reads.overview_kpis(store, today, selection)
    states = st.columns(len(StorefrontState))
    for column, state in zip(states, StorefrontState, strict=True):
        column.metric(state.label, fmt.number(k.skus_by_state[state]),
                      help=f"SKUs whose storefront shows {state.label.lower()} today")
    row = st.columns(6)
    row[0].metric("Open backorder units", fmt.number(k.backorder_units))
    row[1].metric("Open backorder value", fmt.money(k.backorder_value, currency))
    row[2].metric("Open pre-order units", fmt.number(k.preorder_units))
    row[3].metric("Open pre-order value", fmt.money(k.preorder_value, currency))
    row[4].metric("Oldest backorder", fmt.days(k.oldest_backorder_days),
                  help=(f"Order {k.oldest_backorder_order}" if k.oldest_backorder_order
                        else "No open backorders"))
    row[5].metric("Promises overdue", fmt.number(k.promises_overdue),
                  help="Open backorder and pre-order lines past their promised date")
    left, right = st.columns(2)
    left.plotly_chart(charts.skus_by_state(skus), width="stretch", key="chart_state")
    right.plotly_chart(charts.skus_by_category(skus), width="stretch",
                       key="chart_category")
    st.subheader("Needs attention")
    attention = reads.attention(store, today, selection)
    if attention.empty:
        empty_state("Nothing needs attention: no overdue backorders, no best seller "
                    "without stock, no late purchase order.")
        return
    shown = attention_table(attention)
    st.dataframe(shown, hide_index=True, width="stretch", key="attention",
                 column_config={"Why": st.column_config.TextColumn(width="large")})
    download_table(shown, "needs-attention", key="download_attention")


page()
