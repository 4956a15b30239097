"""The Overview's first-visit guide: on an empty or a demo store, how to bring one's own
store in, in three steps, and what to look at first.

Not shown on a merchant's own store: a store is the demo while it holds what the demo
loaders put there (``inventory_core.is_demo_store``); the first import makes it the
merchant's. The guide is dismissible for the rest of the session (``DISMISSED``).
"""

from __future__ import annotations

DISMISSED = "first_visit.dismissed"
"""The session-state key that holds the merchant's "Hide this guide"."""

EMPTY, DEMO = "empty", "demo"

TITLES = {
    EMPTY: "Your store is empty: bring it in, in three steps",
    DEMO: "This is the demo store: bring in your own, in three steps",
}

START = {
    EMPTY: "**1. Start from this empty store.** Nothing of the demo is mixed in with "
           "your files.",
    DEMO: "**1. Start an empty store** on the Data page (*Start an empty store*), so "
          "your files are not mixed with the demo. *Reset to the demo store* brings "
          "it back.",
}

IMPORT = (
    "**2. Import your store's exports on the Data page, products first:**\n"
    "- **Shopify**: the products export (Products › Export), then the inventory export "
    "(Products › Inventory › Export) for stock per location, then the orders export "
    "(Orders › Export) for the history and the open backorders.\n"
    "- **WooCommerce**: the product CSV (Products › Export), then your orders as the "
    "generic orders and order lines CSV files.\n"
    "- **Magento 2**: the catalog product export (System › Data Transfer › Export, "
    "Products), then the stock sources export for stock per source, then your orders "
    "as the generic orders and order lines CSV files.\n\n"
    "Open purchase orders (the generic purchase orders file, or Incoming supply) give "
    "the promises their dates. Each file is checked whole before anything is stored."
)

LOOK_FIRST = (
    "**3. Look first at** *Needs attention* on this page (the most at stake first), "
    "*Backorder aging* for the promises past due, and *Policies & what-if* for the "
    "recommended policy of each SKU and what it would change before you save it."
)


def guide_kind(products: int, is_demo: bool) -> str | None:
    """Which guide the Overview shows: ``EMPTY`` for a store without products, ``DEMO``
    for the demo store, None for a merchant's own store."""
    if products == 0:
        return EMPTY
    return DEMO if is_demo else None


def guide_title(kind: str) -> str:
    """The guide's heading for ``kind`` (``EMPTY`` or ``DEMO``)."""
    return TITLES[kind]


def guide_steps(kind: str) -> list[str]:
    """The three steps as Markdown, in order, for ``kind`` (``EMPTY`` or ``DEMO``)."""
    return [START[kind], IMPORT, LOOK_FIRST]
