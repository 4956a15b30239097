"""The Replenishment list turned into purchase orders, in one audited action.

The merchant picks rows of the list and may change their quantities; placing them
writes one open purchase order per SKU, all in one transaction (tried again when it
meets another writer, ``store.engine.write_transaction``) or none: each with its
product's supplier, ordered today and expected after the supplier's stated lead
time, numbered ``RP-<yyyymmdd>-<nnn>`` (the next free numbers of the day), and
audited as created with the reason "placed from Replenishment"; the refresh step
follows in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, insert, select

from inventory_core.domain.access import Actor
from inventory_core.domain.enums import PurchaseOrderStatus
from inventory_core.errors import InvalidInput
from inventory_core.services import events
from inventory_core.services.supply import audit_purchase_order, created_text
from inventory_core.store.engine import write_transaction
from inventory_core.store.models import Product, PurchaseOrder, Supplier, key_chunks

NUMBER_PREFIX = "RP"
DEFAULT_LEAD_DAYS = 14
"""The lead time of a product with no supplier (the suppliers table's own default)."""


@dataclass(frozen=True)
class OrderToPlace:
    """One row of the Replenishment list the merchant chose: SKU and units to order."""

    sku: str
    qty: int


@dataclass(frozen=True)
class PlacedOrders:
    """The purchase orders placed, by number, when each is expected, and what the
    refresh step did."""

    po_numbers: list[str] = field(default_factory=list)
    expected_on: list[dt.date] = field(default_factory=list)
    refreshed: events.Refreshed = field(default_factory=events.Refreshed)


def place_purchase_orders(engine: Engine, orders: Sequence[OrderToPlace], *, actor: Actor,
                          today: dt.date) -> PlacedOrders:
    """Place ``orders`` as open purchase orders (see the module); InvalidInput naming every
    row that cannot be ordered (a quantity that is not a whole number above 0, a SKU
    listed twice or unknown), and then nothing is placed."""
    actor.require_editor("place purchase orders")
    if not orders:
        raise InvalidInput("No purchase order placed: choose at least one SKU to order.")
    problems = [f"{o.sku}: the quantity must be a whole number above 0 (got {o.qty!r})"
                for o in orders
                if not isinstance(o.qty, int) or isinstance(o.qty, bool) or o.qty <= 0]
    skus = [o.sku for o in orders]
    problems += [f"{sku}: listed more than once" for sku in sorted(
        {s for s in skus if skus.count(s) > 1})]
    if problems:
        raise InvalidInput("No purchase order placed: " + "; ".join(problems) + ".")

    def place(connection: Connection) -> PlacedOrders:
        suppliers = _suppliers_of(connection, skus)
        unknown = [sku for sku in skus if sku not in suppliers]
        if unknown:
            raise InvalidInput("No purchase order placed: not in the catalogue: "
                               + ", ".join(unknown) + ".")
        numbers = _next_numbers(connection, today, len(orders))
        expected = [today + dt.timedelta(days=suppliers[o.sku][1]) for o in orders]
        for number, order, expected_on in zip(numbers, orders, expected, strict=True):
            supplier_id = suppliers[order.sku][0]
            connection.execute(insert(PurchaseOrder).values(
                po_number=number, sku=order.sku, supplier_id=supplier_id, qty=order.qty,
                ordered_on=today, expected_on=expected_on, status=PurchaseOrderStatus.OPEN))
            audit_purchase_order(connection, actor, number,
                                 {"created": (None, created_text(order.qty, order.sku,
                                                                 expected_on))},
                                 "placed from Replenishment")
        return PlacedOrders(numbers, expected, events.refresh(connection, today))

    return write_transaction(engine, place, what="placing the purchase orders")


def _suppliers_of(connection: Connection, skus: list[str]) -> dict[str, tuple[int | None, int]]:
    """Each known SKU's supplier id and stated lead time in days."""
    found: dict[str, tuple[int | None, int]] = {}
    for chunk in key_chunks(skus):
        for sku, supplier_id, lead in connection.execute(
                select(Product.sku, Product.supplier_id, Supplier.lead_time_days)
                .outerjoin(Supplier, Supplier.id == Product.supplier_id)
                .where(Product.sku.in_(chunk))):
            found[sku] = (supplier_id, DEFAULT_LEAD_DAYS if lead is None else int(lead))
    return found


def _next_numbers(connection: Connection, today: dt.date, count: int) -> list[str]:
    """``count`` purchase order numbers of ``today`` that no purchase order has yet (the
    day's numbers taken are read once)."""
    prefix = f"{NUMBER_PREFIX}-{today:%Y%m%d}-"
    taken = set(connection.execute(select(PurchaseOrder.po_number).where(
        PurchaseOrder.po_number.like(f"{prefix}%"))).scalars())
    numbers: list[str] = []
    seq = len(taken)
    while len(numbers) < count:
        seq += 1
        number = f"{prefix}{seq:03d}"
        if number not in taken:
            numbers.append(number)
    return numbers
