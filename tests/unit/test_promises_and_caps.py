"""The cap's one meaning, the promise never in the past, and why a state differs from its
mode, on single hand-worked rows (no database)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from inventory_core.domain.enums import StorefrontState as S
from inventory_core.domain.storefront import derive_storefront

TODAY = dt.date(2026, 12, 1)


def one(**overrides):
    row = {"mode": "stock", "discontinued": False, "launch_date": dt.date(2025, 1, 1),
           "release_date": None, "restock_date": None, "available": 0, "low_stock_at": None,
           "cap": None, "backorder_qty": 0, "preorder_qty": 0, "auto_switch": False,
           "next_expected": None, "supply_delay_days": 0, "button_label": None,
           "customer_note": None}
    row.update(overrides)
    return derive_storefront(pd.DataFrame([row]), TODAY, low_stock_at=5).iloc[0]


@pytest.mark.parametrize("waiting, state", [(14, S.PREORDER), (15, S.OUT_OF_STOCK)])
def test_a_pre_order_cap_counts_the_units_already_waiting(waiting, state):
    # cap 15: 9 pre-ordered + 5 more may wait (14 < 15); at 15 it takes no more
    row = one(mode="preorder", release_date=dt.date(2026, 12, 20), cap=15,
              preorder_qty=waiting)
    assert row.state is state


def test_backorders_and_pre_orders_waiting_together_count_against_one_cap():
    assert one(mode="backorder", cap=5, backorder_qty=3, preorder_qty=2).state \
        is S.OUT_OF_STOCK
    assert one(mode="backorder", cap=6, backorder_qty=3, preorder_qty=2).state is S.BACKORDER


def test_a_reached_cap_says_why_the_storefront_stops():
    row = one(mode="backorder", cap=5, backorder_qty=7)
    assert row.state is S.OUT_OF_STOCK
    assert row.state_reason == ("Cap reached: 7 units already wait against a cap of 5, so it "
                                "takes no more orders until some ship or the cap is raised.")


def test_a_passed_restock_date_rolls_to_the_next_purchase_order_moved_by_its_delay():
    # restock date 24 Nov has passed; the next PO is expected 3 Dec, the supplier is
    # typically 4 days late → it promises 7 Dec
    row = one(mode="backorder", restock_date=dt.date(2026, 11, 24),
              next_expected=dt.date(2026, 12, 3), supply_delay_days=4)
    assert row.state is S.BACKORDER and bool(row.promise_passed)
    assert row.promised_date == dt.date(2026, 12, 7)
    assert row.note == "On backorder: ships by Dec 7, 2026."
    assert row.state_reason == ("Its restock date Nov 24, 2026 has passed: it promises Dec 7, "
                                "2026, the next purchase order with the supplier's typical "
                                "delay.")


def test_a_passed_date_with_a_late_purchase_order_or_none_promises_nothing():
    late = one(mode="backorder", restock_date=dt.date(2026, 11, 24),
               next_expected=dt.date(2026, 11, 25), supply_delay_days=2)
    assert late.promised_date is None  # 25 Nov + 2 days = 27 Nov: still past
    assert late.note == "On backorder: ships as soon as it is restocked."
    assert "its purchase order (expected Nov 25, 2026) is late" in late.state_reason
    none = one(mode="backorder", restock_date=dt.date(2026, 11, 24))
    assert none.promised_date is None
    assert "no purchase order is open" in none.state_reason


def test_a_restock_date_today_or_ahead_is_kept():
    assert one(mode="backorder", restock_date=TODAY).promised_date == TODAY
    assert not one(mode="backorder", restock_date=TODAY).promise_passed


def test_a_state_that_differs_from_its_mode_says_why():
    assert one(mode="preorder", release_date=dt.date(2026, 11, 1), available=10) \
        .state_reason == "Release date Nov 1, 2026 has passed, so it sells from stock."
    assert one(mode="preorder", available=10, launch_date=None).state_reason.startswith(
        "No release date")
    assert one(auto_switch=True, next_expected=dt.date(2026, 12, 9)).state_reason == (
        "Auto-switch: nothing available and a purchase order is due Dec 9, 2026, so it "
        "takes backorders.")
    assert one(mode="backorder", discontinued=True).state_reason.startswith(
        "The product is marked discontinued")
    assert one(launch_date=dt.date(2027, 1, 5)).state_reason == (
        "Not released until Jan 5, 2027: set the mode to Pre-order to take orders.")
    assert one(mode="backorder", restock_date=dt.date(2026, 12, 9)).state_reason == ""
    assert one(available=10).state_reason == ""
