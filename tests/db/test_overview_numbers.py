"""The Overview's numbers on the hand-worked fixture store, on SQLite and PostgreSQL."""

from __future__ import annotations

import math

import pytest

from inventory_core.domain.enums import StorefrontState as S
from inventory_core.domain.filters import Filters
from inventory_core.domain.settings import StoreSettings
from inventory_core.domain.storefront import derive_storefront
from inventory_core.domain.wording import format_date
from inventory_core.queries.catalog import sku_table
from inventory_core.queries.overview import kpis, needs_attention
from tests.fixture_store import day


@pytest.fixture
def skus(store, today):
    return sku_table(store, today, StoreSettings()).set_index("sku")


def test_each_sku_shows_the_storefront_state_worked_out_by_hand(skus):
    assert skus["state"].to_dict() == {
        "A-RED": S.IN_STOCK, "B-BLUE": S.LOW_STOCK, "C-GADGET": S.BACKORDER,
        "D-NEW": S.PREORDER, "E-OLD": S.DISCONTINUED, "F-AUTO": S.BACKORDER,
        "G-GONE": S.OUT_OF_STOCK,
    }


def test_backorders_promise_the_restock_date_else_the_next_purchase_order(skus):
    assert skus.loc["C-GADGET", "promised_date"] == day(12)
    assert skus.loc["F-AUTO", "promised_date"] == day(5)
    assert skus.loc["D-NEW", "promised_date"] == day(20)
    assert skus.loc["A-RED", "promised_date"] is None


def test_button_and_note_use_the_policy_text_with_the_date_filled_in(skus):
    date = day(12)
    assert skus.loc["C-GADGET", "button"] == "Backorder now"
    assert skus.loc["C-GADGET", "note"] == f"Ships by {format_date(date)}."
    assert skus.loc["G-GONE", "button"] == "Notify me"
    assert skus.loc["B-BLUE", "note"] == "Only 4 left in stock."


def test_available_demand_cover_reorder_point_and_net_position(skus):
    assert skus.loc["A-RED", "available"] == 33
    assert skus.loc["A-RED", "demand_rate"] == pytest.approx(10 / 28)
    assert skus.loc["B-BLUE", "demand_rate"] == pytest.approx(0.25)
    assert skus.loc["A-RED", "days_of_cover"] == pytest.approx(92.4)
    assert skus.loc["B-BLUE", "days_of_cover"] == pytest.approx(16)
    assert math.isnan(skus.loc["G-GONE", "days_of_cover"])
    assert skus.loc["A-RED", "reorder_point"] == 7
    assert skus.loc["B-BLUE", "reorder_point"] == 5
    assert skus.loc["C-GADGET", "net_position"] == -4
    assert skus.loc["D-NEW", "net_position"] == -1


def test_kpis_match_the_hand_worked_figures(store, today, skus):
    k = kpis(store, skus.reset_index(), today)
    assert k.skus_by_state == {S.IN_STOCK: 1, S.LOW_STOCK: 1, S.BACKORDER: 2, S.PREORDER: 1,
                               S.OUT_OF_STOCK: 1, S.DISCONTINUED: 1, S.NOT_TRACKED: 0}
    assert (k.backorder_units, k.backorder_value) == (9, 450.0)
    assert (k.preorder_units, k.preorder_value) == (3, 270.0)
    assert (k.oldest_backorder_days, k.oldest_backorder_order) == (100, "#7")
    assert k.promises_overdue == 4


def test_filters_narrow_every_figure_to_the_chosen_category(store, today):
    widgets = Filters(categories=("Widgets",))
    skus = sku_table(store, today, StoreSettings(), widgets)
    assert sorted(skus["sku"]) == ["A-RED", "B-BLUE", "E-OLD", "G-GONE"]
    k = kpis(store, skus, today, widgets)
    assert (k.backorder_units, k.preorder_units, k.promises_overdue) == (0, 0, 0)
    assert k.oldest_backorder_days is None


def test_filters_by_supplier(store, today):
    slow = Filters(suppliers=("Slow Ltd",))
    skus = sku_table(store, today, StoreSettings(), slow)
    assert sorted(skus["sku"]) == ["C-GADGET", "D-NEW", "F-AUTO", "G-GONE"]


def test_needs_attention_lists_overdue_promises_and_late_supply_by_what_is_at_stake(
        store, today, skus):
    attention = needs_attention(store, skus.reset_index(), today)
    # C-GADGET's overdue lines: #3 2 units × 1 day + #5 1 × 15 + #6 3 × 40 + #7 1 × 70 =
    # 207 unit-days; PO-4: 20 units × 3 days = 60. C-GADGET sells on backorder: it is a
    # best seller, but not out of stock on the storefront, so it is not listed as one.
    assert list(attention["issue"]) == ["Overdue promises", "Late purchase order"]
    assert list(attention["at_stake"]) == [207, 60]
    overdue, late = attention.to_dict("records")
    assert overdue["sku"] == "C-GADGET"
    assert overdue["reason"] == (
        f"4 waiting lines (7 units) past the promised date; the earliest was due "
        f"{format_date(day(-70))}, 70 days ago.")
    assert late["sku"] == "B-BLUE"
    assert late["reason"].startswith("PO-4 for 20 units from Reliable Co")
    assert late["reason"].endswith("3 days ago.")


def test_a_passed_restock_date_and_a_best_seller_out_of_stock_need_attention(
        store, today, skus):
    # C-GADGET's restock date moved to T-4: its promise passed (it now promises PO-1 with
    # Slow Ltd's store-wide 2-day delay, T+14); its 9 waiting units × 4 days = 36.
    # C-GADGET stopped (mode out of stock) instead: a best seller the storefront shows
    # out of stock; 10/28 a day × the 12 days to PO-1 = 4.3 units.
    table = skus.reset_index()
    passed = table.assign(restock_date=table["restock_date"].where(
        table["sku"] != "C-GADGET", day(-4)))
    passed = derive_storefront(passed, today, 5)
    rows = needs_attention(store, passed, today).set_index("issue")
    assert rows.at["Promise passed", "sku"] == "C-GADGET"
    assert rows.at["Promise passed", "at_stake"] == 36
    assert rows.at["Promise passed", "reason"].startswith(
        f"Its restock date {format_date(day(-4))} has passed: it promises "
        f"{format_date(day(14))}")
    stopped = derive_storefront(table.assign(mode=table["mode"].where(
        table["sku"] != "C-GADGET", "out_of_stock")), today, 5)
    rows = needs_attention(store, stopped, today).set_index("issue")
    assert rows.at["Best seller out of stock", "sku"] == "C-GADGET"
    assert rows.at["Best seller out of stock", "at_stake"] == pytest.approx(10 / 28 * 12)
    assert "shows it as out of stock" in rows.at["Best seller out of stock", "reason"]
