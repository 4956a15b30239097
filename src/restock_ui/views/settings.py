"""The store settings as the Settings page shows them: labels, meanings, the table, and
the message templates' parts."""

from __future__ import annotations

import pandas as pd

from inventory_core import MESSAGE_PLACEHOLDERS, SETTING_LIMITS, TEMPLATE_LABELS, StoreSettings

MEANINGS = {
    "low_stock_at": "A SKU with this many units available or fewer shows “Low stock” "
                    "(a product's own threshold wins).",
    "demand_window_days": "Demand rate = units ordered over this many trailing days, "
                          "per day.",
    "safety_days": "Days of demand held as safety stock in the reorder point.",
    "service_level_pct": "The chance that stock lasts until an order placed at the "
                         "reorder point arrives: the safety stock of a SKU with a "
                         "forecast is set for it (95 % by default).",
    "locale": "How dates and numbers read on every page, chart, message and export for "
              "people (CSV files for machines keep ISO dates and plain numbers).",
    "currency": "The store's currency (ISO code), in which every amount is shown.",
    "alerts_per_unit": "Back-in-stock alerts go out in batches, oldest sign-up first: at "
                       "most this many per unit available, the stock checked again "
                       "before each day's batch.",
    "delay_review_over": "A refresh that would add more delay notices than this holds "
                         "them on the Notifications page for your review, as one batch, "
                         "instead of filling the outbox.",
}
LABELS = {**{name: f"{label} ({unit})"
             for name, (_low, _high, label, unit) in SETTING_LIMITS.items()},
          "locale": "Locale", "currency": "Currency"}


def settings_table(current: StoreSettings) -> pd.DataFrame:
    """Each setting with its value, its default and what it means."""
    return pd.DataFrame({
        "Setting": [LABELS[n] for n in MEANINGS],
        "Value": [str(getattr(current, n)) for n in MEANINGS],
        "Default": [str(getattr(StoreSettings(), n)) for n in MEANINGS],
        "Meaning": list(MEANINGS.values()),
    })


TEMPLATE_GROUPS = {
    "Greeting and closing": ("greeting", "greeting_without_name", "cancel", "status_link",
                             "sign_off"),
    "Subjects": ("delay_subject", "ready_subject", "status_subject"),
    "Each waiting line": ("missed", "will_miss", "new_date", "no_date", "expected", "ready",
                          "alternatives", "nothing_waiting"),
    "Sign-ups": ("back_in_stock_subject", "back_in_stock", "release_subject", "release"),
}
"""The templates as the Settings page groups them (every template once)."""


def placeholder_help(name: str) -> str:
    """What template ``name`` may use, as its field's help says it."""
    allowed = MESSAGE_PLACEHOLDERS[name]
    return ("May use " + ", ".join(f"{{{p}}}" for p in allowed) + "." if allowed
            else "Uses no placeholder.") + f" ({TEMPLATE_LABELS[name]})"
