"""A file in a layout of its own, mapped onto the generic tables.

A ``FileMapping`` says, for each generic table the file feeds (products, orders and
order lines from one file of order lines, say), where each field comes from: a
column of the file (one column may feed several fields), a constant (``kind`` =
stock, ``location`` = Main) or a derived value (``line_no`` = the line's number
within its order; ``status`` = fulfilled where the line has a ship date, else open).
Dates are read in the file's own format, chosen per column
(``m/d/yyyy``) or detected from the column's first rows (``auto``), a column
whose dates read both ways (``03/04/2026``) reported. An entity repeated on many
rows (a product on every line that sold it) takes its latest values — by the
order's date when the mapping has one, else the last row — with a warning when
they changed. With ``returns``, an order line with a negative quantity is a
return: left out of the sales, counted in a warning.

Mappings are remembered per header and table (``save_mapping``) and can be
written as a TOML file for the command line (``read_mapping_file``; see
docs/formats.md).
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from inventory_core.errors import InvalidInput
from inventory_core.io.imports.base import Batch, Context, Format
from inventory_core.io.imports.generic_tables import reader_for
from inventory_core.io.imports.mapped_dates import date_format, dates_as_iso
from inventory_core.io.tables import TABLE_SPECS
from inventory_core.store import bulk_load as bulk

MAPPING_PREFIX = "import_mapping:"
LINE_NUMBER = "line number"
"""A derived value: the line's number within its order, in file order (1, 2, …)."""
FULFILLED_WHEN_SHIPPED = "fulfilled when shipped"
"""A derived value: a line is fulfilled where its ``fulfilled_at`` (a ship date) is
given, else open."""
DERIVED = {LINE_NUMBER: ("order_lines", "line_no"),
           FULFILLED_WHEN_SHIPPED: ("order_lines", "status")}
"""Each derived value's name, with the table and field it can feed."""
DERIVED_MEANINGS = {LINE_NUMBER: "line number within the order",
                    FULFILLED_WHEN_SHIPPED: "fulfilled where shipped (fulfilled_at), else open"}
REPEATING = ("products", "orders", "suppliers")
"""Tables whose rows a file of lines repeats: the latest values are taken."""


@dataclass(frozen=True)
class ColumnMapping:
    """How a file feeds one generic table: field → the file's column, a constant, or a
    derived value (``line number``)."""

    table: str
    columns: dict[str, str]
    constants: dict[str, str] = field(default_factory=dict)
    derived: dict[str, str] = field(default_factory=dict)

    def fed(self) -> set[str]:
        """The table's fields this mapping gives a value."""
        return ({f for f, c in self.columns.items() if c} | set(self.constants)
                | set(self.derived))

    def check(self, header: list[str]) -> None:
        """Raise InvalidInput when the mapping names an unknown table, field or column,
        or leaves a required field without a value."""
        spec = TABLE_SPECS.get(self.table)
        if spec is None:
            raise InvalidInput(f"'{self.table}' is not a table that can be imported.")
        known = set(spec.column_names)
        strange = sorted(self.fed() - known)
        if strange:
            raise InvalidInput(f"{spec.file_name} has no field " + ", ".join(strange) + ".")
        missing = [c.name for c in spec.columns if c.required and c.name not in self.fed()]
        if missing:
            raise InvalidInput(f"Choose the file's column (or a value) for {spec.file_name}: "
                               + ", ".join(missing) + ".")
        unknown = [v for v in self.columns.values() if v and v not in header]
        if unknown:
            raise InvalidInput("The file has no column " + ", ".join(f"'{u}'" for u in unknown))
        for name, rule in self.derived.items():
            if DERIVED.get(rule) != (self.table, name):
                known_rules = "; ".join(f"'{r}' for {t}.{f}" for r, (t, f) in DERIVED.items())
                raise InvalidInput(f"{spec.file_name}: {name} cannot be derived as '{rule}' "
                                   f"(derived values: {known_rules}).")
        if self.derived.get("status") == FULFILLED_WHEN_SHIPPED \
                and not self.columns.get("fulfilled_at"):
            raise InvalidInput(f"{spec.file_name}: status '{FULFILLED_WHEN_SHIPPED}' needs "
                               "the file's column for fulfilled_at (the ship date).")

    def as_setting(self) -> dict[str, Any]:
        """The mapping as it is remembered."""
        return {"columns": self.columns, "constants": self.constants, "derived": self.derived}


