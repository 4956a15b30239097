"""Cached reads of the Data page: what the store holds, and the files it exports."""

from __future__ import annotations

import pandas as pd

from inventory_core import (
    csv_bytes,
    excel_bytes,
    notification_list,
    platform_policy_file,
    table_counts,
    table_frame,
)
from restock_ui.reads.cache import StoreKey, cached


@cached()
def row_counts(store: StoreKey) -> pd.DataFrame:
    """Rows per stored table."""
    return table_counts(store.engine)


@cached(spinner="Preparing the policy file…")
def policy_file(store: StoreKey, platform: str, changed_only: bool = False) -> bytes:
    """The policies as ``platform``'s import CSV (only those that differ from what the
    last import said the store had, with ``changed_only``)."""
    return csv_bytes(platform_policy_file(store.engine, platform,
                                          changed_only=changed_only).frame)


@cached()
def policy_file_notes(store: StoreKey, platform: str, changed_only: bool = False
                      ) -> tuple[int, list[str]]:
    """How many SKUs the policy file holds, and what the merchant should know about it."""
    made = platform_policy_file(store.engine, platform, changed_only=changed_only)
    return len(made.frame), made.notes


@cached(spinner="Preparing the file…")
def table_file(store: StoreKey, name: str, excel: bool) -> bytes:
    """One stored table (or the notification list) as CSV or Excel."""
    frame = (notification_list(store.engine) if name == "notifications"
             else table_frame(store.engine, name))
    return excel_bytes(frame, name) if excel else csv_bytes(frame)
