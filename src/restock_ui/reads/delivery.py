"""Each supplier's delivery record, read once per store: the SKU table, the allocation,
the suppliers' table and the recommendations all take it from here."""

from __future__ import annotations

from inventory_core import Reliability, supplier_reliability
from restock_ui.reads.cache import StoreKey, shared


@shared()
def reliability(store: StoreKey) -> Reliability:
    """Each supplier's on-time rate and typical delay, and the whole store's."""
    return supplier_reliability(store.engine)
