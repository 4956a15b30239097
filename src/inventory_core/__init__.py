"""Restock Desk's core: the store's data, its numbers and its policies.

Usable without Streamlit, from a script or a notebook::

    from inventory_core import open_store, sku_table, load_settings
    engine = open_store("sqlite:///data/restock.db")
    skus = sku_table(engine, datetime.date.today(), load_settings(engine))
"""

from __future__ import annotations

from .catalog import filter_options, sku_table
from .db import open_store, resolve_db_url, upgrade_schema
from .demo import build_demo, load_shipped_demo
from .enums import (
    LineKind,
    LineStatus,
    NotificationKind,
    NotificationStatus,
    PolicyMode,
    PurchaseOrderStatus,
    StorefrontState,
    SubscriptionKind,
)
from .errors import (
    ConcurrentEdit,
    ImportRefused,
    InvalidInput,
    InventoryError,
    NotFound,
    PermissionDenied,
    StoreUnavailable,
)
from .exports import csv_bytes, excel_bytes, policy_export
from .filters import Filters
from .imports import Mapping, detect, import_file, save_mapping
from .overview import Kpis, kpis, needs_attention
from .settings import StoreSettings, load_settings, save_settings

__all__ = [
    "ConcurrentEdit",
    "Filters",
    "ImportRefused",
    "InvalidInput",
    "InventoryError",
    "Kpis",
    "LineKind",
    "LineStatus",
    "Mapping",
    "NotFound",
    "NotificationKind",
    "NotificationStatus",
    "PermissionDenied",
    "PolicyMode",
    "PurchaseOrderStatus",
    "StoreSettings",
    "StoreUnavailable",
    "StorefrontState",
    "SubscriptionKind",
    "build_demo",
    "csv_bytes",
    "detect",
    "excel_bytes",
    "filter_options",
    "import_file",
    "kpis",
    "load_settings",
    "load_shipped_demo",
    "needs_attention",
    "open_store",
    "policy_export",
    "resolve_db_url",
    "save_mapping",
    "save_settings",
    "sku_table",
    "upgrade_schema",
]
