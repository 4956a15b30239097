"""A real store comes in whole (issue 18, items 1 and 2; issue 19, items 8 and 9).

Small stores in the exact shape of each platform's export, worked out by hand:

Shopify "Tees & mugs" (products export, classic header):
  tee   Size S  TEE-S   qty 7     tracked
  tee   Size M  (none)  qty 3     tracked      → key "(no SKU) tee / M"
  mug   Default MUG     qty 12    tracked
  cup   Default MUG     qty 4     tracked      → SKU shared with mug: key "MUG (cup)"
  card  Default (none)  qty blank untracked    → key "(no SKU) card / …", no stock row
The inventory export of the same store states each variant at "Shop location" with the
same quantities: whichever file comes first, and however often, each variant has its
quantity once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from inventory_core import StorefrontState, load_settings, sku_table
from inventory_core.domain.access import Actor
from inventory_core.domain.stock_numbers import cover_band, needs_reorder, stock_out_counts
from inventory_core.errors import ImportRefused
from inventory_core.io.imports import import_file
from inventory_core.io.imports.identity import platform_sku
from inventory_core.io.reports import sku_report
from inventory_core.store.models import OrderLine, Product, Stock
from tests.import_files import (
    MAGENTO,
    SHOPIFY_CLASSIC,
    SHOPIFY_INVENTORY,
    SHOPIFY_ORDERS,
    csv_text,
    utf8_bom,
    woocommerce_header,
)

EDITOR = Actor("Importer")
FILES = Path(__file__).parents[1] / "files"


def run(engine, data, name="file.csv", **options):
    return import_file(engine, data, actor=EDITOR, today=dt.date.today(), name=name, **options)


def variant(handle, title, option, sku, qty, tracker="shopify"):
    return {"Handle": handle, "Title": title, "Option1 Name": "Size" if option else "Title",
            "Option1 Value": option or "Default Title", "Variant SKU": sku,
            "Variant Inventory Tracker": tracker, "Variant Inventory Qty": qty,
            "Variant Inventory Policy": "deny", "Variant Price": "10.00", "Status": "active"}


PRODUCTS = utf8_bom(csv_text(SHOPIFY_CLASSIC, [
    variant("tee", "Tee", "S", "TEE-S", "7"),
    {**variant("tee", "", "M", "", "3"), "Status": ""},
    variant("mug", "Mug", "", "MUG", "12"),
    variant("cup", "Cup", "", "MUG", "4"),
    variant("card", "Gift card", "", "", "", tracker=""),
]))


def stock_row(handle, title, option, sku, qty):
    return {"Handle": handle, "Title": title, "Option1 Name": "Size" if option else "Title",
            "Option1 Value": option or "Default Title", "SKU": sku,
            "Location": "Shop location", "On hand (current)": qty}


INVENTORY = utf8_bom(csv_text(SHOPIFY_INVENTORY, [
    stock_row("tee", "Tee", "S", "TEE-S", "7"), stock_row("tee", "Tee", "M", "", "3"),
    stock_row("mug", "Mug", "", "MUG", "12"), stock_row("cup", "Cup", "", "MUG", "4"),
]))
KEYS = {"TEE-S", "(no SKU) tee / M", "MUG", "MUG (cup)", "(no SKU) card"}


def products(engine) -> dict[str, tuple[str, str | None]]:
    with engine.connect() as c:
        return {sku: (name, group) for sku, name, group in c.execute(
            select(Product.sku, Product.name, Product.group_key))}


def stock(engine) -> dict[tuple[str, str], int]:
    with engine.connect() as c:
        return {(sku, at): on_hand for sku, at, on_hand in c.execute(
            select(Stock.sku, Stock.location, Stock.on_hand))}


def test_every_variant_of_a_shopify_products_export_is_stored_sku_or_not(engine):
    result = run(engine, PRODUCTS, "products_export.csv")
    assert set(products(engine)) == KEYS
    assert products(engine)["(no SKU) tee / M"] == ("Tee - M", "tee")
    assert products(engine)["MUG (cup)"] == ("Cup", "cup")
    assert stock(engine) == {("TEE-S", "Main"): 7, ("(no SKU) tee / M", "Main"): 3,
                             ("MUG", "Main"): 12, ("MUG (cup)", "Main"): 4}
    assert any(w.startswith("SKU 'MUG' is used by several variants (mug, cup): kept apart, "
                            "the second as 'MUG (cup)'") and "row: 5" in w
               for w in result.warnings), result.warnings


@pytest.mark.parametrize("order", [
    ("products", "inventory", "products", "inventory"),
    ("inventory", "products", "inventory", "products"),
    ("inventory", "inventory", "products", "products"),
])
def test_products_and_inventory_exports_of_one_store_state_the_same_stock_in_any_order(
        engine, order):
    files = {"products": PRODUCTS, "inventory": INVENTORY}
    for step in order:
        run(engine, files[step], f"{step}_export.csv")
    assert stock(engine) == {("TEE-S", "Shop location"): 7,
                             ("(no SKU) tee / M", "Shop location"): 3,
                             ("MUG", "Shop location"): 12, ("MUG (cup)", "Shop location"): 4}
    assert set(products(engine)) == KEYS


def test_an_inventory_export_naming_variants_the_store_lacks_adds_them_and_says_how_many(
        engine):
    result = run(engine, INVENTORY, "inventory_export.csv")
    assert any(w.startswith("Added 4 variants the store did not have") for w in
               result.warnings), result.warnings
    assert len(products(engine)) == 4


def prices(engine) -> dict[str, str | None]:
    """Each SKU's price as the SKU report states it: blank (None) while unknown."""
    skus = sku_table(engine, dt.date.today(), load_settings(engine))
    report = sku_report(skus).set_index("sku")["price"]
    return {sku: None if pd.isna(price) else f"{price:.2f}" for sku, price in report.items()}


