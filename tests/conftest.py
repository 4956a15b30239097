"""Shared fixtures: a store on SQLite and on PostgreSQL through the same code.

PostgreSQL comes from ``TEST_DATABASE_URL`` (a server URL whose database is used
only to create and drop a database of this run's own). Without it, or when the
server is down, PostgreSQL tests skip with the reason, except under ``CI=true``
where they must run and a missing server fails the run.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from inventory_core.store.engine import make_engine, upgrade_schema
from tests import fixture_store

IN_CI = os.environ.get("CI", "").lower() == "true"
# No reads warmed behind a write, so that what each test reads is what it caused; the
# warming itself is tested with it on (tests/app/test_app_warm_after_write.py)
os.environ["RESTOCK_WARM_AFTER_WRITE"] = "0"
PG_ENV = "TEST_DATABASE_URL"


def _admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def postgres_unavailable() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can."""
    url = _admin_url()
    if not url:
        return f"{PG_ENV} is not set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres)"
    try:
        engine = create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means: no server here
        return f"PostgreSQL at {make_url(url).render_as_string()} is unreachable: {error}"
    return None


def require_postgres() -> None:
    """Skip (or, under CI, fail) when PostgreSQL is not there."""
    reason = postgres_unavailable()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true needs PostgreSQL: {reason}")
        pytest.skip(reason)


def create_postgres_database() -> str:
    """Create a database with a unique name; return its URL."""
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"restock_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(_admin_url()).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    """Drop the database at ``url`` (closing anything still connected)."""
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" '
                                "WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One PostgreSQL database for this test run, migrated, dropped at the end."""
    require_postgres()
    url = create_postgres_database()
    engine = make_engine(url)
    upgrade_schema(engine)
    engine.dispose()
    yield url
    drop_postgres_database(url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """An empty, migrated store: a fresh SQLite file, or this run's PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
        engine = make_engine(url)
        upgrade_schema(engine)
        engine.dispose()
        return url
    url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    fixture_store.clear(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    """An engine on the empty store of ``db_url``."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def today() -> dt.date:
    """The day the fixture store is dated from."""
    return fixture_store.TODAY


@pytest.fixture
def store(engine) -> Engine:
    """The hand-worked fixture store (see tests/fixture_store.py) on ``engine``."""
    fixture_store.load(engine)
    return engine
