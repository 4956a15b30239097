"""Each SKU's daily demand history, as the forecast reads it (``domain.forecast``).

Demand is units on order lines placed that day, cancelled lines left out (the
demand rate's definition). A day counts unless the SKU could not be sold: the
stock history (``stock_history``, recorded at every import and refresh) says it had
nothing available and was not sellable, or, where nothing is recorded, the order
history implies it: a SKU that has nothing to sell now was out since its last order.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, Select, and_, func, or_, select

from inventory_core.domain.enums import LineStatus, PolicyMode
from inventory_core.domain.forecast import (
    GAP_RATE_DAYS,
    counted_days,
    implied_stock_outs,
    out_since_last_order,
)
from inventory_core.domain.forecast_methods import DemandHistory
from inventory_core.queries.catalog import day_start
from inventory_core.queries.definitions import available_stock
from inventory_core.store.frames import connected, read_frame
from inventory_core.store.models import (
    DemandForecast,
    Order,
    OrderLine,
    Policy,
    Product,
    StockHistory,
)

SELLS_AT_ZERO = [mode for mode in PolicyMode if mode.sells_beyond_stock()]


def stock_now_statement() -> Select[Any]:
    """Every SKU (sorted) with its available units now (0 without stock rows) and
    whether it can be sold now: units available, stock the store does not count, or a
    mode that sells at zero stock (a SKU without a policy row sells from stock only)."""
    stock = available_stock().subquery()
    available = func.coalesce(stock.c.available, 0)
    sellable = or_(available > 0, Product.stock_tracked.is_(False),
                   and_(Policy.mode.is_not(None), Policy.mode.in_(SELLS_AT_ZERO)))
    return (select(Product.sku, available.label("available"), sellable.label("sellable"))
            .select_from(Product)
            .outerjoin(stock, stock.c.sku == Product.sku)
            .outerjoin(Policy, Policy.sku == Product.sku).order_by(Product.sku))


def stock_now(bind: Engine | Connection) -> pd.DataFrame:
    """``stock_now_statement`` read: sku, available, sellable."""
    with connected(bind) as connection:
        frame = read_frame(connection, stock_now_statement(), ["sku", "available", "sellable"])
    frame["available"] = pd.to_numeric(frame["available"]).fillna(0).astype(int)
    frame["sellable"] = frame["sellable"].fillna(False).astype(bool)
    return frame


def latest_order_day(bind: Engine | Connection) -> dt.date | None:
    """The day of the latest order, if any."""
    with connected(bind) as connection:
        latest = connection.execute(select(func.max(Order.placed_at))).scalar_one_or_none()
    day: dt.date | None = None if latest is None else pd.Timestamp(latest).date()
    return day


def order_span(bind: Engine | Connection) -> tuple[dt.date, dt.date] | None:
    """The days of the first and the latest order, if any."""
    with connected(bind) as connection:
        first, latest = connection.execute(
            select(func.min(Order.placed_at), func.max(Order.placed_at))).one()
    if first is None or latest is None:
        return None
    return pd.Timestamp(first).date(), pd.Timestamp(latest).date()


def _daily_units(connection: Connection, start: dt.date, end: dt.date) -> pd.DataFrame:
    placed_day = func.date(Order.placed_at).label("day")
    statement = (select(OrderLine.sku, placed_day, func.sum(OrderLine.qty))
                 .join(Order, Order.order_number == OrderLine.order_number)
                 .where(Order.placed_at >= day_start(start), Order.placed_at < day_start(end),
                        OrderLine.status != LineStatus.CANCELLED)
                 .group_by(OrderLine.sku, placed_day))
    return read_frame(connection, statement, ["sku", "day", "units"], dates=["day"])


def _recorded(connection: Connection, start: dt.date, end: dt.date) -> pd.DataFrame:
    statement = (select(StockHistory.sku, StockHistory.day, StockHistory.available,
                        StockHistory.sellable)
                 .where(StockHistory.day >= start, StockHistory.day < end))
    return read_frame(connection, statement, ["sku", "day", "available", "sellable"],
                      dates=["day"])


def _cells(frame: pd.DataFrame, skus: pd.Index, start: dt.date, days: int
           ) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    rows = skus.get_indexer(frame["sku"])
    cols = (frame["day"] - pd.Timestamp(start)).dt.days.to_numpy()
    keep = (rows >= 0) & (cols >= 0) & (cols < days)
    return rows[keep], cols[keep], frame[keep]


def demand_history(bind: Engine | Connection, skus: list[str], start: dt.date,
                   end: dt.date, out_now: np.ndarray | None = None,
                   gaps_until: dt.date | None = None) -> DemandHistory:
    """The daily history of ``skus`` (in that order) from ``start`` up to ``end``
    (excluded). Days the stock history records as unsellable do not count, nor, where
    nothing is recorded, the gaps in the orders before ``gaps_until`` (default ``end``)
    that only a stock-out explains (``domain.forecast.implied_stock_outs``; a backtest
    reads them from the days before its cut only). ``out_now`` (one flag per SKU) says
    which SKUs have nothing to sell now, so that unrecorded days since their last order
    do not count either."""
    days = (end - start).days
    index = pd.Index(skus)
    units = np.zeros((len(skus), days))
    recorded = np.zeros((len(skus), days), dtype=bool)
    unsellable = np.zeros((len(skus), days), dtype=bool)
    with connected(bind) as connection:
        sold, stock = _daily_units(connection, start, end), _recorded(connection, start, end)
    rows, cols, sold = _cells(sold, index, start, days)
    units[rows, cols] = pd.to_numeric(sold["units"]).to_numpy()
    rows, cols, stock = _cells(stock, index, start, days)
    recorded[rows, cols] = True
    unsellable[rows, cols] = ((pd.to_numeric(stock["available"]).to_numpy() <= 0)
                              & ~stock["sellable"].astype(bool).to_numpy())
    known = days if gaps_until is None else max(min((gaps_until - start).days, days), 0)
    if known:
        unsellable[:, :known] |= implied_stock_outs(units[:, :known]) & ~recorded[:, :known]
    if out_now is not None:
        unsellable |= out_since_last_order(units, out_now) & ~recorded
    return DemandHistory(units, counted_days(units, unsellable), start)


def stored_forecasts(bind: Engine | Connection) -> pd.DataFrame:
    """Every stored forecast: sku, made_on, method, reason, daily_units, low, high,
    sigma (``services.forecasts`` writes them)."""
    columns = ["sku", "made_on", "method", "reason", "daily_units", "low", "high", "sigma"]
    statement = select(*(getattr(DemandForecast, c) for c in columns)).order_by(
        DemandForecast.sku)
    with connected(bind) as connection:
        return read_frame(connection, statement, columns, dates=["made_on"])


@dataclass(frozen=True)
class SkuForecast:
    """One SKU's stored forecast beside its history, for its drill-down: ``history``
    (day, units, counted) over the last ``HISTORY_DAYS`` before the forecast was made,
    ``ahead`` (day, p50, p10, p90, expected), the method, why, and the day made."""

    history: pd.DataFrame
    ahead: pd.DataFrame
    method: str
    reason: str
    made_on: dt.date
    daily_units: float


HISTORY_DAYS = 91


def sku_forecast(bind: Engine | Connection, sku: str) -> SkuForecast | None:
    """``sku``'s stored forecast and the history before it, or None when none is stored
    (or it was stored without its days ahead)."""
    statement = select(DemandForecast.made_on, DemandForecast.method, DemandForecast.reason,
                       DemandForecast.path, DemandForecast.daily_units).where(
        DemandForecast.sku == sku)
    with connected(bind) as connection:
        row = connection.execute(statement).one_or_none()
        if row is None or not row.path:
            return None
        made_on = pd.Timestamp(row.made_on).date()
        start = made_on - dt.timedelta(days=HISTORY_DAYS)
        out_now = stock_now(connection).set_index("sku").reindex([sku])
        out = ((out_now["available"] <= 0) & ~out_now["sellable"].fillna(False).astype(bool))
        # read further back, so gaps near the start are judged as the forecast judged them
        past = demand_history(connection, [sku], start - dt.timedelta(days=GAP_RATE_DAYS),
                              made_on, out.to_numpy()).last(HISTORY_DAYS)
    path = json.loads(row.path)
    days = pd.date_range(made_on, periods=len(path["p50"]), freq="D")
    history = pd.DataFrame({"day": pd.date_range(start, periods=past.days, freq="D"),
                            "units": past.units[0], "counted": past.counted[0]})
    ahead = pd.DataFrame({"day": days, **{k: path[k] for k in ("p50", "p10", "p90",
                                                                "expected")}})
    return SkuForecast(history, ahead, row.method, row.reason, made_on,
                       float(row.daily_units))
