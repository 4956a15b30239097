"""Where the store lives: the database URL, the engine, and the schema's upgrades.

One setting chooses the database: the environment variable ``INVENTORY_DB_URL``,
else ``inventory_db_url`` from the app's secrets (handed in by the caller), else
the embedded SQLite file ``data/restock.db``, which is created on first start (and
filled with the shipped demo by ``io.shipped_demo.open_store``). Where ``data/``
cannot be written, the file goes to a temporary directory instead.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from inventory_core.errors import StoreUnavailable

ENV_VAR = "INVENTORY_DB_URL"
SECRET_KEY = "inventory_db_url"
DATA_DIR = Path(__file__).resolve().parents[3] / "data"
EMBEDDED_NAME = "restock.db"


def resolve_db_url(secrets: Mapping[str, object] | None = None) -> str:
    """The database URL from the environment, the secrets, or the embedded default."""
    url = os.environ.get(ENV_VAR, "").strip()
    if not url and secrets:
        url = str(secrets.get(SECRET_KEY) or "").strip()
    return url or embedded_url()


def embedded_url(data_dir: Path = DATA_DIR) -> str:
    """The URL of the embedded SQLite store, in ``data/`` or a temp dir if read-only."""
    folder = data_dir if _writable(data_dir) else Path(tempfile.gettempdir()) / "restock-desk"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / EMBEDDED_NAME}"


def _writable(folder: Path) -> bool:
    """True when a file can be created in ``folder`` (made if missing)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-probe"
        probe.touch()
        probe.unlink()
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def make_engine(url: str, *, pooled: bool = True) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout.

    ``pooled=False`` keeps no connection open between uses (a demo sandbox file can
    then be replaced or removed at any time).
    """
    if url.startswith("sqlite"):
        options = {} if pooled else {"poolclass": NullPool}
        engine = create_engine(url, connect_args={"timeout": 30}, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config


def upgrade_schema(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def is_empty(engine: Engine) -> bool:
    """True when the store holds no products (or no schema yet)."""
    if "products" not in inspect(engine).get_table_names():
        return True
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT 1 FROM products LIMIT 1").first() is None


def open_database(url: str, *,
                  fill_empty: Callable[[Engine], None] | None = None) -> Engine:
    """An engine on an up-to-date schema; ``fill_empty(engine)`` fills a store that
    holds no products yet (``io.shipped_demo.open_store`` fills it with the demo).

    Raises StoreUnavailable, naming the database (without its password), when
    it cannot be reached or its URL is not understood.
    """
    try:
        engine = make_engine(url)
        upgrade_schema(engine)
        if fill_empty is not None and is_empty(engine):
            fill_empty(engine)
    except (SQLAlchemyError, ValueError, OSError) as error:
        shown = _without_password(url)
        raise StoreUnavailable(f"Cannot open the store at {shown}: {_first_line(error)}") from error
    return engine


def _without_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is shown as it was given
        return url


def _first_line(error: Exception) -> str:
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]
