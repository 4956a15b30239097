"""The app's pages (DESIGN §6), grouped as the sidebar shows them: the Overview first;
and the customers' order-status page, a navigation of its own.

Only pages whose file exists are listed, so the navigation grows with the app.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

APP_DIR = Path(__file__).resolve().parents[2]

OVERVIEW = ("pages/overview.py", "Overview", ":material/dashboard:")

ORDER_STATUS = ("pages/order_status.py", "Order status", ":material/package_2:")
"""The customers' own page: the app's root with a signed link's ``?status=`` only."""

SECTIONS: dict[str, list[tuple[str, str, str]]] = {
    "Monitor": [
        ("pages/stock_levels.py", "Stock levels", ":material/inventory_2:"),
        ("pages/backorder_aging.py", "Backorder aging", ":material/hourglass_bottom:"),
        ("pages/preorder_demand.py", "Pre-order demand", ":material/rocket_launch:"),
    ],
    "Act": [
        ("pages/policies.py", "Policies & what-if", ":material/tune:"),
        ("pages/replenishment.py", "Replenishment", ":material/shopping_cart:"),
        ("pages/incoming_supply.py", "Incoming supply & promises", ":material/local_shipping:"),
        ("pages/notifications.py", "Notifications", ":material/mail:"),
        ("pages/customer_lookup.py", "Customer lookup", ":material/person_search:"),
    ],
    "Store": [
        ("pages/data.py", "Data", ":material/upload_file:"),
        ("pages/settings.py", "Settings", ":material/settings:"),
    ],
}


def pages() -> dict[str, list[st.Page]]:
    """The navigation: the Overview first (the app's home), then every page file that exists."""
    path, title, icon = OVERVIEW
    tree: dict[str, list[st.Page]] = {
        "Monitor": [st.Page(path, title=title, icon=icon, default=True)]
    }
    for section, entries in SECTIONS.items():
        for path, title, icon in entries:
            if (APP_DIR / path).exists():
                tree.setdefault(section, []).append(st.Page(path, title=title, icon=icon))
    return tree


def customer_pages() -> list[st.Page]:
    """The navigation of a visit that opened a status link: the order-status page only."""
    path, title, icon = ORDER_STATUS
    return [st.Page(path, title=title, icon=icon, default=True)]
