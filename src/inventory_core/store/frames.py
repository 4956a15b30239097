"""Query results as pandas frames, read fast.

Rows come straight from the database driver, without SQLAlchemy's ``Row`` per row
and per-value conversion: whole columns are converted at once (dates parsed in one
vectorised step, whether SQLite hands them over as ISO text or PostgreSQL as date
objects), which is many times faster on large results. Of several independent
queries, one runs in the background on its own connection, so the database's work
on it overlaps with turning the others' rows into frames.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Executable, Select
from sqlalchemy.pool import SingletonThreadPool, StaticPool

from inventory_core.store.columnar import has_columns, read_columns

COLUMN_READERS = 2  # statements read a column at a time at once


@contextlib.contextmanager
def connected(bind: Engine | Connection) -> Iterator[Connection]:
    """A connection of ``bind``: the connection itself (inside a write, to see its
    changes), or a new one of the engine, closed afterwards."""
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as connection:
            yield connection


def read_frame(connection: Connection, statement: Executable,
               columns: list[str] | None = None, dates: Iterable[str] = ()) -> pd.DataFrame:
    """The rows of ``statement`` as a frame, with ``columns`` as names (default: the
    statement's own). ``dates`` become datetime64 in one step; other values stay as the
    driver returns them (on SQLite, dates are ISO text and flags 0/1)."""
    result = connection.execute(statement)
    try:
        frame = pd.DataFrame(result.cursor.fetchall(), columns=columns or list(result.keys()))
    finally:
        result.close()
    return shaped(frame, dates=dates)


def shaped(frame: pd.DataFrame, columns: list[str] | None = None,
           dates: Iterable[str] = ()) -> pd.DataFrame:
    """A frame as read, with ``columns`` as names (default: as read) and ``dates`` as
    datetime64, parsed in one step whether the driver gave ISO text or dates."""
    if columns is not None:
        frame = frame.set_axis(columns, axis=1)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return frame


def read_each(bind: Engine | Connection, statements: list[Select[Any]]) -> list[pd.DataFrame]:
    """Each of ``statements`` as a frame: over an engine with ``read_frames`` (a column at
    a time where the store allows it), on a connection (inside a write, to see its
    changes) in turn."""
    if isinstance(bind, Connection):
        return [read_frame(bind, statement) for statement in statements]
    return read_frames(bind, statements)


def read_frames(engine: Engine, statements: list[Select[Any]]) -> list[pd.DataFrame]:
    """Each of ``statements`` as a frame, read from ``engine``'s store.

    Where the store has a columnar reader (``store.columnar``) they are read a column
    at a time, two at once (the driver works outside the interpreter's lock), each
    statement it cannot read exactly falling back to rows. Otherwise rows: the first
    statement on a connection of its own in the background while the others are read
    in turn, so put first the one the database works on longest for few rows (a large
    join grouped by SKU); reading more of them at once does not help, since threads
    that turn rows into Python objects only take turns at the interpreter's lock. On an
    engine with one shared connection they are all read in turn.
    """
    if has_columns(engine):
        with ThreadPoolExecutor(max_workers=COLUMN_READERS) as pool:
            return list(pool.map(lambda statement: _read_columns_or_rows(engine, statement),
                                 statements))
    if len(statements) < 2 or isinstance(engine.pool, SingletonThreadPool | StaticPool):
        with engine.connect() as connection:
            return [read_frame(connection, statement) for statement in statements]
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(_rows, engine, statements[0])
        with engine.connect() as connection:
            rest = [read_frame(connection, statement) for statement in statements[1:]]
        return [first.result(), *rest]


def _read_columns_or_rows(engine: Engine, statement: Select[Any]) -> pd.DataFrame:
    frame = read_columns(engine, statement)
    return _rows(engine, statement) if frame is None else frame


def _rows(engine: Engine, statement: Select[Any]) -> pd.DataFrame:
    with engine.connect() as connection:
        return read_frame(connection, statement)
