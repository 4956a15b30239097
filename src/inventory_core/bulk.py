"""Fast loading of whole tables in the generic format (the demo and benchmarks).

Frames are keyed by generic table name (see ``generic.TABLES``) and hold typed
columns: Python or pandas dates, numbers, booleans. Supplier names are turned
into supplier ids here. Everything is written in one transaction.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select

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
    for records in _records(frame[columns]):
        connection.execute(insert(table), records)


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