def test_variants_first_met_in_an_inventory_export_have_an_unknown_price_until_stated(engine):
    run(engine, INVENTORY, "inventory_export.csv")
    assert prices(engine) == {"TEE-S": None, "(no SKU) tee / M": None, "MUG": None,
                              "MUG (cup)": None}
    with engine.connect() as c:
        assert set(c.execute(select(Product.price_known)).scalars()) == {False}
    blank_price = utf8_bom(csv_text(SHOPIFY_CLASSIC, [
        {**variant("tee", "Tee", "S", "TEE-S", "7"), "Variant Price": ""},
        variant("mug", "Mug", "", "MUG", "12")]))
    run(engine, blank_price, "products_export.csv")
    assert prices(engine) == {"TEE-S": None, "(no SKU) tee / M": None, "MUG": "10.00",
                              "MUG (cup)": None}
    run(engine, PRODUCTS, "products_export.csv")
    assert set(prices(engine).values()) == {"10.00"}
    run(engine, blank_price, "products_export.csv")  # a blank price keeps the stated one
    assert prices(engine)["TEE-S"] == "10.00"


def test_woocommerce_variations_take_their_parents_category_and_skuless_ones_their_id(engine):
    rows = [
        {"ID": "10", "Type": "variable", "SKU": "HOOD", "Name": "Hoodie",
         "Categories": "Clothing > Hoodies", "In stock?": "1"},
        {"ID": "11", "Type": "variation", "SKU": "HOOD-S", "Name": "Hoodie - S",
         "In stock?": "1", "Stock": "5", "Backorders allowed?": "0", "Regular price": "40",
         "Parent": "id:10"},
        {"ID": "12", "Type": "variation", "SKU": "", "Name": "Hoodie - M", "In stock?": "1",
         "Stock": "2", "Backorders allowed?": "0", "Regular price": "40", "Parent": "HOOD"},
    ]
    run(engine, csv_text(woocommerce_header(), rows).encode())
    with engine.connect() as c:
        got = dict(c.execute(select(Product.sku, Product.category)).tuples().all())
    assert got == {"HOOD-S": "Hoodies", "(no SKU) ID 12": "Hoodies"}
    assert stock(engine) == {("HOOD-S", "Main"): 5, ("(no SKU) ID 12", "Main"): 2}


