"""The Data page in AppTest: upload, detect, import, refuse, map, reset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from inventory_core.domain.access import Actor
from inventory_core.io.exports import csv_bytes, policy_export
from inventory_core.io.imports import read_mapping_file, save_mapping
from inventory_core.services.events import refresh
from inventory_core.store.models import OrderLine, Policy, Stock
from tests.apptest import app_on, shown
from tests.db.test_imports import dump

PAGE = "pages/data.py"


def _upload(at, name: str, payload: bytes):
    at.file_uploader(key="data_upload").set_value((name, payload, "text/csv"))
    at.run()
    return at


def test_the_data_page_imports_an_uploaded_file_and_the_store_changes(store, db_url,
                                                                      monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    assert not at.exception
    assert any("Files up to 200 MB" in c.value for c in at.caption)
    _upload(at, "inventory.csv", b"sku,location,on_hand\nB-BLUE,Main,17\n")
    assert any("Detected format:** Generic stock.csv" in shown(m.value) for m in at.markdown)
    at.button(key="data_import").click().run()
    assert not at.exception
    assert shown(at.success[0].value).startswith("Imported Generic stock.csv (1 rows)")
    assert any("Read as the generic stock table." in c.value for c in at.caption)
    with store.connect() as c:
        on_hand = c.execute(select(Stock.on_hand).where(Stock.sku == "B-BLUE",
                                                        Stock.location == "Main")).scalar_one()
    assert on_hand == 17


def test_a_refused_file_shows_its_problems_as_a_table_and_changes_nothing(store, db_url,
                                                                          monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    before = dump(store)
    _upload(at, "bad.csv", b"sku,location,on_hand\nB-BLUE,Main,seven\n")
    at.button(key="data_import").click().run()
    assert not at.exception
    assert "was refused: 1 problem" in shown(at.error[0].value)
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert problems.to_dict("records") == [
        {"Row": 2, "Column": "on_hand", "Value": "seven", "Problem": "is not a whole number"}]
    assert dump(store) == before


def test_an_unknown_layout_is_mapped_on_the_page_then_imported(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    _upload(at, "erp.csv", b"Item;Where;Count\nB-BLUE;Main;3\n")
    assert any("Unknown layout" in m.value for m in at.markdown)
    at.multiselect(key="data_map_tables").set_value(["stock"]).run()
    at.selectbox(key="data_map_stock_sku").set_value("Item")
    at.selectbox(key="data_map_stock_location").set_value("Where")
    at.selectbox(key="data_map_stock_on_hand").set_value("Count").run()
    at.button(key="data_map_save").click().run()
    assert any("Mapping saved" in s.value for s in at.success)
    at.button(key="data_import").click().run()
    assert not at.exception
    with store.connect() as c:
        assert c.execute(select(Stock.on_hand).where(Stock.sku == "B-BLUE",
                                                     Stock.location == "Main")).scalar_one() == 3


def test_reset_to_the_demo_store_needs_the_confirmation(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    assert at.button(key="data_reset").disabled
    at.checkbox(key="data_reset_confirm").check().run()
    at.button(key="data_reset").click().run()
    assert not at.exception
    with store.connect() as c:
        count = len(c.execute(select(Policy.sku)).all())
    assert count == 500
    # the page shows the new store at once: the notice, and the counts read again
    assert shown(at.success[0].value).startswith("The store is the demo store again, as of")
    counts = next(d.value for d in at.dataframe if "Rows" in d.value.columns)
    assert counts.set_index("Table").at["Products", "Rows"] == 500


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("platform,detected", [
    ("shopify", "Shopify products export"), ("woocommerce", "WooCommerce product CSV"),
    ("magento", "Magento 2 catalog product export")])
def test_each_platforms_policy_file_uploads_on_the_page_without_changing_policies(
        store, db_url, monkeypatch, platform, detected):
    with store.begin() as connection:  # settle auto-switch, as every import does
        refresh(connection, dt.date.today())
    exported = csv_bytes(policy_export(store, platform))
    before = dump(store)["policies"]
    at = app_on(db_url, monkeypatch, page=PAGE)
    _upload(at, f"{platform}.csv", exported)
    assert any(f"Detected format:** {detected}" in shown(m.value) for m in at.markdown)
    at.button(key="data_import").click().run()
    assert not at.exception
    assert shown(at.success[0].value).startswith(f"Imported {detected} (7 rows)")
    assert "0 policies changed" in shown(at.success[0].value)
    assert dump(store)["policies"] == before


def test_a_refused_import_says_so_on_its_progress_bar_as_soon_as_checked(store, db_url,
                                                                         monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    _upload(at, "bad.csv", b"sku,location,on_hand\nB-BLUE,Main,seven\nA-RED,Main,2\n")
    at.button(key="data_import").click().run()
    assert not at.exception
    bars = at.get("progress")
    assert len(bars) == 1
    assert bars[0].proto.value == 100  # done: the checking is over
    assert bars[0].proto.text == ("Checked 2 rows: 1 problem; the file is refused, nothing "
                                  "was changed.")


def test_start_an_empty_store_needs_the_confirmation_and_leaves_no_demo_rows(store, db_url,
                                                                             monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    assert at.button(key="data_empty").disabled
    at.checkbox(key="data_empty_confirm").check().run()
    at.button(key="data_empty").click().run()
    assert not at.exception
    assert shown(at.success[0].value) == ("The store is empty (it held 7 products and 15 orders). "
                                   "Import your store's files above.")
    counts = next(d.value for d in at.dataframe if "Rows" in d.value.columns)
    held = counts.set_index("Table")["Rows"]
    assert held.drop(["Changes", "Settings"], errors="ignore").sum() == 0
    assert held["Changes"] == 1  # the audit of emptying


def test_a_remembered_sales_mapping_imports_a_transaction_log_on_the_page(store, db_url,
                                                                          monkeypatch):
    files = Path(__file__).parents[1] / "files"
    data = (files / "transactions.csv").read_bytes()
    header = data.decode().splitlines()[0].split(",")
    save_mapping(store, header, read_mapping_file(files / "sales.toml"), actor=Actor("Me"))
    at = app_on(db_url, monkeypatch, page=PAGE)
    _upload(at, "transactions.csv", data)
    assert any("mapped before" in shown(i.value) for i in at.info)
    assert at.multiselect(key="data_map_tables").value == ["products", "orders",
                                                           "order_lines"]
    assert at.selectbox(key="data_map_order_lines_line_no").value == \
        "— line number within the order —"
    assert at.selectbox(key="data_map_dates").value == "m/d/yyyy"
    assert at.checkbox(key="data_map_returns").value is True
    at.button(key="data_import").click().run()
    assert not at.exception
    assert shown(at.success[0].value).startswith(
        "Imported Your layout, mapped onto products.csv, orders.csv, order_lines.csv (5 rows)")
    with store.connect() as c:  # the fixture's 15 lines and the log's 4 sales
        assert len(c.execute(select(OrderLine.id)).all()) == 19
