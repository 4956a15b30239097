"""What the database can hold, checked before anything is written, the same way on every
database: text no longer than its column, SKUs that only look alike.

SQLite stores a 1 MB name where PostgreSQL refuses it; checking the lengths here
refuses it on both, naming the row and the column. Numbers are checked as they are
parsed (``cells``: whole numbers within 32 bits, amounts finite and within 12 digits).
"""

from __future__ import annotations

import unicodedata

import pandas as pd
from sqlalchemy import String

from inventory_core.io.imports.base import Batch, Context
from inventory_core.io.imports.reader import Log
from inventory_core.store.models import Base

LOOK_ALIKE = str.maketrans({
    # Cyrillic and Greek letters drawn like Latin ones (lower case after casefold)
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i",
    "κ": "k", "μ": "m", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "ζ": "z",
})


def check_lengths(batch: Batch, rows: pd.Series, log: Log) -> None:
    """A problem for each text longer than its stored column (``rows``: the chunk's row
    numbers by index, as the importers' frames keep the chunk's index)."""
    for table_name, frame in batch.frames.items():
        table = Base.metadata.tables.get(table_name)
        if table is None:
            continue
        for column in table.c:
            length = getattr(column.type, "length", None)
            if column.name not in frame.columns or not isinstance(column.type, String) \
                    or length is None:
                continue
            text = frame[column.name].astype("string")
            long = text.str.len().gt(length).fillna(False).astype(bool)
            if long.any():
                at = rows.reindex(frame.index[long])
                for row, value in zip(at, text[long], strict=True):
                    log.problem(None if pd.isna(row) else int(row), column.name,
                                f"{value[:30]}…", f"is {len(value):,} characters long; "
                                f"at most {length:,} can be stored")


def skeleton(sku: str) -> str:
    """The SKU as it reads on screen: compatibility forms folded, case folded and
    look-alike letters of other scripts taken as the Latin letter they resemble."""
    return unicodedata.normalize("NFKC", sku).casefold().translate(LOOK_ALIKE)


def warn_look_alikes(skus: pd.Series, rows: pd.Series, column: str, ctx: Context) -> None:
    """Warn about SKUs that differ from another SKU of the file or the store only by
    case or by look-alike letters (``А-1`` with a Cyrillic А beside ``A-1``)."""
    seen: dict[str, str] = ctx.state.get("skeletons") or {
        skeleton(sku): sku for sku in sorted(ctx.known_skus)}
    ctx.state["skeletons"] = seen
    for sku, row in zip(skus, rows, strict=True):
        if not sku:
            continue
        key = skeleton(sku)
        other = seen.setdefault(key, sku)
        if other != sku:
            ctx.log.warn(f"'{column}' '{sku}' looks like '{other}' (they differ only by "
                         "case or by look-alike letters): check they are meant to be two "
                         "products", [int(row)])


def warn_spaces(raw: pd.Series, rows: pd.Series, column: str, log: Log) -> None:
    """Warn about cells with spaces around their text (read without them)."""
    spaced = raw.ne(raw.str.strip())
    if spaced.any():
        log.warn(f"'{column}' has spaces around some values: read without them",
                 rows[spaced], int(spaced.sum()))
