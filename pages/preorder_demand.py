"""Pre-order demand: what customers pre-ordered, against caps, supply and release dates."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from restock_ui import fmt, reads, session
from restock_ui.derived import derived
from restock_ui.safe import md
from restock_ui.views.backorders import (
    ALL_PRODUCTS,
    PREORDER_COLUMNS,
    TIMELINE_ROWS,
    short_of_supply,
    upcoming_releases,
)
from restock_ui.widgets import figures, filters
from restock_ui.widgets.columns import (
    date_column,
    int_column,
    money_column,
    with_datetimes,
    with_money,
)
from restock_ui.widgets.page_parts import empty_state, kpi_row, page_header
from restock_ui.widgets.tables import download_table, first_rows, show_table


def page() -> None:
    """The pre-order KPIs, the release timeline, pre-orders per day, the table per product."""
    store, today, selection = session.store(), session.today(), filters.current()
    currency = reads.settings(store).currency
    page_header("Pre-order demand", "Products on pre-order or with customers waiting "
                f"for a release, as of {fmt.format_date(today)}", selection)
    demand = reads.preorders(store, today, selection)
    if demand.empty:
        empty_state(
            "No product is on pre-order among the products selected.",
            "Widen the sidebar filters, or set an unreleased product's policy to Pre-order "
            "(with a release date and a cap) on the Policies & what-if page.")
        return
    short = short_of_supply(demand)
    upcoming = upcoming_releases(demand)
    row = kpi_row()
    row.metric("Pre-order products", fmt.number(len(demand)))
    row.metric("Pre-ordered units", fmt.number(demand["preorder_units"].sum()),
               help="Units on open pre-order lines")
    row.metric("Pre-order value", fmt.money(demand["preorder_value"].sum(), currency),
               help="Units × price paid on open pre-order lines")
    row.metric("Short of supply", fmt.number(len(short)),
               help=(f"{fmt.number(-short['coverage'].sum())} units short in all: "
                     "available + incoming is less than what customers wait for"))
    if upcoming.empty:
        row.metric("Next release", "None ahead")
    else:
        first = upcoming.iloc[0]
        row.metric("Next release", fmt.format_date(first["release_date"]),
                   help=f"{md(first['sku'])} · {md(first['name'])}")

    if upcoming.empty:
        st.caption("No release date ahead: every pre-order product's release date has "
                   "passed or is not set.")
    else:
        figures.show_chart(st, figures.release_timeline(upcoming.head(TIMELINE_ROWS), today),
                           key="preorder_demand_chart_timeline")
        if len(upcoming) > TIMELINE_ROWS:
            st.caption(f"The {TIMELINE_ROWS} nearest of {fmt.number(len(upcoming))} upcoming "
                       "releases; the table below lists them, and its download holds them all.")
    names = derived("preorder_demand.names", (demand,),
                    lambda: dict(zip(demand["sku"], demand["name"], strict=True)))
    chosen = st.selectbox("Pre-orders per day of", [ALL_PRODUCTS, *names],
                          key="preorder_demand_product",
                          format_func=lambda s: s if s == ALL_PRODUCTS
                          else f"{s} · {names.get(s, '')}")
    per_day = reads.preorders_by_day(store, today, selection,
                                     None if chosen == ALL_PRODUCTS else chosen)
    if per_day.empty:
        st.caption("No pre-order has been placed yet.")
    else:
        figures.show_chart(st, figures.preorders_per_day(per_day, names),
                           key="preorder_demand_chart_per_day")
    per_product(demand[PREORDER_COLUMNS])


def per_product(table: pd.DataFrame) -> None:
    """One row per pre-order product: its demand, cap, supply and dates."""
    st.subheader("Per product")
    shown = first_rows(table, "pre-order products")
    show_table(
        st, with_money(with_datetimes(shown, ["release_date", "next_expected", "opened"]),
                       ["preorder_value"]),
        key="preorder_demand_table", verdict=["coverage_label", "release_date", "cap_used"],
        column_config={
            "sku": st.column_config.TextColumn("SKU", pinned=True), "name": "Product",
            "release_date": date_column("Release date"),
            "days_to_release": int_column("Days to release"),
            "preorder_units": int_column("Pre-ordered units"),
            "preorder_value": money_column("Pre-order value"),
            "cap": int_column("Cap", help="Most units the policy takes on pre-order"),
            "cap_used": st.column_config.ProgressColumn(
                "Cap used", format="percent", min_value=0.0, max_value=1.0,
                help="Pre-ordered units ÷ cap (blank: no cap)"),
            "incoming_qty": int_column("Incoming", help="Units on open purchase orders"),
            "release_supply": int_column(
                "Arriving by release", help="Incoming units expected on or before release"),
            "coverage_label": st.column_config.TextColumn(
                "Supply", help="Available + incoming − open pre-orders − open backorders"),
            "next_expected": date_column("Next PO expected"),
            "opened": date_column("First pre-order"),
            "category": "Category", "supplier": "Supplier"})
    download_table(table, "preorder-demand", key="preorder_demand_download")


page()
