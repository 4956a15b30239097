"""Replenishment: the purchase orders to place, grouped by supplier, placed in one action."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from inventory_core import place_purchase_orders
from restock_ui import fmt, reads, session
from restock_ui.derived import derived
from restock_ui.safe import md
from restock_ui.views.replenishment import (
    NOTICE,
    ORDER,
    by_supplier,
    chosen_orders,
    editable,
    file_stem,
    placed_message,
    supplier_csv,
    to_order,
)
from restock_ui.widgets import filters
from restock_ui.widgets.columns import (
    date_column,
    decimal_column,
    int_column,
    money_column,
    with_decimals,
    with_money,
)
from restock_ui.widgets.page_parts import (
    empty_state,
    guarded,
    kpi_row,
    notice_later,
    page_header,
    show_notice,
)
from restock_ui.widgets.tables import download_table


def page() -> None:
    """The totals, then per supplier its table to tick and edit, the button that places
    the ticked rows as purchase orders, and its CSV."""
    store, today, selection = session.store(), session.today(), filters.current()
    settings = reads.settings(store)
    page_header("Replenishment", "What to order from each supplier, how much and by when, "
                f"for a {settings.service_level_pct} % service level, as of "
                f"{fmt.format_date(today)}", selection)
    show_notice(NOTICE)
    skus, level = reads.skus(store, today, selection), settings.service_level_pct
    rows = derived("replenishment.rows", (skus, today, level),
                   lambda: to_order(skus, today, level))
    if rows.empty:
        empty_state("No SKU among those selected is at or below its reorder point.",
                    "Widen the sidebar filters, or come back after the next import.")
        return
    row = kpi_row()
    row.metric("SKUs to order", fmt.number(len(rows)))
    row.metric("Units suggested", fmt.number(rows["suggested_qty"].sum()))
    row.metric("Revenue at risk", fmt.money(rows["revenue_at_risk"].sum(), settings.currency),
               help="Price × the demand until an order placed now could arrive (lead "
                    "time + 7 days) that the stock in hand and on order does not cover")
    st.caption("Untick a row to leave it out, or change its quantity; **Place** writes one "
               "open purchase order per ticked row, expected after the supplier's lead time.")
    groups = derived("replenishment.by_supplier", (rows,), lambda: list(by_supplier(rows)))
    for number, (supplier, group) in enumerate(groups):
        st.subheader(md(supplier))
        supplier_table(store, today, supplier, group, number)


def supplier_table(store: reads.StoreKey, today: dt.date, supplier: str,
                   group: pd.DataFrame, number: int) -> None:
    """One supplier's rows to tick and edit, the button that places them, its CSV."""
    config = {ORDER: st.column_config.CheckboxColumn("Order", width="small"),
              "sku": st.column_config.TextColumn("SKU", pinned=True),
              "name": st.column_config.TextColumn("Product", width="medium"),
              "suggested_qty": st.column_config.NumberColumn(
                  "Quantity", min_value=1, step=1, format="%d",
                  help="Up to the order-up-to level, rounded to the supplier's packs and "
                       "minimum order where known"),
              "order_by": date_column("Order by"), "runs_out_on": date_column("Runs out on"),
              "revenue_at_risk": money_column("Revenue at risk"),
              "daily_demand": decimal_column(
                  "Demand per day", help="The stored forecast's expected "
                  "units a day (Stock levels' drill-down), else units ordered per day over "
                  "the last 28 days"),
              "net_position": int_column("Net position"),
              "reorder_point": int_column("Reorder point"),
              "order_up_to": int_column("Order-up-to level"),
              "rounded_to": st.column_config.TextColumn("Rounded to")}
    settings = reads.settings(store)
    shown = derived("replenishment.shown", (group, settings.currency, settings.locale),
                    lambda: with_decimals(with_money(editable(group), ["revenue_at_risk"]),
                                          {"daily_demand": 1}))
    edited = st.data_editor(shown, hide_index=True, column_config=config, width="stretch",
                            disabled=[c for c in shown.columns
                                      if c not in (ORDER, "suggested_qty")],
                            key=f"replenishment_rows_{number}")
    orders = chosen_orders(edited)
    left, right = st.columns([1, 1])
    if left.button(f"Place {fmt.plural(len(orders), 'purchase order')}", type="primary",
                   key=f"replenishment_place_{number}",
                   disabled=not orders or not session.can_edit(),
                   help=None if session.can_edit() else "Editors only"):
        placed = guarded(lambda: place_purchase_orders(session.engine(), orders,
                                                       actor=session.actor(), today=today))
        if placed is not None:
            reads.changed(store)
            notice_later(NOTICE, placed_message(supplier, placed, orders))
            st.rerun()
    with right:
        download_table(group, file_stem(supplier, today),
                       key=f"replenishment_csv_{number}",
                       label=f"Download {len(group):,} SKUs to order (CSV)",
                       shown_as=supplier_csv)


page()
