"""Notifications: the outbox of customer messages — review, mark sent, export, send."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from inventory_core import (
    InventoryError,
    SmtpSettings,
    csv_bytes,
    dismiss,
    mark_sent,
    outbox_export,
    process_now,
    release_held,
    save_smtp,
    send_pending,
)
from restock_ui import fmt, reads, safe, session
from restock_ui.charts import supply as charts
from restock_ui.views import consent as consent_view
from restock_ui.views import outbox as view
from restock_ui.views.outbox import NOTICE
from restock_ui.widgets.columns import date_column, datetime_column
from restock_ui.widgets.figures import show_chart
from restock_ui.widgets.page_parts import empty_state, guarded, kpi_row, notice_later, show_notice
from restock_ui.widgets.tables import download_table, first_rows, show_table


def page() -> None:
    """The outbox's counts, its messages to act on, one message, and the mail settings."""
    store, today = session.store(), session.today()
    st.title("Notifications")
    st.caption("Messages the store owes customers: back in stock, released, backorder "
               "delayed, backorder ready. Each event creates its message once.")
    show_notice(NOTICE)
    counts = reads.message_counts(store)
    row = kpi_row()
    row.metric("Pending", fmt.number(counts["pending"]))
    row.metric("Sent", fmt.number(counts["sent"]))
    row.metric("Dismissed", fmt.number(counts["dismissed"]))
    with row.container(width="content", vertical_alignment="bottom", height="stretch"):
        if st.button("Process events now", key="notif_process", icon=":material/refresh:",
                     disabled=not session.can_edit(),
                     help="Look at stock, supply and orders now and add any message due"):
            refreshed = guarded(lambda: process_now(session.engine(), actor=session.actor(),
                                                    today=today))
            if refreshed is not None:
                reads.changed(store)
                notice_later(NOTICE, view.created_text(refreshed.notifications))
                st.rerun()

    held_batch(store, today)
    to_refund(store, today)
    next_alerts(store, today)
    left, middle, right = st.columns([2, 2, 3])
    kinds = left.multiselect("Kind", list(view.KIND_LABELS),
                             format_func=view.KIND_LABELS.__getitem__, key="notif_kinds",
                             placeholder="All kinds")
    statuses = middle.multiselect("Status", list(view.STATUS_LABELS),
                                  format_func=view.STATUS_LABELS.__getitem__, default=["pending"],
                                  key="notif_statuses", placeholder="All statuses")
    search = right.text_input("Email, SKU or order contains", key="notif_search")
    box = reads.messages(store, tuple(kinds), tuple(statuses), search.strip())
    everything = reads.messages(store, (), (), "")
    if not everything.empty:
        show_chart(st, charts.outbox_by_kind(view.counts_by_kind(everything)), key="notif_chart")
    if box.empty:
        empty_state(
            "No messages match." if not everything.empty else "The outbox is empty.",
            "Messages appear when stock arrives for a sign-up, a release date passes, a "
            "backorder's projection slips past its promise, or a backorder becomes "
            "fillable. Press **Process events now** to check, or change the filters.")
        return
    review(box, act_on(store, box))
    mail_settings(store)


def next_alerts(store: reads.StoreKey, today: dt.date) -> None:
    """Back-in-stock alerts waiting for the next batch, per SKU."""
    per_unit = reads.settings(store).alerts_per_unit
    batches = reads.alerts_waiting(store, today, per_unit)
    waiting = int(batches["waiting"].sum()) if not batches.empty else 0
    if not waiting:
        return
    with st.expander(f"Back-in-stock alerts waiting for the next batch: "
                     f"{fmt.number(waiting)}"):
        st.caption(f"Alerts go out oldest sign-up first, at most {per_unit} per unit "
                   "available (Settings); the stock is checked again before each day's "
                   "batch, and the room to backorder does not count as stock.")
        show_table(st, batches.rename(columns={
            "sku": "SKU", "name": "Product", "available": "Available",
            "in_batch": "In the next batch", "waiting": "Waiting"}),
            key="notif_alert_batches")


def to_refund(store: reads.StoreKey, today: dt.date) -> None:
    """The waiting lines delay consent says to cancel and refund, and their CSV."""
    if not reads.consent_settings(store).enabled:
        return
    lines = reads.lines_to_refund(store, today)
    with st.expander(f"To cancel and refund: {fmt.number(len(lines))} line(s)",
                     expanded=not lines.empty):
        st.caption("Delay consent (US FTC Mail, Internet, or Telephone Order Rule): lines "
                   "whose delay the customer did not agree to where the rule needs it, or "
                   "where they chose Cancel on their status page. Cancel and refund them "
                   "in the store.")
        if lines.empty:
            st.write("None: every delayed line has the consent it needs.")
            return
        table = consent_view.refund_table(lines)
        show_table(st, first_rows(table, "lines to cancel and refund",
                                  hint="the export holds them all"),
                   key="notif_refunds", verdict=["Why", "Answer"],
                   column_config={"Placed": datetime_column(), "Ship by": date_column(),
                                  "Why": st.column_config.TextColumn(width="large")})
        download_table(table, "cancel-and-refund", key="notif_refunds_download",
                       label="Export lines to cancel and refund (CSV)")


