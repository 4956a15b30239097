"""Incoming supply & promises: purchase orders, supplier reliability, allocation."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from inventory_core import (
    PROJECTION_NO_SUPPLY,
    Allocation,
    Filters,
    Outlook,
    add_purchase_order,
    cancel_purchase_order,
    receive_purchase_order,
    save_purchase_order_edits,
)
from restock_ui import fmt, reads, session
from restock_ui.derived import derived
from restock_ui.safe import md
from restock_ui.views import outbox as outbox_view
from restock_ui.views import supply as view
from restock_ui.views.supply import EDITOR_KEY, NOTICE
from restock_ui.widgets import figures, filters, tables
from restock_ui.widgets.columns import date_column, datetime_column
from restock_ui.widgets.figures import show_chart
from restock_ui.widgets.page_parts import (
    empty_state,
    guarded,
    kpi_row,
    notice_later,
    page_header,
    show_notice,
)


def page() -> None:
    """The supply KPIs, then a tab each: POs, suppliers, allocation per SKU and per PO,
    waiting lines."""
    store, today, selection = session.store(), session.today(), filters.current()
    page_header("Incoming supply & promises",
                f"As of {fmt.format_date(today)}. Open purchase orders, earliest expected "
                "first, fill waiting backorder and pre-order lines oldest first", selection)
    show_notice(NOTICE)
    open_pos = reads.orders(store, today, selection, open_only=True)
    result = reads.allocation(store, today, selection)
    lines = result.lines
    row = kpi_row()
    row.metric("Open POs", fmt.number(len(open_pos)))
    row.metric("Late POs", fmt.number(int(open_pos["late"].sum())),
               help="Open purchase orders whose expected date has passed")
    row.metric("Units incoming", fmt.number(int(open_pos["qty"].sum())))
    row.metric("Lines covered", fmt.number(int(lines["source"].notna().sum())),
               help="Open backorder and pre-order lines that stock or an open PO covers")
    row.metric("Lines without supply", fmt.number(int(lines["source"].isna().sum())),
               help="Waiting lines that neither stock nor an open PO reaches: no supply "
                    "planned")
    row.metric("Promises at risk", fmt.number(int(lines["promise"].eq(Outlook.AT_RISK)
                                                  .sum())),
               help="Likely ship date after the promised date, or no supply planned")
    tab_pos, tab_suppliers, tab_skus, tab_by_po, tab_lines = st.tabs(
        ["Purchase orders", "Suppliers", "Allocation per SKU", "Allocation per PO",
         "Waiting lines"])
    with tab_pos:
        purchase_orders(store, today, selection, open_pos)
        add_form(store, today, selection)
        close_form(store, today, open_pos)
    with tab_suppliers:
        suppliers(store, today)
    with tab_skus:
        per_sku(result)
    with tab_by_po:
        per_po(store, today, selection, result)
    with tab_lines:
        waiting_lines(lines)


def purchase_orders(store: reads.StoreKey, today: dt.date, selection: Filters,
                    open_pos: pd.DataFrame) -> None:
    """The purchase orders by status and search, whose expected dates can be edited."""
    if open_pos.empty:
        empty_state("No open purchase orders for these products.",
                    "Add one below, import purchase_orders.csv on the Data page, pick "
                    "Received or Cancelled to see past ones, or clear the sidebar filters.")
    left, right = st.columns([2, 3])
    shown_status = left.multiselect("Status", view.PO_STATUSES, default=["Open", "Late"],
                                    key="supply_status")
    search = right.text_input("PO number, SKU or product contains", key="supply_search")
    pos = (reads.orders(store, today, selection, open_only=False)
           if view.PAST & set(shown_status) else open_pos)
    matches = derived("supply.matching", (pos, tuple(shown_status), search),
                      lambda: view.matching(pos, shown_status, search))
    table = matches.head(tables.TABLE_ROWS).reset_index(drop=True)
    shown = view.po_table(table)
    st.caption(f"{view.how_many_listed(len(matches), len(table))}. Edit an open order's "
               "expected date in the table, then save.")
    st.data_editor(
        shown, hide_index=True, width="stretch", key=EDITOR_KEY, placeholder=tables.EMPTY,
        column_order=tables.answer_first(list(shown.columns),
                                         ["Status", "Days late", "Expected", "PO"]),
        disabled=([c for c in shown.columns if c != "Expected"] if session.can_edit()
                  else True),
        column_config={
            "Product": st.column_config.TextColumn(width="medium"),
            "Units": st.column_config.NumberColumn(format="%d"),
            "Ordered": date_column(), "Received": date_column(),
            "Expected": date_column(help="Editable for open POs"),
            "Days late": st.column_config.NumberColumn(
                format="%d", help="Open: days past expected. Received: days after expected "
                                  "(negative = early)")})
    changes = st.session_state.get(EDITOR_KEY, {}).get("edited_rows", {})
    reason = st.text_input("Why (kept in the audit)", key="supply_edit_reason",
                           placeholder="e.g. supplier confirmed a new date")
    if st.button("Save expected dates", key="supply_save_dates", type="primary",
                 disabled=not changes or not session.can_edit()):
        edits = view.expected_date_edits(table, changes)
        saved = guarded(lambda: save_purchase_order_edits(
            session.engine(), edits, actor=session.actor(), today=today,
            reason=reason or None))
        if saved is not None and saved.saved:
            reads.changed(store)
            notice_later(NOTICE, f"Saved {saved.saved} expected date(s).")
            st.session_state.pop(EDITOR_KEY, None)
            st.rerun()
    tables.download_table(matches, "purchase-orders", key="supply_download_pos",
                          shown_as=view.po_table)


def add_form(store: reads.StoreKey, today: dt.date, selection: Filters) -> None:
    """A new open purchase order.

    Not a form: a refusal (no SKU) is shown on the run of the click only, so it is gone
    as soon as a SKU is chosen."""
    st.subheader("Add a purchase order")
    with st.container(border=True):
        cols = st.columns(5)
        po_number = cols[0].text_input("PO number", key="supply_add_number",
                                       placeholder="PO-2001")
        sku = tables.pick_or_type(cols[1], "SKU", reads.sku_codes(store, selection),
                                  key="supply_add_sku", what="SKU")
        qty = cols[2].number_input("Units", min_value=0, step=1, value=0, key="supply_add_qty")
        ordered_on = cols[3].date_input("Ordered on", value=today, key="supply_add_ordered",
                                        format="DD/MM/YYYY")
        expected_on = cols[4].date_input("Expected on", value=today + dt.timedelta(days=14),
                                         key="supply_add_expected", format="DD/MM/YYYY")
        if not st.button("Add purchase order", type="primary", key="supply_add_submit",
                         disabled=not session.can_edit()):
            return
        if sku is None:
            st.error("Purchase order not added: choose or type a SKU.", icon=":material/error:")
        elif guarded(lambda: add_purchase_order(
                session.engine(), po_number=po_number, sku=sku, qty=int(qty),
                ordered_on=ordered_on, expected_on=expected_on, actor=session.actor(),
                today=today)) is not None:
            reads.changed(store)
            notice_later(NOTICE, f"Added {po_number.strip()}: {int(qty)} × {sku}, expected "
                                 f"{fmt.format_date(expected_on)}.")
            st.rerun()


def close_form(store: reads.StoreKey, today: dt.date, open_pos: pd.DataFrame) -> None:
    """Receive an open purchase order (its units join the stock) or cancel it."""
    st.subheader("Receive or cancel a purchase order")
    if open_pos.empty:
        empty_state("No open purchase orders to receive or cancel.")
        return
    with st.form("supply_close_form"):
        by_number = open_pos.set_index("po_number")
        choice = tables.pick_or_type(
            st, "Purchase order", open_pos["po_number"].tolist(), key="supply_close_po",
            what="purchase order", format_func=lambda po: (
                f"{po} · {by_number.at[po, 'qty']} × {by_number.at[po, 'sku']} · expected "
                f"{fmt.format_date(by_number.at[po, 'expected_on'])}"))
        why = st.text_input("Why (kept in the audit)", key="supply_close_reason")
        receive_col, cancel_col = st.columns(2)
        receive = receive_col.form_submit_button("Receive: add its units to stock",
                                                 disabled=not session.can_edit())
        cancel = cancel_col.form_submit_button("Cancel purchase order",
                                               disabled=not session.can_edit())
        if not (receive or cancel):
            return
        if choice is None or choice not in by_number.index:
            st.error(f"'{md(choice)}' is not an open purchase order of the products selected."
                     if choice else "Choose or type a purchase order.", icon=":material/error:")
            return
        version = int(by_number.at[choice, "version"])
        if receive:
            done = f"Received {choice}: {int(by_number.at[choice, 'qty'])} units added to stock."
            refreshed = guarded(lambda: receive_purchase_order(
                session.engine(), choice, actor=session.actor(), today=today, version=version))
        else:
            done = f"Cancelled {choice}."
            refreshed = guarded(lambda: cancel_purchase_order(
                session.engine(), choice, version=version, actor=session.actor(), today=today,
                reason=why or None))
        if refreshed is not None:
            reads.changed(store)
            made = refreshed.notifications
            notice_later(NOTICE, done + (f" {made.total} new message(s) in the outbox."
                                         if made.total else "")
                         + outbox_view.held_text(made.held_for_review))
            st.rerun()


def suppliers(store: reads.StoreKey, today: dt.date) -> None:
    """Each supplier's on-time rate and delays."""
    stats = reads.suppliers(store, today)
    if stats.empty:
        empty_state("No suppliers yet.", "Import suppliers.csv on the Data page.")
        return
    left, right = st.columns(2)
    show_chart(left, figures.supplier_on_time(stats), key="supply_chart_on_time")
    show_chart(right, figures.supplier_delays(stats), key="supply_chart_delays")
    shown = view.supplier_table(stats)
    tables.show_table(st, shown, key="supply_supplier_table",
                      column_config={"On time": st.column_config.ProgressColumn(
                          format="%.0f%%", min_value=0, max_value=100,
                          help="Share of received POs that arrived on or before the expected "
                               "date")})
    st.caption("Delays are received date − expected date of each received purchase "
               "order; p50 is the typical delay, p90 the delay only one PO in ten "
               "exceeds. Projected ship dates and the what-if add them to each open PO's "
               "expected date; for a supplier with no record yet they use the store-wide "
               "figures (every received PO of the store together).")
    tables.download_table(shown, "supplier-reliability", key="supply_download_suppliers")


