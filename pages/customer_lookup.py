"""Customer lookup: an order or an email, each line's status and projected ship date."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory_core.errors import InventoryError
from inventory_core.queries.lookup import customer_message
from restock_ui import fmt, session, supply_charts, supply_data, widgets

url, today = session.db_url(), session.today()
st.title("Customer lookup")
st.caption("Find an order by its number, or every order of a customer by email. Links like "
           "`?order=1042` or `?email=name@example.com` open a search directly.")

# URL query parameters fill the search boxes once per visit.
if not st.session_state.get("lookup_params_read"):
    st.session_state["lookup_params_read"] = True
    st.session_state["lookup_order"] = st.query_params.get("order", "")
    st.session_state["lookup_email"] = st.query_params.get("email", "")

left, right = st.columns(2)
order = left.text_input("Order number", key="lookup_order", placeholder="#1042")
email = right.text_input("Customer email", key="lookup_email",
                         placeholder="name@example.com")

if not (order.strip() or email.strip()):
    widgets.empty_state("Type an order number or a customer's email to see each line's "
                        "status and projected ship date.")
    st.stop()

try:
    lines = supply_data.lookup(url, today, order, email)
except InventoryError as error:
    from_link = (order, email) == (st.query_params.get("order", ""),
                                   st.query_params.get("email", ""))
    st.error(f"{error}" + (" It came from the link you opened." if from_link else ""),
             icon=":material/error:")
    st.stop()

waiting = lines[lines["status"].eq("open") & lines["kind"].ne("stock")]
row = st.columns(4)
row[0].metric("Orders", fmt.number(lines["order_number"].nunique()))
row[1].metric("Lines", fmt.number(len(lines)))
row[2].metric("Waiting lines", fmt.number(len(waiting)),
              help="Open backorder and pre-order lines")
row[3].metric("Promises at risk", fmt.number(int(waiting["promise"].eq("Promise at risk").sum())))

shown = pd.DataFrame({
    "Order": lines["order_number"], "Product": lines["name"], "Units": lines["qty"],
    "Kind": lines["kind"].map({"stock": "From stock", "backorder": "Backorder",
                               "preorder": "Pre-order"}),
    "Status": lines["status"].str.capitalize(), "Projection": lines["projection"],
    "Likely ship": lines["likely_on"], "Late ship": lines["late_on"],
    "Promised": pd.to_datetime(lines["promised_on"]), "Outlook": lines["promise"].fillna(""),
    "Age (days)": lines["age_days"], "Placed": lines["placed_at"], "SKU": lines["sku"],
    "Line": lines["line_no"], "In stock instead": lines["alternatives"]})
DATE = "D MMM YYYY"
st.dataframe(shown, hide_index=True, width="stretch", key="lookup_table",
             column_config={
                 "Product": st.column_config.TextColumn(width="medium"),
                 "Placed": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
                 "Promised": st.column_config.DateColumn(format=DATE),
                 "Likely ship": st.column_config.DateColumn(format=DATE),
                 "Late ship": st.column_config.DateColumn(format=DATE),
                 "In stock instead": st.column_config.TextColumn(width="large")})
widgets.download_table(shown, "customer-lookup", key="lookup_download")

if not waiting.empty and waiting["likely_on"].notna().any():
    st.plotly_chart(supply_charts.line_projections(waiting), width="stretch",
                    key="lookup_chart")

st.subheader("Message for the customer")
st.caption("Copy it with the button at the top right of the box.")
st.code(customer_message(lines), language=None, wrap_lines=True)
