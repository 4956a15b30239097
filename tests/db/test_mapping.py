"""A sales history brought in through a mapping: one file of order lines feeds products,
orders and order lines; constants, a derived line number, dates in the file's own format,
one column feeding two fields, the latest price of a repeated product, returns.

tests/files/transactions.csv is a retailer's transaction log (one row per invoice line,
dates m/d/yyyy h:mm), tests/files/sales.toml its mapping:

  row 2  536365  85123A  6 × 2.55  12/1/2010 8:26
  row 3  536365  71053   6 × 3.39  12/1/2010 8:26
  row 4  536366  22633   6 × 1.85  12/1/2010 8:28
  row 5  536367  85123A  8 × 2.95  12/13/2010 9:01   (the price changed: latest 2.95)
  row 6  C536368 22633  -2 × 1.85  12/14/2010 10:00  (a return)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from inventory_core.cli import main
from inventory_core.domain.access import Actor
from inventory_core.errors import ImportRefused, InvalidInput
from inventory_core.io.imports import (
    ColumnMapping,
    FileMapping,
    detect,
    import_file,
    read_mapping_file,
    save_mapping,
)
from inventory_core.store.models import Order, OrderLine, Product
from tests.db.test_imports import dump

FILES = Path(__file__).parents[1] / "files"
SALES = FILES / "transactions.csv"
EDITOR = Actor("Importer")


def run(engine, data, mapping, name="sales.csv"):
    return import_file(engine, data, actor=EDITOR, today=dt.date.today(), name=name,
                       mapping=mapping)


def rows(engine):
    with engine.connect() as c:
        products = {s: (n, p) for s, n, p in c.execute(
            select(Product.sku, Product.name, Product.price))}
        orders = {o: (who, at) for o, who, at in c.execute(
            select(Order.order_number, Order.customer_name, Order.placed_at))}
        lines = [tuple(r) for r in c.execute(
            select(OrderLine.order_number, OrderLine.line_no, OrderLine.sku, OrderLine.qty,
                   OrderLine.unit_price, OrderLine.kind, OrderLine.status,
                   OrderLine.fulfilled_at).order_by(OrderLine.order_number,
                                                    OrderLine.line_no))]
    return products, orders, lines


def test_a_transaction_log_feeds_products_orders_and_lines_in_one_mapping(engine):
    result = run(engine, SALES, read_mapping_file(FILES / "sales.toml"))
    assert result.written == {"products": 3, "orders": 3, "order_lines": 4}
    products, orders, lines = rows(engine)
    assert products == {"85123A": ("WHITE HANGING HEART T-LIGHT HOLDER", Decimal("2.95")),
                        "71053": ("WHITE METAL LANTERN", Decimal("3.39")),
                        "22633": ("HAND WARMER UNION JACK", Decimal("1.85"))}
    assert orders == {"536365": ("17850", dt.datetime(2010, 12, 1, 8, 26)),
                      "536366": ("17850", dt.datetime(2010, 12, 1, 8, 28)),
                      "536367": ("13047", dt.datetime(2010, 12, 13, 9, 1))}
    on = dt.datetime
    assert lines == [
        ("536365", 1, "85123A", 6, Decimal("2.55"), "stock", "fulfilled", on(2010, 12, 1, 8, 26)),
        ("536365", 2, "71053", 6, Decimal("3.39"), "stock", "fulfilled", on(2010, 12, 1, 8, 26)),
        ("536366", 1, "22633", 6, Decimal("1.85"), "stock", "fulfilled", on(2010, 12, 1, 8, 28)),
        ("536367", 1, "85123A", 8, Decimal("2.95"), "stock", "fulfilled", on(2010, 12, 13, 9, 1)),
    ]
    assert result.warnings == [
        "Read rows with a negative 'Quantity' as returns (left out of the sales) (1 row: 6).",
        "products.csv: 1 repeated with other values (a price that changed, say) took the "
        "latest: 85123A."]


def test_the_latest_price_is_the_latest_by_date_not_by_row(engine):
    text = SALES.read_text().splitlines()
    shuffled = "\n".join([text[0], text[4], *text[1:4]]).encode()  # 12/13 first
    run(engine, shuffled, read_mapping_file(FILES / "sales.toml"))
    assert rows(engine)[0]["85123A"][1] == Decimal("2.95")


def test_without_returns_a_negative_quantity_refuses_the_file(engine):
    mapping = read_mapping_file(FILES / "sales.toml")
    before = dump(engine)
    with pytest.raises(ImportRefused) as refused:
        run(engine, SALES, FileMapping(mapping.tables, mapping.dates, returns=False))
    assert [str(p) for p in refused.value.problems] == [
        "row 6, column 'Quantity' ('-2'): must be 1 or more"]
    assert dump(engine) == before


def test_a_date_not_in_the_files_format_is_refused_naming_row_and_column(engine):
    bad = SALES.read_bytes().replace(b"12/13/2010 9:01", b"13/12/2010 9:01")
    before = dump(engine)
    with pytest.raises(ImportRefused) as refused:
        run(engine, bad, read_mapping_file(FILES / "sales.toml"))
    assert [str(p) for p in refused.value.problems] == [
        "row 5, column 'InvoiceDate' ('13/12/2010 9:01'): is not a date written m/d/yyyy"]
    assert dump(engine) == before


ORDERS = ColumnMapping("orders", {"order_number": "Order", "placed_at": "Date"})


@pytest.mark.parametrize("dates,placed,warned", [
    ("13/04/2026\n20/04/2026", dt.datetime(2026, 4, 13), False),  # only day/month fits
    ("04/13/2026\n04/20/2026", dt.datetime(2026, 4, 13), False),  # only month/day fits
    ("03/04/2026\n05/04/2026", dt.datetime(2026, 3, 4), True),  # both: month/day, said so
])
def test_dates_detected_per_column_report_an_ambiguity(engine, dates, placed, warned):
    body = "Order,Date\n" + "\n".join(f"#{i},{d}" for i, d in enumerate(dates.split("\n")))
    result = run(engine, body.encode(), FileMapping({"orders": ORDERS}, {"Date": "auto"}))
    with engine.connect() as c:
        first = c.execute(select(Order.placed_at).where(Order.order_number == "#0")).scalar_one()
    assert first == placed
    assert any("'Date' holds dates such as 03/04/2026 that read as month/day and as "
               "day/month" in w for w in result.warnings) is warned


def test_mappings_are_remembered_per_header_and_table(engine):
    header = ["Order", "Date", "Item", "Qty", "Price", "Name"]
    products = ColumnMapping("products", {"sku": "Item", "name": "Name", "price": "Price"},
                             {"category": "Misc"})
    save_mapping(engine, header, ORDERS, actor=EDITOR)
    remembered = save_mapping(engine, header, products, actor=EDITOR)
    assert remembered.tables == {"orders": ORDERS, "products": products}
    data = b"Order,Date,Item,Qty,Price,Name\n#1,2026-11-02,K-1,2,3.50,Kettle\n"
    assert detect(engine, data, "x.csv").mapping == remembered
    result = import_file(engine, data, actor=EDITOR, today=dt.date.today(), name="x.csv")
    assert result.written["orders"] == 1 and result.written["products"] == 1


def test_a_mapping_that_does_not_fit_is_said_in_words(engine, tmp_path):
    with pytest.raises(InvalidInput, match="order_lines.csv: line_no cannot be derived"):
        FileMapping({"order_lines": ColumnMapping(
            "order_lines", {"order_number": "Order"}, {"sku": "X", "qty": "1",
                                                       "unit_price": "1", "kind": "stock",
                                                       "status": "open"},
            {"line_no": "row count"})}).check(["Order"])
    broken = tmp_path / "bad.toml"
    broken.write_text("[orders\n")
    with pytest.raises(InvalidInput, match="is not valid TOML"):
        read_mapping_file(broken)
    broken.write_text('[orders]\nplaced_at = 3\n')
    with pytest.raises(InvalidInput, match=r"\[orders\] placed_at is a column name"):
        read_mapping_file(broken)


def test_the_command_line_imports_a_sales_history_through_a_mapping_file(engine, db_url,
                                                                         capsys):
    assert main(["import", str(SALES), "--db", db_url, "--mapping",
                 str(FILES / "sales.toml")]) == 0
    out = capsys.readouterr()
    assert ("Imported Your layout, mapped onto products.csv, orders.csv, order_lines.csv "
            "(5 rows): 3 products, 3 orders, 4 order lines written") in out.out
    assert out.err == ""  # piped: no progress line
    assert len(rows(engine)[2]) == 4
    assert main(["import", str(SALES), "--db", db_url, "--mapping", "none.toml"]) == 1
    assert "Cannot read the mapping file 'none.toml'" in capsys.readouterr().err


SHIPPED_SALES = (
    b"Order ID,Order Date,Ship Date,Product ID,Product Name,Quantity,Sales\r\n"
    b"CA-1,11/8/2016,11/11/2016,FUR-BO-1,Bookcase,2,261.96\r\n"
    b"CA-1,11/8/2016,11/11/2016,FUR-CH-2,Chair,3,731.94\r\n"
    b"CA-2,6/12/2016,,OFF-LA-3,Labels,2,14.62\r\n"
)
"""A sales data set with order and ship dates (m/d/yyyy, no time): CA-2 not shipped."""


def test_a_line_is_fulfilled_where_it_shipped_and_open_where_it_did_not(engine, tmp_path):
    mapping = tmp_path / "superstore.toml"
    mapping.write_text('''
[products]
sku = "Product ID"
name = "Product Name"
price = "Sales"
category = { constant = "General" }

[orders]
order_number = "Order ID"
placed_at = "Order Date"

[order_lines]
order_number = "Order ID"
line_no = { derived = "line number" }
sku = "Product ID"
qty = "Quantity"
unit_price = "Sales"
kind = { constant = "stock" }
status = { derived = "fulfilled when shipped" }
fulfilled_at = "Ship Date"

[dates]
"Order Date" = "m/d/yyyy"
"Ship Date" = "m/d/yyyy"
''')
    run(engine, SHIPPED_SALES, read_mapping_file(mapping))
    lines = rows(engine)[2]
    assert [(o, n, s, status, at) for o, n, s, _, _, _, status, at in lines] == [
        ("CA-1", 1, "FUR-BO-1", "fulfilled", dt.datetime(2016, 11, 11)),
        ("CA-1", 2, "FUR-CH-2", "fulfilled", dt.datetime(2016, 11, 11)),
        ("CA-2", 1, "OFF-LA-3", "open", None)]
    assert rows(engine)[1]["CA-2"][1] == dt.datetime(2016, 6, 12)


def test_a_status_derived_from_shipping_needs_the_ship_date_column(engine):
    lines = ColumnMapping("order_lines", {"order_number": "Order", "sku": "SKU"},
                          {"qty": "1", "unit_price": "1", "kind": "stock"},
                          {"line_no": "line number", "status": "fulfilled when shipped"})
    with pytest.raises(InvalidInput, match="needs the file's column for fulfilled_at"):
        FileMapping({"order_lines": lines}).check(["Order", "SKU"])
