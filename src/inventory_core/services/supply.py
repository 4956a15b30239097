"""Services that change incoming supply: add, edit the expected date, cancel, receive.

Each takes the acting ``Actor`` (viewers are refused), audits what it changed in
``changes`` (entity ``purchase_order``) and runs ``events.refresh`` in the same
transaction, so auto-switch, allocation and notifications follow at once.
Editing checks ``PurchaseOrder.version``: a PO changed by someone else since it
was loaded is refused with ConcurrentEdit, nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Row, insert, select, update

from inventory_core import clock
from inventory_core.domain.access import Actor
from inventory_core.domain.enums import PurchaseOrderStatus
from inventory_core.domain.filters import ALL, Filters
from inventory_core.domain.storefront import as_dates
from inventory_core.errors import ConcurrentEdit, InvalidInput, NotFound
from inventory_core.queries.selection import narrow
from inventory_core.services import events
from inventory_core.services.audit import PURCHASE_ORDER, record_changes
from inventory_core.store.frames import read_frame
from inventory_core.store.models import MAIN_LOCATION, Product, PurchaseOrder, Stock, Supplier


def purchase_orders(engine: Engine, today: dt.date, filters: Filters = ALL, *,
                    open_only: bool = False) -> pd.DataFrame:
    """Every PO of the selected SKUs (only the open ones with ``open_only``), earliest
    expected first, with supplier and whether it is late."""
    statement = narrow(
        select(PurchaseOrder.po_number, PurchaseOrder.sku, Product.name,
               Supplier.name.label("supplier"), PurchaseOrder.qty, PurchaseOrder.ordered_on,
               PurchaseOrder.expected_on, PurchaseOrder.received_on, PurchaseOrder.status,
               PurchaseOrder.version)
        .select_from(PurchaseOrder)
        .join(Product, Product.sku == PurchaseOrder.sku)
        .outerjoin(Supplier, Supplier.id == PurchaseOrder.supplier_id), filters)
    if open_only:
        statement = statement.where(PurchaseOrder.status == PurchaseOrderStatus.OPEN)
    dates = ["ordered_on", "expected_on", "received_on"]
    with engine.connect() as connection:
        frame = read_frame(connection, statement, dates=dates)
    # sorted here: SQLite sorts the joined rows in a temporary table, several times slower
    frame = frame.sort_values(["expected_on", "po_number"], ignore_index=True)
    frame["status"] = frame["status"].astype(str)
    expected, received = frame["expected_on"], frame["received_on"]
    is_open = frame["status"].eq(PurchaseOrderStatus.OPEN.value)
    frame["late"] = is_open & (expected < pd.Timestamp(today))
    frame["days_late"] = ((pd.Timestamp(today) - expected).dt.days.where(frame["late"])
                          .fillna((received - expected).dt.days.where(~is_open)))
    frame["shown_status"] = frame["status"].map(
        PurchaseOrderStatus.labels()).where(~frame["late"], "Late")
    for column in dates:
        frame[column] = as_dates(frame[column])
    return frame


def audit_purchase_order(connection: Connection, actor: Actor, po_number: str,
                         changes: dict[str, tuple[object, object]], reason: str) -> None:
    """Audit each changed field of purchase order ``po_number``: field → (old, new),
    written as text (a date in ISO form)."""
    texts = {name: tuple(None if v is None else str(v) for v in values)
             for name, values in changes.items()}
    record_changes(connection, PURCHASE_ORDER,
                   [(po_number, name, old, new) for name, (old, new) in texts.items()],
                   actor=actor, at=clock.now(), reason=reason)


def _bump(connection: Connection, po_number: str, version: int,
          values: dict[str, object]) -> None:
    done = connection.execute(
        update(PurchaseOrder)
        .where(PurchaseOrder.po_number == po_number, PurchaseOrder.version == version)
        .values(**values, version=PurchaseOrder.version + 1))
    if done.rowcount != 1:
        raise ConcurrentEdit(
            f"Purchase order {po_number} was changed by someone else since you loaded it. "
            "Reload the page to see the current values, then try again.")


def _open_po(connection: Connection, po_number: str, version: int | None) -> Row[Any]:
    row = connection.execute(select(
        PurchaseOrder.po_number, PurchaseOrder.status, PurchaseOrder.version,
        PurchaseOrder.ordered_on, PurchaseOrder.expected_on, PurchaseOrder.qty,
        PurchaseOrder.sku).where(PurchaseOrder.po_number == po_number)).first()
    if row is None:
        raise NotFound(f"Purchase order {po_number} does not exist.")
    if version is not None and row.version != version:
        raise ConcurrentEdit(
            f"Purchase order {po_number} was changed by someone else since you loaded it. "
            "Reload the page to see the current values, then try again.")
    if PurchaseOrderStatus(row.status) is not PurchaseOrderStatus.OPEN:
        state = PurchaseOrderStatus(row.status).label.lower()
        raise InvalidInput(f"Purchase order {po_number} is {state}; "
                           "only open purchase orders can be changed.")
    return row


def set_expected_date(engine: Engine, po_number: str, expected_on: dt.date, *, version: int,
                      actor: Actor, today: dt.date, reason: str | None = None
                      ) -> events.Refreshed:
    """Move an open PO's expected date (audited; refused if the PO changed since ``version``)."""
    actor.require_editor("change a purchase order's expected date")
    with engine.begin() as connection:
        row = _open_po(connection, po_number, version)
        if expected_on < row.ordered_on:
            raise InvalidInput(f"Expected date of {po_number} cannot be before its order date "
                               f"({row.ordered_on.isoformat()}).")
        if expected_on == row.expected_on:
            return events.Refreshed()
        _bump(connection, po_number, version, {"expected_on": expected_on})
        audit_purchase_order(connection, actor, po_number,
                             {"expected_on": (row.expected_on, expected_on)},
                             reason or "expected date edited")
        return events.refresh(connection, today)


