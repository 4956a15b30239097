"""Fast loading of whole tables in the generic format (the demo and benchmarks).

Frames are keyed by generic table name (see ``generic.TABLES``) and hold typed
columns: Python or pandas dates, numbers, booleans. Supplier names are turned
into supplier ids here. Everything is written in one transaction.

Columns are converted to plain Python values a whole column at a time. On SQLite
the rows go straight to the driver's ``executemany`` as tuples, with dates and
timestamps as the same ISO text SQLAlchemy writes (``YYYY-MM-DD`` and
``YYYY-MM-DD HH:MM:SS.ffffff``), money as floats and booleans as 0/1; on
PostgreSQL they are streamed with ``COPY``; other databases get SQLAlchemy's
own multi-row insert.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

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
    delete,
    insert,
    select,
)

from .generic import LOAD_ORDER
from .models import Base, Supplier

CHUNK_ROWS = 20_000


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
    values = [_column_values(frame[c], table.c[c].type, dialect) for c in columns]
    for column in table.c:  # Python-side defaults SQLAlchemy would fill in
        if column.name not in columns and column.default is not None and \
                column.default.is_scalar:
            columns.append(column.name)
            values.append(_column_values(pd.Series([column.default.arg] * len(frame)),
                                         column.type, dialect))
    names = ", ".join(f'"{c}"' for c in columns)
    if dialect == "sqlite":
        marks = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO "{table_name}" ({names}) VALUES ({marks})'
        for start in range(0, len(frame), CHUNK_ROWS * 10):
            rows = list(zip(*(v[start : start + CHUNK_ROWS * 10] for v in values), strict=True))
            connection.exec_driver_sql(sql, rows)
        return
    cursor = connection.connection.cursor()
    try:
        with cursor.copy(f'COPY "{table_name}" ({names}) FROM STDIN') as copy:
            for row in zip(*values, strict=True):
                copy.write_row(row)
    finally:
        cursor.close()


def _column_values(series: pd.Series, kind, dialect: str) -> list:
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
    return out.tolist()


def _records(frame: pd.DataFrame) -> Iterator[list[dict]]:
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
