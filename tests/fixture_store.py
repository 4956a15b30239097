"""A seven-SKU store whose every number was worked out by hand.

Dated relative to TODAY (T) so the app, which works as of the real date, shows
the same figures. Orders are placed at 10:00 on day T-n.

SKU       category  supplier      on hand/res  mode (extras)               state today
A-RED     Widgets   Reliable Co   30+5 / 2     stock                       In stock (33 avail.)
B-BLUE    Widgets   Reliable Co   4 / 0        stock                       Low stock (4 ≤ 5)
C-GADGET  Gadgets   Slow Ltd      0            backorder, restock T+12     Backorder, ships T+12
D-NEW     Gadgets   Slow Ltd      —            preorder, release T+20      Pre-order, T+20
E-OLD     Widgets   Reliable Co   0            discontinued                Discontinued
F-AUTO    Gadgets   Slow Ltd      0            stock + auto-switch, PO T+5 Backorder, ships T+5
G-GONE    Widgets   Slow Ltd      0            out_of_stock                Out of stock

Open backorder lines (all C-GADGET, $50 each):
  #2 T-5 qty 1 promised T+5   age 5   bucket 0–7
  #3 T-10 qty 2 promised T-1  age 10  bucket 8–14   overdue
  #4 T-20 qty 1 promised T+2  age 20  bucket 15–30
  #5 T-45 qty 1 promised T-15 age 45  bucket 31–60  overdue
  #6 T-75 qty 3 promised T-40 age 75  bucket 61–90  overdue
  #7 T-100 qty 1 promised T-70 age 100 bucket 90+   overdue
  → 9 units, $450, 4 overdue lines (7 units), oldest 100 days (#7).
Open pre-orders (D-NEW, $90 each): #8 T-2 qty 2, #9 T-1 qty 1 → 3 units, $270.

Demand in the 28-day window (not cancelled, placed T-28 … T-1):
  A: #1 2 + #10 5 + #11 3 = 10 → 10/28 a day; #12 (T-40) is outside.
  B: #14 7 (#13 is cancelled) → 7/28 = 0.25 a day.
  C: #2 1 + #3 2 + #4 1 + #15 6 = 10 → 10/28 a day.
  D: #8 2 + #9 1 = 3 → 3/28 a day.
Days of cover: A 33 ÷ (10/28) = 92.4; B 4 ÷ 0.25 = 16.
Reorder point (lead + 7 safety days): A ⌈10/28 × 17⌉ = 7; B ⌈0.25 × 17⌉ = 5.
Net position: C 0 − 9 + 5 (PO-1) = −4; D 0 − 3 + 2 (PO-2) = −1.
Best sellers: the top tenth by demand rate (cut-off 10/28): A and C; C has none
available → "Best seller out of stock".
Late purchase order: PO-4 (B-BLUE, 20 units, Reliable Co) expected T-3.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine

from inventory_core.store.bulk_load import clear_store, insert_frames

TODAY = dt.date.today()


def day(offset: int) -> dt.date:
    """T + offset days."""
    return TODAY + dt.timedelta(days=offset)


def at(offset: int) -> dt.datetime:
    """10:00 on day T + offset."""
    return dt.datetime.combine(day(offset), dt.time(10))


def frames() -> dict[str, pd.DataFrame]:
    """The fixture store in the generic format."""
    suppliers = pd.DataFrame({"name": ["Reliable Co", "Slow Ltd"], "lead_time_days": [10, 30],
                              "email": ["a@reliable.example", "b@slow.example"]})
    products = pd.DataFrame([
        ("A-RED", "Widget Red", "Widgets", 10.0, 4.0, "Reliable Co", day(-400), False),
        ("B-BLUE", "Widget Blue", "Widgets", 20.0, 8.0, "Reliable Co", day(-400), False),
        ("C-GADGET", "Gadget", "Gadgets", 50.0, 20.0, "Slow Ltd", day(-400), False),
        ("D-NEW", "Future Gadget", "Gadgets", 100.0, 40.0, "Slow Ltd", day(20), False),
        ("E-OLD", "Old Widget", "Widgets", 5.0, 2.0, "Reliable Co", day(-900), True),
        ("F-AUTO", "Auto Gadget", "Gadgets", 30.0, 10.0, "Slow Ltd", day(-400), False),
        ("G-GONE", "Gone Widget", "Widgets", 15.0, 6.0, "Slow Ltd", day(-400), False),
    ], columns=["sku", "name", "category", "price", "cost", "supplier", "launch_date",
                "discontinued"])
    stock = pd.DataFrame([
        ("A-RED", "Main", 30, 2), ("A-RED", "Shop", 5, 0), ("B-BLUE", "Main", 4, 0),
        ("C-GADGET", "Main", 0, 0), ("E-OLD", "Main", 0, 0), ("F-AUTO", "Main", 0, 0),
        ("G-GONE", "Main", 0, 0),
    ], columns=["sku", "location", "on_hand", "reserved"])
    purchase_orders = pd.DataFrame([
        ("PO-1", "C-GADGET", "Slow Ltd", 5, day(-18), day(12), None, "open"),
        ("PO-2", "D-NEW", "Slow Ltd", 2, day(-12), day(18), None, "open"),
        ("PO-3", "F-AUTO", "Slow Ltd", 10, day(-25), day(5), None, "open"),
        ("PO-4", "B-BLUE", "Reliable Co", 20, day(-13), day(-3), None, "open"),
        ("PO-5", "A-RED", "Reliable Co", 50, day(-60), day(-50), day(-48), "received"),
    ], columns=["po_number", "sku", "supplier", "qty", "ordered_on", "expected_on",
                "received_on", "status"])
    # (order, days ago, sku, qty, unit price, kind, status, promised offset)
    lines = [
        ("#1", 3, "A-RED", 2, 10.0, "stock", "open", None),
        ("#2", 5, "C-GADGET", 1, 50.0, "backorder", "open", 5),
        ("#3", 10, "C-GADGET", 2, 50.0, "backorder", "open", -1),
        ("#4", 20, "C-GADGET", 1, 50.0, "backorder", "open", 2),
        ("#5", 45, "C-GADGET", 1, 50.0, "backorder", "open", -15),
        ("#6", 75, "C-GADGET", 3, 50.0, "backorder", "open", -40),
        ("#7", 100, "C-GADGET", 1, 50.0, "backorder", "open", -70),
        ("#8", 2, "D-NEW", 2, 90.0, "preorder", "open", 20),
        ("#9", 1, "D-NEW", 1, 90.0, "preorder", "open", 20),
        ("#10", 10, "A-RED", 5, 10.0, "stock", "fulfilled", None),
        ("#11", 20, "A-RED", 3, 10.0, "stock", "fulfilled", None),
        ("#12", 40, "A-RED", 10, 10.0, "stock", "fulfilled", None),
        ("#13", 7, "B-BLUE", 2, 20.0, "stock", "cancelled", None),
        ("#14", 14, "B-BLUE", 7, 20.0, "stock", "fulfilled", None),
        ("#15", 25, "C-GADGET", 6, 50.0, "stock", "fulfilled", None),
    ]
    orders = pd.DataFrame({
        "order_number": [n for n, *_ in lines],
        "customer_email": [f"buyer{n[1:]}@example.com" for n, *_ in lines],
        "customer_name": [f"Buyer {n[1:]}" for n, *_ in lines],
        "placed_at": [at(-ago) for _, ago, *_ in lines],
    })
    order_lines = pd.DataFrame([
        {"order_number": n, "line_no": 1, "sku": sku, "qty": qty, "unit_price": price,
         "kind": kind, "status": status,
         "promised_on": None if promised is None else day(promised),
         "fulfilled_at": at(-ago + 1) if status == "fulfilled" else None}
        for n, ago, sku, qty, price, kind, status, promised in lines
    ])
    policies = pd.DataFrame([
        {"sku": "A-RED", "mode": "stock"},
        {"sku": "B-BLUE", "mode": "stock"},
        {"sku": "C-GADGET", "mode": "backorder", "restock_date": day(12),
         "button_label": "Backorder now", "customer_note": "Ships by {date}."},
        {"sku": "D-NEW", "mode": "preorder", "cap": 50, "release_date": day(20),
         "discount_pct": 10.0},
        {"sku": "E-OLD", "mode": "discontinued"},
        {"sku": "F-AUTO", "mode": "stock", "auto_switch": True},
        {"sku": "G-GONE", "mode": "out_of_stock"},
    ])
    policies["auto_switch"] = policies["auto_switch"].eq(True)
    policies["discount_pct"] = policies["discount_pct"].fillna(0.0)
    subscriptions = pd.DataFrame([
        ("G-GONE", "wants.gone@example.com", "back_in_stock", at(-4), None),
        ("D-NEW", "wants.new@example.com", "release", at(-6), None),
    ], columns=["sku", "email", "kind", "created_at", "notified_at"])
    return {
        "suppliers": suppliers, "products": products, "stock": stock,
        "purchase_orders": purchase_orders, "orders": orders, "order_lines": order_lines,
        "policies": policies, "subscriptions": subscriptions,
    }


def clear(engine: Engine) -> None:
    """Empty every table, settings included."""
    from inventory_core.store.models import Setting

    with engine.begin() as connection:
        clear_store(connection)
        connection.execute(Setting.__table__.delete())


def load(engine: Engine) -> None:
    """Replace whatever ``engine`` holds with the fixture store."""
    clear(engine)
    with engine.begin() as connection:
        insert_frames(connection, frames())
