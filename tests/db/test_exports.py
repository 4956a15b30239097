"""Exports: policies in each platform's format re-import to the same policies; no formulas."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select, update

from inventory_core.cli import main
from inventory_core.domain.access import Actor
from inventory_core.io.exports import (
    csv_bytes,
    excel_bytes,
    notification_list,
    policy_export,
    table_frame,
)
from inventory_core.io.imports import import_file
from inventory_core.services.events import refresh
from inventory_core.store.models import Change, Policy, Stock
from tests.db.test_imports import dump


def policies(engine) -> list[tuple]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(
            select(Policy.sku, Policy.mode, Policy.cap, Policy.version).order_by(Policy.sku))]


def stock_of(engine, sku="A-RED", location="Main") -> int:
    with engine.connect() as c:
        return c.execute(select(Stock.on_hand).where(Stock.sku == sku,
                                                     Stock.location == location)).scalar_one()


def settled(store):
    """The fixture store after the refresh every import ends with (F-AUTO moves)."""
    with store.begin() as connection:
        refresh(connection, dt.date.today())
    return store


@pytest.mark.parametrize("platform", ["shopify", "woocommerce", "magento"])
def test_a_policy_export_imported_back_yields_the_same_policies(store, platform):
    settled(store)
    before = policies(store)
    with store.connect() as c:
        audits = c.execute(select(func.count()).select_from(Change)).scalar_one()
    exported = csv_bytes(policy_export(store, platform))
    result = import_file(store, exported, actor=Actor("Round trip"), today=dt.date.today(),
                         name=f"{platform}.csv")
    assert result.format_name.startswith(platform)
    assert result.rows_read == 7  # one row per fixture SKU
    assert result.policies_changed == 0
    assert policies(store) == before  # modes, caps and versions unchanged
    with store.connect() as c:
        assert c.execute(select(func.count()).select_from(Change)).scalar_one() == audits


@pytest.mark.parametrize("platform", ["shopify", "woocommerce", "magento"])
def test_a_policy_export_imported_back_restores_policies_changed_since(store, platform):
    settled(store)
    exported = csv_bytes(policy_export(store, platform))
    with store.begin() as c:
        c.execute(update(Policy).where(Policy.sku == "C-GADGET").values(mode="out_of_stock"))
        c.execute(update(Policy).where(Policy.sku == "A-RED").values(mode="backorder"))
    result = import_file(store, exported, actor=Actor("Round trip"), today=dt.date.today(),
                         name=f"{platform}.csv")
    assert result.policies_changed == 2
    with store.connect() as c:
        modes = dict(c.execute(select(Policy.sku, Policy.mode)
                               .where(Policy.sku.in_(["A-RED", "C-GADGET"]))).all())
    assert modes == {"A-RED": "stock", "C-GADGET": "backorder"}


def test_policy_exports_carry_each_platforms_settings(store):
    # fixture modes: A,B stock · C backorder · D preorder cap 50 · E discontinued ·
    # F stock (auto) · G out of stock
    assert list(policy_export(store, "shopify").columns) == [
        "Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value",
        "Option3 Name", "Option3 Value", "Variant SKU", "Variant Inventory Policy"]
    shopify = policy_export(store, "shopify").set_index("Variant SKU")
    assert shopify.loc["C-GADGET", "Variant Inventory Policy"] == "continue"
    assert shopify.loc["D-NEW", "Variant Inventory Policy"] == "continue"
    assert shopify.loc["G-GONE", "Variant Inventory Policy"] == "deny"
    assert tuple(shopify.loc["A-RED", ["Option1 Name", "Option1 Value", "Option2 Name"]]) \
        == ("Title", "Default Title", "")
    woo = policy_export(store, "woocommerce").set_index("SKU")
    assert tuple(woo.loc["C-GADGET", ["Backorders allowed?", "In stock?"]]) == (
        "notify", "backorder")
    assert tuple(woo.loc["E-OLD", ["Backorders allowed?", "In stock?"]]) == ("0", "0")
    assert tuple(woo.loc["A-RED", ["Backorders allowed?", "In stock?"]]) == ("0", "1")
    magento = policy_export(store, "magento").set_index("sku")
    assert magento.loc["D-NEW"].to_dict() == {  # no import said what Magento had: all written
        "store_view_code": "", "allow_backorders": 2, "use_config_backorders": 0,
        "is_in_stock": 1, "out_of_stock_qty": -50, "use_config_min_qty": 0,
        "additional_attributes": f"release_date={(dt.date.today() + dt.timedelta(20))}"}
    assert tuple(magento.loc["C-GADGET", ["out_of_stock_qty", "use_config_min_qty"]]) == ("", 1)
    assert magento.loc["G-GONE", "is_in_stock"] == 0


def test_cells_a_spreadsheet_would_run_are_neutralised_in_csv_and_excel():
    frame = pd.DataFrame({"name": ['=HYPERLINK("http://evil.example","x")', "+1", "-2",
                                   "@SUM(A1)", "\tTab", "\rCR", "<script>ok</script>",
                                   "Plain"], "qty": [-1, 2, 3, 4, 5, 6, 7, 8]})
    text = csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n'+1," in text and "\n'-2," in text
    assert "\n'@SUM(A1)," in text and "<script>ok</script>" in text
    assert "\n=HYPERLINK" not in text and ",-1\n" in text.replace("\r\n", "\n")  # numbers stay
    sheet = openpyxl.load_workbook(io.BytesIO(excel_bytes(frame))).active
    cells = [sheet.cell(row=r, column=1) for r in range(2, 10)]
    assert all(c.data_type == "s" for c in cells)  # no formula cell
    assert cells[0].value == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert sheet.cell(row=2, column=2).value == -1


def test_any_table_and_the_notification_list_can_be_exported(store):
    assert list(table_frame(store, "stock")["sku"]) == [
        "A-RED", "A-RED", "B-BLUE", "C-GADGET", "E-OLD", "F-AUTO", "G-GONE"]
    settled(store)  # the refresh queues the delay messages of the waiting lines
    listed = notification_list(store)
    assert list(listed.columns) == ["created_at", "kind", "recipient", "sku", "order_number",
                                    "subject", "body", "status", "sent_at"]
    assert set(listed["kind"]) == {"backorder_delay"} and set(listed["status"]) == {"pending"}
    assert sorted(listed["order_number"]) == ["#2", "#3", "#4", "#5", "#6", "#7", "#9"]


# --------------------------------------------------------------------------- command line


def test_the_command_line_names_a_missing_file_a_bad_date_and_an_unwritable_output(
        store, db_url, tmp_path, capsys):
    assert main(["import", str(tmp_path / "none.csv"), "--db", db_url]) == 2
    assert f"error: there is no file '{tmp_path / 'none.csv'}'." in capsys.readouterr().err
    real = tmp_path / "stock.csv"
    real.write_text("sku,location,on_hand\nA-RED,Main,3\n")
    with pytest.raises(SystemExit) as exited:
        main(["import", str(real), "--db", db_url, "--today", "2026-13-01"])
    assert exited.value.code == 2
    assert "'2026-13-01' is not a date written YYYY-MM-DD" in capsys.readouterr().err
    out = tmp_path / "no-such-folder" / "policies.csv"
    assert main(["export", "--format", "shopify", "--db", db_url, "-o", str(out)]) == 1
    assert "No such file or directory. Nothing was written." in capsys.readouterr().err
    assert stock_of(store) == 30  # A-RED/Main as in the fixture: nothing was imported


def test_the_command_line_imports_exports_and_refuses(store, db_url, tmp_path, capsys):
    out = tmp_path / "policies.csv"
    assert main(["export", "--format", "magento", "--db", db_url, "-o", str(out)]) == 0
    assert "Wrote 7 SKUs' policies for magento" in capsys.readouterr().out
    assert main(["import", str(out), "--db", db_url]) == 0
    printed = capsys.readouterr().out
    assert "Imported Magento 2 catalog product export (7 rows)" in printed
    assert "0 policies changed" in printed
    bad = tmp_path / "stock.csv"
    bad.write_text("sku,location,on_hand\nA-RED,Main,ten\n")
    before = dump(store)
    assert main(["import", str(bad), "--db", db_url]) == 1
    err = capsys.readouterr().err
    assert "'stock.csv' was refused: 1 problem. Nothing was changed." in err
    assert "row 2, column 'on_hand' ('ten'): is not a whole number" in err
    assert dump(store) == before
    assert main(["import", str(bad), "--format", "shopify_orders", "--db", db_url]) == 1
    assert "does not have the columns of a Shopify orders export" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["export", "--format", "amazon", "--db", db_url, "-o", str(out)])
    assert exited.value.code == 2
