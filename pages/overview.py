"""Overview: where stock, backorders and pre-orders stand, and what needs attention."""

from __future__ import annotations

import streamlit as st

from inventory_core import StorefrontState
from restock_ui import fmt, reads, session
from restock_ui.safe import md
from restock_ui.views.first_visit import (
    DISMISSED,
    EMPTY,
    guide_kind,
    guide_steps,
    guide_title,
)
from restock_ui.views.overview import (
    ATTENTION_VERDICT,
    attention_columns,
    attention_table,
    most_at_stake,
    open_order,
    open_sku,
)
from restock_ui.widgets import filters
from restock_ui.widgets.figures import show_chart, skus_by_category, skus_by_state
from restock_ui.widgets.page_parts import empty_state, kpi_row, page_header
from restock_ui.widgets.tables import download_table, show_table


def first_visit(store: reads.StoreKey) -> None:
    """On an empty or a demo store: how to bring one's own store in, and what to look at
    first (``views.first_visit``), until the merchant hides it."""
    counts = reads.row_counts(store).set_index("table")["rows"]
    kind = guide_kind(int(counts.get("Products", 0)), reads.is_demo(store))
    if kind is None or st.session_state.get(DISMISSED):
        return
    # the empty store's guide is the page; the demo's stays folded above its figures
    box = st.container(border=True, key="first_visit") if kind == EMPTY \
        else st.expander(guide_title(kind), icon=":material/school:")
    with box:
        if kind == EMPTY:
            st.markdown(f"#### {guide_title(kind)}")
        for step in guide_steps(kind):
            st.markdown(step)
        if st.button("Hide this guide", key="first_visit_hide", icon=":material/close:"):
            st.session_state[DISMISSED] = True
            st.rerun()


def page() -> None:
    """The four numbers that matter and SKUs by state, every other figure behind an
    expander, and the "needs attention" list."""
    store, today, selection = session.store(), session.today(), filters.current()
    currency = reads.settings(store).currency
    page_header("Overview", f"Figures as of {fmt.format_date(today)}", selection)
    first_visit(store)
    skus = reads.skus(store, today, selection)
    if skus.empty:
        empty_state("No products match the sidebar filters.",
                    "Clear the filters, or import products on the Data page.")
        return
    k = reads.overview_kpis(store, today, selection)
    # the four numbers that matter and one chart first (a phone shows them before any
    # scrolling); every other figure behind the expander
    lead = kpi_row()  # four tiles in a row, two by two on a phone
    out = StorefrontState.OUT_OF_STOCK
    lead.metric(out.label, fmt.number(k.skus_by_state[out]),
                border=True,
                help="SKUs not sold today: the storefront shows out of stock (notify me)")
    lead.metric("Open backorder units", fmt.number(k.backorder_units),
                border=True,
                help="Units customers have paid for and wait for")
    lead.metric("Promises overdue", fmt.number(k.promises_overdue),
                border=True,
                help="Open backorder and pre-order lines past their promised date")
    lead.metric("Oldest backorder", fmt.days(k.oldest_backorder_days),
                border=True,
                help=(f"Order {k.oldest_backorder_order}" if k.oldest_backorder_order
                      else "No open backorders"))
    if k.oldest_backorder_order and st.button(
            f"Open order {k.oldest_backorder_order}", key="overview_open_oldest",
            icon=":material/person_search:",
            help="The oldest waiting customer's order, on the Customer lookup page"):
        open_order(k.oldest_backorder_order)
    show_chart(st, skus_by_state(skus[["state"]]), key="chart_state")
    with st.expander("Every figure: SKUs per state, values, pre-orders, categories",
                     icon=":material/monitoring:"):
        tiles = kpi_row()
        for state in (state for state in StorefrontState if state is not out):
            tiles.metric(state.label, fmt.number(k.skus_by_state[state]),
                         help=f"SKUs whose storefront shows {state.label.lower()} today")
        tiles.metric("Open backorder value", fmt.money(k.backorder_value, currency, None))
        tiles.metric("Open pre-order units", fmt.number(k.preorder_units))
        tiles.metric("Open pre-order value", fmt.money(k.preorder_value, currency, None))
        show_chart(st, skus_by_category(skus[["category", "state"]]), key="chart_category")
    st.subheader("Needs attention")
    attention = reads.attention(store, today, selection)
    if attention.empty:
        empty_state("Nothing needs attention: no overdue promise, no passed restock date, "
                    "no best seller out of stock, no late purchase order.")
        return
    shown, caption = most_at_stake(attention)
    st.caption(caption)
    picked = show_table(st, shown, key="attention", verdict=ATTENTION_VERDICT,
                        on_select="rerun", selection_mode="single-row",
                        column_config=attention_columns())
    download_table(attention, "needs-attention", key="download_attention",
                   label=f"Download all {len(attention):,} issues (CSV)",
                   shown_as=attention_table)
    rows = picked.selection.rows if picked else []
    if rows and rows[0] < len(shown):
        issue = shown.iloc[rows[0]]
        st.markdown(f"**{md(issue['Issue'])} · {md(issue['SKU'])} · {md(issue['Product'])}**")
        st.text(issue["Why"])
        if st.button(f"Open {issue['SKU']} on Stock levels", key="overview_open_sku",
                     icon=":material/inventory_2:"):
            open_sku(issue["SKU"])


page()
