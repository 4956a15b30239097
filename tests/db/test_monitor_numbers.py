"""Stock levels, backorder aging and pre-order demand on the hand-worked fixture store.

Every expected number is worked out by hand from tests/fixture_store.py (its
docstring lists the lines); rows added on top of the store are worked out in the
comments beside them. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import pytest

from inventory_core.domain.aging import BUCKET_LABELS, bucket_for
from inventory_core.domain.enums import LineKind, PurchaseOrderStatus
from inventory_core.domain.filters import Filters
from inventory_core.domain.recommendations import recommend
from inventory_core.domain.settings import StoreSettings
from inventory_core.domain.stock_numbers import (
    cover_band,
    coverage_label,
    needs_reorder,
    runs_out_on,
    stock_projection,
)
from inventory_core.queries import aging, preorders
from inventory_core.queries import stock_levels as sl
from inventory_core.queries.catalog import sku_table
from inventory_core.queries.suppliers import supplier_reliability
from inventory_core.store.bulk_load import insert_frames
from tests.fixture_store import at, day

WIDGETS = Filters(categories=("Widgets",))


@pytest.fixture
def skus(store, today):
    return sku_table(store, today, StoreSettings())


# --- aging ------------------------------------------------------------------------------

@pytest.mark.parametrize(("age", "bucket"), [
    (0, "0–7 days"), (7, "0–7 days"), (8, "8–14 days"), (14, "8–14 days"),
    (15, "15–30 days"), (30, "15–30 days"), (31, "31–60 days"), (60, "31–60 days"),
    (61, "61–90 days"), (90, "61–90 days"), (91, "90+ days"), (400, "90+ days")])
def test_a_line_falls_in_the_bucket_its_age_names(age, bucket):
    assert bucket_for(age) == bucket


def test_open_backorders_fall_in_the_six_buckets_as_worked_out_by_hand(store, today):
    buckets = aging.aging_buckets(store, today)
    assert list(buckets["bucket"]) == BUCKET_LABELS
    assert list(buckets["units"]) == [1, 2, 1, 1, 3, 1]
    assert list(buckets["value"]) == [50.0, 100.0, 50.0, 50.0, 150.0, 50.0]
    assert list(buckets["lines"]) == [1, 1, 1, 1, 1, 1]
    # overdue: #3 (8–14), #5 (31–60), #6 (61–90), #7 (90+)
    assert list(buckets["overdue_units"]) == [0, 2, 0, 1, 3, 1]


def test_a_line_placed_just_inside_a_boundary_stays_in_the_younger_bucket(store, today):
    # #20 placed at 23:59 on T-7 is 7 days old (0–7); #21 placed at 00:00 on T-8 is 8.
    extra = {
        "orders": pd.DataFrame({"order_number": ["#20", "#21"],
                                "placed_at": [dt.datetime.combine(day(-7), dt.time(23, 59)),
                                              dt.datetime.combine(day(-8), dt.time(0, 0))]}),
        "order_lines": pd.DataFrame({"order_number": ["#20", "#21"], "line_no": [1, 1],
                                     "sku": ["C-GADGET"] * 2, "qty": [4, 10],
                                     "unit_price": [50.0, 50.0], "kind": ["backorder"] * 2,
                                     "status": ["open"] * 2}),
    }
    with store.begin() as connection:
        insert_frames(connection, extra)
    buckets = aging.aging_buckets(store, today).set_index("bucket")
    assert buckets.loc["0–7 days", "units"] == 1 + 4
    assert buckets.loc["8–14 days", "units"] == 2 + 10


def test_overdue_versus_within_promise(store, today):
    split = aging.promise_split(store, today).set_index("promise")
    assert split.loc["Overdue"].to_dict() == {"lines": 4, "units": 7, "value": 350.0}
    assert split.loc["Within promise"].to_dict() == {"lines": 2, "units": 2, "value": 100.0}
    assert split.loc["No promised date", "lines"] == 0


def test_aging_splits_by_category_supplier_and_sku(store, today):
    by_category = aging.aging_by(store, today, "category")
    assert list(by_category["category"]) == ["Gadgets"]
    assert by_category.loc[0, "units"] == 9 and by_category.loc[0, "value"] == 450.0
    assert by_category.loc[0, "overdue_units"] == 7
    assert [by_category.loc[0, b] for b in BUCKET_LABELS] == [1, 2, 1, 1, 3, 1]
    by_supplier = aging.aging_by(store, today, "supplier")
    assert list(by_supplier["supplier"]) == ["Slow Ltd"]
    by_sku = aging.aging_by(store, today, "sku")
    assert by_sku[["sku", "name", "lines"]].to_dict("records") == [
        {"sku": "C-GADGET", "name": "Gadget", "lines": 6}]


def test_aging_follows_the_filters(store, today):
    assert aging.aging_buckets(store, today, WIDGETS)["units"].sum() == 0
    assert aging.aging_by(store, today, "sku", WIDGETS).empty
    assert aging.oldest_backorders(store, today, WIDGETS).empty
    assert aging.backlog_by_week(store, today, WIDGETS)["units"].sum() == 0
    slow = Filters(suppliers=("Slow Ltd",))
    assert aging.aging_buckets(store, today, slow)["units"].sum() == 9
    # every open backorder is C-GADGET's (Slow Ltd): another supplier has none
    reliable = Filters(suppliers=("Reliable Co",))
    assert aging.aging_buckets(store, today, reliable)["units"].sum() == 0
    assert aging.oldest_backorders(store, today, reliable).empty


def test_aging_refuses_an_unknown_split(store, today):
    with pytest.raises(ValueError, match="category, supplier, sku"):
        aging.aging_by(store, today, "colour")


def test_backlog_week_by_week_counts_lines_open_at_each_week_end(store, today):
    # On top of the store: #30 (4 units) placed T-30, fulfilled T-8 at 10:00, and
    # #31 (5 units) placed T-30 and cancelled (left out of every week).
    extra = {
        "orders": pd.DataFrame({"order_number": ["#30", "#31"],
                                "placed_at": [at(-30), at(-30)]}),
        "order_lines": pd.DataFrame({
            "order_number": ["#30", "#31"], "line_no": [1, 1], "sku": ["C-GADGET"] * 2,
            "qty": [4, 5], "unit_price": [50.0, 50.0], "kind": ["backorder"] * 2,
            "status": ["fulfilled", "cancelled"], "fulfilled_at": [at(-8), None]}),
    }
    with store.begin() as connection:
        insert_frames(connection, extra)
    weeks = aging.backlog_by_week(store, today)
    assert len(weeks) == 26
    assert weeks["week_end"].iloc[-1] == today
    assert weeks["week_end"].iloc[0] == day(-175)
    by_end = weeks.set_index("week_end")["units"]
    # week end T: every open line, 9; T-7: not #2 (T-5), 8; #30 shipped T-8 so not counted.
    # T-14: #4 #5 #6 #7 = 6, plus #30 (placed T-30, shipped after T-14) = 10.
    # T-21: #5 #6 #7 = 5 (+ #30) = 9; T-28: 5 + 4 = 9; T-35: #30 not placed yet, 5.
    # T-49: #6 #7 = 4; T-77: #7 = 1; T-105: nothing yet.
    assert [by_end[day(-d)] for d in (0, 7, 14, 21, 28, 35, 49, 77, 105)] == [
        9, 8, 10, 9, 9, 5, 4, 1, 0]
    assert weeks.set_index("week_end").loc[day(0), "value"] == 450.0
    assert weeks.set_index("week_end").loc[day(-14), "lines"] == 5


def test_oldest_backorders_show_order_customer_age_and_promise(store, today):
    oldest = aging.oldest_backorders(store, today, limit=3)
    assert list(oldest["order_number"]) == ["#7", "#6", "#5"]
    first = oldest.iloc[0]
    assert (first["customer"], first["email"]) == ("Buyer 7", "buyer7@example.com")
    assert (first["age_days"], first["bucket"]) == (100, "90+ days")
    assert first["placed"] == day(-100) and first["promised_on"] == day(-70)
    assert bool(first["overdue"]) and first["days_overdue"] == 70
    assert list(oldest["age_days"]) == [100, 75, 45]
    everything = aging.oldest_backorders(store, today)
    assert len(everything) == 6
    assert not everything.set_index("order_number").loc["#4", "overdue"]


# --- stock levels -----------------------------------------------------------------------

def test_cover_bands_and_reorder_flags(skus):
    bands = dict(zip(skus["sku"], cover_band(skus), strict=True))
    # A: 33 ÷ 10/28 = 92.4 days; B: 4 ÷ 0.25 = 16 days; the rest have nothing available.
    assert bands == {"A-RED": "90+ days", "B-BLUE": "14–30 days",
                     "C-GADGET": "Nothing available", "D-NEW": "Nothing available",
                     "E-OLD": "Nothing available", "F-AUTO": "Nothing available",
                     "G-GONE": "Nothing available"}
    flags = dict(zip(skus["sku"], needs_reorder(skus), strict=True))
    # C: 0 + 5 incoming ≤ ⌈10/28 × 37⌉ = 14; D: 0 + 2 ≤ ⌈3/28 × 37⌉ = 4;
    # B: 4 + 20 > 5; A: 33 > 7; E, F, G do not sell.
    assert [s for s, f in flags.items() if f] == ["C-GADGET", "D-NEW"]


def test_the_recommendation_says_reorder_now_for_the_skus_flagged_reorder_now(store, today, skus):
    # B-BLUE without PO-4: 4 available ≤ its reorder point ⌈0.25 × (10 + 7)⌉ = 5 and nothing
    # on order, so it is flagged; its 16 days of cover exceed the 10-day lead time, not the
    # lead time plus the 7 safety days.
    blue = skus.set_index("sku").assign(incoming_qty=0).loc[["B-BLUE"]].reset_index()
    blue["net_position"] = blue["available"] - blue["backorder_qty"] - blue["preorder_qty"]
    assert blue["net_position"].tolist() == [4]  # 4 available, nothing waiting or incoming
    assert needs_reorder(blue).tolist() == [True]
    reason = recommend(blue, supplier_reliability(store), today).at[0, "reason"]
    assert reason == ("Only 16 days of cover against a 10-day lead time plus safety stock and "
                      "nothing on order: reorder now.")


def test_search_matches_sku_or_name_without_case(skus):
    assert list(sl.search_skus(skus, "gadget")["sku"]) == ["C-GADGET", "D-NEW", "F-AUTO"]
    assert list(sl.search_skus(skus, " a-red ")["sku"]) == ["A-RED"]
    assert list(sl.search_skus(skus, "(")["sku"]) == []
    assert len(sl.search_skus(skus, "")) == 7


def test_projection_subtracts_waiting_lines_and_demand_and_adds_arrivals(store, today, skus):
    rows = skus.set_index("sku")
    c = stock_projection(rows.loc["C-GADGET"], sl.sku_purchase_orders(store, "C-GADGET"), today)
    assert len(c) == 91 and c["date"].iloc[-1] == day(90)
    # C: 0 available − 9 backordered; PO-1 brings 5 on day 12; sells 10/28 a day.
    assert c.loc[0, "position"] == pytest.approx(-9)
    assert c.loc[11, "position"] == pytest.approx(-9 - 11 * 10 / 28)
    assert c.loc[12, "position"] == pytest.approx(-9 + 5 - 12 * 10 / 28)
    assert c.loc[12, "incoming"] == 5
    assert runs_out_on(c) == today
    # B: PO-4 is late (expected T-3) and counts from day 0: 4 + 20 − 0.25 a day.
    b = stock_projection(rows.loc["B-BLUE"], sl.sku_purchase_orders(store, "B-BLUE"), today)
    assert b.loc[0, "position"] == pytest.approx(24)
    assert b.loc[90, "position"] == pytest.approx(24 - 22.5)
    assert runs_out_on(b) is None
    # D: 3 pre-ordered, PO-2 brings 2 on day 18: −3 → −1 − 18 × 3/28.
    d = stock_projection(rows.loc["D-NEW"], sl.sku_purchase_orders(store, "D-NEW"), today)
    assert d.loc[18, "position"] == pytest.approx(-1 - 18 * 3 / 28)
    # A: 33 at 10/28 a day lasts 92.4 days, past the 90-day horizon.
    a = stock_projection(rows.loc["A-RED"], sl.sku_purchase_orders(store, "A-RED"), today)
    assert runs_out_on(a) is None and a.loc[90, "position"] == pytest.approx(33 - 900 / 28)


def test_purchase_orders_list_open_ones_first(store):
    orders = sl.sku_purchase_orders(store, "A-RED")
    assert orders[["po_number", "qty"]].to_dict("records") == [{"po_number": "PO-5", "qty": 50}]
    assert orders.loc[0, "status"] is PurchaseOrderStatus.RECEIVED
    assert orders.loc[0, "received_on"] == day(-48)
    b = sl.sku_purchase_orders(store, "B-BLUE")
    assert b.loc[0, "status"] is PurchaseOrderStatus.OPEN and b.loc[0, "expected_on"] == day(-3)


def _monday(date: dt.date) -> dt.date:
    return date - dt.timedelta(days=date.weekday())


def test_order_history_sums_units_by_calendar_week_and_kind(store, today):
    weeks = sl.weekly_orders(store, "A-RED", today)
    assert len(weeks) == 26
    assert weeks["week_start"].iloc[-1] == _monday(today)
    # A-RED lines: #1 2 (T-3), #10 5 (T-10), #11 3 (T-20), #12 10 (T-40), all from stock.
    expected = Counter()
    for ago, qty in ((3, 2), (10, 5), (20, 3), (40, 10)):
        expected[_monday(day(-ago))] += qty
    shown = {w: t for w, t in zip(weeks["week_start"], weeks["total"], strict=True) if t}
    assert shown == dict(expected)
    assert weeks["stock"].sum() == 20 and weeks["backorder"].sum() == 0
    # B-BLUE: #13 (cancelled) is left out; #14 7 units.
    assert sl.weekly_orders(store, "B-BLUE", today)["total"].sum() == 7
    c = sl.weekly_orders(store, "C-GADGET", today)
    # C: backorders #2..#7 = 9 units, of which #7 (T-100) is within 26 weeks too; #15 6 stock.
    assert c["backorder"].sum() == 9 and c["stock"].sum() == 6


def test_waiting_lines_of_one_sku(store, today):
    d = sl.sku_waiting_lines(store, "D-NEW", today)
    assert d[["order_number", "qty", "value", "age_days"]].to_dict("records") == [
        {"order_number": "#8", "qty": 2, "value": 180.0, "age_days": 2},
        {"order_number": "#9", "qty": 1, "value": 90.0, "age_days": 1}]
    assert set(d["kind"]) == {LineKind.PREORDER} and d["promised_on"].iloc[0] == day(20)
    assert not d["overdue"].any()
    c = sl.sku_waiting_lines(store, "C-GADGET", today)
    assert int(c["overdue"].sum()) == 4 and c["qty"].sum() == 9
    assert sl.sku_waiting_lines(store, "A-RED", today).empty


# --- pre-orders -------------------------------------------------------------------------

def test_preorder_demand_of_the_new_gadget(store, today, skus):
    demand = preorders.preorder_demand(store, skus, today)
    assert list(demand["sku"]) == ["D-NEW"]
    d = demand.iloc[0]
    assert (d["preorder_units"], d["preorder_value"]) == (3, 270.0)
    assert d["release_date"] == day(20) and d["days_to_release"] == 20
    assert d["cap"] == 50 and d["cap_used"] == pytest.approx(0.06)
    # PO-2 brings 2 (expected T+18, before release) against 3 pre-ordered: short by 1.
    assert (d["incoming_qty"], d["release_supply"]) == (2, 2)
    assert (d["coverage"], d["coverage_label"]) == (-1, "Short by 1")
    assert d["opened"] == day(-2) and d["taken_units"] == 3


def test_a_purchase_order_after_release_covers_but_not_by_release(store, today):
    # PO-9 brings 1 more D-NEW on T+25, after the T+20 release: 0 + 3 − 3 → covered,
    # but only PO-2's 2 units arrive by the release date.
    extra = {"purchase_orders": pd.DataFrame([{
        "po_number": "PO-9", "sku": "D-NEW", "qty": 1, "ordered_on": day(0),
        "expected_on": day(25), "status": "open"}])}
    with store.begin() as connection:
        insert_frames(connection, extra)
    skus = sku_table(store, today, StoreSettings())
    d = preorders.preorder_demand(store, skus, today).iloc[0]
    assert (d["coverage"], d["coverage_label"]) == (0, "Covered")
    assert (d["incoming_qty"], d["release_supply"]) == (3, 2)


def test_preorders_per_day_since_the_preorder_opened(store, today):
    per_day = preorders.preorders_per_day(store, ["D-NEW"], today)
    assert per_day[["day", "units", "cumulative"]].to_dict("records") == [
        {"day": day(-2), "units": 2, "cumulative": 2},
        {"day": day(-1), "units": 1, "cumulative": 3},
        {"day": day(0), "units": 0, "cumulative": 3}]
    assert preorders.preorders_per_day(store, [], today).empty


def test_preorders_per_day_of_many_skus_reads_the_same_days(store, today):
    # past FEW_SKUS the pre-order lines are read whole and narrowed in pandas
    many = ["D-NEW", *(f"NONE-{i}" for i in range(preorders.FEW_SKUS))]
    assert preorders.preorders_per_day(store, many, today).equals(
        preorders.preorders_per_day(store, ["D-NEW"], today))


def test_preorder_demand_follows_the_filters(store, today):
    widgets = sku_table(store, today, StoreSettings(), WIDGETS)
    assert preorders.preorder_demand(store, widgets, today, WIDGETS).empty


@pytest.mark.parametrize(("coverage", "label"), [(0, "Covered"), (5, "Covered"),
                                                 (-1, "Short by 1"), (-1200, "Short by 1,200")])
def test_coverage_reads_covered_or_short_by(coverage, label):
    assert coverage_label(coverage) == label
