"""Checked cells: each column of text converted to its type, every bad cell a problem.

Each ``parse_*`` helper records a ``Problem`` (row, column, value, problem) in the
file's ``Log`` for every cell it cannot read and returns the good values; blank
cells are missing values. ``duplicate_keys`` finds rows that repeat a key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from inventory_core.io.imports.reader import Log

PLACEHOLDERS = {"not stocked"}


def blank(values: pd.Series) -> pd.Series:
    """True where a cell is empty (or only spaces)."""
    return values.str.strip().eq("")


def _comma_cells(text: pd.Series, pattern: str,
                 replacement: str | Callable[[re.Match[str]], str]) -> pd.Series:
    """``text`` with ``pattern`` replaced in the cells that hold a comma (the others as is)."""
    comma = text.str.contains(",", regex=False)
    if not comma.any():
        return text
    return text.mask(comma, text[comma].str.replace(pattern, replacement, regex=True))


def _without_thousands(text: pd.Series) -> pd.Series:
    """``1,234`` and ``1,234.50`` without their thousands separators; other text as is."""
    return _comma_cells(text, r"^(-?\d{1,3}),(\d{3}(?:,\d{3})*(?:\.\d+)?)$",
                        lambda m: m[1] + m[2].replace(",", ""))


LARGEST_INT = 2_147_483_647  # the stores' whole-number columns are 32-bit
LARGEST_AMOUNT = 9_999_999_999.99  # money is stored with 12 digits, 2 after the point


def parse_int(frame: pd.DataFrame, column: str, log: Log, *, minimum: int | None = None,
              meaning: str = "a whole number", placeholder_ok: bool = False) -> pd.Series:
    """Whole numbers (nullable); blank is missing, bad cells are problems."""
    text = _without_thousands(frame[column].str.strip())
    missing = text.eq("")
    if placeholder_ok:
        placeholder = text.str.lower().isin(PLACEHOLDERS)
        if placeholder.any():
            log.warn(f"'{column}' reads 'not stocked': read as none stocked at that location",
                     frame["_row"][placeholder], int(placeholder.sum()))
        missing |= placeholder
    numbers = pd.to_numeric(text.where(~missing), errors="coerce")
    bad = ~missing & (numbers.isna() | (numbers % 1 != 0))
    log.problems_where(bad, frame["_row"], frame[column], column, f"is not {meaning}")
    too_large = ~bad & (numbers.abs() > LARGEST_INT)
    log.problems_where(too_large, frame["_row"], frame[column], column,
                       f"is too large (at most {LARGEST_INT:,})")
    bad |= too_large
    if minimum is not None:
        low = ~bad & numbers.notna() & (numbers < minimum)
        log.problems_where(low, frame["_row"], frame[column], column,
                           f"must be {minimum} or more")
    return numbers.where(~bad).astype("Int64")


def parse_money(frame: pd.DataFrame, column: str, log: Log) -> pd.Series:
    """Amounts of money (float, NaN when blank); negative or non-numeric are problems."""
    text = frame[column].str.strip()
    text = _without_thousands(_comma_cells(text, r"^(-?\d+),(\d{1,2})$", r"\1.\2"))
    missing = text.eq("")
    numbers = pd.to_numeric(text.where(~missing), errors="coerce")
    bad = ~missing & (numbers.isna() | ~np.isfinite(numbers.fillna(0)))
    log.problems_where(bad, frame["_row"], frame[column], column, "is not an amount")
    negative = ~bad & (numbers < 0)
    log.problems_where(negative, frame["_row"], frame[column], column,
                       "cannot be negative")
    too_large = ~bad & (numbers > LARGEST_AMOUNT)
    log.problems_where(too_large, frame["_row"], frame[column], column,
                       f"is too large (at most {LARGEST_AMOUNT:,.2f})")
    return numbers.where(~bad & ~negative & ~too_large)


DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M", "%Y-%m-%d", "%m/%d/%y, %I:%M %p", "%m/%d/%Y %H:%M", "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
)


def parse_datetime(frame: pd.DataFrame, column: str, log: Log) -> pd.Series:
    """Timestamps in UTC without a zone (NaT when blank); unreadable cells are problems.

    Accepts ISO dates with or without a time and offset (``2026-11-20 14:03:12 +0100``,
    ``2026-11-20T14:03:12Z``), US ``11/20/26, 2:03 PM`` and ``11/20/2026 14:03``,
    and ``20.11.2026``. A time without an offset is taken as UTC.
    """
    text = frame[column].str.strip()
    missing = text.eq("")
    result = _seconds_with_offset(text)
    todo = ~missing & result.isna()
    for fmt in ("ISO8601", *DATETIME_FORMATS):
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce", utc=True)
        hit = parsed.notna()
        if hit.any():
            result.loc[parsed.index[hit]] = parsed[hit].dt.tz_convert(None).to_numpy()
            todo.loc[parsed.index[hit]] = False
    log.problems_where(todo, frame["_row"], frame[column], column,
                       "is not a date (use e.g. 2026-11-20 or 2026-11-20 14:03:12 +0100)")
    return result


def _seconds_with_offset(text: pd.Series) -> pd.Series:
    """The cells written ``2026-11-20 14:03:12`` plus an optional offset (`` +0100``,
    ``+01:00``, ``Z``), as UTC; NaT for every other cell.

    The layout every platform's export uses, read without trying each format per cell.
    """
    local = pd.to_datetime(text.str.slice(0, 19), format="%Y-%m-%d %H:%M:%S",
                           errors="coerce")
    tails = text.str.slice(19)
    minutes = {tail: _offset_minutes(tail) for tail in tails.unique()}
    return local - pd.to_timedelta(tails.map(minutes), unit="min")


def _offset_minutes(tail: str) -> float:
    """Minutes east of UTC of an offset such as `` +0100`` or ``+01:00`` (0 for none or
    ``Z``); NaN when ``tail`` is not an offset."""
    if tail in ("", "Z"):
        return 0.0
    found = re.fullmatch(r" ?([+-])([01]\d|2[0-3]):?([0-5]\d)", tail)
    if found is None:
        return float("nan")
    minutes = int(found[2]) * 60 + int(found[3])
    return float(minutes if found[1] == "+" else -minutes)


def parse_date(frame: pd.DataFrame, column: str, log: Log) -> pd.Series:
    """Dates (object column of ``datetime.date`` or None)."""
    stamps = parse_datetime(frame, column, log)
    return stamps.dt.date.where(stamps.notna(), None).astype(object)


def parse_choice(frame: pd.DataFrame, column: str, log: Log, choices: Mapping[str, object],
                 *, blank_value: object = None) -> pd.Series:
    """Cells read through ``choices`` (case-insensitive); others are problems."""
    text = frame[column].str.strip().str.lower()
    missing = text.eq("")
    mapped = text.map(choices)
    bad = ~missing & ~text.isin(list(choices))
    accepted = ", ".join(sorted({str(k) for k in choices}))
    log.problems_where(bad, frame["_row"], frame[column], column,
                       f"is not one of: {accepted}")
    return mapped.where(~missing, blank_value).astype(object)


def duplicate_keys(frame: pd.DataFrame, key: list[str], compare: list[str], log: Log,
                   seen: dict[object, tuple[int, tuple[str, ...]]], label: str,
                   column: str | None = None) -> pd.DataFrame:
    """Rows whose key was already read: conflicting values are problems naming both rows
    (and ``column``, the file's name for the key, when it differs from ``key``'s).

    ``seen`` carries key → (row, values) across chunks. Returns the frame without the
    repeated rows (identical repeats are harmless and dropped).
    """
    keys = list(zip(*(frame[k] for k in key), strict=True)) if len(key) > 1 else list(frame[key[0]])
    values = list(zip(*(frame[c].astype(str) for c in compare), strict=True)) if compare \
        else [()] * len(frame)
    keep = np.ones(len(frame), dtype=bool)
    rows = frame["_row"].to_numpy()
    for i, (k, v) in enumerate(zip(keys, values, strict=True)):
        before = seen.get(k)
        if before is None:
            seen[k] = (int(rows[i]), v)
            continue
        keep[i] = False
        if before[1] != v:
            shown = k if not isinstance(k, tuple) else " / ".join(map(str, k))
            log.problem(int(rows[i]), column or ", ".join(key), shown,
                        f"{label} {shown} appears in row {before[0]} and row {rows[i]} "
                        "with different values")
    return frame[keep]
