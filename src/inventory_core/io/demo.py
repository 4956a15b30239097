"""A deterministic, believable demo store, at any scale.

``generate(skus, lines, seed, today)`` returns the store as generic-format frames
(``io.tables.TABLE_SPECS``); the same seed gives the same store. The shipped demo in
``data/demo/`` is this store at 500 SKUs (``io.shipped_demo``).

The story it tells: a healthy store with a few problems to find, not one in crisis.
Six suppliers, reliable to unreliable, serve eight categories with a few best sellers,
over 18 months of orders with weekly and seasonal patterns (the forecast's history).

- Most products are in stock (about nine in ten on sale); some run low. Earlier
  stock-outs, long resolved, left a steady backlog in the history.
- A few sold out in the last four weeks and sell on backorder: a few dozen open lines,
  the oldest under a month old, most within their promise; the few past it (from the
  quick suppliers, whose promise is shortest) are the overdue promises to act on and
  the few lines delay consent says to cancel and refund.
- A few are out of stock with notify-me sign-ups, a few discontinued, 1 in 50 not
  stock-tracked; a handful (1 in 70) are not released yet and take pre-orders.
- One late supplier: Kettle & Crumb Kitchenware's open POs are past due.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from numpy.random import Generator
from sqlalchemy import Engine

from inventory_core import clock
from inventory_core.io.demo_catalog import (
    ADJECTIVES,
    CATEGORIES,
    DEMO,
    FIRST,
    LAST,
    LATE_BY,
    ON_TIME,
    SUPPLIERS,
    Story,
)
from inventory_core.io.tables import TABLE_SPECS
from inventory_core.services.settings import mark_demo
from inventory_core.store.bulk_load import replace_store

HISTORY_DAYS = 548
NOTHING = np.array(None, dtype=object)  # the fill of an empty cell in a generated column


def generate(
    skus: int = 500, lines: int = 40_000, seed: int = 7, today: dt.date | None = None,
    story: Story = DEMO,
) -> dict[str, pd.DataFrame]:
    """The demo store as generic-format frames; same arguments, same store. ``story``:
    how much of it waits (``demo_catalog.DEMO``, or the benchmark's ``BACKLOG``)."""
    today = today or clock.today()
    rng = np.random.default_rng(seed)
    products, weight = _products(rng, skus, today, story)
    status = _sku_status(rng, products, today, story)
    orders, order_lines = _orders(rng, products, weight, status, lines, today, story)
    purchase_orders = _purchase_orders(rng, products, weight, status, order_lines, today,
                                       story)
    return {
        "suppliers": SUPPLIERS.copy(),
        "products": products,
        "stock": _stock(rng, products, weight, status, order_lines),
        "purchase_orders": purchase_orders,
        "orders": orders,
        "order_lines": order_lines,
        "policies": _policies(rng, products, status, purchase_orders, today),
        "subscriptions": _subscriptions(rng, products, status, today),
    }


def _products(rng: Generator, n: int, today: dt.date,
              story: Story) -> tuple[pd.DataFrame, np.ndarray]:
    names = list(CATEGORIES)
    groups = max(1, n // 3 + 1)
    group_cat = rng.integers(0, len(names), groups)
    variants = rng.integers(1, 5, groups)
    group_of = np.repeat(np.arange(groups), variants)[:n]
    while len(group_of) < n:  # a tiny store may need more variants
        group_of = np.concatenate([group_of, np.arange(groups)])[:n]
    variant_no = pd.Series(group_of).groupby(group_of).cumcount().to_numpy()
    cat = group_cat[group_of]
    group_adj = rng.integers(0, len(ADJECTIVES), groups)
    group_noun = rng.integers(0, 5, groups)
    group_price = rng.uniform(0, 1, groups)
    # every column at once: per category, look the words up by index
    code = np.empty(n, dtype=object)
    noun = np.empty(n, dtype=object)
    option = np.empty(n, dtype=object)
    supplier = np.empty(n, dtype=object)
    lo, hi = np.zeros(n), np.zeros(n)
    for c, (code_c, supplier_c, lo_c, hi_c, options_c, nouns_c) in enumerate(CATEGORIES.values()):
        mine = cat == c
        code[mine] = code_c
        noun[mine] = np.array(nouns_c, dtype=object)[group_noun[group_of[mine]] % len(nouns_c)]
        option[mine] = np.array(options_c, dtype=object)[variant_no[mine] % len(options_c)]
        supplier[mine] = SUPPLIERS.name[supplier_c]
        lo[mine], hi[mine] = lo_c, hi_c
    group_text = pd.Series(group_of).astype(str)
    title = pd.Series(np.array(ADJECTIVES, dtype=object)[group_adj[group_of]]) + " " + noun
    frame = pd.DataFrame({
        "sku": code + "-" + group_text.str.zfill(5) + "-" + (variant_no + 1).astype(str),
        "name": title + " – " + option,
        "group_key": title.str.lower().str.replace(" ", "-", regex=False) + "-" + group_text,
        "option1": option,
        "category": np.array(names, dtype=object)[cat],
        "price": np.round(lo + (hi - lo) * group_price[group_of] ** 1.5, 0) - 0.01,
        "supplier": supplier,
    })
    frame["cost"] = (frame.price * rng.uniform(0.35, 0.6, n)).round(2)
    start = today - dt.timedelta(days=HISTORY_DAYS)
    launch_offset = np.where(
        rng.random(n) < 0.8, -rng.integers(30, 900, n), rng.integers(0, HISTORY_DAYS, n)
    )
    launch = pd.to_datetime(start) + pd.to_timedelta(launch_offset, unit="D")
    unreleased = rng.random(n) < story.unreleased
    launch = launch.where(
        ~unreleased, pd.Timestamp(today) + pd.to_timedelta(rng.integers(7, 60, n), unit="D")
    )
    frame["launch_date"] = launch.date
    frame["discontinued"] = (rng.random(n) < 0.04) & ~unreleased
    # a few products whose stock the store does not count (gift cards, made to order)
    frame["stock_tracked"] = ~((group_of % 53 == 7) & ~frame["discontinued"] & ~unreleased)
    frame["option2"] = frame["option3"] = frame["external_id"] = None
    frame["low_stock_at"] = None
    weight = rng.lognormal(0, 1.1, n)
    weight[rng.choice(n, size=max(1, n // 50), replace=False)] *= 6  # best sellers
    return frame[TABLE_SPECS["products"].column_names], weight / weight.sum()


def _sku_status(rng: Generator, products: pd.DataFrame, today: dt.date,
                story: Story) -> pd.DataFrame:
    """Which SKUs are stocked out since when, unreleased, or discontinued."""
    n = len(products)
    unreleased = (pd.to_datetime(products.launch_date) > pd.Timestamp(today)).to_numpy()
    discontinued = products.discontinued.to_numpy()
    normal = ~unreleased & ~discontinued
    draw = rng.random(n)
    backorder = normal & (draw < story.backorder)
    out_of_stock = normal & (draw >= story.backorder) & (draw < story.backorder
                                                         + story.out_of_stock)
    since = pd.Timestamp(today) - pd.to_timedelta(  # sold out within 4 weeks; discontinued earlier
        np.where(discontinued, rng.integers(30, 140, n), rng.integers(3, story.out_days, n)),
        unit="D")
    return pd.DataFrame({
        "unreleased": unreleased, "discontinued": discontinued, "backorder": backorder,
        "out_of_stock": out_of_stock, "out_since": since,
        "lead": SUPPLIERS.set_index("name").lead_time_days[products.supplier].to_numpy(),
        "supplier_no": products.supplier.map(
            {name: i for i, name in enumerate(SUPPLIERS.name)}).to_numpy(),
    })


def _orders(rng: Generator, products: pd.DataFrame, weight: np.ndarray, status: pd.DataFrame,
            n_lines: int, today: dt.date, story: Story) -> tuple[pd.DataFrame, pd.DataFrame]:
    start = pd.Timestamp(today) - pd.Timedelta(days=HISTORY_DAYS)
    days = pd.date_range(start, periods=HISTORY_DAYS + 1, freq="D")
    weekday = np.array([1.0, 0.95, 0.95, 1.0, 1.1, 1.3, 1.25])[days.dayofweek]
    season = 1 + 0.4 * np.cos(2 * np.pi * (days.dayofyear.to_numpy() - 350) / 365)
    trend = np.linspace(0.8, 1.2, len(days))
    day_p = weekday * season * trend
    n_orders = max(1, int(n_lines / 1.4))
    order_day = np.sort(rng.choice(len(days), n_orders, p=day_p / day_p.sum()))
    placed = days[order_day] + pd.to_timedelta(rng.integers(7 * 3600, 23 * 3600, n_orders), "s")
    size = rng.choice([1, 2, 3], n_orders, p=[0.7, 0.22, 0.08])
    order_idx = np.repeat(np.arange(n_orders), size)
    line_no = pd.Series(order_idx).groupby(order_idx).cumcount().to_numpy() + 1
    line_placed = placed[order_idx]
    sku_idx = rng.choice(len(products), len(order_idx), p=weight)
    launch = pd.to_datetime(products.launch_date).to_numpy()
    staples = np.flatnonzero(launch < np.datetime64(start))
    too_early = line_placed.to_numpy() < launch[sku_idx]
    sku_idx[too_early] = rng.choice(staples, too_early.sum())
    since = status.out_since.to_numpy()[sku_idx]
    after_out = line_placed.to_numpy() >= since
    on_backorder = status.backorder.to_numpy()[sku_idx] & after_out
    lost = (status.out_of_stock.to_numpy()[sku_idx] & after_out) | (
        status.discontinued.to_numpy()[sku_idx] & (line_placed.to_numpy() > since))
    lines = pd.DataFrame({
        "order_idx": order_idx, "line_no": line_no, "sku_idx": sku_idx,
        "placed_at": line_placed,
        "qty": rng.choice([1, 2, 3], len(order_idx), p=[0.82, 0.14, 0.04]),
    })
    lines["kind"] = np.where(on_backorder, "backorder", "stock")
    age = (pd.Timestamp(today) - lines.placed_at).dt.days.to_numpy()
    cancelled = rng.random(len(lines)) < 0.025
    recent = age < 2
    lines["status"] = np.select(
        [on_backorder, cancelled, recent], ["open", "cancelled", "open"], "fulfilled")
    lead = status.lead.to_numpy()[sku_idx] + rng.integers(0, 8, len(lines))
    promised = lines.placed_at.dt.normalize() + pd.to_timedelta(lead, "D")
    lines["promised_on"] = promised.dt.date.where(on_backorder, None)
    shipped = lines.placed_at + pd.to_timedelta(rng.integers(6, 72, len(lines)), "h")
    lines["fulfilled_at"] = shipped.where(lines.status == "fulfilled", pd.NaT)
    past = rng.spawn(1)[0]  # old stock-outs: 8 % of old lines waited 5–24 days, a steady backlog
    waited = (lines.status == "fulfilled") & (age > 30) & (past.random(len(lines)) < 0.08)
    lines.loc[waited, ["kind", "promised_on", "fulfilled_at"]] = pd.DataFrame({
        "kind": "backorder", "promised_on": promised.dt.date, "fulfilled_at": lines.placed_at
        + pd.to_timedelta(past.integers(5, 25, len(lines)), "D")})[waited]
    lines = lines[~lost]
    lines = pd.concat([lines, _preorders(rng, products, weight, status, today, n_orders,
                                         story.preorders)])
    # one order per distinct order index, numbered in date order
    orders = lines.groupby("order_idx", sort=True).placed_at.min().reset_index()
    orders = orders.sort_values("placed_at", kind="stable").reset_index(drop=True)
    orders["order_number"] = "#" + pd.Series(np.arange(1001, 1001 + len(orders))).astype(str)
    number = pd.Series(orders.order_number.to_numpy(), index=orders.order_idx.to_numpy())
    customers = max(10, len(orders) // 3)
    who = rng.integers(0, customers, len(orders))
    first = np.array(FIRST, dtype=object)[who % 16]
    last = np.array(LAST, dtype=object)[(who // 16) % 12]
    orders["customer_name"] = first + " " + last
    orders["customer_email"] = (
        pd.Series(first).str.lower() + "." + pd.Series(last).str.lower().str.replace("ü", "ue")
        + pd.Series(who).astype(str) + "@example.com")
    lines["order_number"] = lines.order_idx.map(number)
    lines["line_no"] = lines.groupby("order_idx").cumcount() + 1
    lines["sku"] = products.sku.to_numpy()[lines.sku_idx]
    lines["unit_price"] = products.price.to_numpy()[lines.sku_idx]
    orders["placed_at"] = orders.placed_at.dt.floor("s")
    # sorted by order number as text, then line ("#1001" < "#10010" < "#1002"): the digits
    # right-padded with zeros, then the length, order as the text does, with integers only
    digits = lines.order_number.str.len().to_numpy() - 1
    value = lines.order_number.str.slice(1).astype("int64").to_numpy()
    padded = value * 10 ** (digits.max() - digits) if len(lines) else value
    lines = lines.iloc[np.lexsort((lines.line_no.to_numpy(), digits, padded))]
    lines = lines.reset_index(drop=True)
    return (orders[TABLE_SPECS["orders"].column_names],
            lines[TABLE_SPECS["order_lines"].column_names])


def _preorders(rng: Generator, products: pd.DataFrame, weight: np.ndarray,
               status: pd.DataFrame, today: dt.date, first_idx: int,
               per_weight: float) -> pd.DataFrame:
    """Open pre-order lines for unreleased SKUs, placed since pre-orders opened."""
    skus = np.flatnonzero(status.unreleased.to_numpy())
    if len(skus) == 0:
        return pd.DataFrame()
    per_sku = rng.poisson(weight[skus] * len(products) * per_weight) + 2
    sku_idx = np.repeat(skus, per_sku)
    ago = rng.integers(0, 40, len(sku_idx))
    placed = pd.Timestamp(today) - pd.to_timedelta(ago, "D") + pd.to_timedelta(
        rng.integers(7 * 3600, 23 * 3600, len(sku_idx)), "s")
    return pd.DataFrame({
        "order_idx": first_idx + np.arange(len(sku_idx)), "line_no": 1, "sku_idx": sku_idx,
        "placed_at": placed, "qty": rng.choice([1, 2], len(sku_idx), p=[0.9, 0.1]),
        "kind": "preorder", "status": "open",
        "promised_on": products.launch_date.to_numpy()[sku_idx], "fulfilled_at": pd.NaT,
    })


def _stock(rng: Generator, products: pd.DataFrame, weight: np.ndarray, status: pd.DataFrame,
           order_lines: pd.DataFrame) -> pd.DataFrame:
    n = len(products)
    daily = weight * len(order_lines) / HISTORY_DAYS
    cover = rng.choice([3, 10, 25, 45, 90], n, p=[0.1, 0.2, 0.35, 0.23, 0.12])
    base = np.where(rng.random(n) < 0.12, rng.integers(1, 5, n), rng.integers(6, 40, n))
    on_hand = (np.ceil(daily * cover) + base).astype(int)
    empty = (status.backorder | status.out_of_stock | status.discontinued | status.unreleased)
    on_hand[empty.to_numpy()] = 0
    open_stock = order_lines[(order_lines.status == "open") & (order_lines.kind == "stock")]
    reserved = open_stock.groupby("sku").qty.sum().reindex(products.sku, fill_value=0).to_numpy()
    on_hand = np.maximum(on_hand, reserved)
    frame = pd.DataFrame({"sku": products.sku, "location": "Main warehouse",
                          "on_hand": on_hand, "reserved": reserved})
    split = (rng.random(n) < 0.2) & (on_hand > 4)
    shop = frame[split].assign(location="Retail shop", on_hand=on_hand[split] // 4, reserved=0)
    frame.loc[split, "on_hand"] -= shop.on_hand.to_numpy()
    return pd.concat([frame, shop], ignore_index=True)


def _purchase_orders(rng: Generator, products: pd.DataFrame, weight: np.ndarray,
                     status: pd.DataFrame, order_lines: pd.DataFrame,
                     today: dt.date, story: Story) -> pd.DataFrame:
    n = len(products)
    today_ts = pd.Timestamp(today)
    sup = status.supplier_no.to_numpy()
    lead = status.lead.to_numpy()
    daily = weight * len(order_lines) / HISTORY_DAYS
    # received history: a few POs per SKU, late by the supplier's habit
    count = rng.integers(0, 4, n) * ~status.unreleased.to_numpy()
    hist = np.repeat(np.arange(n), count)
    ago = rng.integers(lead[hist] + 30, HISTORY_DAYS, len(hist))
    ordered = today_ts - pd.to_timedelta(ago, "D")
    expected = ordered + pd.to_timedelta(lead[hist], "D")
    late = rng.random(len(hist)) > ON_TIME[sup[hist]]
    delay = np.where(late, 1 + rng.exponential(LATE_BY[sup[hist]]).astype(int),
                     -rng.integers(0, 3, len(hist)))
    history = pd.DataFrame({"sku_idx": hist, "ordered_on": ordered, "expected_on": expected,
                            "received_on": expected + pd.to_timedelta(delay, "D"),
                            "status": "received"})
    # open supply: most backordered, some low, the unreleased; the story's late ones
    backlog = (order_lines[order_lines.status == "open"].groupby("sku").qty.sum()
               .reindex(products.sku, fill_value=0).to_numpy())
    draw = rng.random(n)
    wants = ((status.backorder & (draw < 0.8)) | (status.out_of_stock & (draw < 0.3))
             | (~status.backorder & ~status.out_of_stock & ~status.discontinued & (draw < 0.15))
             | status.unreleased).to_numpy()
    idx = np.flatnonzero(wants)
    eta = rng.integers(2, 55, len(idx))
    late = sup[idx] == story.late_supplier if story.late_supplier is not None else True
    eta = np.where(late & (rng.random(len(idx)) < story.late),
                   -rng.integers(1, 20, len(idx)), eta)
    far = status.out_of_stock.to_numpy()[idx]
    eta[far] = rng.integers(60, 120, far.sum())
    expected_open = today_ts + pd.to_timedelta(eta, "D")
    release = pd.to_datetime(products.launch_date.to_numpy()[idx])
    unrel = status.unreleased.to_numpy()[idx]
    expected_open = expected_open.where(~unrel, release - pd.Timedelta(days=3))
    qty = np.ceil(backlog[idx] * rng.uniform(0.6, 2.2, len(idx)) + daily[idx] * 30 + 5)
    opened = pd.DataFrame({
        "sku_idx": idx, "expected_on": expected_open,
        "ordered_on": expected_open - pd.to_timedelta(lead[idx], "D"), "received_on": pd.NaT,
        "status": "open", "qty": qty.astype(int)})
    hist_qty = np.ceil(daily[hist] * rng.uniform(20, 60, len(hist)) + 5).astype(int)
    frame = pd.concat([history.assign(qty=hist_qty), opened], ignore_index=True)
    frame = frame.sort_values(["ordered_on", "sku_idx"], kind="stable").reset_index(drop=True)
    frame["ordered_on"] = frame[["ordered_on", "expected_on"]].min(axis=1)
    frame["po_number"] = "PO-" + pd.Series(np.arange(1001, 1001 + len(frame))).astype(str)
    frame["sku"] = products.sku.to_numpy()[frame.sku_idx]
    frame["supplier"] = products.supplier.to_numpy()[frame.sku_idx]
    for col in ("ordered_on", "expected_on", "received_on"):
        frame[col] = frame[col].dt.date.where(frame[col].notna(), None)
    return frame[TABLE_SPECS["purchase_orders"].column_names]


def _policies(rng: Generator, products: pd.DataFrame, status: pd.DataFrame,
              purchase_orders: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    n = len(products)
    mode = np.select(
        [status.discontinued, status.unreleased, status.backorder, status.out_of_stock],
        ["discontinued", "preorder", "backorder", "out_of_stock"], "stock")
    open_po = purchase_orders[purchase_orders.status == "open"]
    earliest = pd.to_datetime(open_po.expected_on).groupby(open_po.sku).min().dt.date
    next_eta = earliest.reindex(products.sku).to_numpy()
    frame = pd.DataFrame({"sku": products.sku, "mode": mode})
    backorder = mode == "backorder"
    frame["restock_date"] = np.where(backorder, next_eta, None)
    frame["release_date"] = np.where(mode == "preorder", products.launch_date, None)
    frame["cap"] = np.where((mode == "preorder") | (backorder & (rng.random(n) < 0.3)),
                            rng.choice([25, 50, 100, 200], n), NOTHING)
    frame["button_label"] = np.select([mode == "preorder", backorder],
                                      ["Pre-order now", "Order now – ships later"], NOTHING)
    frame["customer_note"] = np.select(
        [mode == "preorder", backorder],
        ["Releases on {date}. Reserve yours today.", "Back in stock soon: ships by {date}."],
        NOTHING)
    frame["discount_pct"] = np.where((mode == "preorder") & (rng.random(n) < 0.5), 10.0, 0.0)
    frame["auto_switch"] = (mode == "stock") & (rng.random(n) < 0.35)
    for col in ("restock_date", "release_date", "cap", "button_label", "customer_note"):
        frame[col] = frame[col].where(pd.notna(frame[col]), None)
    return frame[TABLE_SPECS["policies"].column_names]


def _subscriptions(rng: Generator, products: pd.DataFrame, status: pd.DataFrame,
                   today: dt.date) -> pd.DataFrame:
    waiting = (status.out_of_stock | status.unreleased | status.backorder).to_numpy()
    idx = np.flatnonzero(waiting)
    count = rng.integers(0, 9, len(idx))
    sku_idx = np.repeat(idx, count)
    person = rng.integers(0, 5000, len(sku_idx))
    frame = pd.DataFrame({
        "sku": products.sku.to_numpy()[sku_idx],
        "email": "shopper" + pd.Series(person).astype(str) + "@example.com",
        "kind": np.where(status.unreleased.to_numpy()[sku_idx], "release", "back_in_stock"),
        "created_at": (pd.Timestamp(today) - pd.to_timedelta(rng.integers(1, 90, len(sku_idx)), "D")
                       + pd.to_timedelta(rng.integers(0, 86400, len(sku_idx)), "s")),
        "notified_at": pd.NaT,
    })
    return frame.drop_duplicates(["sku", "email", "kind"]).reset_index(drop=True)


def build_demo(engine: Engine, *, skus: int, lines: int, seed: int,
               today: dt.date | None = None) -> dict[str, int]:
    """Replace the store with a generated one, remembered as the demo; rows per table."""
    frames = generate(skus, lines, seed, today)
    replace_store(engine, frames)
    with engine.begin() as connection:
        mark_demo(connection, True)
    return {name: len(frame) for name, frame in frames.items()}