@dataclass(frozen=True)
class FileMapping:
    """How one file feeds one or more generic tables, its date formats per column and
    whether negative quantities are returns."""

    tables: dict[str, ColumnMapping]
    dates: dict[str, str] = field(default_factory=dict)
    returns: bool = False

    @property
    def table(self) -> str:
        """The first table the file feeds (in load order)."""
        return self.ordered()[0].table

    def ordered(self) -> list[ColumnMapping]:
        """The table mappings in load order (products before their order lines)."""
        return [self.tables[t] for t in bulk.LOAD_ORDER if t in self.tables]

    def check(self, header: list[str]) -> None:
        """Raise InvalidInput when a table's mapping or a date column does not fit."""
        if not self.tables:
            raise InvalidInput("The mapping feeds no table.")
        for mapping in self.ordered():
            mapping.check(header)
        for column, spelled in self.dates.items():
            if column not in header:
                raise InvalidInput(f"The mapping gives a date format for '{column}', which "
                                   "the file does not have.")
            date_format(spelled)

    def used_columns(self) -> list[str]:
        """The file's columns the mapping reads."""
        return sorted({c for m in self.tables.values() for c in m.columns.values() if c})

    def with_table(self, mapping: ColumnMapping) -> FileMapping:
        """This mapping with ``mapping`` feeding its table (added or replaced)."""
        return replace(self, tables={**self.tables, mapping.table: mapping})

    def as_setting(self) -> dict[str, Any]:
        """The mapping as it is remembered."""
        return {"tables": {t: m.as_setting() for t, m in self.tables.items()},
                "dates": self.dates, "returns": self.returns}

    @property
    def label(self) -> str:
        """What the file is read as."""
        return "Your layout, mapped onto " + ", ".join(
            TABLE_SPECS[m.table].file_name for m in self.ordered())


def as_file_mapping(mapping: ColumnMapping | FileMapping) -> FileMapping:
    """A one-table mapping as a file mapping; a file mapping as it is."""
    return mapping if isinstance(mapping, FileMapping) else FileMapping({mapping.table: mapping})


def mapping_key(header: list[str]) -> str:
    """The settings key under which the mappings of this exact header are remembered."""
    digest = hashlib.sha256("\x1f".join(header).encode("utf-8")).hexdigest()[:32]
    return MAPPING_PREFIX + digest


def from_setting(stored: Mapping[str, Any]) -> FileMapping | None:
    """A remembered mapping (None when nothing is remembered); the one-table form of
    earlier versions is read too."""
    if not stored:
        return None
    if "tables" not in stored:
        stored = {"tables": {stored["table"]: {"columns": stored["columns"]}}}
    tables = {table: ColumnMapping(table, dict(m.get("columns", {})),
                                   dict(m.get("constants", {})), dict(m.get("derived", {})))
              for table, m in stored["tables"].items()}
    return FileMapping(tables, dict(stored.get("dates", {})), bool(stored.get("returns")))


def derived_values(table: str, name: str) -> dict[str, str]:
    """The derived values that can feed field ``name`` of ``table``: each one's name (as a
    mapping file spells it) with what it means, in the merchant's words."""
    return {rule: DERIVED_MEANINGS[rule] for rule, fed in DERIVED.items()
            if fed == (table, name)}


