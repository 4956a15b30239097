"""The store-wide settings: what each one means, its default, and the range it may take.

Pure values and checks; ``services.settings`` keeps them in the ``settings`` table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from inventory_core.errors import InvalidInput


@dataclass(frozen=True)
class StoreSettings:
    """Thresholds behind the dashboard's numbers.

    - ``low_stock_at``: a SKU with this many units available or fewer shows
      "Low stock" (a product's own ``low_stock_at`` wins).
    - ``demand_window_days``: the trailing window of the demand rate.
    - ``safety_days``: days of demand held as safety stock in the reorder point.
    - ``currency``: the symbol money is shown with.
    - ``delay_review_over``: a refresh that would add more delay notices than this
      holds them for the merchant's review as one batch instead of filling the outbox.
    """

    low_stock_at: int = 5
    demand_window_days: int = 28
    safety_days: int = 7
    currency: str = "$"
    delay_review_over: int = 50


SETTING_LIMITS: dict[str, tuple[int, int, str, str]] = {
    "low_stock_at": (0, 100_000, "Low-stock threshold", "units"),
    "demand_window_days": (7, 365, "Demand window", "days"),
    "safety_days": (0, 365, "Safety stock", "days"),
    "delay_review_over": (0, 100_000, "Delay notices held for review above", "notices"),
}
"""Each whole-number setting: (lowest, highest, label, unit)."""

CURRENCY_MAX = 4
"""The longest currency symbol, in characters."""


def validate_settings(settings: StoreSettings) -> StoreSettings:
    """``settings`` tidied, or InvalidInput naming every value that breaks a rule."""
    problems = []
    for name, (low, high, label, unit) in SETTING_LIMITS.items():
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(f"{label} must be a whole number of {unit} from {low} to "
                            f"{high:,}, not {value!r}.")
    currency = str(settings.currency or "").strip()
    if not 1 <= len(currency) <= CURRENCY_MAX or any(c in currency for c in "<>&\"'`"):
        problems.append(f"Currency must be a symbol of 1 to {CURRENCY_MAX} characters "
                        "(such as $, €, £ or CHF) without <, >, &, quotes or backticks, "
                        f"not {settings.currency!r}.")
    if problems:
        raise InvalidInput("The settings were not saved. " + " ".join(problems))
    return replace(settings, currency=currency)