def magento_file(**cells) -> bytes:
    row = {"sku": "LAMP", "product_type": "simple", "name": "Lamp", "price": "20",
           "qty": "3", "allow_backorders": "0", "use_config_backorders": "0",
           "is_in_stock": "1", **cells}
    return csv_text(MAGENTO, [row]).encode()


@pytest.mark.parametrize(("cells", "column", "problem"), [
    ({"price": "inf"}, "price", "is not an amount"),
    ({"price": "1e300"}, "price", "is too large (at most 9,999,999,999.99)"),
    ({"qty": "99999999999"}, "qty", "is too large (at most 2,147,483,647)"),
    ({"name": "N" * 1_000}, "name", "is 1,000 characters long; at most 500 can be stored"),
])
def test_values_the_database_cannot_hold_are_refused_the_same_on_both_databases(
        engine, cells, column, problem):
    with pytest.raises(ImportRefused) as refused:
        run(engine, magento_file(**cells))
    assert [(p.row, p.column, p.problem) for p in refused.value.problems] == [
        (2, column, problem)]
    assert products(engine) == {}


def test_surrounding_spaces_and_look_alike_skus_are_warned_naming_row_and_column(engine):
    run(engine, magento_file())
    rows = [{"sku": " LAMP ", "product_type": "simple", "name": "Lamp", "qty": "4"},
            {"sku": "LАMP", "product_type": "simple", "name": "Lamp (Cyrillic A)", "qty": "1"},
            {"sku": "lamp", "product_type": "simple", "name": "Lamp (lower case)", "qty": "1"}]
    result = run(engine, csv_text(MAGENTO, rows).encode())
    assert "'sku' has spaces around some values: read without them (1 row: 2)." in \
        result.warnings
    assert any(w.startswith("'sku' 'LАMP' looks like 'LAMP'") and "row: 3" in w
               for w in result.warnings), result.warnings
    assert any(w.startswith("'sku' 'lamp' looks like 'LAMP'") and "row: 4" in w
               for w in result.warnings), result.warnings
    assert stock(engine)[("LAMP", "default")] == 4


def test_a_value_an_export_neutralised_against_formulas_is_read_back_as_the_original(engine):
    rows = [variant("sum", "'=SUM(1+1)", "", "'=SUM(1+1)", "2"),
            variant("neg", "'-5 gift", "", "'+PLUS", "1")]
    run(engine, csv_text(SHOPIFY_CLASSIC, rows).encode(), "products_export.csv")
    assert products(engine) == {"=SUM(1+1)": ("=SUM(1+1)", "sum"),
                                "+PLUS": ("-5 gift", "neg")}


def sku_rows(engine):
    return sku_table(engine, dt.date.today(), load_settings(engine)).set_index("sku")


def test_untracked_and_unmanaged_stock_show_as_not_tracked_and_stay_out_of_stock_outs(engine):
    run(engine, PRODUCTS, "products_export.csv")
    woo = [{"ID": "20", "Type": "simple", "SKU": "EBOOK", "Name": "E-book", "In stock?": "1",
            "Stock": "", "Backorders allowed?": "0", "Regular price": "5"},
           {"ID": "21", "Type": "simple", "SKU": "PIN", "Name": "Pin", "In stock?": "0",
            "Stock": "0", "Backorders allowed?": "0", "Regular price": "2"}]
    run(engine, csv_text(woocommerce_header(), woo).encode())
    skus = sku_rows(engine)
    assert skus.loc["(no SKU) card", "state"] == StorefrontState.NOT_TRACKED
    assert skus.loc["EBOOK", "state"] == StorefrontState.NOT_TRACKED
    assert skus.loc["PIN", "state"] == StorefrontState.OUT_OF_STOCK
    assert StorefrontState.NOT_TRACKED.label == "Not tracked"
    untracked = skus.loc[["(no SKU) card", "EBOOK"]]
    assert untracked["days_of_cover"].isna().all()
    assert (untracked["reorder_point"] == 0).all() and not needs_reorder(untracked).any()
    assert list(cover_band(untracked)) == ["Not tracked", "Not tracked"]
    assert stock_out_counts(skus) == {"out_of_stock": 1, "on_backorder": 0,
                                      "nothing_available": 1}  # PIN only
    # tracked again in Shopify: counted again, its quantity stored
    tracked = csv_text(SHOPIFY_CLASSIC, [variant("card", "Gift card", "", "", "9")])
    run(engine, tracked.encode(), "products_export.csv")
    assert sku_rows(engine).loc["(no SKU) card", "state"] == StorefrontState.IN_STOCK
    assert stock(engine)[("(no SKU) card", "Main")] == 9


