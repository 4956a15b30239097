"""Auto-switch moves only SKUs that have it on, and audits every move."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, update

from inventory_core.services.autoswitch import switch_policies
from inventory_core.services.events import refresh
from inventory_core.store.models import KEYS_PER_STATEMENT, Change, Policy, PurchaseOrder, Stock
from tests.fixture_store import day


def _mode(engine, sku):
    with engine.connect() as connection:
        return connection.execute(select(Policy.mode).where(Policy.sku == sku)).scalar()


def test_auto_sku_with_credible_supply_becomes_backorder_promising_its_date(store, today):
    with store.begin() as connection:
        assert refresh(connection, today).switched_skus == ["F-AUTO"]
    with store.connect() as connection:
        policy = connection.execute(
            select(Policy.mode, Policy.restock_date, Policy.version)
            .where(Policy.sku == "F-AUTO")).one()
        changes = connection.execute(select(Change.field, Change.old_value, Change.new_value)
                                     .where(Change.entity_key == "F-AUTO")).all()
    assert tuple(policy) == ("backorder", day(5), 2)
    assert sorted(changes) == [("mode", "stock", "backorder"),
                               ("restock_date", None, day(5).isoformat())]


def test_without_credible_supply_it_stops_selling_and_switches_back_when_restocked(
        store, today):
    with store.begin() as connection:
        connection.execute(update(PurchaseOrder).where(PurchaseOrder.sku == "F-AUTO")
                           .values(status="cancelled"))
        refresh(connection, today)
    assert _mode(store, "F-AUTO") == "out_of_stock"
    with store.begin() as connection:
        connection.execute(update(Stock).where(Stock.sku == "F-AUTO").values(on_hand=12))
        refresh(connection, today)
    assert _mode(store, "F-AUTO") == "stock"


def test_skus_without_auto_switch_are_left_alone(store, today):
    with store.begin() as connection:
        connection.execute(insert(PurchaseOrder).values(
            po_number="PO-9", sku="G-GONE", qty=3, ordered_on=today, expected_on=day(9),
            status="open"))
        refresh(connection, today)
    assert _mode(store, "G-GONE") == "out_of_stock"
    assert _mode(store, "A-RED") == "stock"


def test_refresh_twice_moves_nothing_the_second_time(store, today):
    with store.begin() as connection:
        refresh(connection, today)
    with store.begin() as connection:
        assert refresh(connection, dt.date.today()).switched_skus == []


def test_switching_named_skus_reads_them_in_runs_the_database_accepts(store, today):
    # more SKUs than one IN (…) takes: the ones named are switched, the rest are not there
    many = [f"NONE-{i}" for i in range(KEYS_PER_STATEMENT)] + ["F-AUTO"]
    with store.begin() as connection:
        assert switch_policies(connection, today, skus=many) == ["F-AUTO"]
    assert _mode(store, "F-AUTO") == "backorder"
