"""The allocation of stock and open purchase orders to waiting lines, read once per
store (with the suppliers' delivery record the SKU table uses): the Incoming supply
page shows it, the lines to refund are judged on it."""

from __future__ import annotations

import datetime as dt

from inventory_core import Allocation, Filters, allocation_for
from restock_ui.reads.cache import StoreKey, shared
from restock_ui.reads.delivery import reliability


@shared(spinner="Allocating supply to waiting orders…")
def allocation(store: StoreKey, today: dt.date, filters: Filters) -> Allocation:
    """Stock and open POs allocated to the selected SKUs' waiting lines."""
    return allocation_for(store.engine, today, filters, reliability(store))
