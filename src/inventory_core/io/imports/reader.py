"""Reading merchant files as they come: encodings, delimiters, chunks, and the log of
what was found wrong.

Every cell is read as text first (nothing is guessed by pandas); ``cells`` then
converts each column, recording a ``Problem`` (row, column, value, problem) in the
``Log`` for every cell it cannot read. Rows are numbered as a spreadsheet shows
them: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from inventory_core.errors import ImportRefused

CHUNK_ROWS = 100_000
SHOWN_PROBLEMS = 50
MAX_COLUMNS = 5_000
NEUTRALISED = r"^'(?=[=+\-@\t\r])"
"""A cell an export wrote with a leading ``'`` so that spreadsheets do not run it as a
formula (``'=SUM(1+1)``): read back without the ``'``."""


@dataclass(frozen=True)
class Problem:
    """One cell (or row) of a file that stops the import."""

    row: int | None
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        column = f", column '{self.column}'" if self.column else ""
        value = f" ('{self.value}')" if self.value else ""
        return f"{where}{column}{value}: {self.problem}"


@dataclass
class Log:
    """Problems and warnings found while reading one file (first 50 problems kept)."""

    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    warnings: dict[str, list[int]] = field(default_factory=dict)
    warning_counts: dict[str, int] = field(default_factory=dict)

    def problem(self, row: int | None, column: str, value: object, problem: str) -> None:
        """Record one problem."""
        self.problem_count += 1
        if len(self.problems) < SHOWN_PROBLEMS:
            self.problems.append(Problem(row, column, "" if value is None else str(value),
                                         problem))

    def problems_where(self, mask: pd.Series, rows: pd.Series, values: pd.Series,
                       column: str, problem: str) -> None:
        """Record ``problem`` for every row where ``mask`` holds."""
        count = int(mask.sum())
        if not count:
            return
        room = SHOWN_PROBLEMS - len(self.problems)
        if room > 0:
            for row, value in zip(rows[mask][:room], values[mask][:room], strict=True):
                self.problems.append(Problem(int(row), column, str(value), problem))
        self.problem_count += count

    def warn(self, message: str, rows: pd.Series | list[int] | None = None,
             count: int | None = None) -> None:
        """Record a warning; the same message from several chunks is counted once."""
        rows = [] if rows is None else [int(r) for r in list(rows)[:10]]
        n = count if count is not None else max(len(rows), 1)
        if not n:
            return
        kept = self.warnings.setdefault(message, [])
        kept.extend(rows[: 10 - len(kept)])
        self.warning_counts[message] = self.warning_counts.get(message, 0) + n

    def warning_lines(self) -> list[str]:
        """Each warning as one sentence with its count and first rows."""
        lines = []
        for message, rows in self.warnings.items():
            count = self.warning_counts[message]
            if not rows and count <= 1:
                lines.append(f"{message}.")
                continue
            where = f"{count:,} row{'s' if count != 1 else ''}"
            if rows:
                shown = ", ".join(str(r) for r in rows)
                where += f": {shown}" + (", …" if count > len(rows) else "")
            lines.append(f"{message} ({where}).")
        return lines

    def refuse(self, file_label: str) -> None:
        """Raise ImportRefused when any problem was found."""
        if self.problem_count:
            more = (f" (the first {SHOWN_PROBLEMS} are listed)"
                    if self.problem_count > SHOWN_PROBLEMS else "")
            raise ImportRefused(
                f"{file_label} was refused: {self.problem_count:,} problem"
                f"{'s' if self.problem_count != 1 else ''}{more}. Nothing was changed.",
                list(self.problems))


# --------------------------------------------------------------------------- opening


@dataclass(frozen=True)
class ImportSource:
    """A file to import: its bytes (or path), name, encoding and delimiter."""

    name: str
    data: bytes | None
    path: Path | None
    encoding: str
    delimiter: str
    header: list[str]
    excel: bool = False
    notes: tuple[str, ...] = ()

    def chunks(self, usecols: list[str] | None = None,
               chunk_rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        """The rows as text frames of at most ``chunk_rows``, with a ``_row`` column."""
        if self.excel:
            frame = _read_excel(_bytes_of(self.data, self.path))
            frame.columns = [c.strip() for c in frame.columns]
            if usecols is not None:
                frame = frame[[c for c in frame.columns if c in usecols]]
            for start in range(0, len(frame), chunk_rows):
                part = frame.iloc[start:start + chunk_rows].reset_index(drop=True)
                part["_row"] = np.arange(start + 2, start + 2 + len(part))
                yield part
            return
        handle = io.BytesIO(self.data) if self.data is not None else self.path
        wanted = None
        if usecols is not None:
            keep = set(usecols)
            wanted = [i for i, name in enumerate(self.header) if name in keep]
        try:
            reader = pd.read_csv(
                handle, sep=self.delimiter, encoding=self.encoding, dtype=str,
                keep_default_na=False, na_filter=False, chunksize=chunk_rows,
                usecols=wanted, skipinitialspace=False, engine="c", header=0, names=None,
            )
            yield from self._numbered(reader)
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
            raise ImportRefused(
                f"'{self.name}' cannot be read as CSV: {error}",
                [Problem(None, "", "", f"not readable as CSV: {error}")]) from error

    @contextmanager
    def lines(self) -> Iterator[io.TextIOWrapper]:
        """The file's text, line by line, line endings kept (a CSV file only)."""
        raw = io.BytesIO(self.data) if self.data is not None else None
        with (raw or _opened(self.path)) as binary, io.TextIOWrapper(
                binary, encoding=self.encoding, errors="replace", newline="") as text:
            yield text

    @staticmethod
    def _numbered(reader: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        start = 0
        for part in reader:
            part.columns = [str(c).strip() for c in part.columns]
            part = part.reset_index(drop=True)
            for column in part.columns:  # cells an export kept from reading as formulas
                cells = part[column]
                quoted = cells.str.startswith("'")
                if quoted.any():
                    part[column] = cells.mask(quoted, cells.str.replace(
                        NEUTRALISED, "", n=1, regex=True))
            part["_row"] = np.arange(start + 2, start + 2 + len(part))
            start += len(part)
            yield part


def open_import_file(source: str | Path | bytes | BinaryIO,
                     name: str | None = None) -> ImportSource:
    """Look at a file: decide its encoding and delimiter and read its header.

    Raises ImportRefused for an empty file or one without a header line.
    """
    path: Path | None = None
    data: bytes | None = None
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        with path.open("rb") as handle:
            head = handle.read(256 * 1024)
    else:
        data = source if isinstance(source, bytes) else source.read()
        name = name or getattr(source, "name", None) or "the file"
        head = data[: 256 * 1024]
    label = f"'{name}'"
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportRefused(f"{label} is empty: there is nothing to import.",
                            [Problem(None, "", "", "the file is empty")])
    if head.startswith(b"PK\x03\x04"):
        frame = _read_excel(_bytes_of(data, path))
        return ImportSource(name, data, path, "utf-8", ",",
                            [str(c).strip() for c in frame.columns], excel=True)
    notes: list[str] = []
    wide = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if wide:  # Excel's "Unicode text": read as UTF-8 from here on
        data = _bytes_of(data, path).decode("utf-16").encode("utf-8")
        path, head = None, data[: 256 * 1024]
    elif _looks_binary(head):
        raise ImportRefused(f"{label} is not a text file (it holds binary data): export "
                            "it from the store as CSV and import that file.",
                            [Problem(None, "", "", "binary data, not a CSV file")])
    if b"\r" in head and b"\n" not in head:  # old Mac line endings: CR alone
        data = _bytes_of(data, path).replace(b"\r", b"\n")
        path, head = None, data[: 256 * 1024]
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif wide or _is_utf8(data, path):
        encoding = "utf-8"
    else:
        encoding = "cp1252" if _decodes(head, "cp1252") else "latin-1"
        notes.append(f"{label} is not UTF-8; it was read as Latin-1 (Windows-1252). "
                     "Check accented names in the preview")
    text = head.decode(encoding, errors="replace")
    if "\n" not in text and len(head) >= 256 * 1024:
        raise ImportRefused(f"{label} has a header line longer than 256 KB: it is not a "
                            "store's export (nor a table) that can be imported.",
                            [Problem(1, "", "", "the header line is too long")])
    delimiter = _sniff_delimiter(text)
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=delimiter), [])
    header = [h.strip().lstrip("\ufeff") for h in header]
    if not any(header):
        raise ImportRefused(f"{label} has no header line.",
                            [Problem(1, "", "", "the first line is blank")])
    if len(header) > MAX_COLUMNS:
        raise ImportRefused(f"{label} has {len(header):,} columns, more than any store's "
                            f"export ({MAX_COLUMNS:,} at most): it cannot be imported.",
                            [Problem(1, "", "", f"{len(header):,} columns")])
    return ImportSource(name, data, path, encoding, delimiter, header, notes=tuple(notes))


