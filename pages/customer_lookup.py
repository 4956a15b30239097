"""Customer lookup: an order or an email, each line's status and projected ship date."""

from __future__ import annotations

import streamlit as st

from inventory_core import InventoryError, customer_messages
from restock_ui import fmt, reads, session, status_links
from restock_ui.charts import supply as charts
from restock_ui.safe import md
from restock_ui.views import lookup as view
from restock_ui.widgets.columns import date_column, datetime_column
from restock_ui.widgets.figures import show_chart
from restock_ui.widgets.page_parts import empty_state, kpi_row
from restock_ui.widgets.tables import download_table, show_table


def read_link_once() -> None:
    """Fill the search boxes from the link's query parameters, once per visit."""
    if st.session_state.get("lookup_params_read"):
        return
    st.session_state["lookup_params_read"] = True
    st.session_state["lookup_order"] = st.query_params.get(view.ORDER_PARAM, "")
    st.session_state["lookup_email"] = st.query_params.get(view.EMAIL_PARAM, "")


def page() -> None:
    """The search, the customer's lines and their projections, and a message to send."""
    store, today = session.store(), session.today()
    st.title("Customer lookup")
    st.caption("Find an order by its number, or every order of a customer by email. Links "
               "like `?order=1042` or `?email=name@example.com` open a search directly.")
    read_link_once()
    left, right = st.columns(2)
    order = left.text_input("Order number", key="lookup_order", placeholder="#1042")
    email = right.text_input("Customer email", key="lookup_email",
                             placeholder="name@example.com")
    if not (order.strip() or email.strip()):
        empty_state("Type an order number or a customer's email to see each line's "
                    "status and projected ship date.")
        return
    try:
        lines = reads.customer_lines(store, today, order, email)
    except InventoryError as error:
        from_link = (order, email) == (st.query_params.get(view.ORDER_PARAM, ""),
                                       st.query_params.get(view.EMAIL_PARAM, ""))
        st.error(md(error) + (" It came from the link you opened." if from_link else ""),
                 icon=":material/error:")
        return

    waiting = view.waiting(lines)
    row = kpi_row()
    row.metric("Orders", fmt.number(lines["order_number"].nunique()))
    row.metric("Lines", fmt.number(len(lines)))
    row.metric("Waiting lines", fmt.number(len(waiting)),
               help="Open backorder and pre-order lines")
    row.metric("Promises at risk", fmt.number(view.at_risk(waiting)))
    shown = view.lines_table(lines)
    show_table(st, shown, key="lookup_table", verdict=["Order", "Outlook", "Likely ship", "Status"],
               column_config={
                   "Product": st.column_config.TextColumn(width="medium"),
                   "Placed": datetime_column(), "Promised": date_column(),
                   "Likely ship": date_column(), "Late ship": date_column(),
                   "In stock instead": st.column_config.TextColumn(width="large")})
    download_table(shown, "customer-lookup", key="lookup_download")
    if not waiting.empty and waiting["likely_on"].notna().any():
        show_chart(st, charts.line_projections(waiting), key="lookup_chart")
    orders = tuple(lines["order_number"].unique())
    answers = reads.answers(store, orders)
    if not answers.empty:
        st.subheader("Answers to delays")
        for sentence in view.answer_sentences(answers):
            st.text(sentence)
    links = {order: status_links.link_for(order) for order in orders}
    st.subheader("Message for the customer")
    st.caption("The update the outbox sends for the order, from the message templates "
               "(Settings). Copy it with the button at the top right of the box. Each "
               "order's status page link lets the customer follow it and answer a delay.")
    for message in customer_messages(lines, reads.templates(store), today, links):
        st.caption(f"Subject: {md(message.subject)}")
        st.code(message.body, language=None, wrap_lines=True)


page()
