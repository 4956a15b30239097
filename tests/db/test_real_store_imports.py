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

import pytest
from sqlalchemy import select

from inventory_core.domain.access import Actor
from inventory_core.errors import ImportRefused
from inventory_core.io.imports import import_file
from inventory_core.store.models import Product, Stock
from tests.import_files import (
    MAGENTO,
    SHOPIFY_CLASSIC,
    SHOPIFY_INVENTORY,
    csv_text,
    utf8_bom,
    woocommerce_header,
)

EDITOR = Actor("Importer")


def run(engine, data, name="file.csv"):
    return import_file(engine, data, actor=EDITOR, today=dt.date.today(), name=name)


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
