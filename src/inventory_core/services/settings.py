"""The ``settings`` table: values kept as JSON under a key, and the store-wide settings.

``read_setting`` / ``write_setting`` keep any value by key (the store settings,
the mail settings, remembered column mappings); ``filled`` reads a stored value
into its dataclass, defaults filling anything missing or unknown. The store-wide
settings themselves (``domain.settings``) are kept under ``store``, with who saved
them and when. Whether the store holds the demo (``mark_demo``, ``is_demo_store``) is
kept under ``store_is_demo``: the demo's loaders set it, an import clears it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, fields, replace
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, delete, insert, select

from inventory_core import clock
from inventory_core.domain.access import Actor
from inventory_core.domain.settings import StoreSettings, upgraded, validate_settings
from inventory_core.store.models import Setting

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

SETTINGS_KEY = "store"
DEMO_STORE_KEY = "store_is_demo"
T = TypeVar("T", bound="DataclassInstance")


def read_setting(engine: Engine, key: str) -> dict[str, Any]:
    """The value stored under ``key``, empty when nothing is."""
    with engine.connect() as connection:
        return setting_on(connection, key)


def setting_on(connection: Connection, key: str) -> dict[str, Any]:
    """The value stored under ``key``, read on ``connection`` (in its transaction)."""
    raw = connection.execute(
        select(Setting.value).where(Setting.key == key)).scalar_one_or_none()
    stored: dict[str, Any] = json.loads(raw) if raw else {}
    return stored


def write_setting(engine: Engine, key: str, value: dict[str, Any]) -> None:
    """Store ``value`` under ``key``, replacing what was there, in one transaction."""
    with engine.begin() as connection:
        store_setting(connection, key, value)


def store_setting(connection: Connection, key: str, value: dict[str, Any]) -> None:
    """Store ``value`` under ``key`` on ``connection``, in the caller's transaction."""
    connection.execute(delete(Setting).where(Setting.key == key))
    connection.execute(insert(Setting).values(key=key, value=json.dumps(value)))


def filled(kind: type[T], stored: dict[str, Any]) -> T:
    """The dataclass ``kind`` with the stored fields it knows; defaults fill the rest."""
    known = {f.name for f in fields(kind)}
    return replace(kind(), **{k: v for k, v in stored.items() if k in known})


def load_settings(engine: Engine) -> StoreSettings:
    """The stored settings, defaults filling anything missing or unknown (a currency
    stored as a symbol, as before it was an ISO code, read as its code)."""
    return upgraded(filled(StoreSettings, read_setting(engine, SETTINGS_KEY)))


def save_settings(engine: Engine, settings: StoreSettings, *, actor: Actor) -> StoreSettings:
    """Check and store ``settings`` (replacing the previous ones); returns what was stored.

    Raises PermissionDenied for a viewer and InvalidInput for a value out of range;
    either way nothing stored changes. The actor's name and the time are kept.
    """
    actor.require_editor("change the store settings")
    settings = validate_settings(settings)
    write_setting(engine, SETTINGS_KEY, {**asdict(settings), "_saved_by": actor.name,
                                         "_saved_at": clock.now().isoformat()})
    return settings


def last_saved(engine: Engine) -> tuple[str, dt.datetime] | None:
    """Who saved the settings last and when, or None when they never were."""
    stored = read_setting(engine, SETTINGS_KEY)
    if not stored.get("_saved_by") or not stored.get("_saved_at"):
        return None
    return stored["_saved_by"], dt.datetime.fromisoformat(stored["_saved_at"])


def mark_demo(connection: Connection, is_demo: bool) -> None:
    """Remember, in the caller's transaction, whether the store holds the demo (filled
    with it) or the merchant's own data (a file was imported)."""
    store_setting(connection, DEMO_STORE_KEY, {"demo": is_demo})


def is_demo_store(engine: Engine) -> bool:
    """True when the store was filled with the demo and nothing was imported since (a
    store that never said holds the merchant's own data)."""
    return bool(read_setting(engine, DEMO_STORE_KEY).get("demo"))
