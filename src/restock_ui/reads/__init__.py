"""Every cached read of the pages, keyed by store (see ``restock_ui.reads.cache``).

Pages read through this package, e.g. ``reads.skus(store, today, selection)`` with
``store = session.store()``, and call ``reads.changed(store)`` after every write.
"""

from __future__ import annotations

from restock_ui.reads.allocation import allocation
from restock_ui.reads.backorders import (
    aging_split,
    backlog_weeks,
    buckets,
    oldest_lines,
    preorders,
    preorders_by_day,
    promises_kept,
)
from restock_ui.reads.cache import StoreKey, store_key
from restock_ui.reads.catalog import (
    attention,
    is_demo,
    overview_kpis,
    purchase_orders_of,
    settings,
    sidebar_options,
    sku_codes,
    skus,
    stock_table,
    waiting_lines_of,
    weekly_orders_of,
)
from restock_ui.reads.consent import answers, consent_settings, lines_to_refund, status_lines
from restock_ui.reads.delivery import reliability
from restock_ui.reads.files import policy_file, policy_file_notes, row_counts, table_file
from restock_ui.reads.forecasts import kept_backtest, sku_forecast_of
from restock_ui.reads.outbox import (
    alerts_waiting,
    held_notices,
    message_counts,
    messages,
    smtp_settings,
    templates,
)
from restock_ui.reads.policies import (
    baseline,
    history,
    measured,
    recommended,
    stored_policies,
    whatif_inputs,
)
from restock_ui.reads.supply import (
    customer_lines,
    orders,
    suppliers,
    supply_sentences,
)
from restock_ui.reads.warm import changed, settle

__all__ = [
    "StoreKey",
    "aging_split",
    "alerts_waiting",
    "allocation",
    "answers",
    "attention",
    "backlog_weeks",
    "baseline",
    "buckets",
    "changed",
    "consent_settings",
    "customer_lines",
    "held_notices",
    "history",
    "is_demo",
    "kept_backtest",
    "lines_to_refund",
    "measured",
    "message_counts",
    "messages",
    "oldest_lines",
    "orders",
    "overview_kpis",
    "policy_file",
    "policy_file_notes",
    "preorders",
    "preorders_by_day",
    "promises_kept",
    "purchase_orders_of",
    "recommended",
    "reliability",
    "row_counts",
    "settings",
    "settle",
    "sidebar_options",
    "sku_codes",
    "sku_forecast_of",
    "skus",
    "smtp_settings",
    "status_lines",
    "stock_table",
    "store_key",
    "stored_policies",
    "suppliers",
    "supply_sentences",
    "table_file",
    "templates",
    "waiting_lines_of",
    "weekly_orders_of",
    "whatif_inputs",
]
