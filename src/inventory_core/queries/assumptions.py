"""The what-if's assumptions measured from the store's own history.

Where the history has enough cases, two of the what-if's assumptions
(``domain.whatif.Assumptions``) are measured instead of taken on trust:

- **Sign-ups who buy on restock** (``notify_buy_share``): of the back-in-stock
  sign-ups the store has told, the share whose customer (the same email) ordered
  that SKU within ``BUY_WINDOW_DAYS`` days of being told; one case per sign-up told.
- **Backorder acceptance** (``acceptance``): the share of demand that kept ordering
  while a SKU was on backorder. Per SKU with at least ``MIN_DAYS`` recorded days both
  in stock and on backorder (``stock_history``: units available, or none available
  and still sellable), the units ordered on its backorder days against the units its
  in-stock rate would have brought on those days, summed over SKUs; one case per SKU.
  It is the acceptance of the waits those SKUs had, not of a backorder with no wait:
  the what-if's half-life still shortens it for longer waits.

A measurement with fewer than ``MIN_MEASURED_CASES`` cases is reported with its count and no
value. The others (cancellations past the promise, sign-ups per lost sale, pre-order
take-up) cannot be measured from what the store's files hold (no file says when a
line was cancelled, nor how many visitors left without ordering) and keep their
defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from inventory_core.domain.enums import LineStatus, SubscriptionKind
from inventory_core.queries.catalog import day_start
from inventory_core.store.frames import read_frame
from inventory_core.store.models import Order, OrderLine, StockHistory, Subscription

BUY_WINDOW_DAYS = 14
MIN_MEASURED_CASES = 20
MIN_DAYS = 7
HISTORY_DAYS = 365


@dataclass(frozen=True)
class MeasuredAssumption:
    """One assumption as the store's history measures it: ``value`` (a share, None when
    the history has fewer than ``MIN_MEASURED_CASES`` cases), how many ``cases`` and of what."""

    name: str
    value: float | None
    cases: int
    unit: str


def measured_assumptions(engine: Engine, today: dt.date) -> dict[str, MeasuredAssumption]:
    """The assumptions the store's history measures (see the module), by field name."""
    return {"acceptance": _backorder_acceptance(engine, today),
            "notify_buy_share": _signups_who_bought(engine)}


def _signups_who_bought(engine: Engine) -> MeasuredAssumption:
    told = (select(Subscription.id, Subscription.notified_at)
            .where(Subscription.kind == SubscriptionKind.BACK_IN_STOCK,
                   Subscription.notified_at.is_not(None)))
    orders = (select(Subscription.id, Subscription.notified_at, Order.placed_at)
              .join(OrderLine, OrderLine.sku == Subscription.sku)
              .join(Order, and_(Order.order_number == OrderLine.order_number,
                                func.lower(Order.customer_email)
                                == func.lower(Subscription.email)))
              .where(Subscription.kind == SubscriptionKind.BACK_IN_STOCK,
                     Subscription.notified_at.is_not(None),
                     OrderLine.status != LineStatus.CANCELLED,
                     Order.placed_at >= Subscription.notified_at))
    with engine.connect() as connection:
        signups = read_frame(connection, told, ["id", "notified_at"], dates=["notified_at"])
        bought = read_frame(connection, orders, ["id", "notified_at", "placed_at"],
                            dates=["notified_at", "placed_at"])
    window = pd.Timedelta(days=BUY_WINDOW_DAYS)
    within = bought[bought["placed_at"] < bought["notified_at"] + window]
    return _share("notify_buy_share", int(within["id"].nunique()), len(signups),
                  "sign-ups told")


def _backorder_acceptance(engine: Engine, today: dt.date) -> MeasuredAssumption:
    start = today - dt.timedelta(days=HISTORY_DAYS)
    placed_day = func.date(Order.placed_at).label("day")
    units = (select(OrderLine.sku, placed_day, func.sum(OrderLine.qty).label("units"))
             .join(Order, Order.order_number == OrderLine.order_number)
             .where(Order.placed_at >= day_start(start), Order.placed_at < day_start(today),
                    OrderLine.status != LineStatus.CANCELLED)
             .group_by(OrderLine.sku, placed_day)).subquery()
    on_backorder = case((StockHistory.available > 0, False), else_=True).label("backorder")
    days = (select(StockHistory.sku, on_backorder, func.count(),
                   func.coalesce(func.sum(units.c.units), 0))
            .outerjoin(units, and_(units.c.sku == StockHistory.sku,
                                   units.c.day == StockHistory.day))
            .where(StockHistory.day >= start, StockHistory.day < today,
                   (StockHistory.available > 0) | StockHistory.sellable.is_(True))
            .group_by(StockHistory.sku, on_backorder))
    with engine.connect() as connection:
        frame = read_frame(connection, days, ["sku", "backorder", "days", "units"])
    frame["backorder"] = frame["backorder"].astype(bool)
    table = frame.pivot_table(index="sku", columns="backorder", values=["days", "units"],
                              aggfunc="sum", fill_value=0)
    if table.empty or ("days", True) not in table or ("days", False) not in table:
        return MeasuredAssumption("acceptance", None, 0, "SKUs with days in stock and on backorder")
    both = table[(table[("days", True)] >= MIN_DAYS) & (table[("days", False)] >= MIN_DAYS)]
    rate_in_stock = both[("units", False)] / both[("days", False)]
    expected = float((rate_in_stock * both[("days", True)]).sum())
    ordered = float(both[("units", True)].sum())
    cases = len(both)
    value = None if cases < MIN_MEASURED_CASES or expected <= 0 else float(
        np.clip(ordered / expected, 0.0, 1.0))
    return MeasuredAssumption("acceptance", value, cases,
                              "SKUs with days in stock and on backorder")


def _share(name: str, hits: int, cases: int, unit: str) -> MeasuredAssumption:
    """``hits`` of ``cases`` as a measured share (no value below ``MIN_MEASURED_CASES``)."""
    share = hits / cases if cases >= MIN_MEASURED_CASES else None
    return MeasuredAssumption(name, share, cases, unit)
