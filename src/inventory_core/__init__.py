"""Restock Desk's core: the store's data, its numbers and its policies.

Usable without Streamlit, from a script or a notebook::

    from inventory_core import open_store, sku_table, load_settings
    engine = open_store("sqlite:///data/restock.db")
    skus = sku_table(engine, datetime.date.today(), load_settings(engine))
"""

from __future__ import annotations

from .access import AccessConfig, Actor, Role, hash_password, verify_password
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
from .filters import Filters
from .overview import Kpis, kpis, needs_attention
from .sandbox import DemoConfig, SandboxPool
from .settings import StoreSettings, last_saved, load_settings, save_settings, validate_settings

__all__ = [
    "AccessConfig",
    "Actor",
    "ConcurrentEdit",
    "DemoConfig",
    "Filters",
    "ImportRefused",
    "InvalidInput",
    "InventoryError",
    "Kpis",
    "LineKind",
    "LineStatus",
    "NotFound",
    "NotificationKind",
    "NotificationStatus",
    "PermissionDenied",
    "PolicyMode",
    "PurchaseOrderStatus",
    "Role",
    "SandboxPool",
    "StoreSettings",
    "StoreUnavailable",
    "StorefrontState",
    "SubscriptionKind",
    "build_demo",
    "filter_options",
    "hash_password",
    "kpis",
    "last_saved",
    "load_settings",
    "load_shipped_demo",
    "needs_attention",
    "open_store",
    "resolve_db_url",
    "save_settings",
    "sku_table",
    "upgrade_schema",
    "validate_settings",
    "verify_password",
]