def _looks_binary(head: bytes) -> bool:
    """True when the first bytes are not text: NUL or other control bytes in more than
    one byte in a hundred (a stray NUL in a cell is a problem of its row, not this)."""
    control = sum(head.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13))
    return control * 100 > len(head)


def _opened(path: Path | None) -> BinaryIO:
    if path is None:
        raise ImportRefused("The file has no content to read.")
    return path.open("rb")


def _read_excel(data: bytes) -> pd.DataFrame:
    try:
        frame = pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl")
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is refused
        raise ImportRefused(f"The workbook cannot be read: {error}",
                            [Problem(None, "", "", f"not a readable .xlsx file: {error}")]
                            ) from error
    frame.columns = [str(c) for c in frame.columns]
    return frame.fillna("")


def _bytes_of(data: bytes | None, path: Path | None) -> bytes:
    """A file's bytes: as given, or read from its path."""
    if data is not None:
        return data
    if path is None:
        raise ImportRefused("The file has no content to read.")
    return path.read_bytes()


def _is_utf8(data: bytes | None, path: Path | None) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        if data is not None:
            decoder.decode(data, final=True)
        elif path is not None:
            with path.open("rb") as handle:
                while block := handle.read(4 << 20):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    best, most = ",", 0
    for candidate in (",", ";", "\t", "|"):
        fields = next(csv.reader(io.StringIO(first), delimiter=candidate), [])
        if len(fields) > most:
            best, most = candidate, len(fields)
    return best
