"""The first start on a fresh data folder: every concurrent visitor gets the same store.

Threads of one process and separate processes open the embedded store of a data
folder that does not exist yet, all at once: each gets the same URL (in the data
folder, never the temporary fallback), and the same complete store (schema at the
newest migration, filled once). A store left half-built by a first start cut short
is rebuilt.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, func, select

from inventory_core.store.engine import (
    embedded_url,
    is_half_built,
    make_engine,
    open_database,
    schema_is_current,
)
from inventory_core.store.models import Base, Change, Product
from tests import fixture_store
from tests.processes import spawned_pool

VISITORS = 8


def fill(engine: Engine) -> None:
    """The first fill: the fixture store, plus one audit row saying it was filled."""
    fixture_store.load(engine)
    with engine.begin() as connection:
        connection.execute(Change.__table__.insert().values(
            entity="policy", entity_key="A-RED", field="mode", old_value=None,
            new_value="stock", changed_at=fixture_store.at(0), changed_by="first start"))


def first_visit(data_dir: str) -> tuple[str, int, int, bool]:
    """What one visitor gets: the URL, products, fills, and whether the schema is current."""
    url = embedded_url(Path(data_dir))
    engine = open_database(url, fill_empty=fill)
    with engine.connect() as connection:
        products = connection.execute(select(func.count()).select_from(Product)).scalar_one()
        fills = connection.execute(select(func.count()).where(
            Change.changed_by == "first start")).scalar_one()
    current = schema_is_current(engine)
    engine.dispose()
    return url, products, fills, current


def expected(data_dir: Path) -> tuple[str, int, int, bool]:
    return f"sqlite:///{data_dir / 'restock.db'}", len(fixture_store.frames()["products"]), 1, True


def test_threads_on_a_fresh_data_folder_all_get_the_same_complete_store(tmp_path):
    data_dir = tmp_path / "data"
    results: list[tuple[str, int, int, bool]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(VISITORS)

    def visit() -> None:
        start.wait()
        try:
            results.append(first_visit(str(data_dir)))
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=visit) for _ in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert results == [expected(data_dir)] * VISITORS


def test_processes_on_a_fresh_data_folder_all_get_the_same_complete_store(tmp_path):
    data_dir = tmp_path / "data"
    with spawned_pool(4) as pool:
        results = pool.map(first_visit, [str(data_dir)] * 4)
    assert results == [expected(data_dir)] * 4


def test_a_half_built_store_is_rebuilt(tmp_path):
    url = f"sqlite:///{tmp_path / 'restock.db'}"
    engine = make_engine(url)
    with engine.begin() as connection:  # a first start cut short: two tables, no version
        Base.metadata.tables["suppliers"].create(connection)
        Base.metadata.tables["changes"].create(connection)
    assert is_half_built(engine)
    engine.dispose()
    assert first_visit(str(tmp_path))[1:] == expected(tmp_path)[1:]
    engine = make_engine(url)
    assert not is_half_built(engine)
    engine.dispose()


def test_a_store_with_products_but_no_version_is_never_taken_for_half_built(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        Base.metadata.create_all(connection)
    fixture_store.load(engine)
    assert not is_half_built(engine)
    engine.dispose()
