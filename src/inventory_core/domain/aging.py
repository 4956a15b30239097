"""How old a waiting line is, which aging bucket it falls in, and whether it is overdue.

Definitions, used by every page and export:

- **age** of a line = today − the day its order was placed, in whole days (an
  order placed today is 0 days old);
- **aging buckets** (``BUCKETS``): 0–7, 8–14, 15–30, 31–60, 61–90 and 90+ days,
  where 90+ means 91 days or more;
- **overdue** = the line's promised date is before today; **within promise** = its
  promised date is today or later; a line without a promised date is neither;
- **backlog weeks** end on today and on every 7th day before it.

Pure: ``queries.aging`` counts lines in the database with these definitions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from inventory_core.domain.storefront import as_dates, as_timestamps


@dataclass(frozen=True)
class Bucket:
    """An aging bucket: ages from ``first`` to ``last`` days (``last`` None: no end)."""

    label: str
    first: int
    last: int | None

    def holds(self, age_days: int) -> bool:
        """True when a line ``age_days`` old falls in this bucket."""
        return age_days >= self.first and (self.last is None or age_days <= self.last)


BUCKETS: tuple[Bucket, ...] = (
    Bucket("0–7 days", 0, 7),
    Bucket("8–14 days", 8, 14),
    Bucket("15–30 days", 15, 30),
    Bucket("31–60 days", 31, 60),
    Bucket("61–90 days", 61, 90),
    Bucket("90+ days", 91, None),
)
BUCKET_LABELS: list[str] = [b.label for b in BUCKETS]
BACKLOG_WEEKS = 26
OVERDUE, WITHIN_PROMISE, NO_PROMISED_DATE = "Overdue", "Within promise", "No promised date"
"""The three ways a waiting line stands against its promised date."""


def bucket_for(age_days: int) -> str:
    """The label of the bucket a line ``age_days`` old falls in."""
    return next(b.label for b in BUCKETS if b.holds(max(age_days, 0)))


def days_since(dates: pd.Series, today: dt.date) -> pd.Series:
    """Whole days from the day of each date to ``today``: a line's age from the time its
    order was placed (placed today: 0), or the days since a promised or expected date."""
    days: pd.Series = (pd.Timestamp(today) - as_timestamps(dates).dt.normalize()).dt.days
    return days


def overdue(promised: pd.Series, today: dt.date) -> pd.Series:
    """True for each line promised before ``today`` (False without a promised date)."""
    return (as_timestamps(promised) < pd.Timestamp(today)).fillna(False).astype(bool)


def days_overdue(promised: pd.Series, today: dt.date) -> pd.Series:
    """Days since each overdue line's promised date (<NA> for the others)."""
    late: pd.Series = days_since(promised, today).where(overdue(promised, today))
    return late.astype("Int64")


def with_ages(lines: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Waiting lines (with ``qty``, ``value``, ``placed_at`` and ``promised_on``) as
    merchants read them: ``placed`` and ``promised_on`` as dates, ``age_days`` and
    ``overdue``; ``placed_at`` goes."""
    return lines.drop(columns="placed_at").assign(
        qty=pd.to_numeric(lines["qty"]).astype(int),
        value=pd.to_numeric(lines["value"]).astype(float),
        placed=as_dates(pd.to_datetime(lines["placed_at"]).dt.normalize()),
        age_days=days_since(lines["placed_at"], today).astype(int),
        promised_on=as_dates(pd.to_datetime(lines["promised_on"])),
        overdue=overdue(lines["promised_on"], today))


def week_ends(today: dt.date, weeks: int = BACKLOG_WEEKS) -> list[dt.date]:
    """The last day of each of the last ``weeks`` weeks, oldest first (the last is today)."""
    return [today - dt.timedelta(days=7 * k) for k in range(weeks - 1, -1, -1)]
