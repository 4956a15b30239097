"""The store-wide settings: what each one means, its default, and the range it may take.

Pure values and checks; ``services.settings`` keeps them in the ``settings`` table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from inventory_core.domain.wording import StoreLocale, known_currency, known_locale
from inventory_core.errors import InvalidInput


@dataclass(frozen=True)
class StoreSettings:
    """Thresholds behind the dashboard's numbers.

    - ``low_stock_at``: a SKU with this many units available or fewer shows
      "Low stock" (a product's own ``low_stock_at`` wins).
    - ``demand_window_days``: the trailing window of the demand rate.
    - ``safety_days``: days of demand held as safety stock in the reorder point.
    - ``service_level_pct``: the chance, in percent, that stock lasts until an
      order placed at the reorder point arrives (``domain.safety_stock``).
    - ``locale``: how dates and numbers read for people (a CLDR name: en_US, de_DE …).
    - ``currency``: the ISO 4217 code of the store's money (USD, EUR, GBP …).
    - ``delay_review_over``: a refresh that would add more delay notices than this
      holds them for the merchant's review as one batch instead of filling the outbox.
    - ``alerts_per_unit``: back-in-stock alerts sent per unit available, in batches
      (``domain.alert_batches``).
    """

    low_stock_at: int = 5
    demand_window_days: int = 28
    safety_days: int = 7
    service_level_pct: int = 95
    currency: str = "USD"
    delay_review_over: int = 50
    alerts_per_unit: int = 3
    locale: str = "en_US"

    @property
    def formatting(self) -> StoreLocale:
        """The store's locale and currency, as ``domain.wording`` writes with them."""
        return StoreLocale(self.locale, self.currency)


SETTING_LIMITS: dict[str, tuple[int, int, str, str]] = {
    "low_stock_at": (0, 100_000, "Low-stock threshold", "units"),
    "demand_window_days": (7, 365, "Demand window", "days"),
    "safety_days": (0, 365, "Safety stock", "days"),
    "service_level_pct": (50, 99, "Service level", "percent"),
    "delay_review_over": (0, 100_000, "Delay notices held for review above", "notices"),
    "alerts_per_unit": (1, 1_000, "Back-in-stock alerts per unit", "alerts"),
}
"""Each whole-number setting: (lowest, highest, label, unit)."""

@dataclass(frozen=True)
class DelayConsentSettings:
    """The delay-consent rule's numbers (US FTC Mail, Internet, or Telephone Order
    Merchandise Rule, 16 CFR 435), with its defaults.

    - ``enabled``: off for a store outside the rule's scope (no notices tracked).
    - ``ship_within_days``: when an order states no date, it must ship within this
      many days of being placed.
    - ``silence_window_days``: silence counts as consent only to a first delay to a
      definite date at most this many days after the date the rule gives.
    """

    enabled: bool = True
    ship_within_days: int = 30
    silence_window_days: int = 30


CONSENT_LIMITS: dict[str, tuple[int, int, str, str]] = {
    "ship_within_days": (1, 365, "Ship within, when no date is stated", "days"),
    "silence_window_days": (0, 365, "Silence counts as consent up to", "days late"),
}
"""Each whole-number delay-consent setting: (lowest, highest, label, unit)."""


def validate_consent_settings(settings: DelayConsentSettings) -> DelayConsentSettings:
    """``settings`` as given, or InvalidInput naming every value that breaks a rule."""
    problems = [f"{label} must be a whole number of {unit} from {low} to {high}, "
                f"not {getattr(settings, name)!r}."
                for name, (low, high, label, unit) in CONSENT_LIMITS.items()
                if isinstance(getattr(settings, name), bool)
                or not isinstance(getattr(settings, name), int)
                or not low <= getattr(settings, name) <= high]
    if not isinstance(settings.enabled, bool):
        problems.append(f"Delay consent must be on or off, not {settings.enabled!r}.")
    if problems:
        raise InvalidInput("The delay-consent settings were not saved. " + " ".join(problems))
    return settings


LOCALE_CHOICES = ("en_US", "en_GB", "en_CA", "en_AU", "en_IE", "de_DE", "de_AT", "de_CH",
                  "fr_FR", "fr_BE", "fr_CA", "fr_CH", "es_ES", "es_MX", "it_IT", "nl_NL",
                  "pt_BR", "pt_PT", "sv_SE", "da_DK", "nb_NO", "fi_FI", "pl_PL", "ja_JP")
"""The locales the Settings page offers (any locale Babel knows is accepted)."""
CURRENCY_CHOICES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "SEK", "DKK", "NOK", "PLN",
                    "JPY", "MXN", "BRL", "NZD")
"""The currencies the Settings page offers (any ISO 4217 code Babel knows is accepted)."""
LEGACY_CURRENCIES = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
                     "C$": "CAD", "A$": "AUD", "kr": "SEK", "zł": "PLN"}
"""Currency symbols stored before the currency was an ISO code, and the code each meant."""


def upgraded(settings: StoreSettings) -> StoreSettings:
    """``settings`` with a currency stored as a symbol (``$``, ``€``) read as its code."""
    code = LEGACY_CURRENCIES.get(str(settings.currency).strip())
    return replace(settings, currency=code) if code else settings


def validate_settings(settings: StoreSettings) -> StoreSettings:
    """``settings`` tidied, or InvalidInput naming every value that breaks a rule."""
    problems = []
    for name, (low, high, label, unit) in SETTING_LIMITS.items():
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(f"{label} must be a whole number of {unit} from {low} to "
                            f"{high:,}, not {value!r}.")
    given = str(settings.currency or "").strip()
    currency = LEGACY_CURRENCIES.get(given, given.upper())
    if not known_currency(currency):
        problems.append("Currency must be an ISO 4217 code such as USD, EUR, GBP or CHF, "
                        f"not {settings.currency!r}.")
    locale = str(settings.locale or "").strip().replace("-", "_")
    if not known_locale(locale):
        problems.append("Locale must be a language and country such as en_US, en_GB, "
                        f"de_DE or fr_FR, not {settings.locale!r}.")
    if problems:
        raise InvalidInput("The settings were not saved. " + " ".join(problems))
    return replace(settings, currency=currency, locale=locale)
