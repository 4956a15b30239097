"""Store-wide settings with documented defaults, kept in the ``settings`` table."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, fields, replace

from sqlalchemy import Engine, select

from inventory_core import clock
from inventory_core.domain.access import Actor
from inventory_core.errors import InvalidInput
from inventory_core.store.models import Setting

SETTINGS_KEY = "store"


@dataclass(frozen=True)
class StoreSettings:
    """Thresholds behind the dashboard's numbers.

    - ``low_stock_at``: a SKU with this many units available or fewer shows
      "Low stock" (a product's own ``low_stock_at`` wins).
    - ``demand_window_days``: the trailing window of the demand rate.
    - ``safety_days``: days of demand held as safety stock in the reorder point.
    - ``currency``: the symbol money is shown with.
    """

    low_stock_at: int = 5
    demand_window_days: int = 28
    safety_days: int = 7
    currency: str = "$"


def load_settings(engine: Engine) -> StoreSettings:
    """The stored settings, defaults filling anything missing or unknown."""
    with engine.connect() as connection:
        raw = connection.execute(
            select(Setting.value).where(Setting.key == SETTINGS_KEY)
        ).scalar_one_or_none()
    stored = json.loads(raw) if raw else {}
    known = {f.name for f in fields(StoreSettings)}
    return replace(StoreSettings(), **{k: v for k, v in stored.items() if k in known})


LIMITS = {
    "low_stock_at": (0, 100_000, "Low-stock threshold", "units"),
    "demand_window_days": (7, 365, "Demand window", "days"),
    "safety_days": (0, 365, "Safety stock", "days"),
}
CURRENCY_MAX = 4


def validate_settings(settings: StoreSettings) -> StoreSettings:
    """``settings`` tidied, or InvalidInput naming every value that breaks a rule."""
    problems = []
    for name, (low, high, label, unit) in LIMITS.items():
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


def save_settings(engine: Engine, settings: StoreSettings, *, actor: Actor) -> StoreSettings:
    """Check and store ``settings`` (replacing the previous ones); returns what was stored.

    Raises PermissionDenied for a viewer and InvalidInput for a value out of range;
    either way nothing stored changes. The actor's name and the time are kept.
    """
    actor.require_editor("change the store settings")
    settings = validate_settings(settings)
    stored = {**asdict(settings), "_saved_by": actor.name,
              "_saved_at": clock.now().isoformat()}
    with engine.begin() as connection:
        connection.execute(Setting.__table__.delete().where(Setting.key == SETTINGS_KEY))
        connection.execute(
            Setting.__table__.insert().values(key=SETTINGS_KEY, value=json.dumps(stored)))
    return settings


def last_saved(engine: Engine) -> tuple[str, dt.datetime] | None:
    """Who saved the settings last and when, or None when they never were."""
    with engine.connect() as connection:
        raw = connection.execute(
            select(Setting.value).where(Setting.key == SETTINGS_KEY)
        ).scalar_one_or_none()
    stored = json.loads(raw) if raw else {}
    if not stored.get("_saved_by") or not stored.get("_saved_at"):
        return None
    return stored["_saved_by"], dt.datetime.fromisoformat(stored["_saved_at"])
