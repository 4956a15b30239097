"""Customer lookup on the fixture store; every waiting line of the shipped demo projected."""

from __future__ import annotations

import pandas as pd
import pytest

from inventory_core.domain.allocation import PROJECTION_NO_SUPPLY, SUPPLY_FROM_STOCK
from inventory_core.domain.messages import MessageTemplates
from inventory_core.domain.wording import format_date
from inventory_core.errors import InvalidInput, NotFound
from inventory_core.io.shipped_demo import load_shipped_demo
from inventory_core.queries.lookup import customer_messages, find_lines, parse_query
from inventory_core.queries.promises import allocatable_stock, allocation_for, open_purchase_orders
from inventory_core.store.engine import make_engine, upgrade_schema
from inventory_core.store.models import Stock
from tests.fixture_store import day


def test_looking_up_an_order_shows_each_lines_projected_date(store, today):
    lines = find_lines(store, today, order="#6")
    row = lines.iloc[0]
    assert (row["sku"], row["qty"], row["age_days"]) == ("C-GADGET", 3, 75)
    assert row["promised_on"] == day(-40)
    assert row["projection"] == "Expected with PO-1"
    # PO-1 expected T+12; Slow Ltd has no record yet: the store-wide 2 days (PO-5)
    assert row["likely_on"] == pd.Timestamp(day(14))
    assert row["promise"] == "Promise at risk"
    message = customer_messages(lines, MessageTemplates(), today)[0]
    # promised T-40: an apology for the missed promise, then the new date
    assert (f"We are sorry: Gadget × 3 did not ship by {format_date(day(-40))} as we "
            f"promised. It should now ship around {format_date(day(14))}.") in message.body


def test_order_numbers_match_with_or_without_the_hash(store, today):
    assert find_lines(store, today, order="2")["order_number"].tolist() == ["#2"]


def test_lookup_by_email_and_alternatives_for_lines_without_supply(store, today):
    # #2 (C-GADGET, no supply planned). Gadgets in stock: none (F-AUTO, D-NEW have 0), so
    # give F-AUTO stock: it is the only in-stock alternative in Gadgets ($30).
    with store.begin() as connection:
        connection.execute(Stock.__table__.update().where(Stock.sku == "F-AUTO")
                           .values(on_hand=7))
    lines = find_lines(store, today, email="BUYER2@example.com")
    row = lines.iloc[0]
    assert row["projection"] == PROJECTION_NO_SUPPLY
    assert row["alternatives"] == "Auto Gadget ($30.00)"  # by name and price, no SKU code
    assert ("If you would rather not wait, these are in stock now: Auto Gadget ($30.00)."
            in customer_messages(lines, MessageTemplates(), today)[0].body)


def test_bad_or_unknown_queries_get_clear_messages(store, today):
    with pytest.raises(InvalidInput, match="'not-an-email' is not an email address"):
        parse_query(email="not-an-email")
    with pytest.raises(InvalidInput, match="not both"):
        parse_query(order="#1", email="a@b.co")
    with pytest.raises(InvalidInput, match="Type an order number"):
        parse_query()
    with pytest.raises(NotFound, match="No order #999 in the store"):
        find_lines(store, today, order="#999")


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    upgrade_schema(engine)
    load_shipped_demo(engine)
    yield engine
    engine.dispose()


def test_every_waiting_line_of_the_demo_has_a_projection_consistent_with_the_pos(demo_engine):
    import datetime as dt

    today = dt.date.today()
    result = allocation_for(demo_engine, today)
    lines = result.lines
    assert len(lines) == 85 + 28  # the demo's open backorder and pre-order lines
    # every line: a projected date, or "No supply planned" and no date
    has_date = lines["likely_on"].notna() & lines["late_on"].notna()
    unplanned = lines["projection"].eq(PROJECTION_NO_SUPPLY)
    assert (has_date ^ unplanned).all()
    assert (lines["late_on"][has_date] >= lines["likely_on"][has_date]).all()
    with demo_engine.connect() as connection:
        pos = open_purchase_orders(connection).set_index("po_number")
        stock = allocatable_stock(connection).set_index("sku")["available"].clip(lower=0)
    # a PO-covered line belongs to the PO's SKU and ships no earlier than the PO's date
    by_po = lines[lines["source"].notna() & lines["source"].ne(SUPPLY_FROM_STOCK)]
    assert (by_po["sku"] == pos.loc[by_po["source"], "sku"].to_numpy()).all()
    expected = pd.to_datetime(pos.loc[by_po["source"], "expected_on"]).to_numpy()
    assert (by_po["likely_on"].to_numpy() >= expected).all()
    # per SKU, units covered never exceed stock + open POs, and a line has no supply
    # only when everything placed up to it exceeds that supply
    supply = (pos.groupby("sku")["qty"].sum().add(stock, fill_value=0))
    per_sku = result.skus.set_index("sku")
    assert (per_sku["covered_units"] <= supply.reindex(per_sku.index).fillna(0)).all()
    gap = lines.loc[unplanned, "cum_units"] > supply.reindex(
        lines.loc[unplanned, "sku"]).fillna(0).to_numpy()
    assert gap.all()
    # no PO gives away more units than it has
    assert (result.supply["units_allocated"] <= result.supply["qty"]).all()
