"""The store settings as the Settings page shows them: labels, meanings, the table."""

from __future__ import annotations

import pandas as pd

from inventory_core import SETTING_LIMITS, StoreSettings

MEANINGS = {
    "low_stock_at": "A SKU with this many units available or fewer shows “Low stock” "
                    "(a product's own threshold wins).",
    "demand_window_days": "Demand rate = units ordered over this many trailing days, "
                          "per day.",
    "safety_days": "Days of demand held as safety stock in the reorder point.",
    "currency": "The symbol money is shown with.",
}
LABELS = {**{name: f"{label} ({unit})"
             for name, (_low, _high, label, unit) in SETTING_LIMITS.items()},
          "currency": "Currency symbol"}


def settings_table(current: StoreSettings) -> pd.DataFrame:
    """Each setting with its value, its default and what it means."""
    return pd.DataFrame({
        "Setting": [LABELS[n] for n in MEANINGS],
        "Value": [str(getattr(current, n)) for n in MEANINGS],
        "Default": [str(getattr(StoreSettings(), n)) for n in MEANINGS],
        "Meaning": list(MEANINGS.values()),
    })
