"""Query results as pandas frames, read fast.

Rows come straight from the database driver, without SQLAlchemy's per-value
conversion: callers convert whole columns at once (``storefront.as_dates`` for dates,
``pd.to_numeric`` for numbers), which is many times faster on large results. Several
independent queries run at once, each on its own connection, so the database's work
on one overlaps with turning another's rows into a frame.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
from sqlalchemy import Connection, Engine, Select
from sqlalchemy.pool import SingletonThreadPool, StaticPool

PARALLEL_READS = 2  # connections read from at once: the cores of a small server


def read_frame(connection: Connection, statement: Select) -> pd.DataFrame:
    """The rows of ``statement`` as a frame named by its columns, values as the driver
    returns them (on SQLite, dates are ISO text and flags 0/1)."""
    result = connection.execute(statement)
    return pd.DataFrame(result.cursor.fetchall(), columns=list(result.keys()))


def read_frames(engine: Engine, statements: list[Select]) -> list[pd.DataFrame]:
    """Each of ``statements`` read with ``read_frame``, several at once where the
    engine can hand out a connection per thread (one shared connection: in turn)."""
    if len(statements) < 2 or isinstance(engine.pool, SingletonThreadPool | StaticPool):
        with engine.connect() as connection:
            return [read_frame(connection, statement) for statement in statements]

    def read(statement: Select) -> pd.DataFrame:
        with engine.connect() as connection:
            return read_frame(connection, statement)

    with ThreadPoolExecutor(max_workers=PARALLEL_READS) as pool:
        return list(pool.map(read, statements))
