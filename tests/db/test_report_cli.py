"""``python -m inventory_core report``: the product's tables, as the pages' downloads hold
them, on the hand-worked fixture store (tests/fixture_store.py)."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from inventory_core.cli import main
from inventory_core.domain.recommendations import recommend
from inventory_core.domain.settings import StoreSettings
from inventory_core.domain.stock_numbers import cover_band, needs_reorder
from inventory_core.queries.catalog import sku_table
from inventory_core.queries.promises import allocation_for
from inventory_core.queries.suppliers import supplier_reliability
from restock_ui.views.stock import table_view
from restock_ui.views.supply import lines_table
from tests.fixture_store import day


def report(db_url, capsys, *args) -> str:
    assert main(["report", *args, "--db", db_url]) == 0
    return capsys.readouterr().out


def csv_report(db_url, capsys, name, *args) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(report(db_url, capsys, name, *args)), dtype=str,
                       keep_default_na=False)


def test_the_skus_report_lists_every_sku_with_its_state_mode_and_stock(store, db_url, capsys):
    rows = csv_report(db_url, capsys, "skus").set_index("sku")
    assert list(rows.index) == ["A-RED", "B-BLUE", "C-GADGET", "D-NEW", "E-OLD", "F-AUTO",
                                "G-GONE"]
    assert {"name", "state", "mode", "on_hand", "available", "cap", "promised_date",
            "backorder_units", "preorder_units", "demand_per_day",
            "days_of_cover"} <= set(rows.columns)
    assert rows["state"].to_dict() == {
        "A-RED": "In stock", "B-BLUE": "Low stock", "C-GADGET": "Backorder",
        "D-NEW": "Pre-order", "E-OLD": "Discontinued", "F-AUTO": "Backorder",
        "G-GONE": "Out of stock"}
    assert rows.loc["A-RED", ["mode", "on_hand", "available"]].tolist() == [
        "Sell from stock", "35", "33"]
    assert rows.loc["C-GADGET", ["mode", "backorder_units", "promised_date"]].tolist() == [
        "Backorder", "9", day(12).isoformat()]
    assert rows.loc["D-NEW", ["cap", "preorder_units", "promised_date"]].tolist() == [
        "50", "3", day(20).isoformat()]
    # F-AUTO sells from stock with auto-switch on: it says why it shows Backorder
    assert rows.loc["F-AUTO", "state_reason"].startswith("Auto-switch: nothing available")
    assert rows.loc["A-RED", "days_of_cover"] == "92.4"


def test_each_report_holds_the_rows_and_meanings_of_the_pages_downloads(
        store, db_url, capsys, today):
    skus = sku_table(store, today, StoreSettings())
    page = table_view(skus.assign(cover_band=cover_band(skus), needs_reorder=needs_reorder(skus)))
    rows = csv_report(db_url, capsys, "skus")
    assert list(rows["sku"]) == list(page["SKU"])
    assert list(rows["state"]) == list(page["State"])
    assert rows["available"].astype(int).tolist() == page["Available"].tolist()
    assert rows["on_hand"].astype(int).tolist() == page["On hand"].tolist()

    lines = lines_table(allocation_for(store, today).lines)
    waiting = csv_report(db_url, capsys, "waiting-lines")
    assert sorted(zip(waiting["order"], waiting["line"].astype(int), waiting["likely_ship"],
                      waiting["outlook"], strict=True)) == sorted(zip(
        lines["Order"], lines["Line"], pd.to_datetime(lines["Likely ship"]).dt.strftime(
            "%Y-%m-%d").fillna(""), lines["Outlook"].astype(str), strict=True))
    assert len(waiting) == 8  # C-GADGET's six backorder lines, D-NEW's two pre-orders

    recs = recommend(skus, supplier_reliability(store), today)
    shown = csv_report(db_url, capsys, "recommendations")
    assert list(shown["reason"]) == list(recs["reason"])
    assert shown.set_index("sku").loc["F-AUTO", ["recommended_mode", "recommended_cap",
                                                "recommended_restock"]].tolist() == [
        "Backorder", "10", day(7).isoformat()]


def test_reports_as_json_for_a_chosen_day_and_into_a_file(store, db_url, capsys, tmp_path):
    later = day(13).isoformat()  # C-GADGET's restock date T+12 has passed by then
    records = json.loads(report(db_url, capsys, "skus", "--format", "json", "--today", later))
    c_gadget = next(r for r in records if r["sku"] == "C-GADGET")
    # rolled to PO-1 (T+12) moved by the store-wide 2 days: T+14, never a past date
    assert c_gadget["promised_date"] == day(14).isoformat()
    assert c_gadget["cap"] is None and c_gadget["backorder_units"] == 9
    out = tmp_path / "lines.csv"
    assert main(["report", "waiting-lines", "--db", db_url, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbforder,line,sku,kind")


def test_an_unknown_report_or_day_is_refused_with_a_message(db_url, capsys):
    with pytest.raises(SystemExit) as exit_code:
        main(["report", "customers", "--db", db_url])
    assert exit_code.value.code == 2
    assert "invalid choice: 'customers'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", "skus", "--db", db_url, "--today", "1/12/2026"])
    assert "is not a date written YYYY-MM-DD" in capsys.readouterr().err
