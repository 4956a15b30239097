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
from .filters import Filters
from .overview import Kpis, kpis, needs_attention
from .policies import BulkRule, SaveResult, save_policies
from .projection import Assumptions, Projection, project
from .recommendations import recommend
from .settings import StoreSettings, load_settings, save_settings

__all__ = [
    "Assumptions",
    "BulkRule",
    "ConcurrentEdit",
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
    "Projection",
    "PurchaseOrderStatus",
    "SaveResult",
    "StoreSettings",
    "StoreUnavailable",
    "StorefrontState",
    "SubscriptionKind",
    "build_demo",
    "filter_options",
    "kpis",
    "load_settings",
    "load_shipped_demo",
    "needs_attention",
    "open_store",
    "project",
    "recommend",
    "resolve_db_url",
    "save_policies",
    "save_settings",
    "sku_table",
    "upgrade_schema",
]
