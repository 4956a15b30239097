"""The way back: a store imported from its own export, exported as the platform's policy
file and imported again, is unchanged; the file is in the store's own header style and
carries what the platform needs to match variants; --changed-only keeps the SKUs whose
policy differs from what the last import said the store had.

tests/files/shopify_products_options_{classic,2024}.csv hold the same store: Linen Shirt
(Size S and M, Colour White: LS-S-W deny, LS-M-W continue) and Mug (MUG-1, one variant,
deny).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from inventory_core.cli import main
from inventory_core.domain.access import Actor
from inventory_core.io.exports import csv_bytes, platform_policy_file, policy_export
from inventory_core.io.imports import import_file
from inventory_core.store.models import Policy
from tests.db.test_imports import dump
from tests.import_files import MAGENTO, SHOPIFY_CLASSIC, csv_text

FILES = Path(__file__).parents[1] / "files"
TODAY = dt.date.today()
CLASSIC = ["Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name",
           "Option2 Value", "Option3 Name", "Option3 Value", "Variant SKU",
           "Variant Inventory Policy"]
MODERN = ["URL handle", "Title", "Option1 name", "Option1 value", "Option2 name",
          "Option2 value", "Option3 name", "Option3 value", "SKU",
          "Continue selling when out of stock"]
ROWS = [  # by handle, then SKU
    ["linen-shirt", "Linen Shirt", "Size", "M", "Colour", "White", "", "", "LS-M-W",
     "continue"],
    ["linen-shirt", "Linen Shirt", "Size", "S", "Colour", "White", "", "", "LS-S-W", "deny"],
    ["mug", "Mug", "Title", "Default Title", "", "", "", "", "MUG-1", "deny"],
]


def run(engine, data, name="file.csv"):
    return import_file(engine, data, actor=Actor("Round trip"), today=TODAY, name=name)


def set_mode(engine, sku, mode, cap=None, **fields):
    with engine.begin() as c:
        c.execute(update(Policy).where(Policy.sku == sku).values(mode=mode, cap=cap, **fields))


@pytest.mark.parametrize("file_name,header", [
    ("shopify_products_options_classic.csv", CLASSIC),
    ("shopify_products_options_2024.csv", MODERN)])
def test_the_shopify_policy_file_is_in_the_stores_header_and_changes_nothing_re_imported(
        engine, file_name, header):
    run(engine, FILES / file_name)
    exported = policy_export(engine, "shopify")
    assert list(exported.columns) == header
    assert exported.values.tolist() == ROWS
    before = dump(engine)
    result = run(engine, csv_bytes(exported), "policies-shopify.csv")
    assert result.format_name.startswith("shopify_products")
    assert (result.rows_read, result.policies_changed) == (3, 0)
    assert dump(engine) == before  # every stored row, settings included, identical


def test_a_store_no_shopify_file_spoke_of_gets_the_classic_header(store):
    assert list(policy_export(store, "shopify").columns) == CLASSIC


def test_only_the_policies_that_differ_from_what_the_store_had_are_exported(engine):
    run(engine, FILES / "shopify_products_options_classic.csv")
    assert policy_export(engine, "shopify", changed_only=True).empty  # as the store has it
    set_mode(engine, "LS-S-W", "backorder")  # deny → continue
    set_mode(engine, "LS-M-W", "preorder")  # still continue: Shopify's file is the same
    changed = policy_export(engine, "shopify", changed_only=True)
    assert changed.values.tolist() == [
        ["linen-shirt", "Linen Shirt", "Size", "S", "Colour", "White", "", "", "LS-S-W",
         "continue"]]
    run(engine, csv_bytes(changed), "changed.csv")  # uploaded: the store has it now
    assert policy_export(engine, "shopify", changed_only=True).empty


def test_a_product_with_options_no_import_named_is_left_out_and_said_so(engine):
    run(engine, b"sku,name,category,price,group_key,option1\nX-1,Scarf - Red,Acc,9,scarf,Red\n"
        b"Y-1,Cap,Acc,5,,\n", "products.csv")
    made = platform_policy_file(engine, "shopify")
    assert made.frame["Variant SKU"].tolist() == ["Y-1"]
    assert made.frame.iloc[0][["Handle", "Title", "Option1 Name", "Option1 Value"]].tolist() \
        == ["cap", "Cap", "Title", "Default Title"]
    assert made.notes == ["1 SKUs left out (X-1): their products have options whose names "
                          "no Shopify products export gave; import the store's products "
                          "export first"]


def _magento_store(engine):
    restock = (TODAY + dt.timedelta(days=30)).isoformat()
    rows = [
        {"sku": "M-1", "product_type": "simple", "name": "Lamp", "categories": "Home/Lamps",
         "price": "30", "qty": "10", "allow_backorders": "0", "use_config_backorders": "0",
         "is_in_stock": "1", "out_of_stock_qty": "0", "use_config_min_qty": "1",
         "manage_stock": "1", "use_config_manage_stock": "0"},
        {"sku": "M-2", "product_type": "simple", "name": "Shade", "categories": "Home/Lamps",
         "price": "12", "qty": "0", "allow_backorders": "2", "use_config_backorders": "0",
         "is_in_stock": "1", "out_of_stock_qty": "-5", "use_config_min_qty": "0",
         "additional_attributes": f"amasty_restock_date={restock}",
         "manage_stock": "1", "use_config_manage_stock": "0"},
    ]
    run(engine, csv_text(MAGENTO, rows).encode(), "catalog_product.csv")
    return restock


def test_magento_writes_backorder_settings_only_where_the_policy_differs(engine):
    restock = _magento_store(engine)
    blank = {"allow_backorders": "", "use_config_backorders": "", "is_in_stock": "",
             "out_of_stock_qty": "", "use_config_min_qty": "", "additional_attributes": ""}
    exported = policy_export(engine, "magento").set_index("sku")
    assert exported.loc["M-1"].to_dict() == {"store_view_code": "", **blank}
    assert exported.loc["M-2"].to_dict() == {"store_view_code": "", **blank}
    # M-1 goes on backorder, 3 at most, restocked in 20 days: only M-1 is written, its
    # cap with use_config_min_qty 0, its date under the store's own attribute code
    later = TODAY + dt.timedelta(days=20)
    set_mode(engine, "M-1", "backorder", 3, restock_date=later)
    exported = policy_export(engine, "magento").set_index("sku")
    assert exported.loc["M-1"].to_dict() == {
        "store_view_code": "", "allow_backorders": 2, "use_config_backorders": 0,
        "is_in_stock": 1, "out_of_stock_qty": -3, "use_config_min_qty": 0,
        "additional_attributes": f"amasty_restock_date={later.isoformat()}"}
    assert exported.loc["M-2"].to_dict() == {"store_view_code": "", **blank}
    assert policy_export(engine, "magento", changed_only=True)["sku"].tolist() == ["M-1"]
    before = {k: v for k, v in dump(engine).items() if k != "settings"}
    result = run(engine, csv_bytes(exported.reset_index()), "policies-magento.csv")
    assert result.policies_changed == 0
    assert {k: v for k, v in dump(engine).items() if k != "settings"} == before
    with engine.connect() as c:  # M-2's date, read from the store's own attribute
        assert c.execute(select(Policy.restock_date).where(Policy.sku == "M-2")
                         ).scalar_one() == dt.date.fromisoformat(restock)


def test_woocommerce_carries_id_sku_and_the_stock_settings_only(store):
    assert list(policy_export(store, "woocommerce").columns) == [
        "ID", "SKU", "Backorders allowed?", "In stock?"]


def test_the_command_line_exports_only_the_changed_policies(engine, db_url, tmp_path,
                                                           capsys):
    run(engine, FILES / "shopify_products_options_2024.csv")
    set_mode(engine, "MUG-1", "backorder")
    out = tmp_path / "changed.csv"
    assert main(["export", "--format", "shopify", "--changed-only", "--db", db_url,
                 "-o", str(out)]) == 0
    assert "Wrote 1 SKUs' policies changed since the last import for shopify" in \
        capsys.readouterr().out
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines == [",".join(MODERN), "mug,Mug,Title,Default Title,,,,,MUG-1,continue"]


def test_variants_without_or_sharing_a_sku_go_back_with_the_stores_own_sku(engine):
    # Tote: Colour Black (SKU TOTE), Colour Tan (no SKU); Tote Mini: one variant, SKU TOTE
    rows = [
        {"Handle": "tote", "Title": "Tote", "Option1 Name": "Colour", "Option1 Value": "Black",
         "Variant SKU": "TOTE", "Variant Inventory Tracker": "shopify",
         "Variant Inventory Qty": "3", "Variant Inventory Policy": "deny",
         "Variant Price": "40.00"},
        {"Handle": "tote", "Option1 Value": "Tan", "Variant SKU": "",
         "Variant Inventory Tracker": "shopify", "Variant Inventory Qty": "1",
         "Variant Inventory Policy": "continue", "Variant Price": "40.00"},
        {"Handle": "tote-mini", "Title": "Tote Mini", "Option1 Name": "Title",
         "Option1 Value": "Default Title", "Variant SKU": "TOTE",
         "Variant Inventory Tracker": "shopify", "Variant Inventory Qty": "2",
         "Variant Inventory Policy": "deny", "Variant Price": "25.00"},
    ]
    run(engine, csv_text(SHOPIFY_CLASSIC, rows).encode(), "products_export.csv")
    exported = policy_export(engine, "shopify")
    assert exported[["Handle", "Option1 Value", "Variant SKU",
                     "Variant Inventory Policy"]].values.tolist() == [
        ["tote", "Tan", "", "continue"],  # stored as '(no SKU) tote / Tan'
        ["tote", "Black", "TOTE", "deny"],
        ["tote-mini", "Default Title", "TOTE", "deny"]]  # stored as 'TOTE (tote-mini)'
    before = dump(engine)
    result = run(engine, csv_bytes(exported), "policies-shopify.csv")
    assert result.policies_changed == 0
    assert dump(engine) == before
