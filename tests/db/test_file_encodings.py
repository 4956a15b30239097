"""Any file a store or a spreadsheet writes is read, or refused naming the row and column,
and a refused file leaves the store byte for byte as it was (issue 18, item 4; issue 19,
items 8 and 9)."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from inventory_core.domain.access import Actor
from inventory_core.errors import ImportRefused
from inventory_core.io.imports import import_file
from inventory_core.store.models import Base, Product, Stock
from tests.import_files import SHOPIFY_INVENTORY, csv_text

EDITOR = Actor("Importer")
ROWS = [
    {"Handle": "tee", "Title": "Tee", "Option1 Name": "Size", "Option1 Value": "S",
     "SKU": "TEE-S", "Location": "Shop location", "On hand (current)": "7"},
    {"Handle": "tee", "Title": "Tee", "Option1 Name": "Size", "Option1 Value": "M",
     "SKU": "TEE-M", "Location": "Shop location", "On hand (current)": "3"},
    {"Handle": "café-mug", "Title": "Café mug", "Option1 Name": "Title",
     "Option1 Value": "Default Title", "SKU": "MUG", "Location": "Shop location",
     "On hand (current)": "12"},
]


def run(engine, data, name="inventory_export.csv"):
    return import_file(engine, data, actor=EDITOR, today=dt.date.today(), name=name)


def stored(engine) -> dict[str, tuple[str, int]]:
    with engine.connect() as c:
        return {sku: (name, on_hand) for sku, name, on_hand in c.execute(
            select(Product.sku, Product.name, Stock.on_hand).join(Stock))}


EXPECTED = {"TEE-S": ("Tee - S", 7), "TEE-M": ("Tee - M", 3), "MUG": ("Café mug", 12)}


@pytest.mark.parametrize(("encode", "newline"), [
    (lambda t: t.encode("utf-8"), "\n"),
    (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "\r\n"),
    (lambda t: t.encode("utf-16"), "\r\n"),  # Excel's "Unicode text": UTF-16 with its BOM
    (lambda t: t.encode("cp1252"), "\r\n"),
    (lambda t: t.encode("latin-1"), "\r"),  # old Mac Excel: CR alone
    (lambda t: t.encode("utf-8"), "\r"),
], ids=["utf8-lf", "utf8-bom-crlf", "utf16-bom", "cp1252", "latin1-cr", "utf8-cr"])
def test_every_encoding_and_line_ending_a_store_or_spreadsheet_writes_is_read(
        engine, encode, newline):
    text = csv_text(SHOPIFY_INVENTORY, ROWS, newline=newline)
    result = run(engine, encode(text))
    assert result.format_name == "shopify_inventory"
    assert stored(engine) == EXPECTED


def dump(engine) -> dict[str, list[tuple]]:
    with engine.connect() as c:
        return {t.name: [tuple(r) for r in c.execute(
            select(t).order_by(*t.primary_key.columns))] for t in Base.metadata.sorted_tables}


def file_hash(db_url: str, engine) -> str | None:
    if not db_url.startswith("sqlite"):
        return None
    engine.dispose()
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return hashlib.sha256(Path(db_url.removeprefix("sqlite:///")).read_bytes()).hexdigest()


def refused(engine, db_url, data) -> ImportRefused:
    """The refusal of ``data``, checking that the store did not change at all."""
    run(engine, csv_text(SHOPIFY_INVENTORY, ROWS).encode())
    before, hashed = dump(engine), file_hash(db_url, engine)
    with pytest.raises(ImportRefused) as caught:
        run(engine, data)
    assert dump(engine) == before
    assert file_hash(db_url, engine) == hashed
    return caught.value


def test_a_file_cut_in_its_last_row_is_refused_naming_the_row_and_both_counts(engine, db_url):
    text = csv_text(SHOPIFY_INVENTORY, [*ROWS, {**ROWS[0], "SKU": "TEE-L"}])
    cut = text[: text.rindex("Shop location")] + "Shop location"
    error = refused(engine, db_url, cut.encode())
    assert [str(p) for p in error.problems] == [
        f"row 5: has 12 fields where the header has {len(SHOPIFY_INVENTORY)} "
        "(a row cut short, or a stray ',')"]
    assert "Nothing was changed" in str(error)


def test_a_row_with_a_field_too_many_is_refused(engine, db_url):
    text = csv_text(SHOPIFY_INVENTORY, ROWS).replace("TEE-M,", "TEE-M,extra,", 1)
    error = refused(engine, db_url, text.encode())
    assert [(p.row, p.problem.split(" (")[0]) for p in error.problems] == [
        (3, "has 20 fields where the header has 19")]


def test_a_quote_that_never_closes_names_the_row_and_column_where_it_opens(engine, db_url):
    lines = csv_text(SHOPIFY_INVENTORY, ROWS, newline="\n").split("\n")
    lines[2] = lines[2].replace(",Tee,", ',"Tee,', 1)  # row 3's Title opens a quote
    error = refused(engine, db_url, "\n".join(lines).encode())
    assert [(p.row, p.column) for p in error.problems] == [(3, "Title")]
    assert "a quote opens here" in error.problems[0].problem


def test_text_encoded_twice_is_imported_with_a_warning_naming_column_and_row(engine):
    text = csv_text(SHOPIFY_INVENTORY, ROWS).replace("Café", "CafÃ©")
    result = run(engine, text.encode("utf-8"))
    assert any(w.startswith("'Title' holds text that looks encoded twice") and "row: 4" in w
               for w in result.warnings), result.warnings


def test_a_nul_character_in_a_cell_is_refused_not_cut(engine, db_url):
    text = csv_text(SHOPIFY_INVENTORY, ROWS).replace("Café mug", "Café\x00mug")
    error = refused(engine, db_url, text.encode())
    assert [(p.row, p.column) for p in error.problems] == [(4, "Title")]


def test_binary_data_and_a_header_too_wide_are_refused_in_one_sentence(engine, db_url):
    error = refused(engine, db_url, bytes(range(256)) * 64)
    assert str(error) == ("'inventory_export.csv' is not a text file (it holds binary "
                          "data): export it from the store as CSV and import that file.")
    error = refused(engine, db_url, (",".join(f"c{i}" for i in range(6000)) + "\n").encode())
    assert str(error).startswith("'inventory_export.csv' has 6,000 columns, more than any")
    error = refused(engine, db_url, ("x" * 300_000).encode())
    assert "header line longer than 256 KB" in str(error)
