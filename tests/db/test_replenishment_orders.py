"""The Replenishment list placed as purchase orders, on the hand-worked fixture store.

C-GADGET (Slow Ltd, stated lead time 30 days) and B-BLUE (Reliable Co, 10 days) are
ordered: two open purchase orders, RP-<today>-001 and -002, ordered today and expected
T+30 and T+10, each audited as created "placed from Replenishment"; a bad row refuses
them all.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from inventory_core.domain.access import Actor, Role
from inventory_core.errors import InvalidInput, PermissionDenied
from inventory_core.services.replenishment_orders import OrderToPlace, place_purchase_orders
from inventory_core.services.supply import add_purchase_order
from inventory_core.store.models import Change, PurchaseOrder, Supplier
from tests.fixture_store import day

EDITOR = Actor("Buyer", Role.EDITOR)


def placed(engine):
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(
            select(PurchaseOrder.po_number, PurchaseOrder.sku, Supplier.name,
                   PurchaseOrder.qty, PurchaseOrder.ordered_on, PurchaseOrder.expected_on,
                   PurchaseOrder.status)
            .join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
            .where(PurchaseOrder.po_number.like("RP-%")).order_by(PurchaseOrder.po_number))]


def test_the_chosen_rows_become_open_purchase_orders_audited_in_one_action(store, today):
    result = place_purchase_orders(store, [OrderToPlace("C-GADGET", 21),
                                           OrderToPlace("B-BLUE", 6)], actor=EDITOR,
                                   today=today)
    stamp = today.strftime("%Y%m%d")
    assert result.po_numbers == [f"RP-{stamp}-001", f"RP-{stamp}-002"]
    assert placed(store) == [
        (f"RP-{stamp}-001", "C-GADGET", "Slow Ltd", 21, today, day(30), "open"),
        (f"RP-{stamp}-002", "B-BLUE", "Reliable Co", 6, today, day(10), "open")]
    with store.connect() as c:
        audit = c.execute(select(Change.entity_key, Change.new_value, Change.changed_by,
                                 Change.reason).where(Change.entity == "purchase_order",
                                                      Change.entity_key.like("RP-%"))
                          .order_by(Change.entity_key)).all()
    assert [tuple(a) for a in audit] == [
        (f"RP-{stamp}-001", f"21 × C-GADGET expected {day(30).isoformat()}", "Buyer",
         "placed from Replenishment"),
        (f"RP-{stamp}-002", f"6 × B-BLUE expected {day(10).isoformat()}", "Buyer",
         "placed from Replenishment")]
    # the next of the day continue the numbers
    again = place_purchase_orders(store, [OrderToPlace("A-RED", 3)], actor=EDITOR,
                                  today=today)
    assert again.po_numbers == [f"RP-{stamp}-003"]


@pytest.mark.parametrize("orders, said", [
    ([OrderToPlace("C-GADGET", 21), OrderToPlace("B-BLUE", 0)],
     "B-BLUE: the quantity must be a whole number above 0 (got 0)"),
    ([OrderToPlace("C-GADGET", 21), OrderToPlace("C-GADGET", 2)],
     "C-GADGET: listed more than once"),
    ([OrderToPlace("C-GADGET", 21), OrderToPlace("NOPE", 2)], "not in the catalogue: NOPE"),
    ([], "choose at least one SKU to order"),
])
def test_a_bad_row_places_nothing_and_says_which(store, today, orders, said):
    with pytest.raises(InvalidInput, match=re.escape(said)):
        place_purchase_orders(store, orders, actor=EDITOR, today=today)
    assert placed(store) == []


def test_a_viewer_cannot_place_purchase_orders(store, today):
    with pytest.raises(PermissionDenied):
        place_purchase_orders(store, [OrderToPlace("C-GADGET", 21)],
                              actor=Actor("Guest", Role.VIEWER), today=today)
    assert placed(store) == []


def test_a_number_of_the_day_already_taken_is_skipped(store, today):
    stamp = today.strftime("%Y%m%d")
    add_purchase_order(store, po_number=f"RP-{stamp}-002", sku="A-RED", qty=1,
                       ordered_on=today, expected_on=today, actor=EDITOR, today=today)
    placed_now = place_purchase_orders(store, [OrderToPlace("C-GADGET", 21),
                                               OrderToPlace("B-BLUE", 6)], actor=EDITOR,
                                       today=today)
    # one taken (-002): the count of the day's numbers starts past it, none collides
    assert placed_now.po_numbers == [f"RP-{stamp}-003", f"RP-{stamp}-004"]
