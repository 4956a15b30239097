"""Importing the stores' own exports, all or nothing.

``import_file`` recognises the file by its header (or uses the format or the
column mapping it is given) and reads it once, in chunks, in one transaction:
each chunk is checked, then written (upserting by key) as long as no problem
has been found. A file with any problem is refused with ``ImportRefused``
(row, column, value and problem for the first 50, and the count) and the
transaction is rolled back, so the store is left exactly as it was.
``events.refresh`` runs in the same transaction. Warnings (rows skipped,
placeholders read, encodings guessed) come back in the result.

Formats: Shopify products (classic and 2024+), inventory (per location, older
and legacy layouts) and orders exports; WooCommerce product CSV; Magento 2
catalog product and multi-source stock exports; the generic CSV/.xlsx per
table. A header none of them fits can be mapped onto a generic table
(``save_mapping``); the mapping is remembered for that header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from sqlalchemy import Engine

from inventory_core.domain.access import Actor
from inventory_core.errors import ImportRefused, InvalidInput
from inventory_core.io.imports import (
    generic_tables,
    magento,
    shopify,
    shopify_orders,
    woocommerce,
)
from inventory_core.io.imports.base import Context, Format
from inventory_core.io.imports.reader import ImportSource, Log, Problem, open_import_file
from inventory_core.io.imports.writer import Writer
from inventory_core.io.shipped_demo import load_shipped_demo
from inventory_core.io.tables import TABLE_SPECS
from inventory_core.services.events import refresh
from inventory_core.services.settings import read_setting, write_setting
from inventory_core.store import bulk_load as bulk

IMPORT_FORMATS: dict[str, Format] = {
    f.name: f for f in (*shopify.FORMATS, *shopify_orders.FORMATS, *woocommerce.FORMATS,
                        *magento.FORMATS, *generic_tables.FORMATS)
}
MAPPING_PREFIX = "import_mapping:"

__all__ = [
    "IMPORT_FORMATS", "ColumnMapping", "DetectedFile", "ImportResult", "ImportSource", "Problem",
    "detect", "import_file", "mapping_key", "open_import_file", "preview_import", "reset_to_demo",
    "save_mapping",
]


@dataclass(frozen=True)
class ColumnMapping:
    """How an unknown layout's columns feed a generic table: table column → file column."""

    table: str
    columns: dict[str, str]

    def check(self, header: list[str]) -> None:
        """Raise InvalidInput when the mapping names an unknown table or column."""
        spec = TABLE_SPECS.get(self.table)
        if spec is None:
            raise InvalidInput(f"'{self.table}' is not a table that can be imported.")
        missing = [c.name for c in spec.columns if c.required and not self.columns.get(c.name)]
        if missing:
            raise InvalidInput("Choose the file's column for: " + ", ".join(missing) + ".")
        unknown = [v for v in self.columns.values() if v and v not in header]
        if unknown:
            raise InvalidInput("The file has no column " + ", ".join(f"'{u}'" for u in unknown))


@dataclass(frozen=True)
class DetectedFile:
    """What a file looks like: its format (None when unknown), header and notes."""

    format: Format | None
    header: list[str]
    mapping: ColumnMapping | None
    source: ImportSource

    @property
    def label(self) -> str:
        """The format as a merchant reads it."""
        if self.format is not None:
            return self.format.label
        if self.mapping is not None:
            return f"Your layout, mapped onto {TABLE_SPECS[self.mapping.table].file_name}"
        return "Unknown layout"


