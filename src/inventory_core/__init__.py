"""Restock Desk's core: the store's data, its numbers and its policies.

Usable without Streamlit, from a script or a notebook::

    from inventory_core import open_store, sku_table, load_settings
    engine = open_store("sqlite:///data/restock.db")
    skus = sku_table(engine, datetime.date.today(), load_settings(engine))
"""

from __future__ import annotations

from inventory_core import clock
from inventory_core.domain.access import AccessConfig, Actor, Role, hash_password, verify_password
from inventory_core.domain.aging import BUCKET_LABELS, BUCKETS
from inventory_core.domain.allocation import Allocation, allocate, describe_supply
from inventory_core.domain.enums import (
    LineKind,
    LineStatus,
    NotificationKind,
    NotificationStatus,
    PolicyMode,
    PurchaseOrderStatus,
    StorefrontState,
    SubscriptionKind,
)
from inventory_core.domain.filters import Filters
from inventory_core.domain.policy_rules import (
    POLICY_FIELD_LABELS,
    POLICY_FIELDS,
    BulkRule,
    changed_fields,
    policy_problems,
    policy_value,
    problems_by_sku,
    shown_value,
)
from inventory_core.domain.recommendations import recommend
from inventory_core.domain.settings import StoreSettings, validate_settings
from inventory_core.domain.stock_numbers import (
    COVER_BANDS,
    cover_band,
    needs_reorder,
    runs_out_on,
    stock_projection,
)
from inventory_core.domain.storefront import availability_line, derive_storefront
from inventory_core.domain.whatif import (
    ASSUMPTION_LABELS,
    WHATIF_OUTPUTS,
    Assumptions,
    Projection,
    compare_projections,
    project,
    project_changes,
)
from inventory_core.domain.whatif_arrays import ProjectionInputs, policy_arrays
from inventory_core.domain.wording import format_date
from inventory_core.errors import (
    ConcurrentEdit,
    ImportRefused,
    InvalidInput,
    InventoryError,
    NotFound,
    PermissionDenied,
    StoreUnavailable,
)
from inventory_core.io.demo import build_demo
from inventory_core.io.exports import csv_bytes, excel_bytes, policy_export
from inventory_core.io.imports import Mapping, detect, import_file, save_mapping
from inventory_core.io.sandbox import (
    DemoConfig,
    Sandbox,
    SandboxPool,
    is_sandbox_url,
    sandbox_engine,
)
from inventory_core.io.shipped_demo import load_shipped_demo, open_store
from inventory_core.queries.aging import (
    aging_buckets,
    aging_by,
    backlog_by_week,
    oldest_backorders,
    promise_split,
)
from inventory_core.queries.catalog import filter_options, selected_skus, sku_table
from inventory_core.queries.lookup import customer_message, find_lines
from inventory_core.queries.overview import Kpis, kpis, needs_attention
from inventory_core.queries.preorders import preorder_demand, preorders_per_day
from inventory_core.queries.promises import allocation_for
from inventory_core.queries.stock_levels import (
    search_skus,
    sku_purchase_orders,
    sku_waiting_lines,
    weekly_orders,
)
from inventory_core.queries.suppliers import supplier_reliability, supplier_stats
from inventory_core.queries.whatif_inputs import load_whatif_inputs
from inventory_core.services.notifications import (
    SmtpSettings,
    dismiss,
    mark_sent,
    outbox,
    process_now,
    send_pending,
)
from inventory_core.services.policies import (
    SaveResult,
    policy_history,
    revert_policy_change,
    save_policies,
)
from inventory_core.services.settings import last_saved, load_settings, save_settings
from inventory_core.services.supply import (
    add_purchase_order,
    cancel_purchase_order,
    receive_purchase_order,
    set_expected_date,
)
from inventory_core.store.engine import resolve_db_url, upgrade_schema

__all__ = [
    "ASSUMPTION_LABELS",
    "AccessConfig",
    "Actor",
    "Allocation",
    "Assumptions",
    "BUCKETS",
    "BUCKET_LABELS",
    "BulkRule",
    "COVER_BANDS",
    "ConcurrentEdit",
    "DemoConfig",
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
    "POLICY_FIELDS",
    "POLICY_FIELD_LABELS",
    "PermissionDenied",
    "PolicyMode",
    "Projection",
    "ProjectionInputs",
    "PurchaseOrderStatus",
    "Role",
    "Sandbox",
    "SandboxPool",
    "SaveResult",
    "SmtpSettings",
    "StoreSettings",
    "StoreUnavailable",
    "StorefrontState",
    "SubscriptionKind",
    "WHATIF_OUTPUTS",
    "add_purchase_order",
    "aging_buckets",
    "aging_by",
    "allocate",
    "allocation_for",
    "availability_line",
    "backlog_by_week",
    "build_demo",
    "cancel_purchase_order",
    "changed_fields",
    "clock",
    "compare_projections",
    "cover_band",
    "csv_bytes",
    "customer_message",
    "derive_storefront",
    "describe_supply",
    "detect",
    "dismiss",
    "excel_bytes",
    "filter_options",
    "find_lines",
    "format_date",
    "hash_password",
    "import_file",
    "is_sandbox_url",
    "kpis",
    "last_saved",
    "load_settings",
    "load_shipped_demo",
    "load_whatif_inputs",
    "mark_sent",
    "needs_attention",
    "needs_reorder",
    "oldest_backorders",
    "open_store",
    "outbox",
    "policy_arrays",
    "policy_export",
    "policy_history",
    "policy_problems",
    "policy_value",
    "preorder_demand",
    "preorders_per_day",
    "problems_by_sku",
    "process_now",
    "project",
    "project_changes",
    "promise_split",
    "receive_purchase_order",
    "recommend",
    "resolve_db_url",
    "revert_policy_change",
    "runs_out_on",
    "sandbox_engine",
    "save_mapping",
    "save_policies",
    "save_settings",
    "search_skus",
    "selected_skus",
    "send_pending",
    "set_expected_date",
    "shown_value",
    "sku_purchase_orders",
    "sku_table",
    "sku_waiting_lines",
    "stock_projection",
    "supplier_reliability",
    "supplier_stats",
    "upgrade_schema",
    "validate_settings",
    "verify_password",
    "weekly_orders",
]
