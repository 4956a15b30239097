"""Storefront state rules on single rows (no database)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from inventory_core.domain.enums import StorefrontState as S
from inventory_core.domain.storefront import availability_line, derive_storefront
from inventory_core.domain.wording import render_note, unknown_placeholders

TODAY = dt.date(2026, 3, 10)


def one(**overrides):
    row = {"mode": "stock", "discontinued": False, "launch_date": dt.date(2025, 1, 1),
           "release_date": None, "restock_date": None, "available": 10, "low_stock_at": None,
           "cap": None, "backorder_qty": 0, "auto_switch": False, "next_expected": None,
           "button_label": None, "customer_note": None}
    row.update(overrides)
    return derive_storefront(pd.DataFrame([row]), TODAY, low_stock_at=5).iloc[0]


@pytest.mark.parametrize("available, state", [(6, S.IN_STOCK), (5, S.LOW_STOCK),
                                              (1, S.LOW_STOCK), (0, S.OUT_OF_STOCK)])
def test_stock_thresholds(available, state):
    assert one(available=available).state is state


def test_a_product_threshold_beats_the_store_default():
    assert one(available=8, low_stock_at=10).state is S.LOW_STOCK


def test_backorder_stops_at_its_cap():
    assert one(mode="backorder", available=0, cap=5, backorder_qty=4).state is S.BACKORDER
    assert one(mode="backorder", available=0, cap=5, backorder_qty=5).state is S.OUT_OF_STOCK


def test_auto_switch_backorders_only_with_a_credible_purchase_order():
    future = one(available=0, auto_switch=True, next_expected=dt.date(2026, 3, 20))
    late = one(available=0, auto_switch=True, next_expected=dt.date(2026, 3, 1))
    assert future.state is S.BACKORDER and future.promised_date == dt.date(2026, 3, 20)
    assert late.state is S.OUT_OF_STOCK


def test_a_preorder_past_its_release_sells_from_stock():
    assert one(mode="preorder", release_date=dt.date(2026, 3, 1)).state is S.IN_STOCK


def test_unreleased_product_is_preorder_with_auto_switch_else_out_of_stock():
    launch = dt.date(2026, 4, 1)
    assert one(launch_date=launch, auto_switch=True, available=0).state is S.PREORDER
    assert one(launch_date=launch, available=0).state is S.OUT_OF_STOCK


def test_discontinued_wins_over_stock():
    assert one(discontinued=True, available=50).state is S.DISCONTINUED


def test_backorder_without_a_date_promises_to_ship_on_restock():
    row = one(mode="backorder", available=0)
    assert row.state is S.BACKORDER and row.promised_date is None
    assert row.note == "On backorder: ships as soon as it is restocked."


def test_notes_fill_only_the_date_placeholder():
    assert render_note("Ships {date}", dt.date(2026, 12, 3)) == "Ships Dec 3, 2026"
    assert render_note("Ships {date}", None) == "Ships soon"
    assert unknown_placeholders("Ships {when} or {date}") == ["{when}"]


def test_availability_line():
    assert availability_line(S.BACKORDER, dt.date(2026, 3, 20), 0) == (
        "Backorder: ships by Mar 20, 2026")
    assert availability_line(S.LOW_STOCK, None, 3) == "Low stock: 3 left"


def test_a_note_fills_units_and_date_even_when_more_is_reserved_than_on_hand():
    rows = [{"mode": "backorder", "discontinued": False, "launch_date": dt.date(2025, 1, 1),
             "release_date": None, "restock_date": dt.date(2026, 12, 1), "available": units,
             "low_stock_at": None, "cap": None, "backorder_qty": 0, "auto_switch": False,
             "next_expected": None, "button_label": None,
             "customer_note": "Backorder: {units} short, ships {date}"} for units in (-3, 0, -3)]
    notes = derive_storefront(pd.DataFrame(rows), TODAY, low_stock_at=5)["note"].tolist()
    assert notes == ["Backorder: -3 short, ships Dec 1, 2026",
                     "Backorder: 0 short, ships Dec 1, 2026",
                     "Backorder: -3 short, ships Dec 1, 2026"]
