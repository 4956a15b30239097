"""The fast bulk load stores exactly what SQLAlchemy's own insert stores."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import insert, text

from inventory_core.io.shipped_demo import DEMO_DIR, read_demo
from inventory_core.store import bulk_load as bulk
from inventory_core.store.engine import make_engine
from inventory_core.store.models import Base

TODAY = dt.date(2026, 11, 26)


def _dump(connection) -> dict[str, list[tuple]]:
    """Every stored value of every table, with SQLite's storage class where it has one."""
    out = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "settings":
            continue
        # ids come from sequences, so suppliers are compared by name
        columns = [
            "(SELECT name FROM suppliers s WHERE s.id = t.supplier_id)" if c.name == "supplier_id"
            else f't."{c.name}"' for c in table.c if c.name != "id"]
        if connection.dialect.name == "sqlite":
            shown = ", ".join(f"{c}, typeof({c})" for c in columns)
        else:
            shown = ", ".join(f"({c})::text" for c in columns)
        order = ", ".join(columns)
        rows = connection.execute(text(f'SELECT {shown} FROM "{table.name}" t ORDER BY {order}'))
        out[table.name] = [tuple(r) for r in rows]
    return out


def _load_with_sqlalchemy(connection, frames) -> None:
    """The reference: SQLAlchemy's insert of row dicts, with supplier names mapped to ids."""
    for name in ("suppliers",):
        connection.execute(insert(Base.metadata.tables[name]),
                           next(bulk._records(frames[name])))
    ids = dict(connection.execute(text("SELECT name, id FROM suppliers")).all())
    for name in ("products", "stock", "purchase_orders", "orders", "order_lines",
                 "policies", "subscriptions"):
        frame = frames[name]
        if "supplier" in frame.columns:
            frame = frame.assign(supplier_id=frame["supplier"].map(ids)).drop(columns="supplier")
        for records in bulk._records(frame):
            connection.execute(insert(Base.metadata.tables[name]), records)


@pytest.mark.parametrize("slice_rows", [bulk.SLICE_ROWS, 997],
                         ids=["whole tables", "in slices of 997 rows"])
def test_the_demo_store_loads_to_the_same_stored_values_as_sqlalchemy_writes(
        engine, monkeypatch, slice_rows):
    monkeypatch.setattr(bulk, "SLICE_ROWS", slice_rows)  # a large table's slices, small
    frames = read_demo(DEMO_DIR, today=TODAY)
    bulk.replace_store(engine, frames)
    with engine.connect() as connection:
        fast = _dump(connection)
    with engine.begin() as connection:
        bulk.clear_store(connection)
        _load_with_sqlalchemy(connection, frames)
    with engine.connect() as connection:
        reference = _dump(connection)
    assert len(fast["order_lines"]) == len(frames["order_lines"]) > 10_000
    for name, rows in reference.items():
        assert fast[name] == rows, name


def test_missing_values_dates_and_flags_are_stored_as_null_iso_text_and_integers(engine):
    # One product with no cost flag set, one open PO (no received date), one order line
    # with neither a promise nor a fulfilment; the stored text is what SQLAlchemy writes.
    frames = {
        "suppliers": pd.DataFrame({"name": ["S"], "lead_time_days": [10], "email": [None]}),
        "products": pd.DataFrame({
            "sku": ["A-1"], "name": ["A"], "category": ["C"], "price": [9.99], "cost": [4.5],
            "supplier": ["S"], "launch_date": [dt.date(2026, 1, 2)], "discontinued": [True],
            "low_stock_at": [None]}),
        "orders": pd.DataFrame({"order_number": ["#1"], "customer_email": [None],
                                "customer_name": ["Ava"],
                                "placed_at": [pd.Timestamp("2026-11-20 09:30:05")]}),
        "order_lines": pd.DataFrame({
            "order_number": ["#1"], "line_no": [1], "sku": ["A-1"], "qty": [2],
            "unit_price": [9.99], "kind": ["backorder"], "status": ["open"],
            "promised_on": [None], "fulfilled_at": [pd.NaT]}),
    }
    bulk.replace_store(engine, frames)
    with engine.connect() as connection:
        product = connection.execute(text(
            "SELECT launch_date, discontinued, low_stock_at, supplier_id IS NOT NULL "
            "FROM products")).one()
        placed = connection.execute(text("SELECT placed_at FROM orders")).scalar()
        line = connection.execute(text(
            "SELECT qty, kind, status, promised_on, fulfilled_at FROM order_lines")).one()
    assert str(product[0]) == "2026-01-02"
    assert bool(product[1]) is True and product[2] is None and product[3]
    assert str(placed).startswith("2026-11-20 09:30:05")
    assert tuple(line) == (2, "backorder", "open", None, None)


def test_upsert_inserts_new_keys_and_updates_only_the_named_columns(engine):
    bulk.replace_store(engine, {
        "products": pd.DataFrame({"sku": ["A-1"], "name": ["A"], "category": ["C"],
                                  "price": [9.99]}),
        "stock": pd.DataFrame({"sku": ["A-1"], "location": ["Main"], "on_hand": [4],
                               "reserved": [1]})})
    frame = pd.DataFrame({"sku": ["A-1", "A-1"], "location": ["Main", "Shop"],
                          "on_hand": [9, 3], "reserved": [0, 2]})
    with engine.begin() as connection:
        bulk.upsert(connection, "stock", frame, ["sku", "location"], ["on_hand"])
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT location, on_hand, reserved FROM stock ORDER BY location")).all()
    assert [tuple(r) for r in rows] == [("Main", 9, 1), ("Shop", 3, 2)]


def test_loading_gives_sqlite_a_large_page_cache_and_restores_it_afterwards(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    pragmas = ("cache_size", "temp_store")
    with engine.connect() as connection:
        before = [connection.exec_driver_sql(f"PRAGMA {p}").scalar() for p in pragmas]
        with bulk.loading(connection):
            during = [connection.exec_driver_sql(f"PRAGMA {p}").scalar() for p in pragmas]
        after = [connection.exec_driver_sql(f"PRAGMA {p}").scalar() for p in pragmas]
    assert during == [-512 * 1024, 2]  # 512 MB, statement journals in memory
    assert after == before
    engine.dispose()
