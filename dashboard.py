"""Restock Desk: the entry point. It signs the session in, opens its store, draws the
sidebar, and runs the page chosen in the navigation (the Overview first).

Run with ``streamlit run dashboard.py``. The first start builds the embedded
demo store; ``INVENTORY_DB_URL`` points the app at any other database.
"""

from __future__ import annotations

import streamlit as st

from inventory_core import InventoryError, StoreUnavailable
from restock_ui import demo, navigation, session, sign_in, status_links
from restock_ui.safe import md
from restock_ui.widgets import filters
from restock_ui.widgets.page_parts import guarded


def cannot_start(error: InventoryError) -> None:
    """The only page while the store or the app's settings cannot be used."""
    st.error(md(error), icon=":material/error:")
    if isinstance(error, StoreUnavailable):
        st.info("Check INVENTORY_DB_URL (or inventory_db_url in the app's secrets).")


def main() -> None:
    """Set the page up, sign in, open the store, draw the sidebar, run the chosen page."""
    st.set_page_config(page_title="Restock Desk", page_icon=":material/inventory_2:",
                       layout="wide")
    try:
        sign_in.ensure_entrypoint()
        if status_links.link_opened():  # a customer's status link: that page, nothing else
            st.navigation(navigation.customer_pages(), position="hidden").run()
            return
        sign_in.gate()
        session.engine()  # opens the store (and upgrades its schema) before any page runs
        demo.demo_banner()
        filters.sidebar(session.store())
        session.sidebar_identity()
    except InventoryError as error:
        # the problem is the navigation's only page, so no page's own address gets past it
        problem = error
        st.navigation([st.Page(lambda: cannot_start(problem), title="Restock Desk",
                               url_path="problem", default=True)], position="hidden").run()
        st.stop()
    guarded(st.navigation(navigation.pages()).run)  # a store error on any page: a message


main()
