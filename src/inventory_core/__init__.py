"""Restock Desk's core: the store's data, its numbers and its policies.

Usable without Streamlit, from a script or a notebook::

    from inventory_core import clock, load_settings, open_store, sku_table
    engine = open_store("sqlite:///data/restock.db")
    skus = sku_table(engine, clock.today(), load_settings(engine))
"""

from __future__ import annotations

from inventory_core import clock
from inventory_core.domain.access import (
    SIGN_IN_REFUSED,
    AccessConfig,
    Actor,
    Role,
    check_new_password,
    hash_password,
    sign_in_with_password,
)
from inventory_core.domain.aging import BUCKET_LABELS
from inventory_core.domain.allocation import (
    PROJECTION_NO_SUPPLY,
    SUPPLY_FROM_STOCK,
    Allocation,
    Outlook,
    describe_supply,
)
from inventory_core.domain.delay_consent import Answer
from inventory_core.domain.distinct import each_distinct
from inventory_core.domain.enums import (
    LineKind,
    LineStatus,
    NotificationKind,
    NotificationStatus,
    PolicyMode,
    StorefrontState,
)
from inventory_core.domain.filters import Filters
from inventory_core.domain.messages import MESSAGE_PLACEHOLDERS, TEMPLATE_LABELS, MessageTemplates
from inventory_core.domain.policy_rules import (
    POLICY_FIELD_LABELS,
    POLICY_FIELDS,
    BulkPreview,
    BulkRule,
    bulk_preview,
    changed_fields,
    policy_problems,
    policy_value,
    problems_by_sku,
    shown_value,
)
from inventory_core.domain.recommendations import recommend, recommended_changes
from inventory_core.domain.replenishment import replenishment
from inventory_core.domain.settings import (
    CONSENT_LIMITS,
    CURRENCY_CHOICES,
    LOCALE_CHOICES,
    SETTING_LIMITS,
    DelayConsentSettings,
    StoreSettings,
)
from inventory_core.domain.status_links import (
    TOKEN_PARAM,
    StatusLink,
    make_token,
    read_token,
    status_url,
)
from inventory_core.domain.stock_numbers import (
    COVER_BANDS,
    STOCK_OUT_COUNTS,
    cover_band,
    needs_reorder,
    runs_out_on,
    stock_out_counts,
    stock_projection,
)
from inventory_core.domain.storefront import availability_line, derive_storefront
from inventory_core.domain.suppliers import Reliability
from inventory_core.domain.throttle import SignInThrottle
from inventory_core.domain.whatif import (
    ASSUMPTION_LABELS,
    WHATIF_OUTPUTS,
    Assumptions,
    Projection,
    ProjectionRange,
    compare_projections,
    project,
    project_changes,
    project_range,
)
from inventory_core.domain.whatif_arrays import ProjectionInputs, policy_arrays
from inventory_core.domain.wording import (
    currency_label,
    current_locale,
    format_date,
    format_money,
    format_number,
    locale_label,
    use_locale,
)
from inventory_core.errors import (
    ImportRefused,
    InventoryError,
    PermissionDenied,
    StoreUnavailable,
)
from inventory_core.io.demo import build_demo
from inventory_core.io.exports import (
    EXPORT_PLATFORMS,
    EXPORT_TABLES,
    csv_bytes,
    excel_bytes,
    notification_list,
    platform_policy_file,
    table_counts,
    table_frame,
)
from inventory_core.io.imports import (
    IMPORT_FORMATS,
    ColumnMapping,
    DetectedFile,
    FileMapping,
    ImportProgress,
    ImportSource,
    derived_values,
    detect,
    import_file,
    open_import_file,
    preview_import,
    read_mapping_file,
    reset_to_demo,
    save_mapping,
)
from inventory_core.io.reports import REPORT_FORMATS, REPORTS, report_bytes, report_table
from inventory_core.io.sandbox import (
    DemoConfig,
    Sandbox,
    SandboxPool,
    is_pristine_url,
    is_sandbox_url,
    sandbox_engine,
)
from inventory_core.io.shipped_demo import open_store
from inventory_core.io.tables import TABLE_SPECS
from inventory_core.queries.aging import (
    aging_buckets,
    aging_by,
    backlog_by_week,
    oldest_backorders,
    promise_split,
)
from inventory_core.queries.assumptions import (
    MIN_MEASURED_CASES,
    MeasuredAssumption,
    measured_assumptions,
)
from inventory_core.queries.backtest import accuracy_by_category, backtest, last_backtest
from inventory_core.queries.catalog import filter_options, selected_skus, sku_table
from inventory_core.queries.consent import order_answers, order_status, refund_lines
from inventory_core.queries.demand_history import SkuForecast, sku_forecast
from inventory_core.queries.lookup import customer_messages, find_lines
from inventory_core.queries.overview import Kpis, kpis, needs_attention
from inventory_core.queries.preorders import preorder_demand, preorders_per_day
from inventory_core.queries.promises import allocation_for
from inventory_core.queries.signups import next_batch_waiting
from inventory_core.queries.stock_levels import (
    search_skus,
    sku_purchase_orders,
    sku_waiting_lines,
    weekly_orders,
)
from inventory_core.queries.suppliers import supplier_reliability, supplier_stats
from inventory_core.queries.whatif_inputs import load_whatif_inputs
from inventory_core.services.customer_notices import load_templates, save_templates
from inventory_core.services.delay_consent import (
    load_consent_settings,
    record_delay_answer,
    save_consent_settings,
)
from inventory_core.services.empty_store import empty_store
from inventory_core.services.events import process_now
from inventory_core.services.forecasts import refresh_and_measure, refresh_forecasts, save_backtest
from inventory_core.services.mail import SmtpSettings, load_smtp, save_smtp, send_pending
from inventory_core.services.notifications import (
    Created,
    HeldNotices,
    dismiss,
    held_for_review,
    mark_sent,
    outbox,
    outbox_counts,
    outbox_export,
    release_held,
)
from inventory_core.services.policies import policy_history, revert_policy_change, save_policies
from inventory_core.services.replenishment_orders import (
    OrderToPlace,
    PlacedOrders,
    place_purchase_orders,
)
from inventory_core.services.settings import (
    is_demo_store,
    last_saved,
    load_settings,
    save_settings,
)
from inventory_core.services.status_links import STATUS_SECRET_ENV
from inventory_core.services.supply import (
    add_purchase_order,
    cancel_purchase_order,
    purchase_orders,
    receive_purchase_order,
)
from inventory_core.services.supply_edits import ExpectedDateEdit, save_purchase_order_edits
from inventory_core.store.engine import resolve_db_url

