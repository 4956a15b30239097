"""Auto-switch (DESIGN §2): policies that follow stock and supply by themselves.

A SKU with auto-switch on is moved, and each move audited as a policy change:

- unreleased (launch date ahead) → pre-order until its launch date;
- nothing available and an open purchase order expected today or later →
  backorder, promising that purchase order's date;
- nothing available and no credible supply → out of stock (notify me);
- stock available again while on backorder or out of stock → sell from stock.

Discontinued SKUs are never switched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import Connection, func, select, update

from inventory_core import clock
from inventory_core.domain.access import SYSTEM, Actor
from inventory_core.domain.enums import PolicyMode, PurchaseOrderStatus
from inventory_core.domain.policy_rules import audit_text
from inventory_core.queries.definitions import available_stock
from inventory_core.services.audit import POLICY, record_changes
from inventory_core.store.models import Policy, Product, PurchaseOrder, key_chunks


def switch_policies(connection: Connection, today: dt.date, actor: Actor = SYSTEM,
                    skus: Collection[str] | None = None) -> list[str]:
    """Apply auto-switch to every SKU that has it on (only to ``skus`` when given);
    returns the SKUs that moved.

    Raises PermissionDenied (before reading anything) when ``actor`` is a viewer.
    """
    actor.require_editor("switch policies automatically")
    available = available_stock().subquery()
    supply = (select(PurchaseOrder.sku, func.min(PurchaseOrder.expected_on).label("eta"))
              .where(PurchaseOrder.status == PurchaseOrderStatus.OPEN,
                     PurchaseOrder.expected_on >= today)
              .group_by(PurchaseOrder.sku).subquery())
    statement = (
        select(Policy.sku, Policy.mode, Policy.restock_date, Policy.release_date,
               Product.launch_date, Product.discontinued,
               func.coalesce(available.c.available, 0), supply.c.eta)
        .join(Product, Product.sku == Policy.sku)
        .outerjoin(available, available.c.sku == Policy.sku)
        .outerjoin(supply, supply.c.sku == Policy.sku)
        .where(Policy.auto_switch.is_(True), Policy.mode != PolicyMode.DISCONTINUED))
    if skus is None:
        rows = connection.execute(statement).all()
    else:
        rows = [row for chunk in key_chunks(list(skus))
                for row in connection.execute(statement.where(Policy.sku.in_(chunk))).all()]
    moved = []
    now = clock.now()
    for sku, mode, restock, release, launch, discontinued, units, eta in rows:
        target = _target(PolicyMode(mode), launch, units, eta, today)
        if discontinued or target is None:
            continue
        new_mode, new_restock, new_release = target
        old = {"mode": PolicyMode(mode), "restock_date": restock, "release_date": release}
        new = {"mode": new_mode,
               "restock_date": new_restock if new_mode is PolicyMode.BACKORDER else restock,
               "release_date": new_release if new_mode is PolicyMode.PREORDER else release}
        changed = {k: v for k, v in new.items() if v != old[k]}
        if not changed:
            continue
        connection.execute(update(Policy).where(Policy.sku == sku).values(
            **changed, version=Policy.version + 1, updated_at=now, updated_by=actor.name))
        record_changes(connection, POLICY,
                       [(sku, field, audit_text(field, old[field]), audit_text(field, value))
                        for field, value in changed.items()],
                       actor=actor, at=now, reason="auto-switch")
        moved.append(sku)
    return moved


def _target(mode: PolicyMode, launch: dt.date | None, units: int, eta: dt.date | None,
            today: dt.date) -> tuple[PolicyMode, dt.date | None, dt.date | None] | None:
    """The (mode, restock date, release date) auto-switch wants, or None to leave it."""
    if launch is not None and launch > today:
        return PolicyMode.PREORDER, None, launch
    if units > 0:
        if mode in (PolicyMode.BACKORDER, PolicyMode.OUT_OF_STOCK, PolicyMode.PREORDER):
            return PolicyMode.STOCK, None, None
        return None
    if eta is not None:
        return PolicyMode.BACKORDER, eta, None
    return PolicyMode.OUT_OF_STOCK, None, None
