"""Order status: the customer's own page, opened from the signed link in their messages.

No merchant navigation and no sidebar: each line of the one order the link names,
with its status, the date promised and the likely ship date, and Wait / Cancel where
a delay needs the customer's answer. A changed, expired or foreign link is told only
that it is not valid.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from inventory_core import Answer, InventoryError, clock, record_delay_answer
from restock_ui import fmt, reads, sign_in, status_links
from restock_ui.safe import md
from restock_ui.views.order_status import INVALID, LineCard, line_cards


def answer(store: reads.StoreKey, order_number: str, line_no: int, choice: Answer,
           revised_on: dt.date | None) -> None:
    """Record the customer's choice, then show the order as it now stands."""
    try:
        record_delay_answer(store.write_engine, order_number, line_no, choice, revised_on)
    except InventoryError as error:
        st.session_state["status_error"] = str(error)
        return
    reads.changed(store)
    st.session_state["status_thanks"] = ("Thank you: we will wait for your item."
                                         if choice is Answer.WAIT else
                                         "Thank you: we will cancel this item and refund it.")


def line(store: reads.StoreKey, order_number: str, card: LineCard) -> None:
    """One line of the order as a card."""
    with st.container(border=True, key=f"status_line_{card.line_no}"):
        st.text(f"{card.product} × {card.units}")
        st.text(f"Status: {card.status}")
        st.text(f"Date promised: {card.promised}")
        st.text(f"Likely ship date: {card.likely}")
        if card.delay:
            st.warning(card.delay, icon=":material/schedule:")
        if card.answered:
            st.text(card.answered)
        if card.asks_answer:
            wait, cancel = st.columns(2)
            wait.button("Wait", key=f"status_wait_{card.line_no}", type="primary",
                        width="stretch", on_click=answer,
                        args=(store, order_number, card.line_no, Answer.WAIT, card.revised_on))
            cancel.button("Cancel", key=f"status_cancel_{card.line_no}", width="stretch",
                          on_click=answer, args=(store, order_number, card.line_no,
                                                 Answer.CANCEL, card.revised_on))


def page() -> None:
    """The order the link names, line by line, or that the link is not valid."""
    sign_in.ensure_entrypoint()  # through dashboard.py: its navigation of this page only
    link = status_links.opened_link()
    store = status_links.store_of(link) if link is not None else None
    try:
        lines = (reads.status_lines(store, clock.today(), link.order_number)
                 if link is not None and store is not None else None)
    except InventoryError:
        lines = None
    if link is None or store is None or lines is None:
        st.title("Order status")
        st.error(INVALID, icon=":material/link_off:")
        return
    st.title(f"Order {md(link.order_number)}")
    fmt.use_store(reads.settings(store))  # the customer reads dates as the store writes them
    for key, show in (("status_thanks", st.success), ("status_error", st.error)):
        message = st.session_state.pop(key, None)
        if message:
            show(message)
    for card in line_cards(lines):
        line(store, link.order_number, card)
    st.caption("Questions? Reply to the message this link came in.")


page()
