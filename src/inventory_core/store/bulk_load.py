"""Fast loading of whole tables (the demo and benchmarks) and of imported rows.

Frames are keyed by table name (the generic format's, ``io.tables.TABLE_SPECS``) and
hold typed columns: Python or pandas dates, numbers, booleans. Supplier names are turned
into supplier ids here. Everything is written in one transaction. ``upsert``
writes rows by key (the importer's path), ``loading`` gives a SQLite connection
the page cache a large load needs.

Columns are converted to plain Python values ``SLICE_ROWS`` rows at a time
(so a large table's memory stays bounded). On SQLite the rows go straight to the
driver's ``executemany`` as tuples, with dates and
timestamps as the same ISO text SQLAlchemy writes (``YYYY-MM-DD`` and
``YYYY-MM-DD HH:MM:SS.ffffff``), money as floats and booleans as 0/1; on
PostgreSQL they are streamed with ``COPY``; other databases get SQLAlchemy's
own multi-row insert. An upsert on PostgreSQL copies the rows into a temporary
table first and merges them with one ``INSERT … SELECT … ON CONFLICT``.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Enum,
    Integer,
    Numeric,
    Table,
    delete,
    insert,
    select,
)
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlalchemy.types import TypeEngine

from inventory_core.store.models import Base, Supplier

LOAD_ORDER = (
    "suppliers", "products", "stock", "purchase_orders", "orders", "order_lines",
    "policies", "subscriptions",
)
"""The tables frames are loaded into, each after the tables it refers to."""

CHUNK_ROWS = 20_000  # rows per statement where SQLAlchemy inserts them
SLICE_ROWS = 200_000  # rows turned into plain values at once
LOADING_CACHE_KB = 512 * 1024  # SQLite page cache while loading: the indexes stay in memory


def replace_store(engine: Engine, frames: Mapping[str, pd.DataFrame]) -> None:
    """Empty every table and load ``frames`` in its place, all or nothing."""
    with engine.begin() as connection:
        clear_store(connection)
        insert_frames(connection, frames)


def clear_store(connection: Connection) -> None:
    """Delete every row of every table, children first (settings are kept)."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name != "settings":
            connection.execute(delete(table))


def insert_frames(connection: Connection, frames: Mapping[str, pd.DataFrame]) -> None:
    """Insert generic-format frames in dependency order."""
    supplier_ids: dict[str, int] = {}
    for name in LOAD_ORDER:
        frame = frames.get(name)
        if frame is None or frame.empty:
            continue
        if name == "suppliers":
            _insert(connection, "suppliers", frame)
            rows = connection.execute(select(Supplier.name, Supplier.id)).all()
            supplier_ids = {n: i for n, i in rows}
            continue
        if "supplier" in frame.columns:
            frame = frame.assign(supplier_id=frame["supplier"].map(supplier_ids)).drop(
                columns="supplier"
            )
        _insert(connection, name, frame)


def _insert(connection: Connection, table_name: str, frame: pd.DataFrame) -> None:
    table = Base.metadata.tables[table_name]
    columns = [c for c in frame.columns if c in table.c]
    dialect = connection.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        for records in _records(frame[columns]):
            connection.execute(insert(table), records)
        return
    defaults = scalar_defaults(table, columns)
    names = _names([*columns, *defaults])
    slices = (_slice_values(frame.iloc[start : start + SLICE_ROWS], table, columns,
                            defaults, dialect)
              for start in range(0, len(frame), SLICE_ROWS))
    if dialect == "sqlite":
        sql = (f'INSERT INTO "{table_name}" ({names}) '
               f"VALUES ({_marks(connection, len(columns) + len(defaults))})")
        for values in slices:
            _execute_many(connection, sql, values)
        return
    _copy(connection, table_name, names, slices)


def _slice_values(rows: pd.DataFrame, table: Table, columns: Sequence[str],
                  defaults: Mapping[str, object], dialect: str) -> list[list[object]]:
    """Some rows of a frame as plain values per column, the model's defaults after them:
    a large table is converted a slice at a time, so its memory stays bounded."""
    values = [_column_values(rows[c], table.c[c].type, dialect) for c in columns]
    for name, default in defaults.items():
        values.append(_column_values(pd.Series([default] * len(rows)), table.c[name].type,
                                     dialect))
    return values


def scalar_defaults(table: Table, given: Collection[str]) -> dict[str, object]:
    """The model's Python-side defaults (``default=`` a value) of ``table``'s columns not
    in ``given``: what SQLAlchemy would fill into a new row."""
    return {column.name: column.default.arg for column in table.c
            if column.name not in given
            and isinstance(column.default, ScalarElementColumnDefault)}


