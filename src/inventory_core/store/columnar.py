"""Large reads a column at a time: the database driver hands over Arrow columns.

Turning a result of 100,000 rows into Python objects one value at a time (what the
``sqlite3`` and ``psycopg`` drivers do) costs more than the database's own work on
it. The ADBC drivers (``adbc_driver_sqlite``, ``adbc_driver_postgresql``) return the
result as Arrow columns instead, which become a frame without a Python object per
number. The frame is the same as the row reader's (``store.frames.read_frame``): the
values the driver stores (on SQLite dates as ISO text and flags 0/1), ``None`` where
a column holds nothing, a float column where numbers and NULLs mix.

Used only where it is exact, else ``None`` and the caller reads rows:

- an engine on a SQLite file or a PostgreSQL server whose connections are pooled
  (an engine that holds none open between uses, such as a demo sandbox's, reads
  rows), never a connection inside a write (its changes are not committed, another
  connection would not see them);
- a statement whose values render as SQL literals (dates, numbers, text) and whose
  columns are not decimals (a ``Decimal`` column stays with the row reader).

The SQLite driver types each column from the rows of its first batch, so a result is
read as one batch (``BATCH_ROWS``): a column empty in its first rows is still typed by
its values further down.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pyarrow as pa
from sqlalchemy import Engine, Numeric, Select, event
from sqlalchemy.exc import CompileError
from sqlalchemy.pool import NullPool, SingletonThreadPool, StaticPool

from inventory_core.store.engine import SQLITE_BUSY_SECONDS

try:  # the ADBC drivers are optional: without them every read takes rows
    import adbc_driver_postgresql.dbapi as adbc_postgresql
    import adbc_driver_sqlite.dbapi as adbc_sqlite
except ImportError:  # pragma: no cover - installed with requirements.txt
    adbc_postgresql = adbc_sqlite = None  # type: ignore[assignment]

BATCH_ROWS = 50_000_000  # one batch per result: every row types its column
IDLE_CONNECTIONS = 4  # per store, kept open between reads

Connect = Callable[[], Any]


class _Connections:
    """A few open ADBC connections of one store, handed out one reader at a time."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect
        self._idle: queue.LifoQueue[Any] = queue.LifoQueue(maxsize=IDLE_CONNECTIONS)
        self._closed = False

    @contextlib.contextmanager
    def connection(self) -> Iterator[Any]:
        """An open connection, returned to the idle ones afterwards (closed if it failed
        or enough are idle)."""
        try:
            connection = self._idle.get_nowait()
        except queue.Empty:
            connection = self._connect()
        try:
            yield connection
        except BaseException:
            connection.close()
            raise
        if self._closed:
            connection.close()
            return
        try:
            self._idle.put_nowait(connection)
        except queue.Full:
            connection.close()

    def close(self) -> None:
        """Close the idle connections; one still in use is closed when it is handed back."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


_SOURCES: weakref.WeakKeyDictionary[Engine, _Connections | None] = weakref.WeakKeyDictionary()
_SOURCES_LOCK = threading.Lock()


def _source(engine: Engine) -> _Connections | None:
    """The ADBC connections of ``engine``'s store, or ``None`` where rows are read.

    They live as long as the engine's own pool: ``engine.dispose()`` closes them, and so
    does the engine's end.
    """
    with _SOURCES_LOCK:
        if engine not in _SOURCES:
            connect = _connector(engine)
            source = _Connections(connect) if connect else None
            _SOURCES[engine] = source
            if source is not None:
                event.listen(engine, "engine_disposed", _forget)
                weakref.finalize(engine, source.close)
        return _SOURCES[engine]


def _forget(engine: Engine) -> None:
    """Close ``engine``'s ADBC connections (its pool was disposed of)."""
    with _SOURCES_LOCK:
        source = _SOURCES.pop(engine, None)
    if source is not None:
        source.close()


def _connector(engine: Engine) -> Connect | None:
    """How to open an ADBC connection to ``engine``'s store (autocommit: each read sees
    the latest commit and holds no transaction open), if it has a driver here."""
    if adbc_sqlite is None or isinstance(engine.pool, NullPool | SingletonThreadPool | StaticPool):
        return None
    url = engine.url
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if not database or database == ":memory:" or url.query.get("uri"):
            return None  # in memory, or a URI filename with options: rows
        return lambda: _sqlite_connection(database)
    if url.get_backend_name() == "postgresql":
        uri = url.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
        return lambda: adbc_postgresql.connect(uri, autocommit=True)
    return None


def _sqlite_connection(database: str) -> Any:
    """An ADBC connection to a SQLite file that waits for a writer's lock as the
    engine's own connections do."""
    connection = adbc_sqlite.connect(database, autocommit=True)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_SECONDS * 1000}")
    return connection


def has_columns(engine: Engine) -> bool:
    """True when ``engine``'s store is read a column at a time."""
    return _source(engine) is not None


def read_columns(engine: Engine, statement: Select[Any]) -> pd.DataFrame | None:
    """The rows of ``statement`` as a frame read a column at a time, or ``None`` when
    this store or statement is read as rows (see the module)."""
    source = _source(engine)
    if source is None or any(isinstance(column.type, Numeric) and column.type.asdecimal
                             for column in statement.selected_columns):
        return None
    try:
        sql = str(statement.compile(dialect=engine.dialect,
                                    compile_kwargs={"literal_binds": True}))
    except (CompileError, NotImplementedError):
        return None
    if engine.dialect.paramstyle in ("format", "pyformat"):  # as the row driver reads it
        sql = sql.replace("%%", "%")
    names = list(statement.selected_columns.keys())
    with source.connection() as connection, connection.cursor() as cursor:
        if engine.url.get_backend_name() == "sqlite":
            cursor.adbc_statement.set_options(
                **{"adbc.sqlite.query.batch_rows": str(BATCH_ROWS)})
        cursor.execute(sql)
        table = cursor.fetch_arrow_table()
    return as_frame(table, names)


def as_frame(table: pa.Table, names: list[str]) -> pd.DataFrame:
    """An Arrow result as the row reader's frame: a column of NULLs holds ``None``,
    timestamps are nanoseconds, whole numbers and fractions 64-bit whatever their
    width in the database, an empty result has the columns and no rows."""
    if table.num_rows == 0:
        return pd.DataFrame(columns=names)
    columns: dict[str, Any] = {}
    for name, column in zip(names, table.columns, strict=True):
        if column.null_count == table.num_rows:  # typed as the driver guessed: no values
            columns[name] = pd.Series([None] * table.num_rows, dtype=object)
        elif pa.types.is_timestamp(column.type):
            columns[name] = column.to_pandas().astype("datetime64[ns]")
        elif pa.types.is_integer(column.type) and column.null_count == 0:
            columns[name] = column.to_pandas().astype("int64")  # as a Python int becomes
        elif pa.types.is_floating(column.type):
            columns[name] = column.to_pandas().astype("float64")
        else:
            columns[name] = column.to_pandas()
    return pd.DataFrame(columns)
