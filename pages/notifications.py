"""Notifications: the outbox of customer messages — review, mark sent, export, send."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory_core.domain.enums import NotificationKind, NotificationStatus
from inventory_core.services import notifications
from restock_ui import data, fmt, session, supply_charts, supply_data, widgets

url, today = session.db_url(), session.today()
st.title("Notifications")
st.caption("Messages the store owes customers: back in stock, released, backorder delayed, "
           "backorder ready. Each event creates its message once.")

notice = st.session_state.pop("notif_notice", None)
if notice:
    st.success(notice, icon=":material/check_circle:")

counts = supply_data.outbox_counts(url)
row = st.columns([1, 1, 1, 2])
row[0].metric("Pending", fmt.number(counts["pending"]))
row[1].metric("Sent", fmt.number(counts["sent"]))
row[2].metric("Dismissed", fmt.number(counts["dismissed"]))
with row[3]:
    st.write("")
    if st.button("Process events now", key="notif_process", icon=":material/refresh:",
                 disabled=not session.can_edit(),
                 help="Look at stock, supply and orders now and add any message due"):
        refreshed = widgets.guarded(lambda: notifications.process_now(
            session.engine(), actor=session.actor(), today=today))
        if refreshed is not None:
            data.clear()
            made = refreshed.notifications
            st.session_state["notif_notice"] = (
                f"{made.total} new message(s): {made.back_in_stock} back in stock, "
                f"{made.release} released, {made.backorder_delay} delay notices, "
                f"{made.backorder_ready} ready to ship.")
            st.rerun()

KIND_LABELS = {k.value: k.label for k in NotificationKind}
STATUS_LABELS = {s.value: s.label for s in NotificationStatus}
left, middle, right = st.columns([2, 2, 3])
kinds = left.multiselect("Kind", list(KIND_LABELS), format_func=KIND_LABELS.get,
                         key="notif_kinds", placeholder="All kinds")
statuses = middle.multiselect("Status", list(STATUS_LABELS), format_func=STATUS_LABELS.get,
                              default=["pending"], key="notif_statuses",
                              placeholder="All statuses")
search = right.text_input("Email, SKU or order contains", key="notif_search")
box = supply_data.outbox(url, tuple(kinds), tuple(statuses), search.strip())

everything = supply_data.outbox(url, (), (), "")
if not everything.empty:
    chart = (everything.assign(Kind=everything["kind"].map(KIND_LABELS),
                               Status=everything["status"].map(STATUS_LABELS))
             .groupby(["Kind", "Status"]).size().reset_index(name="Messages"))
    st.plotly_chart(supply_charts.outbox_by_kind(chart), width="stretch", key="notif_chart")

if box.empty:
    widgets.empty_state(
        "No messages match." if not everything.empty else "The outbox is empty.",
        "Messages appear when stock arrives for a sign-up, a release date passes, a "
        "backorder's projection slips past its promise, or a backorder becomes fillable. "
        "Press **Process events now** to check, or change the filters.")
    st.stop()

shown = pd.DataFrame({
    "Created": box["created_at"], "Kind": box["kind"].map(KIND_LABELS),
    "Status": box["status"].map(STATUS_LABELS), "Email": box["recipient"], "SKU": box["sku"],
    "Order": box["order_number"], "Subject": box["subject"], "Sent": box["sent_at"]})
st.caption(f"{len(box)} message(s) shown. Select rows to act on them, or act on all shown.")
picked = st.dataframe(
    shown, hide_index=True, width="stretch", key="notif_table", on_select="rerun",
    selection_mode="multi-row",
    column_config={"Created": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
                   "Sent": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
                   "Subject": st.column_config.TextColumn(width="large")})
rows = list(getattr(getattr(picked, "selection", None), "rows", []) or [])
scope = st.radio("Act on", ["Selected rows", "All shown"], horizontal=True,
                 key="notif_scope")
ids = box["id"].tolist() if scope == "All shown" else box.iloc[rows]["id"].tolist()

smtp = supply_data.smtp_settings(url)
actions = st.columns(4)
export = notifications.export_frame(box if scope == "All shown" or not rows else box.iloc[rows])
actions[0].download_button("Export for mail tool (CSV)", widgets.safe_csv(export),
                           file_name="outbox.csv", mime="text/csv", key="notif_export",
                           icon=":material/download:")
editor = session.can_edit()
mark = actions[1].button(f"Mark {len(ids)} sent", key="notif_mark_sent",
                         disabled=not (ids and editor))
drop = actions[2].button(f"Dismiss {len(ids)}", key="notif_dismiss", disabled=not (ids and editor))
send = actions[3].button(f"Send {len(ids)} by email", key="notif_send",
                         disabled=not (ids and smtp.enabled and editor),
                         help=None if smtp.enabled else "Turn on SMTP in the mail settings below")
if mark or drop or send:
    if send:
        done = widgets.guarded(lambda: notifications.send_pending(
            session.engine(), smtp, actor=session.actor(), ids=ids))
        verb = "Sent"
    else:
        action = notifications.mark_sent if mark else notifications.dismiss
        done = widgets.guarded(lambda: action(session.engine(), ids, actor=session.actor()))
        verb = "Marked sent" if mark else "Dismissed"
    data.clear()
    if done is not None:
        st.session_state["notif_notice"] = f"{verb}: {done} message(s)."
        st.rerun()

st.subheader("Review a message")
choice = st.selectbox("Message", box["id"].tolist(), key="notif_review",
                      format_func=dict(zip(box["id"], box["recipient"] + " — " + box["subject"],
                                           strict=True)).get)
message = box[box["id"] == choice].iloc[0]
st.markdown(f"**To:** {message['recipient']}  \n**Subject:** {message['subject']}")
st.code(message["body"], language=None, wrap_lines=True)

with st.expander("Mail settings (SMTP)"):
    st.caption("Off by default: export the CSV for your mail tool instead. When on, "
               "'Send by email' sends through this server and marks each message sent.")
    with st.form("notif_smtp_form"):
        enabled = st.checkbox("Send by SMTP", value=smtp.enabled, key="notif_smtp_enabled")
        cols = st.columns(3)
        host = cols[0].text_input("Host", value=smtp.host, key="notif_smtp_host")
        port = cols[1].number_input("Port", value=int(smtp.port), min_value=1, max_value=65535,
                                    key="notif_smtp_port")
        sender = cols[2].text_input("From address", value=smtp.sender, key="notif_smtp_from")
        starttls = st.checkbox("Use STARTTLS", value=smtp.starttls, key="notif_smtp_tls")
        if st.form_submit_button("Save mail settings", disabled=not session.can_edit()):
            new = notifications.SmtpSettings(enabled=enabled, host=host.strip(), port=int(port),
                                             sender=sender.strip(), starttls=starttls,
                                             username=smtp.username, password=smtp.password)
            if widgets.guarded(lambda: notifications.save_smtp(
                    session.engine(), new, actor=session.actor()) or True):
                data.clear()
                st.session_state["notif_notice"] = "Mail settings saved."
                st.rerun()
