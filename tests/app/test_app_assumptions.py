"""The what-if on the Policies page: its assumptions beside what the store measured, and
the p10–p90 range around the scenario.

The fixture store gains 20 back-in-stock sign-ups for A-RED told at T-20; 6 of those
customers ordered A-RED at T-15, within two weeks: the store measures 30 % of
sign-ups buying on restock. It has no stock history, so backorder acceptance is not
measured.
"""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from inventory_core.store.models import Order, OrderLine, Subscription
from tests.apptest import app_on
from tests.fixture_store import at

PAGE = "pages/policies.py"
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def told(store):
    with store.begin() as c:
        c.execute(insert(Subscription), [
            {"sku": "A-RED", "email": f"told{i}@example.com", "kind": "back_in_stock",
             "created_at": at(-40), "notified_at": at(-20)} for i in range(20)])
        for i in range(6):
            c.execute(insert(Order).values(order_number=f"#M{i}",
                                           customer_email=f"told{i}@example.com",
                                           placed_at=at(-15)))
            c.execute(insert(OrderLine).values(order_number=f"#M{i}", line_no=1, sku="A-RED",
                                               qty=1, unit_price=10, kind="stock",
                                               status="fulfilled"))
    return store


@SQLITE_ONLY
def test_the_merchant_starts_the_what_if_from_what_the_store_measured(told, db_url,
                                                                      monkeypatch):
    page = app_on(db_url, monkeypatch, PAGE)
    notes = [c.value for c in page.caption]
    assert "Measured from this store: 30% (20 sign-ups told)." in notes
    assert "Not enough history to measure: 0 SKUs with days in stock and on backorder, " \
           "20 needed." in notes
    assert page.number_input(key="policies_assume_notify_buy_share").value == 40.0
    page.radio(key="policies_assume_source").set_value("Measured from this store").run()
    assert not page.exception
    assert page.number_input(key="policies_assume_measured_notify_buy_share").value == 30.0
    assert page.number_input(key="policies_assume_measured_acceptance").value == 80.0


def number_in(text: str) -> float:
    return float(text.replace(",", "").replace("$", ""))


@SQLITE_ONLY
def test_the_range_brackets_the_scenario_in_the_totals(store, db_url, monkeypatch):
    page = app_on(db_url, monkeypatch, PAGE)
    totals = next(d.value for d in page.dataframe if "Over the horizon" in d.value.columns)
    assert "Scenario range (p10–p90)" not in totals.columns  # off until asked
    page.toggle(key="policies_range").set_value(True).run()
    assert not page.exception
    totals = next(d.value for d in page.dataframe
                  if "Scenario range (p10–p90)" in d.value.columns).set_index("Over the horizon")
    for output in ("Units sold", "Revenue"):
        low, high = map(number_in, totals.at[output, "Scenario range (p10–p90)"].split(" – "))
        assert low < number_in(totals.at[output, "Scenario"]) < high
