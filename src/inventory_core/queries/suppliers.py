"""Each supplier's measured reliability, from its received purchase orders.

Delay of a received PO = received on − expected on, in days (negative = early).
Per supplier: received POs, on-time rate (share received on or before the
expected date), average delay, and the p50 ("typical") and p90 ("late") delay.

The database counts and sums per supplier (GROUP BY); the two percentiles need
the individual delays, which the database counts per supplier, expected date and
received date (never per order line); each is taken as the nearest observed value
at or above the percentile. A supplier without received POs has no rate and a
delay of 0 days. ``supplier_delays`` alone is what allocation needs.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, case, func, select

from inventory_core.domain.enums import PurchaseOrderStatus
from inventory_core.store.frames import read_frame
from inventory_core.store.models import PurchaseOrder, Supplier

COLUMNS = ["supplier_id", "supplier", "lead_time_days", "received_pos", "on_time_pos",
           "on_time_rate", "open_pos", "late_open_pos", "p50_delay", "p90_delay"]


def supplier_stats(bind: Engine | Connection, today=None) -> pd.DataFrame:
    """One row per supplier: received and on-time POs, on-time rate, p50/p90 delay.

    ``bind`` is an engine or a connection (inside a write, to see its changes);
    with ``today``, ``late_open_pos`` counts open POs expected before today.
    """
    received = PurchaseOrder.status == PurchaseOrderStatus.RECEIVED
    is_open = PurchaseOrder.status == PurchaseOrderStatus.OPEN
    counts = [
        func.sum(case((received, 1), else_=0)).label("received_pos"),
        func.sum(case((received & (PurchaseOrder.received_on <= PurchaseOrder.expected_on), 1),
                      else_=0)).label("on_time_pos"),
        func.sum(case((is_open, 1), else_=0)).label("open_pos"),
    ]
    if today is not None:
        counts.append(func.sum(case((is_open & (PurchaseOrder.expected_on < today), 1),
                                    else_=0)).label("late_open_pos"))
    per_supplier = (select(PurchaseOrder.supplier_id, *counts)
                    .group_by(PurchaseOrder.supplier_id))  # one pass over the POs
    with _connected(bind) as connection:
        suppliers = read_frame(connection, select(Supplier.id, Supplier.name,
                                                  Supplier.lead_time_days)
                               .order_by(Supplier.name),
                               ["supplier_id", "supplier", "lead_time_days"])
        counted = read_frame(connection, per_supplier).set_index("supplier_id")
        delays = supplier_delays(connection)
    frame = suppliers.join(counted, on="supplier_id")
    if "late_open_pos" not in frame:
        frame["late_open_pos"] = 0
    frame = frame.fillna({c: 0 for c in counted.columns})
    for column in ("received_pos", "on_time_pos", "open_pos", "late_open_pos"):
        frame[column] = pd.to_numeric(frame[column]).astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["on_time_rate"] = np.where(frame["received_pos"] > 0,
                                         frame["on_time_pos"] / frame["received_pos"], np.nan)
    frame = frame.merge(delays, left_on="supplier_id", right_index=True, how="left")
    frame[["p50_delay", "p90_delay"]] = frame[["p50_delay", "p90_delay"]].fillna(0).astype(int)
    return frame[COLUMNS + ["average_delay"]]


def supplier_delays(connection: Connection) -> pd.DataFrame:
    """Per supplier with received POs (the index): p50, p90 and average delay in days.

    The database counts the POs per supplier, expected date and received date (far
    fewer rows than POs); each count is expanded back into that many delays here.
    """
    statement = (
        select(PurchaseOrder.supplier_id, PurchaseOrder.expected_on, PurchaseOrder.received_on,
               func.count())
        .where(PurchaseOrder.status == PurchaseOrderStatus.RECEIVED,
               PurchaseOrder.received_on.is_not(None), PurchaseOrder.supplier_id.is_not(None))
        .group_by(PurchaseOrder.supplier_id, PurchaseOrder.expected_on, PurchaseOrder.received_on)
    )
    counted = read_frame(connection, statement,
                         ["supplier_id", "expected_on", "received_on", "pos"],
                         dates=["expected_on", "received_on"])
    pos = counted["pos"].to_numpy(dtype=np.int64)
    delays = pd.DataFrame({
        "supplier_id": np.repeat(counted["supplier_id"].to_numpy(), pos),
        "delay": np.repeat((counted["received_on"] - counted["expected_on"]).dt.days.to_numpy(),
                           pos)})
    grouped = delays.groupby("supplier_id")["delay"]
    return pd.DataFrame({
        "p50_delay": grouped.quantile(0.5, interpolation="higher"),
        "p90_delay": grouped.quantile(0.9, interpolation="higher"),
        "average_delay": grouped.mean()})


def supplier_reliability(engine: Engine) -> pd.DataFrame:
    """Per supplier, from its received purchase orders: how many, the share received on
    or before the expected date (on-time rate) and the mean days late (typical delay).

    A supplier with no received purchase order counts as on time with no delay.
    """
    received = (PurchaseOrder.status == PurchaseOrderStatus.RECEIVED) \
        & PurchaseOrder.received_on.is_not(None)
    with engine.connect() as connection:
        late_days = _days_between(connection.dialect.name, PurchaseOrder.expected_on,
                                  PurchaseOrder.received_on)
        suppliers = read_frame(connection, select(Supplier.id, Supplier.name),
                               ["supplier_id", "supplier"])
        counted = read_frame(connection, (  # one pass over the received POs
            select(PurchaseOrder.supplier_id,
                   func.count(PurchaseOrder.po_number).label("received_pos"),
                   func.sum(case((PurchaseOrder.received_on <= PurchaseOrder.expected_on, 1),
                                 else_=0)).label("on_time"),
                   func.avg(case((late_days > 0, late_days), else_=0)).label("delay"))
            .where(received)
            .group_by(PurchaseOrder.supplier_id)))
    rows = suppliers.merge(counted, on="supplier_id", how="left").drop(columns="supplier_id")
    frame = rows.sort_values("supplier", ignore_index=True)
    received = frame["received_pos"].fillna(0).astype(int)
    frame["received_pos"] = received
    frame["on_time_rate"] = np.where(received > 0, pd.to_numeric(frame["on_time"]).fillna(0)
                                     / received.clip(lower=1), 1.0)
    frame["typical_delay_days"] = np.round(pd.to_numeric(frame["delay"]).astype(float)
                                           .fillna(0.0)).astype(int)
    return frame.drop(columns=["on_time", "delay"])


def _days_between(dialect: str, start, end):
    """``end − start`` in days as an SQL expression, on SQLite and PostgreSQL."""
    if dialect == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return end - start


@contextlib.contextmanager
def _connected(bind: Engine | Connection):
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as connection:
            yield connection