def orders_file(skus: list[str]) -> bytes:
    rows = [{"Name": "#1001", "Email": "ann@example.com",
             "Created at": "2026-11-20 14:03:12 +0100", "Lineitem quantity": "1",
             "Lineitem name": f"Thing {sku}", "Lineitem price": "5.00", "Lineitem sku": sku,
             "Lineitem fulfillment status": "fulfilled"} for sku in skus]
    for row in rows[1:]:  # an order's extra rows leave the order's fields blank
        row.update({"Email": "", "Created at": ""})
    return utf8_bom(csv_text(SHOPIFY_ORDERS, rows))


def test_an_orders_file_naming_unknown_skus_is_refused_naming_the_first_50_and_the_count(
        engine):
    run(engine, PRODUCTS, "products_export.csv")
    unknown = [f"NEW-{i:02d}" for i in range(60)]
    data = orders_file(["TEE-S", *unknown, "NEW-00"])
    with pytest.raises(ImportRefused) as refused:
        run(engine, data, "orders_export.csv")
    problems = refused.value.problems
    assert "60 problems (the first 50 are listed)" in str(refused.value)
    assert [(p.row, p.value) for p in problems] == [(3 + i, f"NEW-{i:02d}") for i in range(50)]
    assert {p.column for p in problems} == {"Lineitem sku"}
    with engine.connect() as c:
        assert c.execute(select(OrderLine.id)).all() == []
    result = run(engine, data, "orders_export.csv", create_products=True)
    created = products(engine)
    assert created["NEW-07"] == ("Thing NEW-07", None)
    assert len(created) == len(KEYS) + 60
    assert any(w.startswith("Created 60 products the store did not have, from the order "
                            "lines (name and price): NEW-00, NEW-01,") for w in result.warnings)
    with engine.connect() as c:
        assert len(c.execute(select(OrderLine.id)).all()) == 62


def test_a_two_location_inventory_export_stores_every_variant_as_the_file_says(engine):
    # tests/files/shopify_inventory_two_locations.csv: UTF-8 BOM, CRLF, no final newline;
    # a variant without a SKU (hoodie M / Black), a SKU shared by two handles (CAP-1 on
    # cap and beanie), 'not stocked' at one location, an oversold -1 (read as 0)
    result = run(engine, FILES / "shopify_inventory_two_locations.csv")
    assert stock(engine) == {
        ("HD-S-BLK", "Warehouse"): 10, ("HD-S-BLK", "Shop"): 2,
        ("(no SKU) hoodie / M / Black", "Warehouse"): 4,
        ("CAP-1", "Warehouse"): 5,
        ("CAP-1 (beanie)", "Warehouse"): 3, ("CAP-1 (beanie)", "Shop"): 0,
    }
    assert products(engine)["(no SKU) hoodie / M / Black"] == ("Hoodie - M / Black", "hoodie")
    assert any(w.startswith("Added 4 variants the store did not have") for w in result.warnings)
    assert any(w.startswith("SKU 'CAP-1' is used by several variants (cap, beanie)")
               for w in result.warnings), result.warnings
    with engine.connect() as c:
        reserved = dict(c.execute(select(Stock.sku, Stock.reserved).where(
            Stock.location == "Warehouse")).tuples().all())
    assert reserved == {"HD-S-BLK": 2, "(no SKU) hoodie / M / Black": 1, "CAP-1": 0,
                        "CAP-1 (beanie)": 0}  # committed 2; unavailable 1
    assert run(engine, FILES / "shopify_inventory_two_locations.csv").written["stock"] == 6
    assert len(stock(engine)) == 6  # twice: the same stock