def per_sku(result: Allocation) -> None:
    """Per SKU: its waiting units, what supply covers, when its last line ships."""
    if result.skus.empty:
        empty_state("No open backorder or pre-order lines: nothing waits for supply.")
        return
    left, right = st.columns([3, 2])
    show_chart(left, figures.waiting_units_by_sku(result.skus), key="supply_chart_skus")
    show_chart(right, figures.lines_by_promise(result.lines), key="supply_chart_promise")
    shown = derived("supply.per_sku", (result,), lambda: view.per_sku_table(result))
    tables.show_table(st, tables.first_rows(shown, "SKUs"), key="supply_sku_table",
                      verdict=["Units with no supply", "Lines at risk", "Last line ships (likely)"],
                      column_config={"Product": st.column_config.TextColumn(width="medium"),
                                     "Last line ships (likely)": date_column(),
                                     "Last line ships (late)": date_column()})
    tables.download_table(shown, "allocation-per-sku", key="supply_download_skus")


def per_po(store: reads.StoreKey, today: dt.date, selection: Filters,
           result: Allocation) -> None:
    """Per supply (stock or an open PO): which waiting lines it fills."""
    listed = derived("supply.supplies", (result,), lambda: view.supplies(result))
    if listed.empty:
        empty_state("No open purchase orders for these products.",
                    "Add a purchase order on the first tab.")
        return
    sentences = reads.supply_sentences(store, today, selection)
    shown = derived("supply.per_po", (listed, sentences),
                    lambda: view.per_po_table(listed, sentences))
    tables.show_table(st, tables.first_rows(shown, "supplies"), key="supply_po_table",
                      verdict=["What it does"],
                      column_config={"Expected": date_column(), "Likely": date_column(),
                                     "Late": date_column(),
                                     "What it does": st.column_config.TextColumn(width="large")})
    tables.download_table(shown, "allocation-per-po", key="supply_download_by_po")


def waiting_lines(lines: pd.DataFrame) -> None:
    """Every waiting line with its projected ship dates and outlook."""
    if lines.empty:
        empty_state("No open backorder or pre-order lines.")
        return
    outlooks = derived("supply.outlooks", (lines,), lambda: sorted(lines["promise"].unique()))
    outlook = st.multiselect("Outlook", outlooks, key="supply_line_outlook",
                             placeholder="All outlooks")
    shown = derived("supply.lines", (lines, tuple(outlook)), lambda: view.lines_table(
        lines if not outlook else lines[lines["promise"].isin(outlook)]))
    st.caption(f"{len(shown)} waiting lines; '{PROJECTION_NO_SUPPLY}' means neither stock nor "
               "an open purchase order reaches the line.")
    tables.show_table(st, tables.first_rows(shown, "lines"), key="supply_lines_table",
                      verdict=["Outlook", "Likely ship", "Promised"],
                      column_config={"Placed": datetime_column(), "Promised": date_column(),
                                     "Likely ship": date_column(), "Late ship": date_column()})
    tables.download_table(shown, "waiting-lines", key="supply_download_lines")


page()
