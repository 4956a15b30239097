"""Restock Desk: the entry point. It signs the session in, opens its store, draws the
sidebar, and runs the page chosen in the navigation (the Overview first).

Run with ``streamlit run dashboard.py``. The first start builds the embedded
demo store; ``INVENTORY_DB_URL`` points the app at any other database.
"""

from __future__ import annotations

import streamlit as st

from restock_ui import navigation


def first_paint() -> None:
    """The tab's title and icon, and the app's own navigation (hidden until the sign-in
    and the store are settled), drawn before the core is imported.

    A fresh server's first run lists the files of pages/ under their raw names until a
    navigation is declared; declared here, the first paint is the app's title and then
    its "Opening the store…" message.
    """
    st.set_page_config(page_title="Restock Desk", page_icon=":material/inventory_2:",
                       layout="wide")
    st.navigation(navigation.pages(), position="hidden")


first_paint()

from inventory_core import InventoryError, StoreUnavailable  # noqa: E402 - after first paint
from restock_ui import demo, session, sign_in, status_links  # noqa: E402
from restock_ui.safe import md  # noqa: E402
from restock_ui.widgets import filters  # noqa: E402
from restock_ui.widgets.page_parts import guarded  # noqa: E402


def cannot_start(error: InventoryError) -> None:
    """The only page while the store or the app's settings cannot be used."""
    st.error(md(error), icon=":material/error:")
    if isinstance(error, StoreUnavailable):
        st.info("Check INVENTORY_DB_URL (or inventory_db_url in the app's secrets).")


def main() -> None:
    """Sign in, open the store, draw the sidebar, run the chosen page."""
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
