"""Reading a column at a time (``store.columnar``) gives the very frames reading rows
gives, on SQLite and PostgreSQL: the SKU table of the hand-worked store, filtered by
names that need quoting, empty results, columns of NULLs, dates and timestamps.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pandas as pd
import pytest
from sqlalchemy import Engine, Numeric, cast, create_engine, func, literal, select, text, update
from sqlalchemy.pool import NullPool

from inventory_core.domain.filters import Filters
from inventory_core.domain.settings import StoreSettings
from inventory_core.queries.catalog import sku_table
from inventory_core.store.columnar import has_columns, read_columns
from inventory_core.store.engine import make_engine, upgrade_schema
from inventory_core.store.frames import read_frame, read_frames
from inventory_core.store.models import Order, OrderLine, Policy, Product
from tests.conftest import create_postgres_database, drop_postgres_database

QUOTED = "Men's \\ shoes; 100% \"leather\""  # a category a store may well have


@pytest.fixture
def rows_engine(store: Engine) -> Engine:
    """An engine on the same store that holds no connection open: it reads rows."""
    url = store.url.render_as_string(hide_password=False)
    engine = make_engine(url, pooled=False) if url.startswith("sqlite") else create_engine(
        url, poolclass=NullPool)
    assert not has_columns(engine)
    yield engine
    engine.dispose()


def test_a_pooled_store_on_a_file_or_server_reads_columns(store):
    assert has_columns(store)


@pytest.mark.parametrize("filters", [Filters(), Filters(categories=(QUOTED,)),
                                     Filters(categories=("no such category",))],
                         ids=["all", "quoted category", "nothing selected"])
def test_the_sku_table_read_as_columns_is_the_one_read_as_rows(store, rows_engine, today,
                                                               filters):
    with store.begin() as connection:  # one product in a category that needs quoting
        connection.execute(update(Product).where(Product.sku == "A-RED").values(
            category=QUOTED))
    settings = StoreSettings()
    columns = sku_table(store, today, settings, filters)
    rows = sku_table(rows_engine, today, settings, filters)
    pd.testing.assert_frame_equal(columns, rows)
    if filters.categories == (QUOTED,):
        assert columns["sku"].tolist() == ["A-RED"]


def test_each_statement_gives_the_row_readers_frame(store, rows_engine):
    statements = [
        # dates, timestamps, text, numbers, and a column holding only NULLs
        select(Order.order_number, Order.placed_at, Policy.restock_date, Policy.customer_note,
               literal(None).label("not_set"))
        .select_from(Order).outerjoin(Policy, literal(False)).order_by(Order.order_number),
        # grouped sums; a result with no rows keeps its columns
        select(OrderLine.sku, func.sum(OrderLine.qty).label("units"))
        .group_by(OrderLine.sku).order_by(OrderLine.sku),
        select(Product.sku, Product.name).where(Product.sku == "no such SKU"),
    ]
    read = read_frames(store, statements)
    for statement, frame in zip(statements, read, strict=True):
        assert read_columns(store, statement) is not None  # read as columns, not rows
        with rows_engine.connect() as connection:
            pd.testing.assert_frame_equal(frame, read_frame(connection, statement))
    assert read[0]["not_set"].isna().all() and len(read[0]) > 0
    assert read[2].empty and list(read[2].columns) == ["sku", "name"]


def test_decimal_columns_are_left_to_the_row_reader(store):
    statement = select(cast(Product.price, Numeric(12, 2)).label("price"))
    assert read_columns(store, statement) is None
    assert read_frames(store, [statement])[0]["price"].notna().all()


def left_connected(count: Callable[[], int], tries: int = 50) -> int:
    """``count`` once it reads 0, or its last reading after ``tries`` looks 0.1 s apart: a
    server ends a closed connection's backend a moment after the client has gone."""
    for _ in range(tries):
        found = count()
        if found == 0:
            break
        time.sleep(0.1)
    return found


@pytest.mark.postgres
def test_disposing_of_the_engine_closes_its_column_readers(postgres_url):
    url = create_postgres_database()  # a database of its own: no other test's readers
    engine = make_engine(url)
    upgrade_schema(engine)
    statement = select(Product.sku)
    watcher = create_engine(url, poolclass=NullPool)

    def others_connected() -> int:
        with watcher.connect() as connection:
            return connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()")).scalar_one()

    read_frames(engine, [statement, statement])
    assert others_connected() >= 1
    engine.dispose()  # the store may be dropped or replaced now: nothing stays connected
    assert left_connected(others_connected) == 0
    assert read_columns(engine, statement) is not None  # opened again on the next read
    engine.dispose()
    watcher.dispose()
    drop_postgres_database(url)