@dataclass(frozen=True)
class ImportResult:
    """What an import did: format, rows read, rows written per table, warnings."""

    format_name: str
    format_label: str
    rows_read: int
    written: dict[str, int]
    policies_changed: int
    warnings: list[str] = field(default_factory=list)
    switched_skus: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One sentence: what was imported."""
        names = {"stock": "stock rows", "policies": "policy rows"}
        parts = [f"{n:,} {names.get(table, table.replace('_', ' '))}"
                 for table, n in self.written.items() if n]
        what = ", ".join(parts) if parts else "nothing new"
        return (f"Imported {self.format_label} ({self.rows_read:,} rows): {what} written; "
                f"{self.policies_changed:,} polic{'y' if self.policies_changed == 1 else 'ies'} "
                "changed.")


def mapping_key(header: list[str]) -> str:
    """The settings key under which the mapping of this exact header is remembered."""
    digest = hashlib.sha256("\x1f".join(header).encode("utf-8")).hexdigest()[:32]
    return MAPPING_PREFIX + digest


def saved_mapping(engine: Engine, header: list[str]) -> ColumnMapping | None:
    """The mapping remembered for this header, if any."""
    stored = read_setting(engine, mapping_key(header))
    if not stored:
        return None
    return ColumnMapping(stored["table"], dict(stored["columns"]))


def save_mapping(engine: Engine, header: list[str], mapping: ColumnMapping, *,
                 actor: Actor) -> None:
    """Remember ``mapping`` for files with this exact header."""
    actor.require_editor("save a column mapping")
    mapping.check(header)
    write_setting(engine, mapping_key(header),
                  {"table": mapping.table, "columns": mapping.columns})


def detect(engine: Engine, source: str | Path | bytes | BinaryIO | ImportSource,
           name: str | None = None, format_name: str | None = None) -> DetectedFile:
    """Recognise a file by its header (or take ``format_name``); see a remembered mapping."""
    opened = source if isinstance(source, ImportSource) else open_import_file(source, name)
    header = opened.header
    if format_name:
        if format_name not in IMPORT_FORMATS:
            raise InvalidInput(f"'{format_name}' is not a format; choose one of: "
                               + ", ".join(IMPORT_FORMATS))
        chosen = IMPORT_FORMATS[format_name]
        if not chosen.detect(header):
            raise ImportRefused(
                f"'{opened.name}' does not have the columns of a {chosen.label} (its columns: "
                f"{', '.join(header[:8])}{', …' if len(header) > 8 else ''}).",
                [Problem(1, "", "", f"not a {chosen.label}")])
        return DetectedFile(chosen, header, None, opened)
    for candidate in IMPORT_FORMATS.values():
        if candidate.detect(header):
            return DetectedFile(candidate, header, None, opened)
    return DetectedFile(None, header, saved_mapping(engine, header), opened)


def preview_import(detected: DetectedFile, rows: int = 20) -> pd.DataFrame:
    """The first rows of the file as text, columns as in the file."""
    for chunk in detected.source.chunks(chunk_rows=rows):
        return chunk.drop(columns="_row")
    return pd.DataFrame(columns=detected.header)


def import_file(engine: Engine, source: str | Path | bytes | BinaryIO | ImportSource, *,
                actor: Actor, today: dt.date, name: str | None = None,
                format_name: str | None = None, mapping: ColumnMapping | None = None
                ) -> ImportResult:
    """Import one file, all or nothing; see the module docstring.

    Raises ImportRefused (with ``problems``) when the file cannot be imported as a
    whole, PermissionDenied for viewers, InvalidInput for an unknown format name or
    a mapping that does not fit the file.
    """
    actor.require_editor("import files")
    detected = detect(engine, source, name, format_name)
    label = f"'{detected.source.name}'"
    mapping = mapping or detected.mapping
    if detected.format is not None:
        fmt, rename = detected.format, None
    elif mapping is not None:
        mapping.check(detected.header)
        fmt = IMPORT_FORMATS[f"generic_{mapping.table}"]
        rename = {source_col: table_col for table_col, source_col in mapping.columns.items()
                  if source_col}
    else:
        raise ImportRefused(
            f"{label} is not a layout Restock Desk knows (its columns: "
            f"{', '.join(detected.header[:8])}{', …' if len(detected.header) > 8 else ''}). "
            "Map its columns on the Data page, or pass --format.",
            [Problem(1, "", "", "unknown layout: map its columns first")])
    usecols = (list(rename) if rename else fmt.columns(detected.header))

    def chunks() -> Iterator[pd.DataFrame]:
        for chunk in detected.source.chunks(usecols):
            yield chunk.rename(columns=rename) if rename else chunk

    log = Log()
    for note in detected.source.notes:
        log.warn(note)
    rows = 0
    with engine.connect() as connection, bulk.loading(connection), connection.begin():
        # one pass: each chunk is checked, then written while the file has no problem so
        # far; a problem anywhere refuses the file and rolls the whole transaction back
        ctx = Context(connection, log, today)
        writer = Writer(connection, actor, f"import: {fmt.label}")
        for chunk in chunks():
            rows += len(chunk)
            batch = fmt.read(chunk, ctx)
            if not log.problem_count:
                writer.write(batch)
        if rows == 0:
            log.problem(2, "", "", "the file has a header line but no rows")
        log.refuse(label)
        refreshed = refresh(connection, today)
    return ImportResult(fmt.name, detected.label if rename else fmt.label, rows,
                        writer.counts, writer.policy_changes, log.warning_lines(),
                        refreshed.switched_skus)


def reset_to_demo(engine: Engine, *, actor: Actor, today: dt.date) -> None:
    """Replace everything stored with the shipped demo store, dated as of ``today``."""
    actor.require_editor("reset the store to the demo")
    load_shipped_demo(engine, today)
