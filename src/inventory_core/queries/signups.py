"""The sign-ups due a message now, and which of them the next batch of alerts holds.

A release sign-up is due once its SKU's release date has come; a back-in-stock one
while its SKU has stock available (on hand − reserved, never the room to backorder)
and is not discontinued. Back-in-stock alerts go in batches sized to that stock
(``domain.alert_batches``): oldest sign-up first, at most ``alerts_per_unit`` per
unit, less the alerts of that SKU already sent today.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, func, select

from inventory_core.domain.alert_batches import batch_room, next_batch
from inventory_core.domain.enums import SubscriptionKind
from inventory_core.queries.definitions import available_stock, release_date
from inventory_core.store.models import Policy, Product, Subscription

COLUMNS = ["id", "sku", "email", "kind", "name", "release_on", "created_at", "available"]


def alerted_today(connection: Connection, today: dt.date) -> pd.Series:
    """Back-in-stock alerts made today, per SKU."""
    start = dt.datetime.combine(today, dt.time())
    rows = connection.execute(
        select(Subscription.sku, func.count()).where(
            Subscription.kind == SubscriptionKind.BACK_IN_STOCK,
            Subscription.notified_at >= start).group_by(Subscription.sku)).tuples().all()
    return pd.Series(dict(rows), dtype="int64")


def due_signups(connection: Connection, today: dt.date, alerts_per_unit: int) -> pd.DataFrame:
    """Every sign-up due a message now (``COLUMNS``), oldest first, with ``in_batch``:
    True for a release and for a back-in-stock sign-up the next batch holds."""
    available = available_stock().subquery()
    release_on = release_date()
    back = (Subscription.kind == SubscriptionKind.BACK_IN_STOCK) & (available.c.available > 0) \
        & Product.discontinued.is_(False)
    released = (Subscription.kind == SubscriptionKind.RELEASE) & (release_on <= today)
    rows = connection.execute(
        select(Subscription.id, Subscription.sku, Subscription.email, Subscription.kind,
               Product.name, release_on, Subscription.created_at, available.c.available)
        .join(Product, Product.sku == Subscription.sku)
        .outerjoin(Policy, Policy.sku == Subscription.sku)
        .outerjoin(available, available.c.sku == Subscription.sku)
        .where(Subscription.notified_at.is_(None), back | released)
        .order_by(Subscription.created_at, Subscription.id)).all()
    frame = pd.DataFrame(rows, columns=COLUMNS)
    is_back = frame["kind"].astype(str).eq(SubscriptionKind.BACK_IN_STOCK.value)
    stock = frame[is_back].groupby("sku")["available"].first()
    sent = alerted_today(connection, today)
    room = pd.Series({sku: batch_room(int(units), alerts_per_unit, int(sent.get(sku, 0)))
                      for sku, units in stock.items()}, dtype="int64")
    frame["in_batch"] = ~is_back
    frame.loc[is_back, "in_batch"] = next_batch(frame[is_back], room)
    frame["in_batch"] = frame["in_batch"].astype(bool)
    return frame


def next_batch_waiting(engine: Engine, today: dt.date, alerts_per_unit: int) -> pd.DataFrame:
    """Per SKU with back-in-stock sign-ups due: its name, units available, how many the
    next batch holds and how many wait for a later one."""
    with engine.connect() as connection:
        due = due_signups(connection, today, alerts_per_unit)
    back = due[due["kind"].astype(str).eq(SubscriptionKind.BACK_IN_STOCK.value)]
    return back.groupby(["sku", "name"], as_index=False).agg(
        available=("available", "first"), in_batch=("in_batch", "sum"),
        waiting=("in_batch", lambda s: int((~s.astype(bool)).sum())))