def test_order_lines_find_variants_without_a_sku_or_with_a_shared_one_by_their_name(engine):
    run(engine, PRODUCTS, "products_export.csv")
    lines = [("", "Tee - M"), ("MUG", "Cup"), ("MUG", "Mug"), ("", "Tip")]
    rows = [{"Name": "#1001", "Email": "ann@example.com" if i == 0 else "",
             "Created at": "2026-11-20 14:03:12 +0100" if i == 0 else "",
             "Lineitem quantity": "1", "Lineitem name": name, "Lineitem price": "5.00",
             "Lineitem sku": sku, "Lineitem fulfillment status": "fulfilled"}
            for i, (sku, name) in enumerate(lines)]
    result = run(engine, csv_text(SHOPIFY_ORDERS, rows).encode(), "orders_export.csv")
    with engine.connect() as c:
        got = dict(c.execute(select(OrderLine.line_no, OrderLine.sku)).tuples().all())
    assert got == {1: "(no SKU) tee / M", 2: "MUG (cup)", 3: "MUG"}
    assert any(w.startswith("Skipped order lines without a SKU") and "row: 5" in w
               for w in result.warnings)


def test_each_stored_key_gives_back_the_sku_the_platform_has_for_the_variant(engine):
    run(engine, PRODUCTS, "products_export.csv")
    with engine.connect() as c:
        rows = c.execute(select(Product.sku, Product.group_key, Product.option1,
                                Product.option2, Product.option3)).all()
    assert {key: platform_sku(key, handle, options) for key, handle, *options in rows} == {
        "TEE-S": "TEE-S", "(no SKU) tee / M": "", "MUG": "MUG", "MUG (cup)": "MUG",
        "(no SKU) card": ""}


def with_ids(rows: list[dict[str, str]], handle: str | None = None) -> bytes:
    """A products export that carries each variant's ID (a Matrixify-style column),
    optionally with every handle renamed to ``handle``."""
    ids = {"TEE-S": "4101", "": "4102", "MUG": "4103"}
    return utf8_bom(csv_text([*SHOPIFY_CLASSIC, "Variant ID"], [
        {**row, "Variant ID": ids[row["Variant SKU"]],
         **({"Handle": handle} if handle else {})} for row in rows]))


def test_a_variant_id_finds_the_same_variant_after_its_handle_was_renamed(engine):
    tee = [variant("tee", "Tee", "S", "TEE-S", "7"), variant("tee", "Tee", "M", "", "3")]
    run(engine, with_ids(tee), "products_export.csv")
    assert set(products(engine)) == {"TEE-S", "(no SKU) tee / M"}
    result = run(engine, with_ids([{**row, "Variant Inventory Qty": "1"} for row in tee],
                                  handle="t-shirt"), "products_export.csv")
    assert products(engine) == {"TEE-S": ("Tee - S", "t-shirt"),
                                "(no SKU) tee / M": ("Tee - M", "t-shirt")}
    assert stock(engine) == {("TEE-S", "Main"): 1, ("(no SKU) tee / M", "Main"): 1}
    assert not any("several variants" in w for w in result.warnings), result.warnings
    with engine.connect() as c:
        rows = c.execute(select(Product.sku, Product.group_key, Product.option1,
                                Product.option2, Product.option3, Product.external_id)).all()
    assert {key: (platform_sku(key, handle, options), external_id)
            for key, handle, *options, external_id in rows} == {
        "TEE-S": ("TEE-S", "4101"), "(no SKU) tee / M": ("", "4102")}
