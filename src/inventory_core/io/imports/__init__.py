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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from sqlalchemy import Engine

from inventory_core.domain.access import Actor
from inventory_core.errors import ImportRefused, InvalidInput
from inventory_core.io.imports import (
    generic_tables,
    magento,
    shopify,
    shopify_orders,
    store_memory,
    woocommerce,
)
from inventory_core.io.imports.base import Context, Format
from inventory_core.io.imports.file_rows import check_file
from inventory_core.io.imports.limits import check_lengths
from inventory_core.io.imports.mapping import (
    ColumnMapping,
    FileMapping,
    as_file_mapping,
    derived_values,
    from_setting,
    mapped_format,
    mapping_key,
    read_mapping_file,
)
from inventory_core.io.imports.progress import (
    PROGRESS_CHUNK_ROWS,
    ImportProgress,
    ProgressCounter,
    ProgressReport,
    expected_rows,
)
from inventory_core.io.imports.reader import (
    CHUNK_ROWS,
    ImportSource,
    Log,
    Problem,
    open_import_file,
)
from inventory_core.io.imports.writer import Writer
from inventory_core.io.shipped_demo import load_shipped_demo
from inventory_core.services.empty_store import forget_empty_start
from inventory_core.services.events import refresh
from inventory_core.services.settings import mark_demo, read_setting, write_setting
from inventory_core.store import bulk_load as bulk
from inventory_core.store.engine import retried

IMPORT_FORMATS: dict[str, Format] = {
    f.name: f for f in (*shopify.FORMATS, *shopify_orders.FORMATS, *woocommerce.FORMATS,
                        *magento.FORMATS, *generic_tables.FORMATS)
}

__all__ = [
    "IMPORT_FORMATS", "ColumnMapping", "DetectedFile", "FileMapping", "ImportProgress",
    "ImportResult", "ImportSource", "Problem", "derived_values", "detect", "import_file",
    "mapping_key", "open_import_file", "preview_import", "read_mapping_file", "reset_to_demo",
    "save_mapping",
]


@dataclass(frozen=True)
class DetectedFile:
    """What a file looks like: its format (None when unknown), header and notes."""

    format: Format | None
    header: list[str]
    mapping: FileMapping | None
    source: ImportSource

    @property
    def label(self) -> str:
        """The format as a merchant reads it."""
        if self.format is not None:
            return self.format.label
        if self.mapping is not None:
            return self.mapping.label
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


def saved_mapping(engine: Engine, header: list[str]) -> FileMapping | None:
    """The mapping remembered for this header, if any."""
    return from_setting(read_setting(engine, mapping_key(header)))


def save_mapping(engine: Engine, header: list[str], mapping: ColumnMapping | FileMapping, *,
                 actor: Actor) -> FileMapping:
    """Remember ``mapping`` for files with this exact header, per table: a table mapped
    again replaces its earlier mapping, the header's other tables stay. Returns what is
    remembered now."""
    actor.require_editor("save a column mapping")
    given = as_file_mapping(mapping)
    given.check(header)
    kept = saved_mapping(engine, header)
    if kept is not None:
        for table_mapping in given.tables.values():
            kept = kept.with_table(table_mapping)
        given = replace(kept, dates={**kept.dates, **given.dates},
                        returns=given.returns if isinstance(mapping, FileMapping)
                        else kept.returns)
    write_setting(engine, mapping_key(header), given.as_setting())
    return given


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
                format_name: str | None = None,
                mapping: ColumnMapping | FileMapping | None = None,
                progress: ProgressReport | None = None,
                create_products: bool = False) -> ImportResult:
    """Import one file, all or nothing; see the module docstring.

    ``progress``, when given, hears how far the import has come after each chunk read,
    checked and written, and as soon as the checking is done (``ImportProgress``).
    ``create_products``: an orders file's SKUs the store lacks become products (named
    and priced from the line items, listed in a warning) instead of refusing the file.
    Raises ImportRefused (with ``problems``) when the file cannot be imported as a
    whole, PermissionDenied for viewers, InvalidInput for an unknown format name or
    a mapping that does not fit the file.
    """
    actor.require_editor("import files")
    detected = detect(engine, source, name, format_name)
    label = f"'{detected.source.name}'"
    chosen = as_file_mapping(mapping) if mapping is not None else detected.mapping
    if detected.format is not None and mapping is None:
        fmt = detected.format
        usecols = fmt.columns(detected.header)
        if usecols is not None:
            usecols = [*usecols, *store_memory.extra_columns(fmt.name, detected.header)]
    elif chosen is not None:
        chosen.check(detected.header)
        fmt = mapped_format(chosen)
        usecols = chosen.used_columns()
    else:
        raise ImportRefused(
            f"{label} is not a layout Restock Desk knows (its columns: "
            f"{', '.join(detected.header[:8])}{', …' if len(detected.header) > 8 else ''}). "
            "Map its columns on the Data page, or pass --mapping FILE.toml.",
            [Problem(1, "", "", "unknown layout: map its columns first")])
    # one transaction, tried again when it meets another writer (a deadlock, say)
    return retried(lambda: _import_once(engine, detected, fmt, usecols, actor, today,
                                        progress, create_products),
                   what=f"importing {label}")


def _import_once(engine: Engine, detected: DetectedFile, fmt: Format,
                 usecols: list[str] | None, actor: Actor, today: dt.date,
                 progress: ProgressReport | None, create_products: bool) -> ImportResult:
    """The file checked and written in one transaction (see ``import_file``)."""
    label = f"'{detected.source.name}'"
    log = Log()
    for note in detected.source.notes:
        log.warn(note)
    check_file(detected.source, log)
    log.refuse(label)
    counter = ProgressCounter(progress, expected_rows(detected.source) if progress else None)
    rows = 0
    memory: dict[str, Any] = {}
    said: set[str] = set()
    with engine.connect() as connection, bulk.loading(connection), connection.begin():
        # one pass: each chunk is checked, then written while the file has no problem so
        # far; a problem anywhere refuses the file and rolls the whole transaction back
        ctx = Context(connection, log, today, create_products)
        writer = Writer(connection, actor, f"import: {fmt.label}")
        for chunk in detected.source.chunks(
                usecols, PROGRESS_CHUNK_ROWS if progress else CHUNK_ROWS):
            rows += len(chunk)
            counter.tell("checking", read=len(chunk), problems=log.problem_count)
            store_memory.observe(chunk, fmt.name, memory)
            batch = fmt.read(chunk, ctx)
            check_lengths(batch, chunk["_row"], log)
            for table in ("policy_signals", "policies"):
                if table in batch.frames:
                    said.update(batch.frames[table]["sku"])
            counter.tell("writing", checked=len(chunk), problems=log.problem_count)
            if not log.problem_count:
                writer.write(batch)
                counter.tell("reading", written=len(chunk))
        if rows == 0:
            log.problem(2, "", "", "the file has a header line but no rows")
        counter.tell("refused" if log.problem_count else "checked", problems=log.problem_count)
        log.refuse(label)
        store_memory.remember(connection, fmt.name, memory, said)  # before auto-switch
        mark_demo(connection, False)  # the merchant's own data now: no first-visit guide
        refreshed = refresh(connection, today)
    return ImportResult(fmt.name, fmt.label, rows, writer.counts, writer.policy_changes,
                        log.warning_lines(), refreshed.switched_skus)


def reset_to_demo(engine: Engine, *, actor: Actor, today: dt.date) -> None:
    """Replace everything stored with the shipped demo store, dated as of ``today``."""
    actor.require_editor("reset the store to the demo")
    load_shipped_demo(engine, today)
    forget_empty_start(engine)
