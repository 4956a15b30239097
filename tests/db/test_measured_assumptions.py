"""The what-if's assumptions measured from a small store worked out by hand.

Sign-ups who buy on restock: 20 back-in-stock sign-ups for A were told at T-30.
Within 14 days c0–c4 ordered A (T-25), and so did C8 (written in capitals, T-29): 6
of 20 = 30 %. c5 ordered A too late (T-10), c6 ordered B, c7 ordered A before being
told (T-40), c9's line was cancelled. A release sign-up and a sign-up not yet told
count for nothing.

Backorder acceptance: 20 SKUs S00–S19 each recorded 10 days in stock (T-20 … T-11,
2 units a day) and 10 days on backorder (T-10 … T-1, nothing available and sellable,
1 unit a day), after 5 days out of stock and not sellable (T-25 … T-21, no orders).
On backorder they took 200 units where their in-stock rate would have brought 400:
50 %. S20 has only 5 days on backorder and is left out.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert

from inventory_core.queries.assumptions import MeasuredAssumption as Measured
from inventory_core.queries.assumptions import measured_assumptions
from inventory_core.store.models import (
    Order,
    OrderLine,
    Policy,
    Product,
    StockHistory,
    Subscription,
)

TODAY = dt.date(2026, 12, 1)


def at(days: int) -> dt.datetime:
    return dt.datetime.combine(TODAY + dt.timedelta(days=days), dt.time(12))


def add_products(connection, skus: list[str]) -> None:
    connection.execute(insert(Product), [{"sku": s, "name": s, "price": 10} for s in skus])
    connection.execute(insert(Policy), [{"sku": s, "mode": "backorder"} for s in skus])


def add_order(connection, number: str, email: str, sku: str, qty: int, placed: int,
              status: str = "fulfilled") -> None:
    connection.execute(insert(Order).values(order_number=number, customer_email=email,
                                            placed_at=at(placed)))
    connection.execute(insert(OrderLine).values(order_number=number, line_no=1, sku=sku,
                                                qty=qty, unit_price=10, kind="stock",
                                                status=status))


def test_the_share_of_told_signups_who_bought_within_two_weeks(engine):
    with engine.begin() as c:
        add_products(c, ["A", "B"])
        c.execute(insert(Subscription), [
            {"sku": "A", "email": f"c{i}@example.com", "kind": "back_in_stock",
             "created_at": at(-60), "notified_at": at(-30)} for i in range(20)] + [
            {"sku": "A", "email": "r@example.com", "kind": "release", "created_at": at(-60),
             "notified_at": at(-30)},
            {"sku": "A", "email": "w@example.com", "kind": "back_in_stock",
             "created_at": at(-5), "notified_at": None}])
        for i in range(5):
            add_order(c, f"#{i}", f"c{i}@example.com", "A", 1, -25)
        add_order(c, "#5", "c5@example.com", "A", 1, -10)
        add_order(c, "#6", "c6@example.com", "B", 1, -25)
        add_order(c, "#7", "c7@example.com", "A", 1, -40)
        add_order(c, "#8", "C8@EXAMPLE.COM", "A", 1, -29)
        add_order(c, "#9", "c9@example.com", "A", 1, -25, status="cancelled")
        add_order(c, "#r", "r@example.com", "A", 1, -25)
    measured = measured_assumptions(engine, TODAY)
    assert measured["notify_buy_share"] == Measured("notify_buy_share", 0.30, 20,
                                                    "sign-ups told")
    assert measured["acceptance"].value is None  # no stock history


def test_too_few_signups_told_give_a_count_and_no_value(engine):
    with engine.begin() as c:
        add_products(c, ["A"])
        c.execute(insert(Subscription), [
            {"sku": "A", "email": f"c{i}@example.com", "kind": "back_in_stock",
             "created_at": at(-60), "notified_at": at(-30)} for i in range(19)])
    assert measured_assumptions(engine, TODAY)["notify_buy_share"] == Measured(
        "notify_buy_share", None, 19, "sign-ups told")


def test_the_share_of_demand_that_kept_ordering_on_backorder(engine):
    skus = [f"S{i:02d}" for i in range(21)]
    with engine.begin() as c:
        add_products(c, skus)
        history, number = [], 0
        for sku in skus:
            backorder_days = 5 if sku == "S20" else 10
            for day in range(-25, 0):
                if day < -20:
                    history.append({"sku": sku, "day": at(day).date(), "available": 0,
                                    "sellable": False})
                    continue
                in_stock = day < -10
                if not in_stock and day >= -10 + backorder_days:
                    continue
                history.append({"sku": sku, "day": at(day).date(),
                                "available": 5 if in_stock else 0, "sellable": True})
                number += 1
                add_order(c, f"#{number}", f"{sku}@example.com", sku, 2 if in_stock else 1,
                          day)
        c.execute(insert(StockHistory), history)
    assert measured_assumptions(engine, TODAY)["acceptance"] == Measured(
        "acceptance", 0.5, 20, "SKUs with days in stock and on backorder")
