"""Backorder aging: how long customers have waited, by bucket, group and week."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from inventory_core import BUCKET_LABELS, Filters
from restock_ui import fmt, reads, session
from restock_ui.safe import md
from restock_ui.views.backorders import OLDEST_LINES, SPLITS
from restock_ui.widgets import figures, filters
from restock_ui.widgets.columns import (
    date_column,
    int_column,
    money_column,
    with_datetimes,
    with_money,
)
from restock_ui.widgets.page_parts import empty_state, kpi_row, page_header
from restock_ui.widgets.tables import download_table, show_table


def page() -> None:
    """The backorder KPIs, the aging buckets and backlog, the split by group, the oldest."""
    store, today, selection = session.store(), session.today(), filters.current()
    currency = reads.settings(store).currency
    page_header("Backorder aging", "Open backorder lines by age (today − the order's "
                f"placed date) as of {fmt.format_date(today)}", selection)
    buckets = reads.buckets(store, today, selection)
    weeks = reads.backlog_weeks(store, today, selection)
    if buckets["lines"].sum() == 0:
        empty_state(
            "No open backorders for the products selected: every customer is served.",
            "Widen the sidebar filters to see other products, or import open orders on the "
            "Data page.")
        if weeks["units"].sum() > 0:
            figures.show_chart(st, figures.backlog_weeks(weeks, currency),
                               key="backorder_aging_chart_weeks")
        return
    promise = reads.promises_kept(store, today, selection).set_index("promise")
    oldest = reads.oldest_lines(store, today, selection, OLDEST_LINES)
    row = kpi_row()
    row.metric("Open backorder units", fmt.number(buckets["units"].sum()))
    row.metric("Open backorder value", fmt.money(buckets["value"].sum(), currency))
    row.metric("Open lines", fmt.number(buckets["lines"].sum()))
    row.metric("Overdue lines", fmt.number(promise.loc["Overdue", "lines"]),
               help=f"{fmt.number(promise.loc['Overdue', 'units'])} units, "
                    f"{fmt.money(promise.loc['Overdue', 'value'], currency)}: promised "
                    "date before today")
    row.metric("Overdue units", fmt.number(promise.loc["Overdue", "units"]))
    row.metric("Oldest line", fmt.days(int(oldest["age_days"].iloc[0])),
               help=f"Order {md(oldest['order_number'].iloc[0])}")
    within = promise.loc["Within promise"]
    no_date = promise.loc["No promised date"]
    st.caption(f"Within promise: {fmt.number(within['lines'])} lines, "
               f"{fmt.number(within['units'])} units, {fmt.money(within['value'], currency)}"
               + (f" · no promised date: {fmt.number(no_date['lines'])} lines"
                  if no_date["lines"] else ""))

    measure = st.segmented_control("Measure", ["Units", "Value"], default="Units",
                                   key="backorder_aging_measure") or "Units"
    left, right = st.columns(2)
    figures.show_chart(left, figures.aging_buckets(buckets, measure.lower(), currency),
                       key="backorder_aging_chart_buckets")
    figures.show_chart(right, figures.backlog_weeks(weeks, currency),
                       key="backorder_aging_chart_weeks")
    right.caption("Each point: backorder units placed by the end of that day and not yet "
                  "fulfilled then (cancelled lines are left out).")
    show_table(
        st, with_money(buckets.rename(columns={"bucket": "Age"}), ["value", "overdue_value"]),
        key="backorder_aging_buckets",
        column_config={
            "lines": int_column("Lines"), "units": int_column("Units"),
            "value": money_column("Value"), "overdue_lines": int_column("Overdue lines"),
            "overdue_units": int_column("Overdue units"),
            "overdue_value": money_column("Overdue value")})
    where_they_are(store, today, selection)
    oldest_lines(oldest)


def where_they_are(store: reads.StoreKey, today: dt.date, selection: Filters) -> None:
    """Open backorders split by category, supplier or SKU, by age."""
    st.subheader("Where the backorders are")
    label = st.segmented_control("Split by", list(SPLITS), default="Category",
                                 key="backorder_aging_split") or "Category"
    by = SPLITS[label]
    split = reads.aging_split(store, today, selection, by)
    title = f"Open backorder units by {label.lower()} and age"
    figures.show_chart(st, figures.aging_split(split, by, title), key="backorder_aging_chart_split")
    config: dict[str, ColumnConfig | str] = {
        by: label, "name": "Product", "lines": int_column("Lines"),
        "units": int_column("Units"), "value": money_column("Value"),
        "overdue_lines": int_column("Overdue lines"),
        "overdue_units": int_column("Overdue units"),
        "overdue_value": money_column("Overdue value")}
    config.update({b: int_column(b, help=f"Units {b} old") for b in BUCKET_LABELS})
    show_table(st, with_money(split, ["value", "overdue_value"]),
               key="backorder_aging_split_table", verdict=["overdue_units", "units"],
               column_config=config)
    download_table(split, f"backorder-aging-by-{by}", key="backorder_aging_download")


def oldest_lines(oldest: pd.DataFrame) -> None:
    """The oldest open backorder lines, oldest first."""
    st.subheader("Oldest open backorder lines")
    shown = with_money(with_datetimes(oldest.drop(columns=["email"]), ["placed", "promised_on"]),
                       ["value"])
    show_table(
        st, shown, key="backorder_aging_oldest",
        verdict=["days_overdue", "promised_on", "age_days"],
        column_config={
            "order_number": "Order", "customer": "Customer", "sku": "SKU",
            "name": "Product", "qty": int_column("Units"),
            "value": money_column("Value"), "placed": date_column("Placed"),
            "age_days": int_column("Age (days)"), "bucket": "Bucket",
            "promised_on": date_column("Promised"),
            "overdue": st.column_config.CheckboxColumn("Overdue"),
            "days_overdue": int_column("Days overdue")})
    st.caption(f"The {OLDEST_LINES} oldest lines at most, oldest first.")
    download_table(oldest, "oldest-backorders", key="backorder_aging_download_oldest",
                   label="Download oldest lines (CSV)")


page()
