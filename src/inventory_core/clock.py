"""The one clock of the product: every service, query and page asks it for today and now.

A test, a benchmark or a what-if session can set it, so "today" is the same
everywhere at once::

    with clock.frozen(dt.datetime(2026, 12, 1, 9, 30)):
        ...  # clock.today() is 1 Dec 2026, clock.now() 09:30 that day

``RESTOCK_TODAY=YYYY-MM-DD`` in the environment sets the day for a whole process
(the app, the command line), for example to show the store as it stood on a date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager

_frozen: dt.datetime | None = None

ENV_TODAY = "RESTOCK_TODAY"


def now() -> dt.datetime:
    """The current local time to the second: stamped on every audit row and message."""
    if _frozen is not None:
        return _frozen
    fixed = os.environ.get(ENV_TODAY)
    current = dt.datetime.now().replace(microsecond=0)
    if fixed:
        return dt.datetime.combine(dt.date.fromisoformat(fixed), current.time())
    return current


def today() -> dt.date:
    """The day every number is worked out for."""
    return now().date()


@contextmanager
def frozen(moment: dt.datetime | dt.date) -> Iterator[None]:
    """Hold the clock at ``moment`` (a date is taken at noon) inside the ``with`` block."""
    global _frozen
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(12))
    previous, _frozen = _frozen, moment.replace(microsecond=0)
    try:
        yield
    finally:
        _frozen = previous