def created_text(qty: int, sku: str, expected_on: dt.date) -> str:
    """A new purchase order as its audit row reads: ``12 × SKU-1 expected 2026-12-20``."""
    return f"{qty} × {sku} expected {expected_on.isoformat()}"


def add_purchase_order(engine: Engine, *, po_number: str, sku: str, qty: int,
                       ordered_on: dt.date, expected_on: dt.date, actor: Actor,
                       today: dt.date, supplier: str | None = None) -> events.Refreshed:
    """Record a new open PO (supplier defaults to the product's); audited as created."""
    actor.require_editor("add a purchase order")
    po_number = (po_number or "").strip()
    sku = (sku or "").strip()
    problems = []
    if not po_number:
        problems.append("PO number is empty")
    elif len(po_number) > 100:
        problems.append("PO number is longer than 100 characters")
    if not isinstance(qty, int) or isinstance(qty, bool) or qty <= 0:
        problems.append(f"quantity must be a whole number above 0 (got {qty!r})")
    if ordered_on is None or expected_on is None:
        problems.append("order date and expected date are both needed")
    elif expected_on < ordered_on:
        problems.append("expected date is before the order date")
    if problems:
        raise InvalidInput("Purchase order not added: " + "; ".join(problems) + ".")
    with engine.begin() as connection:
        product = connection.execute(select(Product.sku, Product.supplier_id)
                                     .where(Product.sku == sku)).first()
        if product is None:
            raise InvalidInput(f"Purchase order not added: SKU '{sku}' is not in the catalogue.")
        if connection.execute(select(PurchaseOrder.po_number)
                              .where(PurchaseOrder.po_number == po_number)).first():
            raise InvalidInput(f"Purchase order not added: {po_number} already exists.")
        supplier_id = product.supplier_id
        if supplier:
            supplier_id = connection.execute(
                select(Supplier.id).where(Supplier.name == supplier)).scalar()
            if supplier_id is None:
                raise InvalidInput(f"Purchase order not added: supplier '{supplier}' is unknown.")
        connection.execute(insert(PurchaseOrder).values(
            po_number=po_number, sku=sku, supplier_id=supplier_id, qty=qty,
            ordered_on=ordered_on, expected_on=expected_on, status=PurchaseOrderStatus.OPEN))
        audit_purchase_order(connection, actor, po_number,
                             {"created": (None, created_text(qty, sku, expected_on))},
                             "purchase order added")
        return events.refresh(connection, today)


def cancel_purchase_order(engine: Engine, po_number: str, *, version: int | None = None,
                          actor: Actor, today: dt.date, reason: str | None = None
                          ) -> events.Refreshed:
    """Cancel an open PO; its supply no longer counts."""
    actor.require_editor("cancel a purchase order")
    with engine.begin() as connection:
        row = _open_po(connection, po_number, version)
        _bump(connection, po_number, row.version, {"status": PurchaseOrderStatus.CANCELLED})
        audit_purchase_order(connection, actor, po_number, {"status": ("open", "cancelled")},
                             reason or "purchase order cancelled")
        return events.refresh(connection, today)


def receive_purchase_order(engine: Engine, po_number: str, *, actor: Actor, today: dt.date,
                           received_on: dt.date | None = None, location: str = MAIN_LOCATION,
                           version: int | None = None) -> events.Refreshed:
    """Mark an open PO received and add its units to on-hand stock at ``location``."""
    actor.require_editor("receive a purchase order")
    received_on = received_on or today
    with engine.begin() as connection:
        row = _open_po(connection, po_number, version)
        _bump(connection, po_number, row.version,
              {"status": PurchaseOrderStatus.RECEIVED, "received_on": received_on})
        existing = connection.execute(select(Stock.on_hand).where(
            Stock.sku == row.sku, Stock.location == location)).first()
        if existing is None:
            connection.execute(insert(Stock).values(sku=row.sku, location=location,
                                                    on_hand=row.qty, reserved=0))
        else:
            connection.execute(update(Stock).where(Stock.sku == row.sku,
                                                   Stock.location == location)
                               .values(on_hand=Stock.on_hand + row.qty))
        audit_purchase_order(connection, actor, po_number,
                             {"status": ("open", "received"), "received_on": (None, received_on)},
                             f"received {row.qty} units into {location}")
        return events.refresh(connection, today)
