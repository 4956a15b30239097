"""Incoming supply & promises: purchase orders, supplier reliability, allocation."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from inventory_core.domain.allocation import PROJECTION_NO_SUPPLY, SUPPLY_FROM_STOCK, Outlook
from inventory_core.errors import InvalidInput, InventoryError
from inventory_core.services import supply
from restock_ui import data, filters, fmt, session, supply_charts, supply_data, widgets

url, today, selection = session.db_url(), session.today(), filters.current()
widgets.page_header("Incoming supply & promises",
                    f"As of {fmt.format_date(today)}. Open purchase orders, earliest expected "
                    "first, fill waiting backorder and pre-order lines oldest first", selection)

notice = st.session_state.pop("supply_notice", None)
if notice:
    st.success(notice, icon=":material/check_circle:")

open_pos = supply_data.purchase_orders(url, today, selection, open_only=True)
result = supply_data.allocation(url, today, selection)
lines = result.lines
row = st.columns(6)
row[0].metric("Open POs", fmt.number(len(open_pos)))
row[1].metric("Late POs", fmt.number(int(open_pos["late"].sum())),
              help="Open purchase orders whose expected date has passed")
row[2].metric("Units incoming", fmt.number(int(open_pos["qty"].sum())))
row[3].metric("Lines covered", fmt.number(int(lines["source"].notna().sum())),
              help="Open backorder and pre-order lines that stock or an open PO covers")
row[4].metric("Lines without supply", fmt.number(int(lines["source"].isna().sum())),
              help="Waiting lines that neither stock nor an open PO reaches: no supply planned")
row[5].metric("Promises at risk", fmt.number(int(lines["promise"].eq(Outlook.AT_RISK).sum())),
              help="Likely ship date after the promised date, or no supply planned")

DATE = "D MMM YYYY"


def _po_view(pos: pd.DataFrame) -> pd.DataFrame:
    """Purchase orders as the table shows them."""
    return pd.DataFrame({
        "PO": pos["po_number"], "SKU": pos["sku"], "Product": pos["name"],
        "Supplier": pos["supplier"], "Units": pos["qty"],
        "Ordered": pd.to_datetime(pos["ordered_on"]),
        "Expected": pd.to_datetime(pos["expected_on"]).dt.date,
        "Received": pd.to_datetime(pos["received_on"]), "Status": pos["shown_status"],
        "Days late": pos["days_late"].astype("Int64")})

tab_pos, tab_suppliers, tab_skus, tab_by_po, tab_lines = st.tabs(
    ["Purchase orders", "Suppliers", "Allocation per SKU", "Allocation per PO",
     "Waiting lines"])

with tab_pos:
    if open_pos.empty:
        widgets.empty_state("No open purchase orders for these products.",
                            "Add one below, import purchase_orders.csv on the Data page, "
                            "pick Received or Cancelled to see past ones, or clear the "
                            "sidebar filters.")
    left, right = st.columns([2, 3])
    shown_status = left.multiselect("Status", ["Open", "Late", "Received", "Cancelled"],
                                    default=["Open", "Late"], key="supply_status")
    search = right.text_input("PO number, SKU or product contains", key="supply_search")
    # past orders are read only when asked for: most stores hold far more of them
    pos = (supply_data.purchase_orders(url, today, selection, open_only=False)
           if {"Received", "Cancelled"} & set(shown_status) else open_pos)
    wanted = pos["shown_status"].isin(shown_status) | (
        pos["late"] & ("Open" in shown_status))
    if search.strip():
        needle = search.strip().lower()
        wanted &= (pos["po_number"].str.lower().str.contains(needle, regex=False)
                   | pos["sku"].str.lower().str.contains(needle, regex=False)
                   | pos["name"].str.lower().str.contains(needle, regex=False))
    matches = pos[wanted]
    table = matches.head(widgets.TABLE_ROWS).reset_index(drop=True)
    view = _po_view(table)
    listed = (("1 purchase order matches" if len(matches) == 1 else
               f"{fmt.number(len(matches))} purchase orders match") if len(matches) == len(table)
              else f"The {fmt.number(len(table))} expected first of {fmt.number(len(matches))} "
                   "matching purchase orders (search to reach the others; the download holds "
                   "them all)")
    st.caption(f"{listed}. Edit an open order's expected date in the table, then save.")
    editable = table["status"].eq("open")
    edited = st.data_editor(
        view, hide_index=True, width="stretch", key="supply_po_editor",
        disabled=([c for c in view.columns if c != "Expected"] if session.can_edit()
                  else True),
        column_config={
            "Product": st.column_config.TextColumn(width="medium"),
            "Units": st.column_config.NumberColumn(format="%d"),
            "Ordered": st.column_config.DateColumn(format=DATE),
            "Expected": st.column_config.DateColumn(format=DATE, help="Editable for open POs"),
            "Received": st.column_config.DateColumn(format=DATE),
            "Days late": st.column_config.NumberColumn(
                format="%d", help="Open: days past expected. Received: days after expected "
                                  "(negative = early)")})
    changes = st.session_state.get("supply_po_editor", {}).get("edited_rows", {})
    reason = st.text_input("Why (kept in the audit)", key="supply_edit_reason",
                           placeholder="e.g. supplier confirmed a new date")
    if st.button("Save expected dates", key="supply_save_dates", type="primary",
                 disabled=not changes or not session.can_edit()):
        saved, problems = 0, []
        for index, change in changes.items():
            po_row = table.iloc[int(index)]
            if "Expected" not in change:
                continue
            if not editable.iloc[int(index)]:
                problems.append(f"{po_row['po_number']} is {po_row['shown_status'].lower()}: "
                                "only open purchase orders can be moved")
                continue
            try:
                value = change["Expected"]
                if value is None:
                    raise InvalidInput(f"{po_row['po_number']}: the expected date cannot be empty")
                new_date = pd.Timestamp(value).date()
                supply.set_expected_date(session.engine(), po_row["po_number"], new_date,
                                         version=int(po_row["version"]), actor=session.actor(),
                                         today=today, reason=reason or None)
                saved += 1
            except (ValueError, TypeError):
                problems.append(f"{po_row['po_number']}: '{change['Expected']}' is not a date")
            except InventoryError as error:
                problems.append(str(error))
        if problems:
            st.error("Not saved: " + " · ".join(problems), icon=":material/error:")
        if saved:
            data.clear()
            st.session_state["supply_notice"] = f"Saved {saved} expected date(s)."
            st.session_state.pop("supply_po_editor", None)
            st.rerun()
    widgets.download_table(matches, "purchase-orders", key="supply_download_pos",
                           shown_as=_po_view)

    st.subheader("Add a purchase order")
    with st.form("supply_add_form", clear_on_submit=False):
        cols = st.columns(5)
        po_number = cols[0].text_input("PO number", key="supply_add_number",
                                       placeholder="PO-2001")
        sku = widgets.pick_or_type(cols[1], "SKU", data.skus(url, selection),
                                   key="supply_add_sku", what="SKU")
        qty = cols[2].number_input("Units", min_value=0, step=1, value=0, key="supply_add_qty")
        ordered_on = cols[3].date_input("Ordered on", value=today, key="supply_add_ordered",
                                        format="DD/MM/YYYY")
        expected_on = cols[4].date_input("Expected on", value=today + dt.timedelta(days=14),
                                         key="supply_add_expected", format="DD/MM/YYYY")
        if st.form_submit_button("Add purchase order", type="primary",
                                 disabled=not session.can_edit()):
            if sku is None:
                st.error("Purchase order not added: choose or type a SKU.",
                         icon=":material/error:")
            elif widgets.guarded(lambda: supply.add_purchase_order(
                    session.engine(), po_number=po_number, sku=sku, qty=int(qty),
                    ordered_on=ordered_on, expected_on=expected_on, actor=session.actor(),
                    today=today)) is not None:
                data.clear()
                st.session_state["supply_notice"] = (
                    f"Added {po_number.strip()}: {int(qty)} × {sku}, expected "
                    f"{fmt.format_date(expected_on)}.")
                st.rerun()

    st.subheader("Receive or cancel a purchase order")
    if open_pos.empty:
        widgets.empty_state("No open purchase orders to receive or cancel.")
    else:
        with st.form("supply_close_form"):
            by_number = open_pos.set_index("po_number")
            choice = widgets.pick_or_type(
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
            action = None
            if (receive or cancel) and choice not in by_number.index:
                st.error(f"'{choice}' is not an open purchase order of the products selected."
                         if choice else "Choose or type a purchase order.",
                         icon=":material/error:")
            elif receive:
                version, qty_due = (int(by_number.at[choice, c]) for c in ("version", "qty"))
                action = lambda: supply.receive_purchase_order(  # noqa: E731
                    session.engine(), choice, actor=session.actor(), today=today,
                    version=version)
                done = f"Received {choice}: {qty_due} units added to stock."
            elif cancel:
                version = int(by_number.at[choice, "version"])
                action = lambda: supply.cancel_purchase_order(  # noqa: E731
                    session.engine(), choice, version=version,
                    actor=session.actor(), today=today, reason=why or None)
                done = f"Cancelled {choice}."
            if action is not None:
                refreshed = widgets.guarded(action)
                if refreshed is not None:
                    data.clear()
                    created = refreshed.notifications.total
                    st.session_state["supply_notice"] = done + (
                        f" {created} new message(s) in the outbox." if created else "")
                    st.rerun()

with tab_suppliers:
    stats = supply_data.supplier_stats(url, today)
    if stats.empty:
        widgets.empty_state("No suppliers yet.", "Import suppliers.csv on the Data page.")
    else:
        left, right = st.columns(2)
        left.plotly_chart(supply_charts.supplier_on_time(stats), width="stretch",
                          key="supply_chart_on_time")
        right.plotly_chart(supply_charts.supplier_delays(stats), width="stretch",
                           key="supply_chart_delays")
        shown = pd.DataFrame({
            "Supplier": stats["supplier"], "Lead time (days)": stats["lead_time_days"],
            "Received POs": stats["received_pos"], "On time": stats["on_time_rate"] * 100,
            "Typical delay (p50, days)": stats["p50_delay"],
            "Late delay (p90, days)": stats["p90_delay"],
            "Open POs": stats["open_pos"], "Late open POs": stats["late_open_pos"]})
        st.dataframe(shown, hide_index=True, width="stretch", key="supply_supplier_table",
                     column_config={"On time": st.column_config.ProgressColumn(
                         format="%.0f%%", min_value=0, max_value=100,
                         help="Share of received POs that arrived on or before the "
                              "expected date")})
        st.caption("Delays are received date − expected date of each received purchase "
                   "order; p50 is the typical delay, p90 the delay only one PO in ten "
                   "exceeds. Projected ship dates add them to each open PO's expected date.")
        widgets.download_table(shown, "supplier-reliability", key="supply_download_suppliers")

with tab_skus:
    per_sku = result.skus
    if per_sku.empty:
        widgets.empty_state("No open backorder or pre-order lines: nothing waits for supply.")
    else:
        names = lines.drop_duplicates("sku").set_index("sku")["name"]
        left, right = st.columns([3, 2])
        left.plotly_chart(supply_charts.waiting_units_by_sku(per_sku), width="stretch",
                          key="supply_chart_skus")
        right.plotly_chart(supply_charts.lines_by_promise(lines), width="stretch",
                           key="supply_chart_promise")
        shown = pd.DataFrame({
            "SKU": per_sku["sku"], "Product": per_sku["sku"].map(names),
            "Waiting lines": per_sku["open_lines"], "Waiting units": per_sku["waiting_units"],
            "Units covered": per_sku["covered_units"],
            "Units with no supply": per_sku["unplanned_units"],
            "Lines at risk": per_sku["lines_at_risk"],
            "Last line ships (likely)": per_sku["last_likely_on"],
            "Last line ships (late)": per_sku["last_late_on"]}
        ).sort_values(["Units with no supply", "Lines at risk"], ascending=False)
        st.dataframe(widgets.first_rows(shown, "SKUs"), hide_index=True, width="stretch",
                     key="supply_sku_table",
                     column_config={
                         "Product": st.column_config.TextColumn(width="medium"),
                         "Last line ships (likely)": st.column_config.DateColumn(format=DATE),
                         "Last line ships (late)": st.column_config.DateColumn(format=DATE)})
        widgets.download_table(shown, "allocation-per-sku", key="supply_download_skus")

with tab_by_po:
    per_po = result.supply[result.supply["source"].ne(SUPPLY_FROM_STOCK)
                           | result.supply["lines_filled"].gt(0)]
    if per_po.empty:
        widgets.empty_state("No open purchase orders for these products.",
                            "Add a purchase order on the first tab.")
    else:
        per_po = per_po.sort_values(["expected_on", "source"])
        shown = pd.DataFrame({
            "What it does": supply_data.supply_sentences(url, today, selection)
            .reindex(per_po.index), "Supply": per_po["source"],
            "SKU": per_po["sku"], "Supplier": per_po["supplier"],
            "Units": per_po["qty"], "Expected": per_po["expected_on"],
            "Likely": per_po["likely_on"], "Late": per_po["late_on"],
            "Units to waiting lines": per_po["units_allocated"],
            "Units spare": per_po["units_spare"], "Lines filled": per_po["lines_filled"]})
        st.dataframe(widgets.first_rows(shown, "supplies"), hide_index=True,
                     width="stretch", key="supply_po_table",
                     column_config={
                         "Expected": st.column_config.DateColumn(format=DATE),
                         "Likely": st.column_config.DateColumn(format=DATE),
                         "Late": st.column_config.DateColumn(format=DATE),
                         "What it does": st.column_config.TextColumn(width="large", pinned=True)})
        widgets.download_table(shown, "allocation-per-po", key="supply_download_by_po")

with tab_lines:
    if lines.empty:
        widgets.empty_state("No open backorder or pre-order lines.")
    else:
        outlook = st.multiselect("Outlook", sorted(lines["promise"].unique()),
                                 key="supply_line_outlook", placeholder="All outlooks")
        picked = lines if not outlook else lines[lines["promise"].isin(outlook)]
        shown = pd.DataFrame({
            "Order": picked["order_number"], "Line": picked["line_no"], "SKU": picked["sku"],
            "Kind": picked["kind"].map({"backorder": "Backorder", "preorder": "Pre-order"}),
            "Units": picked["qty"], "Placed": picked["placed_at"],
            "Promised": picked["promised_on"], "Projection": picked["projection"],
            "Likely ship": picked["likely_on"], "Late ship": picked["late_on"],
            "Outlook": picked["promise"]})
        st.caption(f"{len(shown)} waiting lines; '{PROJECTION_NO_SUPPLY}' means neither stock "
                   "nor an open purchase order reaches the line.")
        st.dataframe(widgets.first_rows(shown, "lines"), hide_index=True, width="stretch",
                     key="supply_lines_table",
                     column_config={
                         "Placed": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
                         "Promised": st.column_config.DateColumn(format=DATE),
                         "Likely ship": st.column_config.DateColumn(format=DATE),
                         "Late ship": st.column_config.DateColumn(format=DATE)})
        widgets.download_table(shown, "waiting-lines", key="supply_download_lines")
