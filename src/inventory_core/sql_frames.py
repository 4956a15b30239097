"""Large query results as DataFrames, straight from the database driver.

SQLAlchemy wraps every fetched row in a ``Row`` and converts every date value one
at a time in Python; over tens of thousands of rows that costs more than running
the query. ``read_frame`` takes the driver's plain tuples instead and parses the
date columns in one vectorised step. SQLite hands dates over as ISO text,
PostgreSQL as ``date``/``datetime`` objects: both parse the same way. Other
values arrive as the driver gives them (enumerations as their text value).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, Executable


def read_frame(connection: Connection, statement: Executable, columns: list[str],
               dates: Iterable[str] = ()) -> pd.DataFrame:
    """The rows of ``statement`` as a frame with ``columns``; ``dates`` become datetime64."""
    result = connection.execute(statement)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    frame = pd.DataFrame(rows, columns=columns)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return frame