__all__ = [  # one sorted list, several names to a line
    "ASSUMPTION_LABELS", "AccessConfig", "Actor", "Allocation", "Answer", "Assumptions",
    "BUCKET_LABELS", "BulkPreview", "BulkRule", "CONSENT_LIMITS", "COVER_BANDS", "CURRENCY_CHOICES",
    "ColumnMapping", "Created", "DelayConsentSettings", "DemoConfig", "DetectedFile",
    "EXPORT_PLATFORMS", "EXPORT_TABLES", "ExpectedDateEdit", "FileMapping", "Filters",
    "HeldNotices",
    "IMPORT_FORMATS", "ImportProgress", "ImportRefused", "ImportSource", "InventoryError", "Kpis",
    "LOCALE_CHOICES", "LineKind", "LineStatus", "MESSAGE_PLACEHOLDERS", "MIN_MEASURED_CASES",
    "MeasuredAssumption", "MessageTemplates", "NotificationKind", "NotificationStatus",
    "OrderToPlace", "Outlook", "POLICY_FIELDS", "POLICY_FIELD_LABELS", "PROJECTION_NO_SUPPLY",
    "PermissionDenied", "PlacedOrders", "PolicyMode", "Projection", "ProjectionInputs",
    "ProjectionRange", "REPORTS", "REPORT_FORMATS", "Reliability", "Role", "SETTING_LIMITS",
    "SIGN_IN_REFUSED",
    "STATUS_SECRET_ENV", "STOCK_OUT_COUNTS", "SUPPLY_FROM_STOCK", "Sandbox", "SandboxPool",
    "SignInThrottle", "SkuForecast", "SmtpSettings", "StatusLink", "StoreSettings",
    "StoreUnavailable", "StorefrontState", "TABLE_SPECS", "TEMPLATE_LABELS", "TOKEN_PARAM",
    "WHATIF_OUTPUTS", "accuracy_by_category", "add_purchase_order", "aging_buckets", "aging_by",
    "allocation_for", "availability_line", "backlog_by_week", "backtest", "build_demo",
    "bulk_preview", "cancel_purchase_order", "changed_fields", "check_new_password", "clock",
    "compare_projections", "cover_band", "csv_bytes", "currency_label", "current_locale",
    "customer_messages", "derive_storefront", "derived_values", "describe_supply", "detect",
    "dismiss", "each_distinct", "empty_store", "excel_bytes", "filter_options", "find_lines",
    "format_date", "format_money", "format_number", "hash_password", "held_for_review",
    "import_file", "is_demo_store", "is_pristine_url", "is_sandbox_url", "kpis", "last_backtest",
    "last_saved", "load_consent_settings", "load_settings", "load_smtp", "load_templates",
    "load_whatif_inputs", "locale_label", "make_token", "mark_sent", "measured_assumptions",
    "needs_attention", "needs_reorder", "next_batch_waiting", "notification_list",
    "oldest_backorders", "open_import_file", "open_store", "order_answers", "order_status",
    "outbox", "outbox_counts", "outbox_export", "place_purchase_orders", "platform_policy_file",
    "policy_arrays", "policy_history", "policy_problems", "policy_value", "preorder_demand",
    "preorders_per_day", "preview_import", "problems_by_sku", "process_now", "project",
    "project_changes", "project_range", "promise_split", "purchase_orders", "read_mapping_file",
    "read_token", "receive_purchase_order", "recommend", "recommended_changes",
    "record_delay_answer", "refresh_and_measure", "refresh_forecasts", "refund_lines",
    "release_held", "replenishment", "report_bytes", "report_table", "reset_to_demo",
    "resolve_db_url", "revert_policy_change", "runs_out_on", "sandbox_engine", "save_backtest",
    "save_consent_settings", "save_mapping", "save_policies", "save_purchase_order_edits",
    "save_settings", "save_smtp", "save_templates", "search_skus", "selected_skus", "send_pending",
    "shown_value", "sign_in_with_password", "sku_forecast", "sku_purchase_orders", "sku_table",
    "sku_waiting_lines", "status_url", "stock_out_counts", "stock_projection",
    "supplier_reliability", "supplier_stats", "table_counts", "table_frame", "use_locale",
    "weekly_orders",
]
