"""Stock levels: every SKU's stock, supply, demand and cover, and one SKU's drill-down."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from inventory_core import (
    STOCK_OUT_COUNTS,
    LineKind,
    LineStatus,
    StorefrontState,
    runs_out_on,
    stock_out_counts,
    stock_projection,
)
from restock_ui import fmt, reads, session
from restock_ui.derived import derived
from restock_ui.safe import md
from restock_ui.views import stock as view
from restock_ui.views.stock import PICK_KEY, SHOWN_KEY, TABLE_KEY
from restock_ui.widgets import figures, filters
from restock_ui.widgets.columns import (
    as_state_cells,
    date_column,
    decimal_column,
    int_column,
    money_column,
    state_column,
    with_datetimes,
    with_decimals,
    with_money,
)
from restock_ui.widgets.forecast import accuracy_section, forecast_section
from restock_ui.widgets.page_parts import empty_state, kpi_row, page_header
from restock_ui.widgets.tables import download_table, first_rows, show_table


def _pick_from_table() -> None:
    """Open the SKU of the row selected in the table."""
    rows = st.session_state[TABLE_KEY].selection.rows
    shown = st.session_state.get(SHOWN_KEY, [])
    if rows and rows[0] < len(shown):
        st.session_state[PICK_KEY] = shown[rows[0]]


def drill_down(store: reads.StoreKey, today: dt.date, row: pd.Series) -> None:
    """One SKU: its numbers, 90-day projection, weekly orders, waiting lines and POs."""
    sku = row["sku"]
    st.subheader(f"{md(sku)} · {md(row['name'])}")
    st.caption(f"{row['state'].label} · {md(row['category'])} · "
               f"{md(row['supplier'] or 'no supplier')} · {md(row['note'])}")
    if row.get("state_reason"):  # why the storefront shows this, not what the mode would
        st.caption(md(row["state_reason"]))
    orders = reads.purchase_orders_of(store, sku)
    plan = stock_projection(row, orders, today)
    out_on = runs_out_on(plan)
    cols = st.columns(6)
    cols[0].metric("Available", fmt.number(row["available"]))
    cols[1].metric("Incoming", fmt.number(row["incoming_qty"]),
                   help=f"Next expected {fmt.format_date(row['next_expected'])}")
    cols[2].metric("Units waiting",
                   fmt.number(row["backorder_qty"] + row["preorder_qty"]),
                   help="Open backorder and pre-order units")
    cols[3].metric("Days of cover", fmt.number(row["days_of_cover"], 1))
    cols[4].metric("Reorder point", fmt.number(row["reorder_point"]))
    short = "Now" if out_on == today else fmt.format_date(out_on, "Not within 90 days")
    cols[5].metric("Runs short on", short,
                   help="First day the projected position falls below zero")
    left, right = st.columns(2)
    figures.show_chart(left, figures.stock_position(plan, sku, float(row["reorder_point"])),
                       key="stock_levels_chart_projection")
    left.caption("Position = available − waiting backorders and pre-orders + purchase "
                 f"orders as they arrive − {fmt.number(row['demand_rate'], 2)} units a day "
                 "of forecast demand.")
    weeks = reads.weekly_orders_of(store, today, sku)
    figures.show_chart(right, figures.weekly_orders(weeks, sku),
                       key="stock_levels_chart_weekly")
    forecast_section(store, sku)
    lines_col, po_col = st.columns(2)
    lines_col.markdown("**Waiting customers: open backorder and pre-order lines**")
    lines = reads.waiting_lines_of(store, today, sku)
    if lines.empty:
        lines_col.caption("No customer is waiting for this SKU.")
    else:
        lines_col.dataframe(
            with_money(with_datetimes(lines, ["placed", "promised_on"]), ["value"]).assign(
                kind=lines["kind"].map(LineKind.labels())), hide_index=True,
            width="stretch", key="stock_levels_lines",
            column_config={
                "order_number": "Order", "customer": "Customer", "kind": "Kind",
                "qty": int_column("Units"), "value": money_column("Value"),
                "placed": date_column("Placed"), "age_days": int_column("Age (days)"),
                "promised_on": date_column("Promised"),
                "overdue": st.column_config.CheckboxColumn("Overdue")})
    po_col.markdown("**Purchase orders**")
    if orders.empty:
        po_col.caption("No purchase order for this SKU. Add one on the Incoming supply page "
                       "or import purchase orders on the Data page.")
    else:
        po_col.dataframe(
            with_datetimes(orders, ["ordered_on", "expected_on", "received_on"]).assign(
                status=orders["status"].map(LineStatus.labels())), hide_index=True,
            width="stretch", key="stock_levels_pos",
            column_config={
                "po_number": "PO", "supplier": "Supplier", "qty": int_column("Units"),
                "ordered_on": date_column("Ordered"), "expected_on": date_column("Expected"),
                "received_on": date_column("Received"), "status": "Status"})


def page() -> None:
    """Every SKU's numbers, two charts, the SKU table and one SKU's drill-down."""
    store, today, selection = session.store(), session.today(), filters.current()
    page_header("Stock levels", "Every SKU's stock, supply, demand and cover as of "
                f"{fmt.format_date(today)}", selection)
    skus = reads.stock_table(store, today, selection)
    if skus.empty:
        empty_state("No products match the sidebar filters.",
                    "Clear the category and supplier filters, or import products and stock "
                    "on the Data page.")
        return
    outs = derived("stock_levels.outs", (skus,), lambda: stock_out_counts(skus))
    row = kpi_row()
    row.metric("SKUs", fmt.number(len(skus)))
    row.metric("Low stock", fmt.number((skus["state"] == StorefrontState.LOW_STOCK).sum()),
               help="SKUs with 1 unit available up to their low-stock threshold")
    for key in ("out_of_stock", "nothing_available"):
        label, counts = STOCK_OUT_COUNTS[key]
        row.metric(label, fmt.number(outs[key]), help=counts)
    row.metric("Reorder now", fmt.number(skus["needs_reorder"].sum()),
               help="SKUs that sell and whose available plus incoming units are at or "
                    "below the reorder point")
    row.metric("Units incoming", fmt.number(skus["incoming_qty"].sum()),
               help="Units on open purchase orders")
    left, right = st.columns(2)
    # the columns each chart reads, sliced once per read (the figures know them again)
    bands = derived("stock_levels.bands", (skus,), lambda: skus[["cover_band"]])
    reorder = derived("stock_levels.reorder", (skus,),
                      lambda: skus[view.REORDER_CHART_COLUMNS])
    figures.show_chart(left, figures.cover_bands(bands), key="stock_levels_chart_cover")
    figures.show_chart(right, figures.reorder_chart(reorder),
                       key="stock_levels_chart_reorder")
    all_skus(store, today, skus)
    accuracy_section(store)


def all_skus(store: reads.StoreKey, today: dt.date, skus: pd.DataFrame) -> None:
    """Every SKU, searched, filtered by state and sorted; a row opens its drill-down."""
    st.subheader("All SKUs")
    search_col, state_col, sort_col = st.columns([2, 2, 1])
    text = search_col.text_input("Search SKU or product name", key="stock_levels_search",
                                 placeholder="e.g. RED or Widget")
    states = state_col.multiselect("Storefront state", list(StorefrontState),
                                   format_func=lambda state: state.label,
                                   key="stock_levels_states", placeholder="All states")
    order = sort_col.selectbox("Sort by", list(view.SORTS), key="stock_levels_sort")
    found = derived("stock_levels.found", (skus, text, tuple(states), order),
                    lambda: view.found(skus, text, states, order))
    if found.empty:
        empty_state(f"No SKU matches “{text}”" if text else "No SKU in these states.",
                    "Change the search text or the states chosen above.")
        return
    table = derived("stock_levels.table", (found,), lambda: view.table_view(found))
    shown = first_rows(table, "SKUs")
    st.session_state[SHOWN_KEY] = shown["SKU"].tolist()
    show_table(
        st, with_decimals(shown.assign(State=as_state_cells(shown["State"])),
                          {"Demand / day": 2, "Days of cover": 1}), key=TABLE_KEY,
        verdict=["State", "Reorder now", "Days of cover"], height=420,
        on_select=_pick_from_table, selection_mode="single-row",
        column_config={
            "State": state_column(),
            "SKU": st.column_config.TextColumn("SKU", pinned=True),
            "Product": st.column_config.TextColumn("Product", width="medium"),
            "On hand": int_column("On hand"), "Reserved": int_column("Reserved"),
            "Available": int_column("Available", help="On hand − reserved"),
            "Incoming": int_column("Incoming", help="Units on open purchase orders"),
            "Next expected": date_column("Next expected",
                                         help="Expected date of the next purchase order"),
            "Demand / day": decimal_column(
                "Demand / day", help="Units ordered per day, last 28 days"),
            "Days of cover": decimal_column(
                "Days of cover", help="Available ÷ demand per day"),
            "Reorder point": int_column(
                "Reorder point", help="Demand × (supplier lead time + safety days)"),
            "Reorder now": st.column_config.CheckboxColumn(
                "Reorder now", help="Available + incoming at or below the reorder point"),
        })
    st.caption(("" if len(shown) < len(table) else f"{len(table):,} SKUs. ")
               + "Click a row (or choose below) to open its drill-down; click a column "
               "header to sort.")
    download_table(table, "stock-levels", key="stock_levels_download")

    names = dict(zip(shown["SKU"], shown["Product"], strict=True))
    picked = st.selectbox("Open a SKU", shown["SKU"].tolist(), index=None, key=PICK_KEY,
                          format_func=lambda s: f"{s} · {names.get(s, '')}",
                          placeholder="Choose a SKU to see its projection and history")
    if picked is None:
        return
    drill_down(store, today, found[found["sku"].to_numpy() == picked].iloc[0])


page()
