"""Cached reads of the Data page: what the store holds, and the files it exports."""

from __future__ import annotations

import pandas as pd

from inventory_core import (
    csv_bytes,
    excel_bytes,
    notification_list,
    policy_export,
    table_counts,
    table_frame,
)
from restock_ui.reads.cache import StoreKey, cached


@cached()
def row_counts(store: StoreKey) -> pd.DataFrame:
    """Rows per stored table."""
    return table_counts(store.engine)


@cached(spinner="Preparing the policy file…")
def policy_file(store: StoreKey, platform: str) -> bytes:
    """The policies as ``platform``'s import CSV."""
    return csv_bytes(policy_export(store.engine, platform))


@cached(spinner="Preparing the file…")
def table_file(store: StoreKey, name: str, excel: bool) -> bytes:
    """One stored table (or the notification list) as CSV or Excel."""
    frame = (notification_list(store.engine) if name == "notifications"
             else table_frame(store.engine, name))
    return excel_bytes(frame, name) if excel else csv_bytes(frame)
