"""Migrations and models agree, and the schema refuses impossible data."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError, StatementError

from inventory_core.store.engine import schema_is_current, upgrade_schema
from inventory_core.store.models import Base, Policy, Product, Stock


def test_migrations_create_exactly_the_models_schema(engine):
    assert schema_is_current(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrading_twice_changes_nothing(engine):
    upgrade_schema(engine)
    assert schema_is_current(engine)


def _product(connection, sku="X-1"):
    connection.execute(insert(Product).values(sku=sku, name="X", category="C", price=1, cost=0))


def test_negative_stock_is_refused(engine):
    with pytest.raises(IntegrityError), engine.begin() as connection:
        _product(connection)
        connection.execute(insert(Stock).values(sku="X-1", location="Main", on_hand=-1))


def test_stock_of_an_unknown_sku_is_refused(engine):
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(Stock).values(sku="NOPE", location="Main", on_hand=1))


def test_an_unknown_policy_mode_is_refused(engine):
    with pytest.raises((IntegrityError, StatementError)), engine.begin() as connection:
        _product(connection)
        connection.execute(insert(Policy).values(sku="X-1", mode="sometimes"))


def test_a_negative_cap_is_refused(engine):
    with pytest.raises(IntegrityError), engine.begin() as connection:
        _product(connection)
        connection.execute(insert(Policy).values(sku="X-1", mode="backorder", cap=-5,
                                                 updated_at=dt.datetime.now()))
