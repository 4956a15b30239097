"""How far an import has come: rows read, checked and written, and the time left.

``import_file`` reports an ``ImportProgress`` after each chunk it reads, checks and
writes, and once more when the checking is done (refused or not), so the Data page
can draw a progress bar and the command line a progress line. The number of rows
is estimated from the file's size and its first lines until the file has been read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from inventory_core.io.imports.reader import ImportSource

HEAD_BYTES = 256 * 1024
PROGRESS_CHUNK_ROWS = 20_000
"""Rows per chunk when progress is reported, so a file of a few seconds moves the bar."""


@dataclass(frozen=True)
class ImportProgress:
    """One report of an import's progress."""

    stage: str  # reading, checking, writing, refused, checked
    rows_read: int
    rows_checked: int
    rows_written: int
    expected_rows: int | None  # estimated until the whole file is read
    seconds: float  # since the import started
    problems: int = 0

    @property
    def fraction(self) -> float:
        """How much is done, 0 to 1 (read, checked and written count a third each)."""
        if self.stage in ("refused", "checked"):
            return 1.0
        total = max(self.expected_rows or 0, self.rows_read, 1)
        done = (self.rows_read + self.rows_checked + self.rows_written) / (3 * total)
        return min(done, 0.99)

    @property
    def seconds_left(self) -> float | None:
        """The time left at the pace so far, None before there is a pace."""
        if self.fraction <= 0 or self.seconds <= 0 or self.fraction >= 1:
            return None
        return self.seconds * (1 - self.fraction) / self.fraction

    def line(self) -> str:
        """The progress as one line, e.g. ``40,000 of about 120,000 rows read, …``."""
        if self.stage == "refused":
            return (f"Checked {self.rows_checked:,} rows: {self.problems:,} problem"
                    f"{'s' if self.problems != 1 else ''}; the file is refused, nothing "
                    "was changed.")
        if self.stage == "checked":
            return f"Checked and wrote {self.rows_written:,} rows; finishing."
        of = (f" of about {self.expected_rows:,}" if self.expected_rows
              and self.expected_rows > self.rows_read else "")
        left = self.seconds_left
        remaining = f"; about {_duration(left)} left" if left is not None else ""
        found = f"; {self.problems:,} problems so far" if self.problems else ""
        return (f"{self.rows_read:,}{of} rows read, {self.rows_checked:,} checked, "
                f"{self.rows_written:,} written{found}{remaining}")


ProgressReport = Callable[[ImportProgress], None]


@dataclass
class ProgressCounter:
    """Counts one import's rows and reports to ``report`` (when there is one)."""

    report: ProgressReport | None
    expected_rows: int | None
    started: float = field(default_factory=time.perf_counter)
    last: ImportProgress | None = None

    def tell(self, stage: str, *, read: int = 0, checked: int = 0, written: int = 0,
             problems: int = 0) -> None:
        """Add the rows just read, checked or written and report the new totals."""
        before = self.last or ImportProgress(stage, 0, 0, 0, self.expected_rows, 0.0)
        self.last = replace(before, stage=stage, rows_read=before.rows_read + read,
                            rows_checked=before.rows_checked + checked,
                            rows_written=before.rows_written + written, problems=problems,
                            seconds=time.perf_counter() - self.started)
        if self.report is not None:
            self.report(self.last)


def expected_rows(source: ImportSource) -> int | None:
    """The rows a file probably holds (its size over the length of its first lines), or
    None for a workbook."""
    if source.excel:
        return None
    if source.data is not None:
        size, head = len(source.data), source.data[:HEAD_BYTES]
    elif source.path is not None:
        size = source.path.stat().st_size
        with source.path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    else:
        return None
    breaks = head.count(b"\n") or head.count(b"\r")
    if breaks <= 1:
        return 1
    return max(int(size / (len(head) / breaks)) - 1, 1)


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(round(seconds), 1)} s"
    return f"{seconds / 60:.0f} min"
