"""Backorder aging: how long customers have waited, by bucket, group and week."""

from __future__ import annotations

import streamlit as st

from inventory_core.queries.aging import BUCKET_LABELS
from restock_ui import (
    data,
    filters,
    fmt,
    monitor_data,
    session,
    widgets,
)
from restock_ui.monitor_widgets import date_column, int_column, money_column, with_datetimes
from restock_ui.safe import md

OLDEST_LINES = 50
SPLITS = {"Category": "category", "Supplier": "supplier", "SKU": "sku"}


def page() -> None:
    url, today, selection = session.db_url(), session.today(), filters.current()
    currency = data.settings(url).currency
    widgets.page_header("Backorder aging", "Open backorder lines by age (today − the order's "
                        f"placed date) as of {fmt.format_date(today)}", selection)
    buckets = monitor_data.aging_buckets(url, today, selection)
    weeks = monitor_data.backlog_by_week(url, today, selection)
    if buckets["lines"].sum() == 0:
        widgets.empty_state(
            "No open backorders for the products selected: every customer is served.",
            "Widen the sidebar filters to see other products, or import open orders on the "
            "Data page.")
        if weeks["units"].sum() > 0:
            st.plotly_chart(monitor_data.chart("backlog_weeks", weeks, currency), width="stretch",
                            key="backorder_aging_chart_weeks")
        return
    promise = monitor_data.promise_split(url, today, selection).set_index("promise")
    oldest = monitor_data.oldest_backorders(url, today, selection, OLDEST_LINES)
    row = st.columns(6)
    row[0].metric("Open backorder units", fmt.number(buckets["units"].sum()))
    row[1].metric("Open backorder value", fmt.money(buckets["value"].sum(), currency))
    row[2].metric("Open lines", fmt.number(buckets["lines"].sum()))
    row[3].metric("Overdue lines", fmt.number(promise.loc["Overdue", "lines"]),
                  help=f"{fmt.number(promise.loc['Overdue', 'units'])} units, "
                       f"{fmt.money(promise.loc['Overdue', 'value'], currency)}: promised "
                       "date before today")
    row[4].metric("Overdue units", fmt.number(promise.loc["Overdue", "units"]))
    row[5].metric("Oldest line", fmt.days(int(oldest["age_days"].iloc[0])),
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
    left.plotly_chart(monitor_data.chart("aging_buckets", buckets, measure.lower(),
                                         currency),
                      width="stretch", key="backorder_aging_chart_buckets")
    right.plotly_chart(monitor_data.chart("backlog_weeks", weeks, currency), width="stretch",
                       key="backorder_aging_chart_weeks")
    right.caption("Each point: backorder units placed by the end of that day and not yet "
                  "fulfilled then (cancelled lines are left out).")
    st.dataframe(
        buckets.rename(columns={"bucket": "Age"}), hide_index=True, width="stretch",
        key="backorder_aging_buckets",
        column_config={
            "lines": int_column("Lines"), "units": int_column("Units"),
            "value": money_column("Value", currency), "overdue_lines": int_column("Overdue lines"),
            "overdue_units": int_column("Overdue units"),
            "overdue_value": money_column("Overdue value", currency)})

    st.subheader("Where the backorders are")
    label = st.segmented_control("Split by", list(SPLITS), default="Category",
                                 key="backorder_aging_split") or "Category"
    by = SPLITS[label]
    split = monitor_data.aging_by(url, today, selection, by)
    title = f"Open backorder units by {label.lower()} and age"
    st.plotly_chart(monitor_data.chart("aging_split", split, by, title), width="stretch",
                    key="backorder_aging_chart_split")
    config = {by: label, "name": "Product", "lines": int_column("Lines"),
              "units": int_column("Units"), "value": money_column("Value", currency),
              "overdue_lines": int_column("Overdue lines"),
              "overdue_units": int_column("Overdue units"),
              "overdue_value": money_column("Overdue value", currency)}
    config.update({b: int_column(b, help=f"Units {b} old") for b in BUCKET_LABELS})
    st.dataframe(split, hide_index=True, width="stretch", key="backorder_aging_split_table",
                 column_config=config)
    widgets.download_table(split, f"backorder-aging-by-{by}", key="backorder_aging_download")

    st.subheader("Oldest open backorder lines")
    shown = with_datetimes(oldest.drop(columns=["email"]), ["placed", "promised_on"])
    st.dataframe(
        shown, hide_index=True, width="stretch", key="backorder_aging_oldest",
        column_config={
            "order_number": "Order", "customer": "Customer", "sku": "SKU",
            "name": "Product", "qty": int_column("Units"),
            "value": money_column("Value", currency), "placed": date_column("Placed"),
            "age_days": int_column("Age (days)"), "bucket": "Bucket",
            "promised_on": date_column("Promised"),
            "overdue": st.column_config.CheckboxColumn("Overdue"),
            "days_overdue": int_column("Days overdue")})
    st.caption(f"The {OLDEST_LINES} oldest lines at most, oldest first.")
    widgets.download_table(oldest, "oldest-backorders", key="backorder_aging_download_oldest",
                           label="Download oldest lines (CSV)")


page()
