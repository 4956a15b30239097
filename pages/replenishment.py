"""Replenishment: the purchase orders to place, grouped by supplier."""

from __future__ import annotations

import streamlit as st

from restock_ui import fmt, reads, session
from restock_ui.safe import md
from restock_ui.views.replenishment import by_supplier, file_stem, supplier_csv, to_order
from restock_ui.widgets import filters
from restock_ui.widgets.columns import (
    date_column,
    decimal_column,
    int_column,
    money_column,
    with_decimals,
    with_money,
)
from restock_ui.widgets.page_parts import empty_state, page_header
from restock_ui.widgets.tables import download_table


def page() -> None:
    """The totals, then one table and one CSV per supplier."""
    store, today, selection = session.store(), session.today(), filters.current()
    settings = reads.settings(store)
    page_header("Replenishment", "What to order from each supplier, how much and by when, "
                f"for a {settings.service_level_pct} % service level, as of "
                f"{fmt.format_date(today)}", selection)
    rows = to_order(reads.skus(store, today, selection), today, settings.service_level_pct)
    if rows.empty:
        empty_state("No SKU among those selected is at or below its reorder point.",
                    "Widen the sidebar filters, or come back after the next import.")
        return
    row = st.columns(3)
    row[0].metric("SKUs to order", fmt.number(len(rows)))
    row[1].metric("Units suggested", fmt.number(rows["suggested_qty"].sum()))
    row[2].metric("Revenue at risk", fmt.money(rows["revenue_at_risk"].sum(),
                                               settings.currency),
                  help="Price × the demand until an order placed now could arrive (lead "
                       "time + 7 days) that the stock in hand and on order does not cover")
    config = {"sku": st.column_config.TextColumn("SKU", pinned=True),
              "name": st.column_config.TextColumn("Product", width="medium"),
              "suggested_qty": int_column("Quantity", help="Up to the order-up-to level"),
              "order_by": date_column("Order by"), "runs_out_on": date_column("Runs out on"),
              "revenue_at_risk": money_column("Revenue at risk"),
              "daily_demand": decimal_column(
                  "Demand per day", help="The stored forecast's expected "
                  "units a day (Stock levels' drill-down), else units ordered per day over "
                  "the last 28 days"),
              "net_position": int_column("Net position"),
              "reorder_point": int_column("Reorder point"),
              "order_up_to": int_column("Order-up-to level")}
    for number, (supplier, group) in enumerate(by_supplier(rows)):
        st.subheader(md(supplier))
        st.dataframe(with_decimals(with_money(group, ["revenue_at_risk"]), {"daily_demand": 1}),
                     hide_index=True, column_config=config, width="stretch")
        download_table(group, file_stem(supplier, today), key=f"replenishment_csv_{number}",
                       label=f"Download {len(group):,} SKUs to order (CSV)",
                       shown_as=supplier_csv)


page()
