"""Store-wide settings with documented defaults, kept in the ``settings`` table."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace

from sqlalchemy import Engine, select

from .models import Setting

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


def save_settings(engine: Engine, settings: StoreSettings) -> None:
    """Store ``settings`` (replacing the previous ones)."""
    with engine.begin() as connection:
        connection.execute(Setting.__table__.delete().where(Setting.key == SETTINGS_KEY))
        connection.execute(
            Setting.__table__.insert().values(key=SETTINGS_KEY, value=json.dumps(asdict(settings)))
        )
