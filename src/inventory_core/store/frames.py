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
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return frame


def read_frames(engine: Engine, statements: list[Select[Any]]) -> list[pd.DataFrame]:
    """Each of ``statements`` read with ``read_frame``.

    The first is read on a connection of its own in the background while the others
    are read in turn: put first the one the database works on longest for few rows
    (a large join grouped by SKU), so that work overlaps with turning the others' rows
    into frames. Reading more of them at once does not help: threads that turn rows
    into Python objects only take turns at the interpreter's lock. On an engine with
    one shared connection they are all read in turn.
    """
    if len(statements) < 2 or isinstance(engine.pool, SingletonThreadPool | StaticPool):
        with engine.connect() as connection:
            return [read_frame(connection, statement) for statement in statements]

    def read(statement: Select[Any]) -> pd.DataFrame:
        with engine.connect() as connection:
            return read_frame(connection, statement)

    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(read, statements[0])
        with engine.connect() as connection:
            rest = [read_frame(connection, statement) for statement in statements[1:]]
        return [first.result(), *rest]
