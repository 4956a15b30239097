"""How old the open backorders are, and how the backlog grew (DESIGN §3).

Age, the aging buckets and overdue are defined in ``domain.aging``. Here the
database counts with them:

- **backlog at a week's end**: the backorder units of lines placed before the end
  of that day and not yet fulfilled then, i.e. still open, or fulfilled at or
  after that moment (``fulfilled_at``). Cancelled lines are left out of every
  week, because the store does not record when a line was cancelled; fulfilled
  lines without a ``fulfilled_at`` are left out too. Weeks end on today and on
  every 7th day before it, so the latest week's backlog is today's open backlog.

Bucket boundaries are worked out as timestamps (midnight starting a day) and
compared with ``placed_at`` in a ``CASE`` expression, which reads the same on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    Case,
    ColumnElement,
    Engine,
    Float,
    Label,
    Select,
    and_,
    case,
    cast,
    func,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute

from inventory_core.domain.aging import (
    BACKLOG_WEEKS,
    BUCKET_LABELS,
    BUCKETS,
    NO_PROMISED_DATE,
    OVERDUE,
    WITHIN_PROMISE,
    bucket_for,
    days_overdue,
    week_ends,
    with_ages,
)
from inventory_core.domain.enums import LineKind, LineStatus
from inventory_core.domain.filters import ALL, Filters
from inventory_core.queries.catalog import day_start
from inventory_core.queries.definitions import is_overdue
from inventory_core.queries.selection import narrow
from inventory_core.store.frames import read_frames, shaped
from inventory_core.store.models import LINE_IS_OPEN, Order, OrderLine, Product, Supplier


def bucket_case(today: dt.date) -> Case[str]:
    """SQL: the bucket label of an order's ``placed_at``, newest bucket first.

    A line is at most ``last`` days old when it was placed on or after midnight
    starting ``today − last``.
    """
    whens = [(Order.placed_at >= day_start(today - dt.timedelta(days=b.last)), b.label)
             for b in BUCKETS if b.last is not None]
    return case(*whens, else_=BUCKETS[-1].label)


def _open_backorders(*columns: ColumnElement[Any] | InstrumentedAttribute[Any]
                     ) -> Select[Any]:
    """SELECT ``columns`` over open backorder lines, from products (filterable)."""
    return (
        select(*columns)
        .select_from(Product)
        .join(OrderLine, OrderLine.sku == Product.sku)
        .join(Order, Order.order_number == OrderLine.order_number)
        .where(LINE_IS_OPEN, OrderLine.kind == LineKind.BACKORDER)
    )


def _totals(today: dt.date) -> list[Label[Any]]:
    value = OrderLine.qty * OrderLine.unit_price
    overdue = is_overdue(today)
    return [
        func.count().label("lines"),
        func.sum(OrderLine.qty).label("units"),
        func.sum(value).label("value"),
        func.sum(case((overdue, 1), else_=0)).label("overdue_lines"),
        func.sum(case((overdue, OrderLine.qty), else_=0)).label("overdue_units"),
        func.sum(case((overdue, value), else_=0)).label("overdue_value"),
    ]


TOTAL_COLUMNS = ["lines", "units", "value", "overdue_lines", "overdue_units", "overdue_value"]


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for column in TOTAL_COLUMNS:
        if column in frame:
            kind = float if column.endswith("value") else int
            frame[column] = pd.to_numeric(frame[column]).fillna(0).astype(kind)
    return frame


def aging_buckets(engine: Engine, today: dt.date, filters: Filters = ALL) -> pd.DataFrame:
    """One row per bucket (all six, in order): lines, units, value and the overdue part."""
    bucket = bucket_case(today).label("bucket")
    statement = _open_backorders(bucket, *_totals(today)).group_by(bucket)
    with engine.connect() as connection:
        rows = connection.execute(narrow(statement, filters)).all()
    frame = pd.DataFrame(rows, columns=["bucket", *TOTAL_COLUMNS]).set_index("bucket")
    frame = frame.reindex(BUCKET_LABELS, fill_value=0).rename_axis("bucket").reset_index()
    return _typed(frame)


SPLITS = {"category": Product.category, "supplier": Supplier.name, "sku": Product.sku}


def aging_by(engine: Engine, today: dt.date, by: str, filters: Filters = ALL) -> pd.DataFrame:
    """Open backorders split by ``by`` (category, supplier or sku) and bucket.

    One row per group: ``units`` and ``value`` in total, the overdue part, and the
    units in each bucket (one column per bucket label); largest value first.
    """
    if by not in SPLITS:
        raise ValueError(f"aging can be split by {', '.join(SPLITS)}, not {by!r}")
    group = func.coalesce(SPLITS[by], "(no supplier)").label(by)
    bucket = bucket_case(today).label("bucket")
    columns = [group, bucket, *_totals(today)]
    if by == "sku":
        columns.insert(1, Product.name.label("name"))
    statement = _open_backorders(*columns)
    if by == "supplier":
        statement = statement.outerjoin(Supplier, Supplier.id == Product.supplier_id)
    keys = [group, Product.name] if by == "sku" else [group]
    statement = statement.group_by(*keys, bucket)
    with engine.connect() as connection:
        rows = connection.execute(narrow(statement, filters)).all()
    names = [by, "name"] if by == "sku" else [by]
    long = _typed(pd.DataFrame(rows, columns=[*names, "bucket", *TOTAL_COLUMNS]))
    if long.empty:
        return pd.DataFrame(columns=[*names, *TOTAL_COLUMNS, *BUCKET_LABELS])
    totals = long.groupby(names, as_index=False)[TOTAL_COLUMNS].sum()
    spread = (long.pivot_table(index=names, columns="bucket", values="units", aggfunc="sum",
                               fill_value=0)
              .reindex(columns=BUCKET_LABELS, fill_value=0).astype(int).reset_index())
    spread.columns.name = None
    out = totals.merge(spread, on=names)
    return out.sort_values(["value", by], ascending=[False, True]).reset_index(drop=True)


def promise_split(engine: Engine, today: dt.date, filters: Filters = ALL) -> pd.DataFrame:
    """Open backorders overdue, within promise and without a promised date.

    Three rows (``promise``: Overdue, Within promise, No promised date) with lines,
    units and value.
    """
    labels = (OVERDUE, WITHIN_PROMISE, NO_PROMISED_DATE)
    promise = case((is_overdue(today), labels[0]),
                   (OrderLine.promised_on.is_not(None), labels[1]),
                   else_=labels[2]).label("promise")
    value = OrderLine.qty * OrderLine.unit_price
    statement = _open_backorders(promise, func.count(), func.sum(OrderLine.qty),
                                 func.sum(value)).group_by(promise)
    with engine.connect() as connection:
        rows = connection.execute(narrow(statement, filters)).all()
    frame = pd.DataFrame(rows, columns=["promise", "lines", "units", "value"])
    frame = frame.set_index("promise").reindex(list(labels), fill_value=0).reset_index()
    return _typed(frame)


def backlog_by_week(engine: Engine, today: dt.date, filters: Filters = ALL,
                    weeks: int = BACKLOG_WEEKS) -> pd.DataFrame:
    """The open backorder backlog at the end of each of the last ``weeks`` weeks.

    One row per week, oldest first: ``week_end`` (date), ``units``, ``value`` and
    ``lines`` open at the end of that day (see the module's definition). One
    query reads the backorder lines that can count (a column at a time), and every
    week's sums are taken of them at once: a conditional sum per line and week cost
    the database far more.
    """
    ends = week_ends(today, weeks)
    moments = [day_start(end + dt.timedelta(days=1)) for end in ends]
    statement = (
        select(Order.placed_at, OrderLine.fulfilled_at,
               case((LINE_IS_OPEN, 1), else_=0).label("open"), OrderLine.qty,
               cast(OrderLine.qty * OrderLine.unit_price, Float).label("value"))
        .select_from(Product)
        .join(OrderLine, OrderLine.sku == Product.sku)
        .join(Order, Order.order_number == OrderLine.order_number)
        .where(OrderLine.kind == LineKind.BACKORDER,
               or_(LINE_IS_OPEN,
                   and_(OrderLine.status == LineStatus.FULFILLED,
                        OrderLine.fulfilled_at >= moments[0])))
    )  # when each was placed is compared below: a bound here sends SQLite through every order
    lines = shaped(read_frames(engine, [narrow(statement, filters)])[0],
                   dates=["placed_at", "fulfilled_at"])
    # a line counts at a week's end when placed before it and still open then: open
    # now, or fulfilled at or after it (one row per line, one column per week)
    at = np.array(moments, dtype="datetime64[ns]")
    placed = lines["placed_at"].to_numpy(dtype="datetime64[ns]")[:, None]
    fulfilled = lines["fulfilled_at"].to_numpy(dtype="datetime64[ns]")[:, None]
    is_open = lines["open"].to_numpy(dtype=bool)[:, None]
    counts = (placed < at) & (is_open | (fulfilled >= at))  # NaT: never at or after
    qty = pd.to_numeric(lines["qty"]).to_numpy(dtype=float)
    value = pd.to_numeric(lines["value"]).to_numpy(dtype=float)
    return pd.DataFrame({
        "week_end": ends,
        "units": (qty @ counts).round().astype(int),
        "value": value @ counts,
        "lines": counts.sum(axis=0).astype(int),
    })


def oldest_backorders(engine: Engine, today: dt.date, filters: Filters = ALL,
                      limit: int = 50) -> pd.DataFrame:
    """The ``limit`` oldest open backorder lines, oldest first.

    Columns: order_number, customer, email, sku, name, qty, value, placed (date),
    age_days, bucket, promised_on (date or None), overdue (bool), days_overdue.
    """
    # the open backorder lines first, then their orders: on PostgreSQL a materialised
    # CTE, since its planner would walk every order by date to find the few still open
    waiting = (select(OrderLine.order_number, OrderLine.line_no, OrderLine.sku, OrderLine.qty,
                      OrderLine.unit_price, OrderLine.promised_on)
               .where(LINE_IS_OPEN, OrderLine.kind == LineKind.BACKORDER)
               .cte("open_backorders").prefix_with("MATERIALIZED", dialect="postgresql"))
    statement = (
        select(Order.order_number, Order.customer_name, Order.customer_email, Product.sku,
               Product.name, waiting.c.qty, (waiting.c.qty * waiting.c.unit_price).label("value"),
               Order.placed_at, waiting.c.promised_on)
        .select_from(Product)
        .join(waiting, waiting.c.sku == Product.sku)
        .join(Order, Order.order_number == waiting.c.order_number)
        .order_by(Order.placed_at, Order.order_number, waiting.c.line_no).limit(limit))
    with engine.connect() as connection:
        rows = connection.execute(narrow(statement, filters)).all()
    frame = with_ages(pd.DataFrame(rows, columns=[
        "order_number", "customer", "email", "sku", "name", "qty", "value", "placed_at",
        "promised_on"]), today)
    frame["bucket"] = [bucket_for(a) for a in frame["age_days"]]
    frame["days_overdue"] = days_overdue(frame["promised_on"], today)
    return frame[
        ["order_number", "customer", "email", "sku", "name", "qty", "value", "placed",
         "age_days", "bucket", "promised_on", "overdue", "days_overdue"]]
