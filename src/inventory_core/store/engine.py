"""Where the store lives: the database URL, the engine, and the schema's upgrades.

One setting chooses the database: the environment variable ``INVENTORY_DB_URL``,
else ``inventory_db_url`` from the app's secrets (handed in by the caller), else
the embedded SQLite file ``data/restock.db``, which is created on first start (and
filled with the shipped demo by ``io.shipped_demo.open_store``). Where ``data/``
cannot be written, the file goes to a temporary directory instead; that choice is
made once per process.

Opening a store (``open_database``) creates or upgrades its schema and fills an
empty one under a lock: a thread lock in the process, and across processes a file
lock next to a SQLite file or PostgreSQL's advisory lock, so concurrent first
visits all get the same complete store. A half-built store (tables but no schema
version and no products, left by a first start that was cut short) is rebuilt.

Writes that read before they write run in ``write_transaction``: on SQLite it takes
the database's write lock first (``lock_for_writing``), and a deadlock, a
serialization failure or a store locked for too long is retried a few times, then
reported in words. Passwords in URLs are masked in every message
(``mask_passwords``).
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from inventory_core.errors import ConcurrentEdit, StoreUnavailable
from inventory_core.store.models import Base

if sys.platform != "win32":
    import fcntl

ENV_VAR = "INVENTORY_DB_URL"
SECRET_KEY = "inventory_db_url"
DATA_DIR = Path(__file__).resolve().parents[3] / "data"
EMBEDDED_NAME = "restock.db"
WRITE_ATTEMPTS = 4
"""How often a write that met a deadlock, a serialization failure or a locked store
is tried before it is reported."""
CONTENTION_CODES = {"40001", "40P01", "55P03"}
"""PostgreSQL's serialization failure, deadlock detected and lock not available."""
ADVISORY_KEY = 0x52455354  # "REST": PostgreSQL's advisory lock while a store is opened
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.\-]*://[^:/@\s]*:)[^\s]*(?=@)",
                           re.IGNORECASE)
_DSN_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)
_LOCK = threading.Lock()
_OPENING: dict[str, threading.Lock] = {}
_EMBEDDED: dict[Path, str] = {}
T = TypeVar("T")


def resolve_db_url(secrets: Mapping[str, object] | None = None) -> str:
    """The database URL from the environment, the secrets, or the embedded default."""
    url = os.environ.get(ENV_VAR, "").strip()
    if not url and secrets:
        url = str(secrets.get(SECRET_KEY) or "").strip()
    return url or embedded_url()


def embedded_url(data_dir: Path = DATA_DIR) -> str:
    """The URL of the embedded SQLite store, in ``data/`` or a temp dir if read-only;
    chosen once per process and folder."""
    with _LOCK:
        if data_dir not in _EMBEDDED:
            folder = (data_dir if _writable(data_dir)
                      else Path(tempfile.gettempdir()) / "restock-desk")
            folder.mkdir(parents=True, exist_ok=True)
            _EMBEDDED[data_dir] = f"sqlite:///{folder / EMBEDDED_NAME}"
        return _EMBEDDED[data_dir]


