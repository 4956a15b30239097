"""The rows of a text file checked against its header before anything is read into a table.

One pass over the file, record by record (as the csv module splits them, quoted line
breaks included), finds what a table reader would read wrongly without a word:

- a row with more or fewer fields than the header (a file cut in the middle of its
  last row, a stray delimiter): a problem naming the row and both counts;
- a quote that opens and never closes where its field should end: a problem naming
  the row and the column where it opens;
- a NUL character in a cell (a table reader would cut the text there), a cell too
  long for any column: problems naming the row and column;
- text that looks encoded twice (``Ã©`` for ``é``): a warning naming the column and
  the rows.

Rows are numbered as ``reader`` numbers them (the header is row 1; blank lines are
skipped, as the table reader skips them).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

from inventory_core.io.imports.reader import ImportSource, Log

TWICE_ENCODED = re.compile(
    "[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|\u00e2\u20ac")
"""UTF-8 text decoded once more as Windows-1252: ``Ã©`` (é), ``Â°`` (°), ``â€™`` (’)."""


class _Lines:
    """The file's lines, remembering the raw lines of the record being read."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.record: list[str] = []

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self.record.append(line)
            yield line


def check_file(source: ImportSource, log: Log) -> None:
    """Record in ``log`` every row of a CSV file that does not fit its header (see the
    module); a workbook has no such rows."""
    if not source.excel:
        with source.lines() as lines:
            check_rows(lines, source.header, source.delimiter, log)


def check_rows(lines: Iterable[str], header: list[str], delimiter: str, log: Log) -> None:
    """Record in ``log`` every row that does not fit ``header`` (see the module)."""
    width = len(header)
    source = _Lines(lines)
    reader = csv.reader(source, delimiter=delimiter)
    row = 1
    twice: dict[str, list[int]] = {}
    try:
        next(reader, None)  # the header
        source.record = []
        for fields in reader:
            raw = "".join(source.record)
            source.record = []
            if not fields:
                continue
            row += 1
            if "\x00" in raw:
                _nul_cells(fields, header, row, log)
            broken = raw.count('"') % 2 == 1
            if len(fields) != width or broken:
                _misfit(fields, raw, header, delimiter, row, log, broken)
            elif TWICE_ENCODED.search(raw):
                for i, cell in enumerate(fields):
                    if TWICE_ENCODED.search(cell):
                        twice.setdefault(header[i], []).append(row)
    except csv.Error as error:
        log.problem(row + 1, "", "", f"cannot be read: {error}")
    for column, rows in twice.items():
        log.warn(f"'{column}' holds text that looks encoded twice (such as 'Ã©' for 'é'): "
                 "export the file again as UTF-8, or correct it in the preview", rows,
                 len(rows))


def _nul_cells(fields: list[str], header: list[str], row: int, log: Log) -> None:
    """A problem for each cell holding a NUL character."""
    for i, cell in enumerate(fields):
        if "\x00" in cell:
            column = header[i] if i < len(header) else f"field {i + 1}"
            log.problem(row, column, cell.replace("\x00", "\\0")[:40],
                        "holds a NUL character (\\0), which no store's text can hold")


def _misfit(fields: list[str], raw: str, header: list[str], delimiter: str, row: int,
            log: Log, broken: bool) -> None:
    """The problem of a row that does not fit the header: a quote that never closes
    where its field ends (named by the column it opens in), else the field counts; an
    odd quote inside an unquoted cell (``5" screen``) is text, not a problem."""
    opened = _open_quote(raw, delimiter)
    if broken and opened is not None:
        column = header[opened] if opened < len(header) else f"field {opened + 1}"
        log.problem(row, column, "", "a quote opens here and does not close where the "
                    "field ends (the rest of the file, or of the row, runs into it)")
    elif len(fields) != len(header):
        log.problem(row, "", "", f"has {len(fields)} field{'s' if len(fields) != 1 else ''}"
                    f" where the header has {len(header)} (a row cut short, or a stray "
                    f"'{delimiter}')")


def _open_quote(raw: str, delimiter: str) -> int | None:
    """The index of the field whose quote runs past its line, or never closes."""
    first_line = raw.split("\n", 1)[0]
    field, i = 0, 0
    while i < len(first_line):
        if raw[i] == '"':
            end = i + 1
            while True:
                end = raw.find('"', end)
                if end < 0:
                    return field
                if raw.startswith('""', end):
                    end += 2
                    continue
                break
            if "\n" in raw[i:end]:
                return field
            i = end + 1
        stop = first_line.find(delimiter, i)
        if stop < 0:
            return None
        field, i = field + 1, stop + 1
    return None
