"""No file of any kind ends in a traceback, on the command line or on the Data page: each
is imported, or refused in words, and a refused one leaves the store as it was (issue 18,
item 4; issue 19, item 8)."""

from __future__ import annotations

import pytest

from inventory_core.cli import main
from tests.apptest import app_on
from tests.db.test_imports import dump
from tests.import_files import SHOPIFY_INVENTORY, SHOPIFY_ORDERS, csv_text

ROWS = [{"Handle": "tee", "Title": "Tee", "Option1 Name": "Size", "Option1 Value": "S",
         "SKU": "A-RED", "Location": "Main", "On hand (current)": "7"}]
GOOD = csv_text(SHOPIFY_INVENTORY, ROWS)
FILES = {
    "utf16.csv": (GOOD.encode("utf-16"), True),
    "cr_only.csv": (GOOD.replace("\r\n", "\r").encode("cp1252"), True),
    "cut.csv": (GOOD[: GOOD.rindex(",Main")].encode(), False),
    "quote.csv": (GOOD.replace(",Tee,", ',"Tee,', 1).encode(), False),
    "binary.csv": (bytes(range(256)) * 40, False),
    "wide.csv": ((",".join(f"c{i}" for i in range(6000)) + "\n1\n").encode(), False),
    "nul.csv": (GOOD.replace("Tee", "T\x00ee").encode(), False),
    "orders.csv": (csv_text(SHOPIFY_ORDERS, [
        {"Name": "#1", "Created at": "2026-11-20 10:00:00 +0000", "Lineitem quantity": "1",
         "Lineitem price": "inf", "Lineitem sku": "NOPE"}]).encode(), False),
}


@pytest.mark.parametrize("name", list(FILES))
def test_the_command_line_imports_or_refuses_every_file_in_words(store, db_url, tmp_path,
                                                                  capsys, name):
    data, readable = FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = dump(store)
    code = main(["import", str(path), "--db", db_url])
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    if readable:
        assert code == 0, out.err
    else:
        assert code == 1 and out.err.startswith("error: "), out.err
        assert dump(store) == before
        assert "\\x" not in out.err  # binary bytes are never echoed


@pytest.mark.parametrize("name", ["utf16.csv", "cr_only.csv", "cut.csv", "quote.csv",
                                  "binary.csv", "wide.csv"])
def test_the_data_page_imports_or_refuses_every_file_in_words(store, db_url, monkeypatch,
                                                               name):
    data, readable = FILES[name]
    before = dump(store)
    at = app_on(db_url, monkeypatch, page="pages/data.py")
    at.file_uploader(key="data_upload").set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception
    if not at.error:  # opened and previewed: the import checks every row
        at.button(key="data_import").click()
        at.run()
        assert not at.exception
    if readable:
        assert not at.error and at.success
    else:
        assert at.error
        assert dump(store) == before