def upsert(connection: Connection, table_name: str, frame: pd.DataFrame,
           keys: Sequence[str], update: Sequence[str]) -> None:
    """Insert the rows of ``frame``; a row whose ``keys`` are stored gets ``update`` instead.

    ``frame`` holds typed columns of the table (no repeated keys); columns left out of
    ``update`` are only written into new rows. SQLite runs one ``INSERT … ON
    CONFLICT`` per row (``executemany``); PostgreSQL merges a ``COPY`` of the rows.
    """
    columns = list(frame.columns)
    table = Base.metadata.tables[table_name]
    dialect = connection.dialect.name
    values = [_column_values(frame[c], table.c[c].type, dialect) for c in columns]
    names = _names(columns)
    action = ("DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in update)
              if update else "DO NOTHING")
    conflict = f"ON CONFLICT ({_names(keys)}) {action}"
    if dialect != "postgresql":
        _execute_many(connection, f'INSERT INTO "{table_name}" ({names}) '
                      f"VALUES ({_marks(connection, len(columns))}) {conflict}", values)
        return
    staged = f"staged_{table_name}"
    connection.exec_driver_sql(
        f'CREATE TEMPORARY TABLE "{staged}" AS SELECT {names} FROM "{table_name}" WITH NO DATA')
    _copy(connection, staged, names, [values])
    connection.exec_driver_sql(
        f'INSERT INTO "{table_name}" ({names}) SELECT {names} FROM "{staged}" {conflict}')
    connection.exec_driver_sql(f'DROP TABLE "{staged}"')


@contextlib.contextmanager
def loading(connection: Connection) -> Iterator[Connection]:
    """``connection`` with a page cache for large loads (SQLite), restored afterwards.

    With SQLite's default 2 MB cache, every row written to an indexed table of
    a million rows spills pages to the write-ahead log again and again; here the
    indexes stay in memory, and the statement journals of upserts go to memory
    instead of temporary files. Use it around the transaction, so that the cache
    is given back after the commit. Other databases are left as they are.
    """
    if connection.dialect.name != "sqlite":
        yield connection
        return
    driver: Any = connection.connection.driver_connection  # PRAGMAs begin no transaction
    before = {p: int(driver.execute(f"PRAGMA {p}").fetchone()[0])
              for p in ("cache_size", "temp_store")}
    driver.execute(f"PRAGMA cache_size = -{LOADING_CACHE_KB}")
    driver.execute("PRAGMA temp_store = MEMORY")
    try:
        yield connection
    finally:
        for pragma, value in before.items():
            driver.execute(f"PRAGMA {pragma} = {value}")


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _marks(connection: Connection, count: int) -> str:
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * count)


def _execute_many(connection: Connection, sql: str, values: list[list[object]]) -> None:
    """Run ``sql`` once per row (columns given as lists), in slices of rows."""
    total = len(values[0]) if values else 0
    for start in range(0, total, SLICE_ROWS):
        rows = list(zip(*(v[start : start + SLICE_ROWS] for v in values), strict=True))
        connection.exec_driver_sql(sql, rows)


def _copy(connection: Connection, table_name: str, names: str,
          slices: Iterable[list[list[object]]]) -> None:
    """Stream rows into ``table_name`` with PostgreSQL's COPY: slices of rows, each
    given as a list per column."""
    cursor = connection.connection.cursor()
    try:
        with cursor.copy(f'COPY "{table_name}" ({names}) FROM STDIN') as copy:
            for values in slices:
                for row in zip(*values, strict=True):
                    copy.write_row(row)
    finally:
        cursor.close()


def _column_values(series: pd.Series, kind: TypeEngine[Any], dialect: str) -> list[object]:
    """One column as plain Python values for the driver, None where missing."""
    missing = series.isna().to_numpy()
    if missing.all():
        return [None] * len(series)
    if isinstance(kind, DateTime):
        stamps = pd.to_datetime(series).to_numpy(dtype="datetime64[us]")
        if dialect == "sqlite":
            out = np.char.replace(np.datetime_as_string(stamps, unit="us"), "T", " ")
            out = out.astype(object)
        else:
            out = stamps.astype(object)
    elif isinstance(kind, Date):
        days = pd.to_datetime(series).to_numpy(dtype="datetime64[D]")
        out = (np.datetime_as_string(days, unit="D").astype(object) if dialect == "sqlite"
               else days.astype(object))
    elif isinstance(kind, Enum):
        out = series.astype(str).to_numpy(dtype=object)  # a StrEnum's str is its value
    elif isinstance(kind, Boolean):
        filled = series.where(~missing, False).astype(bool).to_numpy()
        out = (filled.astype(int) if dialect == "sqlite" else filled).astype(object)
    elif isinstance(kind, Integer):
        out = pd.to_numeric(series.where(~missing, 0)).astype("int64").to_numpy().astype(object)
    elif isinstance(kind, Numeric):
        out = pd.to_numeric(series.where(~missing, 0)).astype(float).to_numpy().astype(object)
    else:
        out = series.to_numpy(dtype=object).copy()
    out[missing] = None
    plain: list[object] = out.tolist()
    return plain


def _records(frame: pd.DataFrame) -> Iterator[list[dict[str, Any]]]:
    """Chunks of row dicts with plain Python values (None for missing)."""
    for start in range(0, len(frame), CHUNK_ROWS):
        chunk = frame.iloc[start : start + CHUNK_ROWS]
        out = chunk.astype(object).where(chunk.notna(), None)
        records = out.to_dict("records")
        for record in records:
            for key, value in record.items():
                if isinstance(value, float) and math.isnan(value):
                    record[key] = None
                elif isinstance(value, pd.Timestamp):
                    record[key] = value.to_pydatetime()
        yield records