def held_batch(store: reads.StoreKey, today: dt.date) -> None:
    """The delay notices held for review as one batch: look, then add or dismiss them all."""
    held = reads.held_notices(store, today)
    if held.empty:
        return
    over = reads.settings(store).delay_review_over
    st.warning(f"{fmt.plural(len(held), 'delay notice')} wait for your review: more than "
               f"the {over:,} a refresh adds to the outbox on its own (Settings). Look at "
               "them, then add them all to the outbox or dismiss them all.",
               icon=":material/pending_actions:")
    with st.expander(f"Held delay notices ({len(held):,})", icon=":material/mail_lock:"):
        listed = view.held_table(held.notices)
        show_table(st, first_rows(listed, "held delay notices",
                                  hint="the download holds them all"),
                   key="notif_held_table",
                   column_config={"Subject": st.column_config.TextColumn(width="large")})
        download_table(listed, "held-delay-notices", key="notif_held_download",
                       label=f"Download all {len(held):,} held delay notices (CSV)")
        if held.first is not None:
            st.caption("The first, as the customer will read it "
                       f"(to {safe.md(str(held.first['recipient']))}):")
            st.code(str(held.first["body"]), language=None, wrap_lines=True)
    add_col, drop_col, _ = st.columns([1, 1, 2])
    editor = session.can_edit()
    add = add_col.button(f"Add all {len(held):,} to the outbox", key="notif_held_add",
                         type="primary", disabled=not editor)
    drop = drop_col.button(f"Dismiss all {len(held):,}", key="notif_held_dismiss",
                           disabled=not editor, help="They will not be written again.")
    if not (add or drop):
        return
    done = guarded(lambda: release_held(session.engine(), today, actor=session.actor(),
                                        send=add))
    if done is not None:
        reads.changed(store)
        notice_later(NOTICE, f"{'Added' if add else 'Dismissed'}: "
                             f"{fmt.plural(done, 'delay notice')}.")
        st.rerun()


def act_on(store: reads.StoreKey, box: pd.DataFrame) -> list[int]:
    """The messages shown, and the actions on the selected (or all shown) ones; returns
    the positions of the rows selected."""
    st.caption(f"{len(box)} message(s) shown. Click a row to read its message below; "
               "select rows to act on them, or act on all shown.")
    picked = show_table(
        st, view.messages_table(box), key="notif_table", verdict=["Status", "Kind", "Subject"],
        on_select="rerun", selection_mode="multi-row",
        column_config={"Created": datetime_column(), "Sent": datetime_column(),
                       "Subject": st.column_config.TextColumn(width="large")})
    rows = list(getattr(getattr(picked, "selection", None), "rows", []) or [])
    scope = st.radio("Act on", view.SCOPES, horizontal=True, key="notif_scope")
    ids = view.acted_on(box, rows, scope)["id"].tolist()
    smtp = reads.smtp_settings(store)
    actions = st.columns(4)
    export = outbox_export(view.to_export(box, rows, scope))
    actions[0].download_button("Export for mail tool (CSV)", csv_bytes(export),
                               file_name="outbox.csv", mime="text/csv", key="notif_export",
                               icon=":material/download:")
    editor = session.can_edit()
    mark = actions[1].button(f"Mark {len(ids)} sent", key="notif_mark_sent",
                             disabled=not (ids and editor))
    drop = actions[2].button(f"Dismiss {len(ids)}", key="notif_dismiss",
                             disabled=not (ids and editor))
    send = actions[3].button(f"Send {len(ids)} by email", key="notif_send",
                             disabled=not (ids and smtp.enabled and editor),
                             help=None if smtp.enabled
                             else "Turn on SMTP in the mail settings below")
    if not (mark or drop or send):
        return rows
    if send:
        done = guarded(lambda: send_pending(session.engine(), smtp, actor=session.actor(),
                                            ids=ids))
        verb = "Sent"
    else:
        action = mark_sent if mark else dismiss
        done = guarded(lambda: action(session.engine(), ids, actor=session.actor()))
        verb = "Marked sent" if mark else "Dismissed"
    reads.changed(store)
    if done is not None:
        notice_later(NOTICE, f"{verb}: {done} message(s).")
        st.rerun()
    return rows


def review(box: pd.DataFrame, rows: list[int]) -> None:
    """The message of the row last selected in the table (the first shown when none is)
    as the customer will read it."""
    st.subheader("Review a message")
    message, where = view.reviewed(box, rows)
    st.caption(where)
    st.markdown(f"**To:** {safe.md(message['recipient'])}  \n"
                f"**Subject:** {safe.md(message['subject'])}")
    st.code(message["body"], language=None, wrap_lines=True)


def mail_settings(store: reads.StoreKey) -> None:
    """The SMTP settings, saved by editors."""
    smtp = reads.smtp_settings(store)
    with st.expander("Mail settings (SMTP)"):
        st.caption("Off by default: export the CSV for your mail tool instead. When on, "
                   "'Send by email' sends through this server and marks each message sent.")
        with st.form("notif_smtp_form"):
            enabled = st.checkbox("Send by SMTP", value=smtp.enabled, key="notif_smtp_enabled")
            cols = st.columns(3)
            host = cols[0].text_input("Host", value=smtp.host, key="notif_smtp_host")
            port = cols[1].number_input("Port", value=int(smtp.port), min_value=1,
                                        max_value=65535, key="notif_smtp_port")
            sender = cols[2].text_input("From address", value=smtp.sender,
                                        key="notif_smtp_from")
            starttls = st.checkbox("Use STARTTLS", value=smtp.starttls, key="notif_smtp_tls")
            username = st.text_input("Login name (optional)", value=smtp.username,
                                     key="notif_smtp_user")
            st.caption(safe.md(smtp.password_from))
            if st.form_submit_button("Save mail settings", disabled=not session.can_edit()):
                new = SmtpSettings(enabled=enabled, host=host.strip(), port=int(port),
                                   sender=sender.strip(), starttls=starttls,
                                   username=username.strip())
                try:
                    save_smtp(session.engine(), new, actor=session.actor())
                except InventoryError as error:
                    st.error(safe.md(error), icon=":material/error:")
                else:
                    reads.changed(store)
                    notice_later(NOTICE, "Mail settings saved.")
                    st.rerun()


page()
