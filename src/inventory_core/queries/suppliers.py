"""Each supplier's measured reliability, read from its purchase orders.

The database counts the received purchase orders per supplier, expected date and
received date (far fewer rows than purchase orders, never one per order line);
``domain.suppliers`` defines the on-time rate, the p50 and p90 delay and what
projections use for a supplier with no record yet. ``supplier_reliability`` is
what allocation, the Customer lookup, the what-if and the recommendations read;
``supplier_stats`` adds the open purchase orders the supply page shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Select, case, false, func, select

from inventory_core.domain.enums import PurchaseOrderStatus
from inventory_core.domain.suppliers import (
    RECEIVED_COLUMNS,
    RECORD_COLUMNS,
    Reliability,
    reliability,
)
from inventory_core.queries.definitions import is_late_supply
from inventory_core.store.frames import connected, read_each, read_frame, shaped
from inventory_core.store.models import PurchaseOrder, Supplier

COLUMNS = ["supplier_id", "supplier", "lead_time_days", "received_pos", "on_time_pos",
           "on_time_rate", "open_pos", "late_open_pos", "p50_delay", "p90_delay"]


def received_statement() -> Select[Any]:
    """The received purchase orders (with a received date) counted per supplier name
    (None without one), expected date and received date: ``RECEIVED_COLUMNS``."""
    return (
        select(Supplier.name.label("supplier"), PurchaseOrder.expected_on,
               PurchaseOrder.received_on, func.count().label("pos"))
        .select_from(PurchaseOrder)
        .outerjoin(Supplier, Supplier.id == PurchaseOrder.supplier_id)
        .where(PurchaseOrder.status == PurchaseOrderStatus.RECEIVED,
               PurchaseOrder.received_on.is_not(None))
        .group_by(Supplier.name, PurchaseOrder.expected_on, PurchaseOrder.received_on)
    )


def reliability_statements() -> list[Select[Any]]:
    """What a delivery record is read from: ``received_statement`` and
    ``supplier_names`` (read them with others, then ``reliability_of``)."""
    return [received_statement(), supplier_names()]


def reliability_of(received: pd.DataFrame, names: pd.DataFrame) -> Reliability:
    """Every supplier's delivery record and the store's, from the frames of
    ``reliability_statements`` as read."""
    return reliability(shaped(received, RECEIVED_COLUMNS, dates=["expected_on", "received_on"]),
                       names.iloc[:, 0].tolist())


def supplier_reliability(bind: Engine | Connection) -> Reliability:
    """Every supplier's delivery record and the store's (``domain.suppliers``).

    ``bind`` is an engine (read a column at a time where the store allows it) or a
    connection (inside a write, to see its changes).
    """
    return reliability_of(*read_each(bind, reliability_statements()))


def supplier_names() -> Select[Any]:
    """Every supplier's name, in order."""
    return select(Supplier.name).order_by(Supplier.name)


def supplier_stats(bind: Engine | Connection, today: dt.date | None = None,
                   suppliers: Reliability | None = None) -> pd.DataFrame:
    """One row per supplier (by name): its delivery record (``domain.suppliers``: received
    and on-time POs, on-time rate, p50/p90 delay; NaN / <NA> with no record yet) and its
    open POs; with ``today``, ``late_open_pos`` counts open POs expected before today.
    ``suppliers`` is ``supplier_reliability``'s when the caller has it already."""
    is_open = PurchaseOrder.status == PurchaseOrderStatus.OPEN
    late = is_late_supply(today) if today is not None else false()
    statement = (
        select(Supplier.id, Supplier.name, Supplier.lead_time_days,
               func.coalesce(func.sum(case((is_open, 1), else_=0)), 0),
               func.coalesce(func.sum(case((late, 1), else_=0)), 0))
        .outerjoin(PurchaseOrder, PurchaseOrder.supplier_id == Supplier.id)
        .group_by(Supplier.id, Supplier.name, Supplier.lead_time_days)
        .order_by(Supplier.name)
    )
    with connected(bind) as connection:
        frame = read_frame(connection, statement, ["supplier_id", "supplier", "lead_time_days",
                                                   "open_pos", "late_open_pos"])
        if suppliers is None:
            suppliers = supplier_reliability(connection)
    records = suppliers.records
    for column in ("open_pos", "late_open_pos"):
        frame[column] = pd.to_numeric(frame[column]).astype(int)
    frame = frame.join(records[RECORD_COLUMNS], on="supplier")
    return frame[COLUMNS]
