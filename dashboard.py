"""Restock Desk: entry point and the Overview page.

Run with ``streamlit run dashboard.py``. The first start builds the embedded
demo store; ``INVENTORY_DB_URL`` points the app at any other database.
"""

from __future__ import annotations

import streamlit as st

from inventory_core.domain.enums import StorefrontState
from inventory_core.errors import InventoryError, StoreUnavailable
from restock_ui import charts, data, filters, fmt, navigation, session, widgets

st.set_page_config(page_title="Restock Desk", page_icon=":material/inventory_2:",
                   layout="wide")


def overview() -> None:
    """Where stock, backorders and pre-orders stand, and what needs attention."""
    url, today, selection = session.db_url(), session.today(), filters.current()
    currency = data.settings(url).currency
    widgets.page_header("Overview", f"Figures as of {fmt.format_date(today)}", selection)
    skus = data.sku_table(url, today, selection)
    if skus.empty:
        widgets.empty_state("No products match the sidebar filters.",
                            "Clear the filters, or import products on the Data page.")
        return
    k = data.kpis(url, today, selection)
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
    attention = data.needs_attention(url, today, selection)
    if attention.empty:
        widgets.empty_state("Nothing needs attention: no overdue backorders, no best seller "
                            "without stock, no late purchase order.")
        return
    shown = attention.drop(columns="urgency").rename(
        columns={"issue": "Issue", "sku": "SKU", "name": "Product", "reason": "Why"})
    st.dataframe(shown, hide_index=True, width="stretch", key="attention",
                 column_config={"Why": st.column_config.TextColumn(width="large")})
    widgets.download_table(shown, "needs-attention", key="download_attention")


def cannot_start(error: InventoryError) -> None:
    """The only page while the store or the app's settings cannot be used."""
    st.error(str(error), icon=":material/error:")
    if isinstance(error, StoreUnavailable):
        st.info("Check INVENTORY_DB_URL (or inventory_db_url in the app's secrets).")


try:
    session.ensure_entrypoint()
    session.gate()
    session.engine()
    session.demo_banner()
    filters.sidebar()
    session.sidebar_identity()
except InventoryError as error:
    # the problem is the navigation's only page, so no page's own address gets past it
    problem = error
    st.navigation([st.Page(lambda: cannot_start(problem), title="Restock Desk",
                           url_path="problem", default=True)], position="hidden").run()
    st.stop()

navigation_tree = st.navigation(navigation.pages(overview))
widgets.guarded(navigation_tree.run)  # a store error on any page reads as a message
