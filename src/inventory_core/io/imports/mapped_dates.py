"""Dates of a mapped file, read in the file's own format.

A date column's format is chosen per column as a merchant writes it (``m/d/yyyy``,
``d.m.yyyy``, ``yyyy-mm-dd``) or detected from the column's first rows (``auto``); a
column whose dates read both as month/day and as day/month (``03/04/2026``) is
reported. A time after the date is kept. A cell that does not fit its column's format
is a problem naming its row and column.
"""

from __future__ import annotations

import pandas as pd

from inventory_core.errors import InvalidInput
from inventory_core.io.imports.base import Context

AUTO = "auto"
DATE_SPELLINGS = {"yyyy": "%Y", "yy": "%y", "mm": "%m", "m": "%m", "dd": "%d", "d": "%d"}
DETECTED = ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%m/%d/%y", "%d/%m/%y")
TIMES = ("%H:%M:%S", "%H:%M", "%I:%M %p", "%I:%M:%S %p")


def date_format(spelled: str) -> str | None:
    """The strftime format of a date format as a merchant writes it (``m/d/yyyy``,
    ``dd.mm.yyyy``, ``%m/%d/%Y``); None for ``auto``. Raises InvalidInput otherwise."""
    if spelled.strip().lower() == AUTO:
        return None
    if "%" in spelled:
        return spelled
    parts = []
    token = ""
    for char in spelled.strip().lower() + "\0":
        if char in "ymd" and (not token or token[-1] == char):
            token += char
            continue
        if token:
            if token not in DATE_SPELLINGS:
                raise InvalidInput(f"'{spelled}' is not a date format (e.g. m/d/yyyy, "
                                   "d.m.yyyy, yyyy-mm-dd, or auto).")
            parts.append(DATE_SPELLINGS[token])
        token = char if char in "ymd" else ""
        if char not in "ymd\0":
            parts.append(char)
    return "".join(parts)


def dates_as_iso(chunk: pd.DataFrame, dates: dict[str, str], ctx: Context) -> pd.DataFrame:
    """The chunk with each date column of ``dates`` (column → format as spelled, or
    ``auto``) rewritten as ISO text; a cell that
    does not fit its column's format is a problem (its row is left out)."""
    out = chunk.copy()
    formats: dict[str, str] = ctx.state.setdefault("date_formats", {})
    for column, spelled in dates.items():
        text = chunk[column].str.strip()
        given = text.ne("")
        if column not in formats:
            chosen = date_format(spelled)
            formats[column] = chosen if chosen is not None else _detect(text[given], column,
                                                                        ctx)
        fmt = formats[column]
        parsed = pd.to_datetime(text.where(given), format=fmt, errors="coerce")
        for timed in TIMES:  # a time after the date is kept
            todo = given & parsed.isna()
            if not todo.any():
                break
            parsed = parsed.fillna(pd.to_datetime(text.where(todo), format=f"{fmt} {timed}",
                                                  errors="coerce"))
        bad = given & parsed.isna()
        shown = fmt.replace("%Y", "yyyy").replace("%y", "yy").replace("%m", "m") \
            .replace("%d", "d")
        ctx.log.problems_where(bad, chunk["_row"], chunk[column], column,
                               f"is not a date written {shown}")
        out[column] = parsed.dt.strftime("%Y-%m-%d %H:%M:%S").where(parsed.notna(), "")
        out = out[~bad.reindex(out.index, fill_value=False)]  # refused: checked no further
    return out


def _detect(values: pd.Series, column: str, ctx: Context) -> str:
    """The first of the known date formats that reads every value of the column (a
    time after the date is allowed); a column read both as m/d and d/m is reported."""
    dates = values.str.split(" ").str[0]
    fits = [fmt for fmt in DETECTED
            if pd.to_datetime(dates, format=fmt, errors="coerce").notna().all()]
    if not fits:
        return DETECTED[1]
    both = {"%m/%d/%Y", "%d/%m/%Y"} <= set(fits) or {"%m/%d/%y", "%d/%m/%y"} <= set(fits)
    if both and len(dates):
        example = dates.iloc[0]
        ctx.log.warn(f"'{column}' holds dates such as {example} that read as month/day "
                     "and as day/month: read as month/day (m/d/yyyy); give the column's "
                     "format in the mapping if that is wrong")
    return fits[0]



