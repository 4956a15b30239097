"""The what-if's inputs read from the store: open supply and the overdue backlog per SKU,
with each supplier's reliability; ``domain.whatif_arrays`` turns them into arrays."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, select

from inventory_core.domain.enums import PurchaseOrderStatus
from inventory_core.domain.filters import ALL, Filters
from inventory_core.domain.suppliers import Reliability
from inventory_core.domain.whatif_arrays import ProjectionInputs, projection_inputs
from inventory_core.queries.definitions import is_overdue, is_waiting
from inventory_core.queries.selection import narrow_by_sku
from inventory_core.queries.suppliers import supplier_reliability
from inventory_core.store.frames import read_frame
from inventory_core.store.models import OrderLine, PurchaseOrder


def load_whatif_inputs(engine: Engine, skus: pd.DataFrame, today: dt.date,
                       filters: Filters = ALL, reliability: Reliability | None = None
                       ) -> ProjectionInputs:
    """The projection's inputs for the SKUs of ``skus`` (a ``catalog.sku_table`` frame).

    Open purchase orders are grouped per SKU and expected date, and open waiting
    lines per SKU (already overdue or not), by the database. Each SKU's supplier gives
    its on-time rate and typical delay as projections use them (``domain.suppliers``);
    ``reliability`` is ``supplier_reliability``'s when the caller has it already.
    """
    if reliability is None:
        reliability = supplier_reliability(engine)
    with engine.connect() as connection:
        supply = read_frame(connection, narrow_by_sku(
            select(PurchaseOrder.sku, PurchaseOrder.expected_on, func.sum(PurchaseOrder.qty))
            .where(PurchaseOrder.status == PurchaseOrderStatus.OPEN)
            .group_by(PurchaseOrder.sku, PurchaseOrder.expected_on), PurchaseOrder.sku,
            filters), ["sku", "expected_on", "qty"])
        overdue = read_frame(connection, narrow_by_sku(
            select(OrderLine.sku, func.sum(OrderLine.qty))
            .where(is_waiting(), is_overdue(today))
            .group_by(OrderLine.sku), OrderLine.sku, filters), ["sku", "units"])
    figures = reliability.for_projection(skus["supplier"])
    return projection_inputs(skus, supply, overdue.set_index("sku")["units"],
                             figures["on_time_rate"].to_numpy(dtype=float),
                             figures["p50_delay"].to_numpy(dtype=float), today,
                             figures["p90_delay"].to_numpy(dtype=float))