def _writable(folder: Path) -> bool:
    """True when a file can be created in ``folder`` (made if missing)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-probe-{os.getpid()}-{uuid.uuid4().hex}"
        probe.touch()
        probe.unlink()
    except OSError:
        return False
    return os.access(folder, os.W_OK)


SQLITE_BUSY_SECONDS = 30  # how long a SQLite connection waits for another's write lock


def make_engine(url: str, *, pooled: bool = True) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout.

    ``pooled=False`` keeps no connection open between uses (a demo sandbox file can
    then be replaced or removed at any time).
    """
    if url.startswith("sqlite"):
        options = {} if pooled else {"poolclass": NullPool}
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS}, **options)
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
    """Create or upgrade the schema to the newest migration; raises StoreUnavailable
    when the store's schema is of a version of the app newer than this one."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        try:
            command.upgrade(config, "head")
        except CommandError as error:
            stored = MigrationContext.configure(connection).get_current_revision()
            head = ScriptDirectory.from_config(config).get_current_head()
            raise StoreUnavailable(
                f"The store's schema is at version {stored}, which this version of "
                f"Restock Desk does not know (it knows up to {head}): the store was "
                "opened by a newer version. Run that version, or restore a backup made "
                "with this one.") from error


def schema_is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def is_half_built(engine: Engine) -> bool:
    """True when the store has some of its tables but no schema version and no products:
    a first start that was cut short (nothing stored would be lost by rebuilding it)."""
    tables = set(inspect(engine).get_table_names())
    if not tables & set(Base.metadata.tables):
        return False
    with engine.connect() as connection:
        if MigrationContext.configure(connection).get_current_revision() is not None:
            return False
    return is_empty(engine)


def _rebuild(engine: Engine) -> None:
    """Drop the tables of a half-built store, so the schema is created afresh."""
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


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
        with _opening(url, engine):
            if is_half_built(engine):
                _rebuild(engine)
            upgrade_schema(engine)
            if fill_empty is not None and is_empty(engine):
                fill_empty(engine)
    except (SQLAlchemyError, ValueError, OSError) as error:
        shown = without_password(url)
        raise StoreUnavailable(mask_passwords(
            f"Cannot open the store at {shown}: {_first_line(error)}")) from error
    return engine


@contextmanager
def _opening(url: str, engine: Engine) -> Iterator[None]:
    """Held while a store's schema is made, upgraded or filled: once per process and
    URL at a time, and across processes (a file lock next to a SQLite file, an
    advisory lock on PostgreSQL)."""
    with _LOCK:
        lock = _OPENING.setdefault(url, threading.Lock())
    with lock:
        if engine.dialect.name == "postgresql":
            with engine.connect() as holder:
                holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_KEY})
                holder.commit()
                try:
                    yield
                finally:
                    holder.execute(text("SELECT pg_advisory_unlock(:key)"),
                                   {"key": ADVISORY_KEY})
                    holder.commit()
            return
        database = engine.url.database or ""
        if engine.dialect.name != "sqlite" or database in ("", ":memory:") \
                or sys.platform == "win32":
            yield
            return
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        with open(f"{database}.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def without_password(url: str) -> str:
    """``url`` as it may be shown: its password masked, even when it cannot be parsed."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is masked by pattern
        return mask_passwords(url)


def mask_passwords(message: str) -> str:
    """``message`` with every password of a URL (``scheme://user:secret@host``) or a
    connection string (``password=secret``) replaced by ``***``."""
    masked = _URL_PASSWORD.sub(lambda m: f"{m['head']}***", message)
    return _DSN_PASSWORD.sub(lambda m: f"{m['head']}***", masked)


def _first_line(error: Exception) -> str:
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]


# --- writes that read first --------------------------------------------------------------

def lock_for_writing(connection: Connection, *tables: str) -> None:
    """Make ``connection``'s transaction the one that writes now, before it reads what
    it will change, so nothing it read can change under it before it commits.

    SQLite: the database's write lock (``BEGIN IMMEDIATE``; a transaction already under
    way holds it, since the driver begins one at the first write), waiting its turn.
    PostgreSQL: each of ``tables`` locked against other writers (plain reads go on);
    rows a save reads ``FOR UPDATE`` are locked by that read.
    """
    if connection.dialect.name == "sqlite":
        driver: Any = connection.connection.driver_connection
        if not driver.in_transaction:
            driver.execute("BEGIN IMMEDIATE")
        return
    if connection.dialect.name == "postgresql":
        for table in tables:
            connection.execute(text(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE'))


def is_contention(error: BaseException) -> bool:
    """True for a deadlock, a serialization failure or a store locked by another writer:
    a write that may go through when tried again."""
    original = getattr(error, "orig", error)
    if isinstance(original, sqlite3.OperationalError):
        return "locked" in str(original) or "busy" in str(original)
    return getattr(original, "sqlstate", None) in CONTENTION_CODES


def write_transaction(engine: Engine, work: Callable[[Connection], T], *, what: str) -> T:
    """``work(connection)`` in one transaction holding the write lock (``lock_for_writing``),
    tried again when it meets another writer (``retried``): ``what`` names the write."""
    def once() -> T:
        with engine.begin() as connection:
            lock_for_writing(connection)
            return work(connection)
    return retried(once, what=what)


def retried(attempt: Callable[[], T], *, what: str) -> T:
    """``attempt()`` (a whole transaction of its own), tried again, up to
    ``WRITE_ATTEMPTS`` times in all, when it meets another writer (``is_contention``: a
    deadlock, a serialization failure, a store locked too long), then ConcurrentEdit
    saying so in words: ``what`` names the write."""
    for tries in range(1, WRITE_ATTEMPTS + 1):
        try:
            return attempt()
        except DBAPIError as error:
            if not is_contention(error):
                raise
            if tries == WRITE_ATTEMPTS:
                raise ConcurrentEdit(
                    f"The store was busy with other changes, so {what} did not go through "
                    f"after {WRITE_ATTEMPTS} tries and nothing was changed: try again in a "
                    "moment.") from error
            time.sleep(random.uniform(0.05, 0.2) * tries)
    raise AssertionError("unreachable")  # pragma: no cover
