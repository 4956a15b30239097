"""Importing the stores' own exports: each platform's quirks, and all or nothing.

Every test starts from the hand-worked fixture store (tests/fixture_store.py):
A-RED stock at Main 30 (2 reserved) and Shop 5; B-BLUE 4 at Main; C-GADGET
backorder with nothing on hand; D-NEW pre-order (cap 50); E-OLD discontinued;
F-AUTO stock with auto-switch; G-GONE out of stock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import select, text

from inventory_core.domain.access import Actor, Role
from inventory_core.errors import ImportRefused, InvalidInput, PermissionDenied
from inventory_core.io.imports import ColumnMapping, detect, import_file, save_mapping
from inventory_core.services.events import refresh
from inventory_core.store.models import Base, Change, OrderLine, Policy, Product, Stock
from tests.import_files import (
    MAGENTO,
    SHOPIFY_2024,
    SHOPIFY_CLASSIC,
    SHOPIFY_INVENTORY,
    SHOPIFY_INVENTORY_OLDER,
    SHOPIFY_ORDERS,
    csv_text,
    utf8_bom,
    woocommerce_header,
)

FILES = Path(__file__).parents[1] / "files"
EDITOR = Actor("Importer")


def run(store, data, name="file.csv", **kw):
    return import_file(store, data, actor=EDITOR, today=dt.date.today(), name=name, **kw)


def modes(store) -> dict[str, str]:
    with store.connect() as c:
        return {s: str(getattr(m, "value", m)) for s, m in c.execute(select(Policy.sku,
                                                                            Policy.mode))}


def stock(store) -> dict[tuple[str, str], tuple[int, int]]:
    with store.connect() as c:
        return {(s, loc): (h, r) for s, loc, h, r in c.execute(
            select(Stock.sku, Stock.location, Stock.on_hand, Stock.reserved))}


def dump(engine) -> dict[str, list[tuple]]:
    """Every row of every table, in key order: equal dumps mean nothing changed."""
    out = {}
    with engine.connect() as c:
        for table in Base.metadata.sorted_tables:
            rows = c.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


# --------------------------------------------------------------------------- Shopify


def test_shopify_classic_products_export_with_its_quirks_sets_policies_and_stock(store):
    # tests/files/shopify_products_classic.csv: UTF-8 BOM, CRLF, no final newline,
    # multi-line quoted HTML, an image-only row (row 4), a negative quantity (row 2),
    # an untracked variant (MUG-1), names with <script> and =HYPERLINK(...).
    result = run(store, FILES / "shopify_products_classic.csv")
    assert result.format_name == "shopify_products"
    assert result.rows_read == 5
    assert any("only carry an extra image" in w and "row: 4" in w for w in result.warnings)
    assert any("is negative" in w and "row: 2" in w for w in result.warnings)
    m = modes(store)
    assert m["A-RED"] == "backorder"  # was stock, the file says continue
    assert m["B-BLUE"] == "stock"  # deny
    assert m["TEE-1"] == "stock" and m["MUG-1"] == "backorder"  # new SKUs
    with store.connect() as c:
        names = dict(c.execute(select(Product.sku, Product.name)).tuples().all())
        tee = c.execute(select(Product.__table__).where(Product.sku == "TEE-1")).one()
    assert names["TEE-1"] == "<script>alert(1)</script> Tee"
    assert names["MUG-1"] == '=HYPERLINK("http://evil.example","Mug")'
    assert names["A-RED"] == "Widget - Red"
    assert (tee.group_key, tee.option1, tee.category, tee.price) == (
        "script-tee", None, "Apparel", Decimal("15.50"))
    s = stock(store)
    assert s[("B-BLUE", "Main")] == (12, 0)
    assert s[("TEE-1", "Main")] == (5, 0)
    assert ("MUG-1", "Main") not in s  # stock not tracked in Shopify
    # A-RED keeps its stock per location: the products export's total is left alone
    assert s[("A-RED", "Main")] == (30, 2) and s[("A-RED", "Shop")] == (5, 0)


def test_shopify_2024_header_semicolons_and_latin1_are_read(store):
    rows = [
        {"Title": "Café Crème", "URL handle": "cafe", "Type": "Kitchen", "SKU": "CAFE-1",
         "Option1 name": "Size", "Option1 value": "Small", "Price": "12,50",
         "Inventory tracker": "shopify", "Inventory quantity": "7",
         "Continue selling when out of stock": "CONTINUE"},
        {"URL handle": "cafe", "SKU": "CAFE-2", "Option1 value": "Large", "Price": "14",
         "Inventory tracker": "shopify", "Inventory quantity": "0",
         "Continue selling when out of stock": "DENY"},
    ]
    data = csv_text(SHOPIFY_2024, rows, delimiter=";").encode("cp1252")
    result = run(store, data, "products_export_1.csv")
    assert result.format_name == "shopify_products_2024"
    assert any("not UTF-8" in w and "Latin-1" in w for w in result.warnings)
    with store.connect() as c:
        names = dict(c.execute(select(Product.sku, Product.name)).tuples().all())
    assert names["CAFE-1"] == "Café Crème - Small"
    assert names["CAFE-2"] == "Café Crème - Large"  # title filled from the product's first row
    assert modes(store)["CAFE-1"] == "backorder" and modes(store)["CAFE-2"] == "stock"
    assert stock(store)[("CAFE-1", "Main")] == (7, 0)
    with store.connect() as c:  # a decimal comma, as semicolon-separated files write it
        price = c.execute(select(Product.price).where(Product.sku == "CAFE-1")).scalar_one()
    assert price == Decimal("12.50")


def discontinued(store) -> dict[str, bool]:
    with store.connect() as c:
        return dict(c.execute(select(Product.sku, Product.discontinued)).tuples().all())


def test_shopify_status_archived_discontinues_and_active_or_draft_do_not(store):
    rows = [
        {"Handle": "widget", "Title": "Widget", "Option1 Value": "Red", "Variant SKU": "A-RED",
         "Variant Inventory Policy": "deny", "Status": "archived"},
        # the product's extra row leaves Status blank: read from the first row
        {"Handle": "widget", "Option1 Value": "Blue", "Variant SKU": "B-BLUE",
         "Variant Inventory Policy": "deny"},
        {"Handle": "old", "Title": "Old Widget", "Variant SKU": "E-OLD",
         "Variant Inventory Policy": "deny", "Status": "Active"},
        {"Handle": "gadget", "Title": "Gadget", "Variant SKU": "C-GADGET",
         "Variant Inventory Policy": "continue", "Status": "draft"},
        {"Handle": "lamp", "Title": "Lamp", "Variant SKU": "LAMP-1", "Variant Price": "9",
         "Variant Inventory Policy": "continue", "Status": "archived"},
    ]
    result = run(store, csv_text(SHOPIFY_CLASSIC, rows).encode())
    flags, m = discontinued(store), modes(store)
    assert (flags["A-RED"], flags["B-BLUE"], flags["LAMP-1"]) == (True, True, True)
    assert (m["A-RED"], m["B-BLUE"], m["LAMP-1"]) == ("discontinued",) * 3
    # active and draft are not archived; a stored mode the inventory policy allows is kept
    assert (flags["E-OLD"], flags["C-GADGET"]) == (False, False)
    assert (m["E-OLD"], m["C-GADGET"]) == ("discontinued", "backorder")
    assert flags["D-NEW"] is False and m["D-NEW"] == "preorder"  # not in the file
    assert result.policies_changed == 2  # A-RED and B-BLUE; LAMP-1 is new
    with store.connect() as c:
        change = c.execute(select(Change.__table__).where(Change.entity_key == "A-RED")).one()
    assert (change.field, change.old_value, change.new_value) == ("mode", "stock",
                                                                  "discontinued")


def test_shopify_2024_status_is_read_and_an_unknown_status_is_refused(store):
    rows = [{"Title": "Cafe", "URL handle": "cafe", "SKU": "A-RED", "Status": "ARCHIVED",
             "Continue selling when out of stock": "DENY"},
            {"Title": "Tea", "URL handle": "tea", "SKU": "E-OLD", "Status": "unlisted",
             "Continue selling when out of stock": "DENY"}]
    run(store, csv_text(SHOPIFY_2024, rows).encode())
    assert discontinued(store)["A-RED"] is True and modes(store)["A-RED"] == "discontinued"
    assert discontinued(store)["E-OLD"] is False
    before = dump(store)
    rows[1]["Status"] = "paused"
    with pytest.raises(ImportRefused) as refused:
        run(store, csv_text(SHOPIFY_2024, rows).encode())
    problem = refused.value.problems[0]
    assert (problem.row, problem.column, problem.value) == (3, "Status", "paused")
    assert dump(store) == before


def test_shopify_inventory_export_keeps_stock_per_location_and_reads_not_stocked(store):
    rows = [
        {"Handle": "widget", "Title": "Widget", "SKU": "A-RED", "Location": "Main",
         "Committed (not editable)": "3", "Unavailable (not editable)": "1",
         "Available (not editable)": "36", "On hand (current)": "40"},
        {"Handle": "widget", "Title": "Widget", "SKU": "A-RED", "Location": "Shop",
         "On hand (current)": "not stocked"},
        {"Handle": "lamp", "Title": "Lamp", "Option1 Name": "Colour", "Option1 Value": "Oat",
         "SKU": "LAMP-OAT", "Location": "Shop", "On hand (current)": "6"},
        {"Handle": "lamp", "Title": "Lamp", "Option1 Name": "Colour", "Option1 Value": "Oat",
         "SKU": "LAMP-OAT", "Location": "Main", "On hand (current)": "-2"},
    ]
    result = run(store, utf8_bom(csv_text(SHOPIFY_INVENTORY, rows)))
    assert result.format_name == "shopify_inventory"
    assert any("not stocked" in w and "row: 3" in w for w in result.warnings)
    assert any(w.startswith("Added 1 variant the store did not have") for w in result.warnings)
    s = stock(store)
    assert s[("A-RED", "Main")] == (40, 4)  # reserved = committed 3 + unavailable 1
    assert s[("A-RED", "Shop")] == (5, 0)  # 'not stocked' writes nothing there
    assert s[("LAMP-OAT", "Shop")] == (6, 0) and s[("LAMP-OAT", "Main")] == (0, 0)
    with store.connect() as c:
        lamp = c.execute(select(Product.__table__).where(Product.sku == "LAMP-OAT")).one()
        total = c.execute(text("SELECT SUM(on_hand - reserved) FROM stock "
                               "WHERE sku = 'A-RED'")).scalar_one()
    assert (lamp.name, lamp.group_key, lamp.option1) == ("Lamp - Oat", "lamp", "Oat")
    assert total == 36 + 5  # summed over locations


def test_older_and_legacy_shopify_inventory_layouts_are_recognised(store):
    older = csv_text(SHOPIFY_INVENTORY_OLDER, [
        {"Handle": "w", "Title": "W", "SKU": "B-BLUE", "Location": "Main", "Committed": "1",
         "On hand": "9"}])
    assert run(store, older.encode()).format_name == "shopify_inventory"
    assert stock(store)[("B-BLUE", "Main")] == (9, 1)
    legacy_header = ["Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name",
                     "Option2 Value", "Option3 Name", "Option3 Value", "SKU", "Main",
                     "Pop-up shop"]
    legacy = csv_text(legacy_header, [
        {"Handle": "w", "Title": "W", "SKU": "B-BLUE", "Main": "8", "Pop-up shop": "2"},
        {"Handle": "g", "Title": "G", "SKU": "C-GADGET", "Main": "4",
         "Pop-up shop": "not stocked"}])
    result = run(store, legacy.encode())
    assert result.format_name == "shopify_inventory_legacy"
    s = stock(store)
    assert s[("B-BLUE", "Main")] == (8, 1) and s[("B-BLUE", "Pop-up shop")] == (2, 0)
    assert s[("C-GADGET", "Main")] == (4, 0) and ("C-GADGET", "Pop-up shop") not in s


def _orders_file() -> bytes:
    rows = [
        {"Name": "#2001", "Email": "ann@example.com", "Created at": "2026-11-20 14:03:12 +0100",
         "Lineitem quantity": "2", "Lineitem price": "50.00", "Lineitem sku": "C-GADGET",
         "Lineitem fulfillment status": "pending", "Billing Name": "Ann Lee"},
        {"Name": "#2001", "Lineitem quantity": "1", "Lineitem price": "10.00",
         "Lineitem sku": "A-RED", "Lineitem fulfillment status": "fulfilled"},
        {"Name": "#2001", "Lineitem quantity": "1", "Lineitem price": "5.00",
         "Lineitem name": "Gift wrap", "Lineitem sku": "NOPE-1",
         "Lineitem fulfillment status": "pending"},
        {"Name": "#2002", "Email": "bo@example.com", "Created at": "2026-11-21T23:30:00-05:00",
         "Fulfilled at": "", "Lineitem quantity": "1", "Lineitem price": "90",
         "Lineitem sku": "D-NEW", "Lineitem fulfillment status": "unfulfilled"},
        {"Name": "#2003", "Email": "cy@example.com", "Created at": "11/22/26, 2:05 PM",
         "Lineitem quantity": "3", "Lineitem price": "20", "Lineitem sku": "B-BLUE",
         "Lineitem fulfillment status": "pending", "Tags": "Backorder, VIP"},
        {"Name": "#2004", "Email": "di@example.com", "Created at": "2026-11-23 08:00:00 +0000",
         "Cancelled at": "2026-11-23 09:00:00 +0000", "Lineitem quantity": "1",
         "Lineitem price": "20", "Lineitem sku": "B-BLUE",
         "Lineitem fulfillment status": "pending"},
    ]
    return utf8_bom(csv_text(SHOPIFY_ORDERS, rows))


def test_shopify_orders_export_reads_lines_kinds_and_dates_in_utc(store):
    before = dump(store)
    with pytest.raises(ImportRefused) as refused:  # NOPE-1 is not in the catalog
        run(store, _orders_file(), "orders_export.csv")
    assert [(p.row, p.column, p.value) for p in refused.value.problems] == [
        (4, "Lineitem sku", "NOPE-1")]
    assert dump(store) == before
    result = run(store, _orders_file(), "orders_export.csv", create_products=True)
    assert result.format_name == "shopify_orders"
    assert "Created 1 product the store did not have, from the order lines (name and " \
        "price): NOPE-1." in result.warnings
    with store.connect() as c:
        nope = c.execute(select(Product.name, Product.price).where(
            Product.sku == "NOPE-1")).one()
    assert tuple(nope) == ("Gift wrap", Decimal("5.00"))
    with store.connect() as c:
        placed = dict(c.execute(text("SELECT order_number, placed_at FROM orders "
                                     "WHERE order_number LIKE '#20%'")).tuples().all())
        lines = {(o, n): (s, q, str(getattr(k, 'value', k)), str(getattr(st, 'value', st)))
                 for o, n, s, q, k, st in c.execute(select(
                     OrderLine.order_number, OrderLine.line_no, OrderLine.sku, OrderLine.qty,
                     OrderLine.kind, OrderLine.status).where(
                     OrderLine.order_number.like("#20%")))}
    as_datetime = {k: pd.Timestamp(v).to_pydatetime() for k, v in placed.items()}
    assert as_datetime["#2001"] == dt.datetime(2026, 11, 20, 13, 3, 12)  # +01:00 → UTC
    assert as_datetime["#2002"] == dt.datetime(2026, 11, 22, 4, 30)  # −05:00 → next day UTC
    assert as_datetime["#2003"] == dt.datetime(2026, 11, 22, 14, 5)  # US format, no zone
    assert lines == {
        ("#2001", 1): ("C-GADGET", 2, "backorder", "open"),  # open, nothing available
        ("#2001", 2): ("A-RED", 1, "stock", "fulfilled"),
        ("#2002", 1): ("D-NEW", 1, "preorder", "open"),  # the SKU's policy is pre-order
        ("#2003", 1): ("B-BLUE", 3, "backorder", "open"),  # the Backorder tag wins
        ("#2004", 1): ("B-BLUE", 1, "stock", "cancelled"),
        ("#2001", 3): ("NOPE-1", 1, "backorder", "open"),  # created: nothing available
    }


def test_importing_the_same_orders_file_twice_changes_nothing_the_second_time(store):
    run(store, _orders_file(), create_products=True)
    after_first = dump(store)
    run(store, _orders_file(), create_products=True)
    assert dump(store) == after_first


# --------------------------------------------------------------------------- WooCommerce


def prices(store) -> dict[str, tuple[float, float]]:
    with store.connect() as c:
        return {sku: (float(price), float(cost)) for sku, price, cost in c.execute(
            select(Product.sku, Product.price, Product.cost).where(
                Product.sku.in_(["A-RED", "B-BLUE"])))}


def test_a_row_without_a_price_keeps_the_stored_one_and_the_others_update(store):
    before = prices(store)
    woo = [{"ID": "13", "Type": "simple", "SKU": "A-RED", "Name": "Widget Red",
            "In stock?": "1", "Regular price": "30"},
           {"ID": "14", "Type": "simple", "SKU": "B-BLUE", "Name": "Widget Blue",
            "In stock?": "1", "Regular price": ""}]
    run(store, csv_text(woocommerce_header(), woo).encode())
    assert prices(store) == {"A-RED": (30.0, before["A-RED"][1]), "B-BLUE": before["B-BLUE"]}
    shopify = [{"Handle": "w", "Title": "Widget", "Variant SKU": "A-RED",
                "Variant Price": "", "Cost per item": "4.50"},
               {"Handle": "w", "Variant SKU": "B-BLUE", "Variant Price": "12",
                "Cost per item": ""}]
    run(store, csv_text(SHOPIFY_CLASSIC, shopify).encode(), "products_export.csv")
    assert prices(store) == {"A-RED": (30.0, 4.5), "B-BLUE": (12.0, before["B-BLUE"][1])}


def test_woocommerce_product_csv_maps_backorders_and_in_stock_to_modes(store):
    header = woocommerce_header()
    rows = [
        {"ID": "10", "Type": "variable", "SKU": "TEE", "Name": "Tee", "In stock?": "1"},
        {"ID": "11", "Type": "variation", "SKU": "TEE-S", "Name": "Tee - S",
         "In stock?": "backorder", "Stock": "-4", "Backorders allowed?": "notify",
         "Regular price": "19", "Categories": "Clothing > Tees", "Parent": "TEE"},
        {"ID": "12", "Type": "variation", "SKU": "TEE-M", "Name": "Tee - M", "In stock?": "0",
         "Stock": "0", "Backorders allowed?": "0", "Regular price": "19", "Parent": "TEE"},
        {"ID": "13", "Type": "simple", "SKU": "A-RED", "Name": "Widget Red", "In stock?": "1",
         "Stock": "parent", "Backorders allowed?": "1", "Regular price": "10",
         "Description": "<p>Line one\nline two</p>"},
        {"ID": "14", "Type": "simple", "SKU": "G-GONE", "Name": "Gone Widget",
         "In stock?": "1", "Stock": "", "Backorders allowed?": "0"},
    ]
    result = run(store, csv_text(header, rows, newline="\n", final_newline=True).encode())
    assert result.format_name == "woocommerce"
    assert any("variable, grouped and external" in w for w in result.warnings)
    m = modes(store)
    assert (m["TEE-S"], m["TEE-M"], m["A-RED"]) == ("backorder", "out_of_stock", "backorder")
    assert m["G-GONE"] == "out_of_stock"  # no backorders: a stored out of stock is kept
    assert "TEE" not in m
    s = stock(store)
    assert s[("TEE-S", "Main")] == (0, 0) and s[("TEE-M", "Main")] == (0, 0)
    assert s[("A-RED", "Main")] == (30, 2)  # 'parent' manages its stock: left alone
    with store.connect() as c:
        tee = c.execute(select(Product.__table__).where(Product.sku == "TEE-S")).one()
    assert (tee.group_key, tee.external_id, tee.category) == ("TEE", "11", "Tees")


# --------------------------------------------------------------------------- Magento


def test_magento_catalog_export_reads_backorder_settings_and_skips_store_views(store):
    rows = [
        {"sku": "MAG-1", "product_type": "simple", "name": "Bag", "price": "30.0000",
         "categories": "Default Category/Gear/Bags", "qty": "5.0000",
         "out_of_stock_qty": "-10.0000", "allow_backorders": "2", "use_config_backorders": "0",
         "is_in_stock": "1", "manage_stock": "1", "use_config_manage_stock": "0",
         "additional_attributes": "color=Blue,preorder_note=Ships soon"},
        {"sku": "MAG-1", "store_view_code": "fr", "name": "Sac"},
        {"sku": "MAG-2", "product_type": "simple", "name": "Belt", "price": "12", "qty": "0",
         "out_of_stock_qty": "0", "allow_backorders": "1", "use_config_backorders": "1",
         "is_in_stock": "1", "manage_stock": "1"},
        {"sku": "MAG-3", "product_type": "simple", "name": "Cap", "price": "8", "qty": "-3",
         "out_of_stock_qty": "0", "allow_backorders": "0", "use_config_backorders": "0",
         "is_in_stock": "0"},
        {"sku": "MAG-CONF", "product_type": "configurable", "name": "Bag (all colours)"},
    ]
    result = run(store, csv_text(MAGENTO, rows).encode())
    assert result.format_name == "magento"
    assert any("store-view overrides" in w and "row: 3" in w for w in result.warnings)
    assert any("default backorder setting" in w and "row: 4" in w for w in result.warnings)
    m = modes(store)
    assert (m["MAG-1"], m["MAG-2"], m["MAG-3"]) == ("backorder", "stock", "out_of_stock")
    assert "MAG-CONF" not in m
    with store.connect() as c:
        cap = c.execute(select(Policy.cap).where(Policy.sku == "MAG-1")).scalar_one()
        bag = c.execute(select(Product.__table__).where(Product.sku == "MAG-1")).one()
    assert cap == 10  # out_of_stock_qty −10 allows ten backorders
    assert (bag.name, bag.category) == ("Bag", "Bags")  # not the French store view's name
    s = stock(store)
    assert s[("MAG-1", "default")] == (5, 0) and s[("MAG-3", "default")] == (0, 0)


def test_magento_additional_attributes_set_release_date_note_label_and_restock_date(store):
    release, restock = dt.date.today() + dt.timedelta(days=40), dt.date.today() + dt.timedelta(
        days=9)
    rows = [
        {"sku": "MAG-1", "product_type": "simple", "name": "Bag", "price": "30",
         "allow_backorders": "2", "use_config_backorders": "0", "is_in_stock": "1",
         "additional_attributes": f'color=Blue,amasty_preorder_note="Ships in May, with a '
                                  f'strap",release_date={release.isoformat()},size=M'},
        {"sku": "D-NEW", "product_type": "simple", "name": "Future Gadget",
         "out_of_stock_qty": "-50", "allow_backorders": "1", "use_config_backorders": "0",
         "is_in_stock": "1",
         "additional_attributes": f"RELEASE_DATE={release:%m/%d/%Y} 10:00,"
                                  "preorder_cart_label=Pre-order now, pay later"},
        # says nothing about backorders: the stored backorder mode stays
        {"sku": "C-GADGET", "product_type": "simple", "name": "Gadget",
         "additional_attributes": f"restock_date={restock.isoformat()},preorder_note="},
        {"sku": "B-BLUE", "product_type": "simple", "name": "Widget Blue",
         "allow_backorders": "0", "use_config_backorders": "0", "is_in_stock": "1",
         "additional_attributes": "color=Blue,note_date=2026-01-01"},
    ]
    data = csv_text(MAGENTO, rows).encode()
    result = run(store, data)
    with store.connect() as c:
        policy = {r.sku: r for r in c.execute(select(Policy.__table__))}
    assert (policy["MAG-1"].mode, policy["MAG-1"].release_date,
            policy["MAG-1"].customer_note) == ("backorder", release,
                                               "Ships in May, with a strap")
    assert (policy["D-NEW"].mode, policy["D-NEW"].cap, policy["D-NEW"].release_date,
            policy["D-NEW"].button_label) == ("preorder", 50, release, "Pre-order now, pay later")
    assert (policy["C-GADGET"].mode, policy["C-GADGET"].restock_date,
            policy["C-GADGET"].customer_note) == ("backorder", restock, "Ships by {date}.")
    assert (policy["B-BLUE"].mode, policy["B-BLUE"].release_date,
            policy["B-BLUE"].customer_note) == ("stock", None, None)
    assert result.policies_changed == 2  # D-NEW and C-GADGET; MAG-1 is new
    assert run(store, data).policies_changed == 0  # the same file again changes nothing


def test_an_unreadable_date_in_magento_additional_attributes_is_refused(store):
    rows = [{"sku": "B-BLUE", "name": "Widget Blue", "allow_backorders": "0",
             "use_config_backorders": "0", "additional_attributes": "release_date=soon"}]
    with pytest.raises(ImportRefused) as refused:
        run(store, csv_text(MAGENTO, rows).encode())
    problem = refused.value.problems[0]
    assert (problem.row, problem.column, problem.value) == (
        2, "additional_attributes: release_date", "soon")


def test_policy_values_the_policies_page_refuses_are_refused_in_a_file_too(store):
    # D-NEW is stored on pre-order: a release date gone by, or a note placeholder other
    # than {date}, is refused as on the Policies page; nothing is written
    before = dump(store)
    rows = [{"sku": "D-NEW", "name": "Future Gadget", "allow_backorders": "1",
             "use_config_backorders": "0", "is_in_stock": "1",
             "additional_attributes": "release_date=2020-01-01,preorder_note=Ships {when}"}]
    refused = _refusal(store, csv_text(MAGENTO, rows).encode())
    assert sorted((p.row, p.column, p.value) for p in refused.problems) == [
        (2, "additional_attributes: customer_note", "Ships {when}"),
        (2, "additional_attributes: release_date", "2020-01-01")]
    generic = (b"sku,mode,cap,discount_pct,release_date\n"
               b"A-RED,backorder,-2,0,\nB-BLUE,preorder,,150,2020-01-01\nC-GADGET,stock,,,\n")
    refused = _refusal(store, generic, "policies.csv")
    assert sorted((p.row, p.column) for p in refused.problems) == [
        (2, "cap"), (3, "discount_pct"), (3, "release_date")]
    assert "Pre-order release date Jan 1, 2020 has passed" in " ".join(
        p.problem for p in refused.problems)
    assert dump(store) == before


def test_magento_multi_source_export_keeps_each_source_and_sums_per_sku(store):
    data = ("source_code,sku,status,quantity\n"
            "default,B-BLUE,1,3.0000\nwarehouse_eu,B-BLUE,1,7\nwarehouse_eu,NOT-HERE,1,2")
    result = run(store, data.encode())
    assert result.format_name == "magento_sources"
    s = stock(store)
    assert s[("B-BLUE", "default")] == (3, 0) and s[("B-BLUE", "warehouse_eu")] == (7, 0)
    assert sum(h - r for (sku, _), (h, r) in s.items() if sku == "B-BLUE") == 4 + 3 + 7
    assert any(w.startswith("Added 1 SKU the store did not have") for w in result.warnings)
    assert s[("NOT-HERE", "warehouse_eu")] == (2, 0)


# --------------------------------------------------------------------------- generic


def test_generic_csv_and_xlsx_tables_are_upserted_by_key(store):
    products = ("sku,name,category,price,supplier,launch_date\n"
                "NEW-1,New thing,Gadgets,12.50,Slow Ltd,2026-12-01\n"
                "A-RED,Widget Red (v2),Widgets,11,Reliable Co,\n")
    result = run(store, products.encode(), "products.csv")
    assert result.format_name == "generic_products"
    book = io.BytesIO()
    pd.DataFrame({"sku": ["NEW-1", "A-RED"], "location": ["Main", "Main"],
                  "on_hand": [4, 31]}).to_excel(book, index=False)
    assert run(store, book.getvalue(), "stock.xlsx").format_name == "generic_stock"
    s = stock(store)
    # the file has no reserved column: A-RED's 2 reserved units stay
    assert s[("NEW-1", "Main")] == (4, 0) and s[("A-RED", "Main")] == (31, 2)
    with store.connect() as c:
        red = c.execute(select(Product.__table__).where(Product.sku == "A-RED")).one()
    assert (red.name, red.price) == ("Widget Red (v2)", Decimal("11.00"))
    assert modes(store)["NEW-1"] == "stock"  # a new product gets a policy row


# --------------------------------------------------------------------------- refusals


def _refusal(store, data, name="bad.csv") -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        run(store, data, name)
    return caught.value


def test_an_empty_file_and_a_header_only_file_are_refused(store):
    assert "is empty" in str(_refusal(store, b""))
    assert "is empty" in str(_refusal(store, b"\xef\xbb\xbf\r\n"))
    refused = _refusal(store, b"sku,location,on_hand\r\n")
    assert [p.problem for p in refused.problems] == ["the file has a header line but no rows"]


def test_non_numeric_and_negative_quantities_are_refused_naming_row_column_and_value(store):
    data = b"sku,location,on_hand\nA-RED,Main,12\nB-BLUE,Main,lots\nC-GADGET,Main,-1\n"
    refused = _refusal(store, data)
    found = {(p.row, p.column, p.value, p.problem) for p in refused.problems}
    assert found == {(3, "on_hand", "lots", "is not a whole number"),
                     (4, "on_hand", "-1", "must be 0 or more")}
    assert "2 problems" in str(refused)


def test_a_number_too_large_to_store_is_refused_naming_its_row(store):
    before = dump(store)
    refused = _refusal(store, b"sku,location,on_hand\nA-RED,Main,99999999999999999999\n")
    assert [(p.row, p.column, p.problem) for p in refused.problems] == [
        (2, "on_hand", "is too large (at most 2,147,483,647)")]
    assert dump(store) == before


def test_an_order_line_without_a_quantity_is_refused_not_dropped(store):
    rows = [{"Name": "#2001", "Created at": "2026-11-20 14:03:12 +0100",
             "Lineitem quantity": "2", "Lineitem price": "50.00", "Lineitem sku": "C-GADGET"},
            {"Name": "#2001", "Lineitem quantity": "", "Lineitem price": "10.00",
             "Lineitem sku": "A-RED"}]
    before = dump(store)
    refused = _refusal(store, csv_text(SHOPIFY_ORDERS, rows).encode(), "orders_export.csv")
    assert [(p.row, p.column, p.problem) for p in refused.problems] == [
        (3, "Lineitem quantity", "the line has no quantity")]
    assert dump(store) == before


def test_duplicate_skus_with_conflicting_values_are_refused_naming_both_rows(store):
    rows = [{"Handle": "w", "Title": "W", "Variant SKU": "A-RED",
             "Variant Inventory Policy": "deny"},
            {"Handle": "w", "Variant SKU": "B-BLUE", "Variant Inventory Policy": "deny"},
            {"Handle": "w", "Variant SKU": "A-RED", "Variant Inventory Policy": "continue"}]
    refused = _refusal(store, csv_text(SHOPIFY_CLASSIC, rows).encode())
    assert len(refused.problems) == 1
    assert "appears in row 2 and row 4" in refused.problems[0].problem
    assert refused.problems[0].column == "Variant SKU"  # the file's own column


def test_bad_dates_and_unknown_layouts_are_refused(store):
    data = b"order_number,placed_at\n#77,2026-11-31\n#78,yesterday\n"
    refused = _refusal(store, data)
    assert [(p.row, p.value) for p in refused.problems] == [(2, "2026-11-31"), (3, "yesterday")]
    unknown = _refusal(store, b"Item code,Qty on shelf\nA-RED,3\n", "erp.csv")
    assert "not a layout Restock Desk knows" in str(unknown)


def test_a_file_with_many_problems_lists_the_first_fifty_and_counts_them_all(store):
    data = "sku,location,on_hand\n" + "".join(f"A-RED,L{i},x{i}\n" for i in range(120))
    refused = _refusal(store, data.encode())
    assert len(refused.problems) == 50 and "120 problems" in str(refused)
    assert refused.problems[0].row == 2 and refused.problems[-1].row == 51


def test_a_refused_file_leaves_the_store_byte_for_byte_as_it_was(store, db_url, tmp_path):
    refresh_now(store)
    before = dump(store)
    file_bytes = _sqlite_bytes(db_url, store)
    # good rows first, a bad one last: nothing may be written
    rows = [{"Name": f"#{3000 + i}", "Created at": "2026-11-20 10:00:00 +0000",
             "Lineitem quantity": "1", "Lineitem price": "10", "Lineitem sku": "A-RED"}
            for i in range(200)]
    rows.append({"Name": "#3999", "Created at": "2026-11-20 10:00:00 +0000",
                 "Lineitem quantity": "two", "Lineitem price": "10", "Lineitem sku": "A-RED"})
    with pytest.raises(ImportRefused):
        run(store, csv_text(SHOPIFY_ORDERS, rows).encode())
    assert dump(store) == before
    assert _sqlite_bytes(db_url, store) == file_bytes


def refresh_now(engine) -> None:
    with engine.begin() as connection:
        refresh(connection, dt.date.today())


def _sqlite_bytes(db_url: str, engine) -> str | None:
    if not db_url.startswith("sqlite"):
        return None
    engine.dispose()
    with engine.connect() as c:  # fold the write-ahead log into the file
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return hashlib.sha256(Path(db_url.removeprefix("sqlite:///")).read_bytes()).hexdigest()


def test_a_viewer_cannot_import(store):
    before = dump(store)
    with pytest.raises(PermissionDenied):
        import_file(store, b"sku,location,on_hand\nA-RED,Main,1\n",
                    actor=Actor("Val", Role.VIEWER), today=dt.date.today())
    assert dump(store) == before


# --------------------------------------------------------------------------- mapping


def test_an_unknown_layout_is_mapped_once_and_recognised_next_time(store):
    data = b"Item code;Shelf;Qty on shelf\nB-BLUE;Back room;6\n"
    detected = detect(store, data, "erp.csv")
    assert detected.format is None and detected.mapping is None
    mapping = ColumnMapping("stock", {"sku": "Item code", "location": "Shelf",
                                "on_hand": "Qty on shelf"})
    with pytest.raises(InvalidInput, match="location"):
        save_mapping(store, detected.header, ColumnMapping("stock", {"sku": "Item code"}),
                     actor=EDITOR)
    save_mapping(store, detected.header, mapping, actor=EDITOR)
    again = detect(store, data, "erp.csv")
    assert again.mapping.tables == {"stock": mapping} and "stock.csv" in again.label
    result = run(store, data, "erp.csv")
    assert result.format_name == "generic_stock"
    assert stock(store)[("B-BLUE", "Back room")] == (6, 0)


# --------------------------------------------------------------------------- policies


def test_policy_changes_from_a_file_are_audited_with_the_importer(store):
    rows = [{"Handle": "w", "Title": "W", "Variant SKU": "B-BLUE",
             "Variant Inventory Policy": "continue"}]
    run(store, csv_text(SHOPIFY_CLASSIC, rows).encode())
    with store.connect() as c:
        change = c.execute(select(Change.__table__).where(Change.entity_key == "B-BLUE")).one()
        version = c.execute(select(Policy.version).where(Policy.sku == "B-BLUE")).scalar_one()
    assert (change.field, change.old_value, change.new_value) == ("mode", "stock", "backorder")
    assert change.changed_by == "Importer" and change.reason.startswith("import:")
    assert version == 2


def test_an_excel_workbook_is_read_like_a_csv(store):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["sku", "mode", "cap"])
    sheet.append(["A-RED", "backorder", 20])
    buffer = io.BytesIO()
    book.save(buffer)
    run(store, buffer.getvalue(), "policies.xlsx")
    with store.connect() as c:
        row = c.execute(select(Policy.mode, Policy.cap).where(Policy.sku == "A-RED")).one()
    assert (str(getattr(row[0], "value", row[0])), row[1]) == ("backorder", 20)
