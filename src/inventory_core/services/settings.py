"""Keeping the store-wide settings (``domain.settings``) in the ``settings`` table."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, fields, replace

from sqlalchemy import Engine, select

from inventory_core import clock
from inventory_core.domain.access import Actor
from inventory_core.domain.settings import StoreSettings, validate_settings
from inventory_core.store.models import Setting

SETTINGS_KEY = "store"


def load_settings(engine: Engine) -> StoreSettings:
    """The stored settings, defaults filling anything missing or unknown."""
    stored = _stored(engine)
    known = {f.name for f in fields(StoreSettings)}
    return replace(StoreSettings(), **{k: v for k, v in stored.items() if k in known})


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
    stored = _stored(engine)
    if not stored.get("_saved_by") or not stored.get("_saved_at"):
        return None
    return stored["_saved_by"], dt.datetime.fromisoformat(stored["_saved_at"])


def _stored(engine: Engine) -> dict:
    """The stored settings row as saved (values, who and when), empty when never saved."""
    with engine.connect() as connection:
        raw = connection.execute(
            select(Setting.value).where(Setting.key == SETTINGS_KEY)
        ).scalar_one_or_none()
    return json.loads(raw) if raw else {}