def read_mapping_file(path: str | Path) -> FileMapping:
    """A mapping written as TOML: a ``[table]`` section per table, ``field = "column"``,
    ``field = { constant = "value" }`` or ``field = { derived = "line number" }``;
    ``[dates]`` with ``"column" = "m/d/yyyy"`` (or ``"auto"``); ``returns = true``.

    Raises InvalidInput naming the file and what is wrong in it.
    """
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInput(f"Cannot read the mapping file '{path}': {error.strerror}.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput(f"The mapping file '{path}' is not valid TOML: {error}.") from None
    tables: dict[str, ColumnMapping] = {}
    for table, fields in raw.items():
        if table in ("dates", "returns"):
            continue
        if table not in TABLE_SPECS or not isinstance(fields, dict):
            raise InvalidInput(f"The mapping file '{path}': [{table}] is not a table that "
                               "can be imported (" + ", ".join(TABLE_SPECS) + ").")
        tables[table] = _table_from_toml(path, table, fields)
    dates = raw.get("dates", {})
    if not isinstance(dates, dict) or not all(isinstance(v, str) for v in dates.values()):
        raise InvalidInput(f"The mapping file '{path}': [dates] holds \"column\" = "
                           "\"m/d/yyyy\" lines.")
    returns = raw.get("returns", False)
    if not isinstance(returns, bool):
        raise InvalidInput(f"The mapping file '{path}': returns is true or false.")
    return FileMapping(tables, dict(dates), returns)


def _table_from_toml(path: str | Path, table: str, fields: dict[str, Any]) -> ColumnMapping:
    columns: dict[str, str] = {}
    constants: dict[str, str] = {}
    derived: dict[str, str] = {}
    for name, value in fields.items():
        if isinstance(value, str):
            columns[name] = value
        elif isinstance(value, dict) and set(value) == {"constant"}:
            constants[name] = str(value["constant"])
        elif isinstance(value, dict) and set(value) == {"derived"}:
            derived[name] = str(value["derived"])
        else:
            raise InvalidInput(f"The mapping file '{path}': [{table}] {name} is a column name "
                               "in quotes, { constant = \"…\" } or { derived = \"…\" }.")
    return ColumnMapping(table, columns, constants, derived)


# --------------------------------------------------------------------------- reading


def mapped_format(mapping: FileMapping) -> Format:
    """The mapping as a format the importer runs: each chunk feeds every mapped table."""
    readers = {m.table: reader_for(TABLE_SPECS[m.table]) for m in mapping.ordered()}

    def read(chunk: pd.DataFrame, ctx: Context) -> Batch:
        text = dates_as_iso(_without_returns(chunk, mapping, ctx), mapping.dates, ctx)
        batch = Batch()
        for table_mapping in mapping.ordered():
            table = table_mapping.table
            frame = _table_frame(text, table_mapping, ctx)
            if table in REPEATING:
                frame = _latest(frame, table, mapping, text, ctx)
                ctx.seen.pop(table, None)  # a repeat in a later chunk updates the row
            shown = len(ctx.log.problems)
            part = readers[table](frame, ctx)
            _name_file_columns(ctx, shown, table_mapping)
            batch.frames.update(part.frames)
        return batch

    tables = [m.table for m in mapping.ordered()]
    name = f"generic_{tables[0]}" if len(tables) == 1 else "mapped"
    return Format(name, mapping.label, lambda header: False, read,
                  lambda header: mapping.used_columns(), "your layout")


def _name_file_columns(ctx: Context, start: int, mapping: ColumnMapping) -> None:
    """The problems found from ``start`` on name the file's column, not the field."""
    problems = ctx.log.problems
    for i in range(start, len(problems)):
        column = mapping.columns.get(problems[i].column)
        if column:
            problems[i] = replace(problems[i], column=column)


def _table_frame(chunk: pd.DataFrame, mapping: ColumnMapping, ctx: Context) -> pd.DataFrame:
    """The table's fields as text columns: copied from the file, constant, or derived."""
    frame = pd.DataFrame({name: chunk[column] for name, column in mapping.columns.items()
                          if column}, index=chunk.index)
    for name, value in mapping.constants.items():
        frame[name] = value
    if "line_no" in mapping.derived:
        counts: dict[str, int] = ctx.state.setdefault("line_numbers", {})
        numbers = []
        for order in frame["order_number"].str.strip():
            counts[order] = counts.get(order, 0) + 1
            numbers.append(str(counts[order]))
        frame["line_no"] = numbers
    if mapping.derived.get("status") == FULFILLED_WHEN_SHIPPED:
        shipped = frame["fulfilled_at"].str.strip().ne("")
        frame["status"] = shipped.map({True: "fulfilled", False: "open"})
    frame["_row"] = chunk["_row"]
    return frame


def _without_returns(chunk: pd.DataFrame, mapping: FileMapping, ctx: Context) -> pd.DataFrame:
    """With ``returns``, the rows whose order-line quantity is negative are returns: they
    feed no table (not sales), and are counted in a warning."""
    lines = mapping.tables.get("order_lines")
    column = lines.columns.get("qty") if lines is not None and mapping.returns else None
    if not column:
        return chunk
    qty = pd.to_numeric(chunk[column].str.strip(), errors="coerce")
    returned = qty < 0
    if returned.any():
        ctx.log.warn(f"Read rows with a negative '{column}' as returns (left out of the "
                     "sales)", chunk["_row"][returned], int(returned.sum()))
    return chunk[~returned]


def _latest(frame: pd.DataFrame, table: str, mapping: FileMapping, chunk: pd.DataFrame,
            ctx: Context) -> pd.DataFrame:
    """One row per key: the latest (by the order's date when mapped, else the last row),
    across chunks; a warning when the repeats differ."""
    key = list(TABLE_SPECS[table].key)
    placed = mapping.tables.get("orders", ColumnMapping("orders", {})).columns.get("placed_at")
    by_date = placed is not None and placed in mapping.dates  # ISO text: sorts as dates
    when = chunk[placed] if by_date else pd.Series("", index=chunk.index)
    values = [c for c in frame.columns if c not in (*key, "_row")]
    latest: dict[object, tuple[str, tuple[str, ...]]] = ctx.state.setdefault(
        f"latest_{table}", {})
    ordered = frame.assign(_when=when).sort_values("_when", kind="stable")
    keep = ordered.drop_duplicates(key, keep="last")
    differs = ordered.groupby(key, sort=False)[values].nunique().gt(1).any(axis=1) \
        if values else pd.Series(dtype=bool)
    changed = [k if isinstance(k, tuple) else (k,) for k in differs.index[differs]]
    rows = []
    for index, row in keep.iterrows():
        k = tuple(row[c] for c in key)
        seen = latest.get(k)
        now = (str(row["_when"]), tuple(str(row[c]) for c in values))
        if seen is not None and seen[1] != now[1] and k not in changed:
            changed.append(k)
        if seen is None or now[0] >= seen[0]:
            latest[k] = now
            rows.append(index)
    if changed:
        shown = ", ".join(" / ".join(map(str, k)) for k in changed[:5])
        ctx.log.warn(f"{TABLE_SPECS[table].file_name}: {len(changed):,} repeated with other "
                     f"values (a price that changed, say) took the latest: {shown}"
                     + (", …" if len(changed) > 5 else ""))
    return keep.loc[rows].drop(columns="_when")
