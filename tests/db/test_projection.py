"""The what-if projection on cases worked out by hand, and its inputs from the store."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from inventory_core import load_settings
from inventory_core.domain.whatif import Assumptions, compare_projections, project, project_changes
from inventory_core.domain.whatif_arrays import ProjectionInputs, policy_arrays
from inventory_core.queries import catalog
from inventory_core.queries.suppliers import supplier_reliability
from inventory_core.queries.whatif_inputs import load_whatif_inputs

TODAY = dt.date(2026, 1, 1)
# No decay of acceptance with the wait (an infinite half-life), the other defaults:
# acceptance 0.8, cancellations 1 %/day past promise, 15 % sign-ups, 40 % buy on restock.
FLAT = Assumptions(half_life_days=math.inf)


def one_sku(on_time: float = 1.0, arrival_day: int = 10) -> ProjectionInputs:
    """Demand 2 units/day, 0 on hand, a PO of 30 arriving on day 10; price 10, cost 4."""
    return ProjectionInputs(
        today=TODAY, skus=np.array(["X"], dtype=object), price=np.array([10.0]),
        cost=np.array([4.0]), available=np.array([0.0]), demand=np.array([2.0]),
        backlog_due=np.array([0.0]), backlog_late=np.array([0.0]),
        on_time_rate=np.array([on_time]), next_expected_day=np.array([10.0]),
        likely_expected_day=np.array([10.0]),
        arrival_sku=np.array([0]), arrival_day=np.array([arrival_day]),
        arrival_qty=np.array([30.0]))


def policy(mode: str, cap=None, restock=None, release=None, discount=0.0) -> pd.DataFrame:
    return pd.DataFrame([{"sku": "X", "mode": mode, "cap": cap, "restock_date": restock,
                          "release_date": release, "discount_pct": discount}])


def run(mode: str, inputs=None, assumptions=FLAT, horizon=30, **kw):
    inputs = inputs or one_sku()
    return project(inputs, policy_arrays(inputs, policy(mode, **kw)), horizon, assumptions)


def test_backorder_takes_orders_until_the_po_then_backlog_grows_and_slips_its_promise():
    # Days 0-9: no stock, 2 wanted a day, 0.8 accept → 1.6 backorders, 0.4 lost a day:
    #   16 backorders, 4 lost; backlog 16 at the end of day 9.
    # Day 10: the 30 arrive, fill the 16 (promise day 10 kept), 14 left in stock.
    # Days 10-16: 2 a day from stock → 14 sold, stock 0.
    # Days 17-29 (13 days): no more supply; 1.6 backorders + 0.4 lost a day → 20.8 and
    #   5.2. These are past the promise (day 10), so the late backlog L cancels 1 %
    #   a day from the next day: L_k = 0.99 L_(k-1) + 1.6 = 160 (1 − 0.99^k).
    #   Cancelled = 0.01 × Σ_{k=1..12} L_k = 1.6 × (12 − 99 (1 − 0.99^12))
    #             = 1.6 × (12 − 11.2478978) = 1.2033636.
    #   Final backlog L_13 = 160 (1 − 0.99^13) = 19.5966365 → the peak.
    # Units sold 14 + 16 + 20.8 = 50.8; lost 4 + 5.2 = 9.2 (50.8 + 9.2 = 60 wanted).
    # Revenue 50.8 × 10 − 1.2033636 × 10 (refunds) = 495.966364;
    # margin (50.8 − 1.2033636) × (10 − 4) = 297.579818; cash up front 36.8 × 10 = 368.
    # Longest wait: day 0 waits 10 days for the PO; day 17 waits at least the 13 days
    # left in the horizon → 13. Supplier always on time → 0 promises likely missed.
    result = run("backorder")
    row = result.per_sku.iloc[0]
    expected = {"units_sold": 50.8, "revenue": 495.966364, "margin": 297.579818,
                "demand_lost": 9.2, "new_backorders": 36.8, "new_preorders": 0.0,
                "peak_backlog": 19.5966365, "longest_wait_days": 13.0,
                "promises_missed": 0.0, "cancellations": 1.2033636, "cash_up_front": 368.0}
    assert {k: row[k] for k in expected} == pytest.approx(expected, abs=1e-5)
    daily = result.daily.set_index("date")
    assert daily.loc[TODAY + dt.timedelta(days=9), "backlog"] == pytest.approx(16.0)
    assert daily.loc[TODAY + dt.timedelta(days=10), "backlog"] == pytest.approx(0.0)
    assert daily.loc[TODAY + dt.timedelta(days=0), "sales"] == pytest.approx(1.6)
    assert daily.loc[TODAY + dt.timedelta(days=10), "sales"] == pytest.approx(2.0)
    assert len(daily) == 30


def test_out_of_stock_loses_demand_until_the_po_and_notify_me_signups_buy_on_restock():
    # Days 0-9: 2 lost a day → 20 lost; 15 % sign up → 3 waiting for the restock.
    # Day 10: 30 arrive; 40 % of the 3 = 1.2 buy at once → 28.8 left; then 2 a day:
    #   days 10-23 sell 28 (0.8 left), day 24 sells 0.8 and loses 1.2,
    #   days 25-29 lose 10. Lost 20 + 1.2 + 10 = 31.2; sold 28.8 + 1.2 = 30.
    # Revenue 30 × 10 = 300, margin 30 × 6 = 180; no backlog, no waiting, no cash up front.
    result = run("out_of_stock")
    row = result.per_sku.iloc[0]
    expected = {"units_sold": 30.0, "revenue": 300.0, "margin": 180.0, "demand_lost": 31.2,
                "new_backorders": 0.0, "peak_backlog": 0.0, "longest_wait_days": 0.0,
                "promises_missed": 0.0, "cancellations": 0.0, "cash_up_front": 0.0}
    assert {k: row[k] for k in expected} == pytest.approx(expected)
    # "sell from stock" at zero stock shows the same notify-me storefront
    assert run("stock").per_sku.iloc[0].drop("sku").to_dict() == pytest.approx(
        row.drop("sku").to_dict())


def test_backorder_versus_out_of_stock_deltas_in_total():
    # From the two cases above: +20.8 units, +195.966364 revenue, −22 demand lost,
    # +36.8 backorders, +368 cash up front.
    delta = compare_projections(run("out_of_stock"), run("backorder")).set_index("output")["change"]
    assert delta["units_sold"] == pytest.approx(20.8)
    assert delta["revenue"] == pytest.approx(195.966364)
    assert delta["demand_lost"] == pytest.approx(-22.0)
    assert delta["new_backorders"] == pytest.approx(36.8)
    assert delta["cash_up_front"] == pytest.approx(368.0)


def test_acceptance_halves_with_every_half_life_of_waiting():
    # Default half-life 21 days: on day t (0-9) the wait is 10 − t, so the accepted
    # share is 0.8 × r^(10−t) with r = 0.5^(1/21). Backorders over days 0-9:
    #   2 × 0.8 × Σ_{k=1..10} r^k = 1.6 × r (1 − r^10) / (1 − r)
    #   r = 0.9675317, r^10 = 0.5^(10/21) = 0.7188730 → 1.6 × 8.37736 = 13.40378.
    result = run("backorder", assumptions=Assumptions(), horizon=10)
    row = result.per_sku.iloc[0]
    r = 0.5 ** (1 / 21)
    assert row["new_backorders"] == pytest.approx(1.6 * r * (1 - r**10) / (1 - r))
    assert row["new_backorders"] == pytest.approx(13.40378, abs=1e-4)
    assert row["demand_lost"] == pytest.approx(20 - 13.40378, abs=1e-4)


def test_an_unreliable_supplier_makes_promises_likely_missed():
    # On time half the time: 36.8 new backorders × (1 − 0.5) = 18.4 promises likely missed.
    result = run("backorder", inputs=one_sku(on_time=0.5))
    assert result.per_sku.iloc[0]["promises_missed"] == pytest.approx(18.4)


def test_backorder_cap_limits_the_backlog():
    # Cap 5: days 0-3 take 1.6, 1.6, 1.6, then 0.2 (room left 5 − 4.8); days 4-9 none:
    #   5 backorders, 15 lost before the PO.
    result = run("backorder", cap=5, horizon=10)
    row = result.per_sku.iloc[0]
    assert row["new_backorders"] == pytest.approx(5.0)
    assert row["demand_lost"] == pytest.approx(15.0)
    assert row["peak_backlog"] == pytest.approx(5.0)


def test_preorder_takes_demand_up_to_its_cap_until_release_then_sells_from_stock():
    # Release day 10, cap 10, 10 % discount (net price 9), take-up 1.0:
    # days 0-4 take 2 a day = 10 pre-orders; days 5-9 are capped: 10 lost (no sign-ups
    # while pre-ordering). Day 10: 30 arrive, fill the 10, 20 left; days 10-19 sell 20;
    # days 20-29 lose 20 (3 sign up, but no restock follows).
    # Sold 30, lost 30; cash up front 10 × 9 = 90; revenue 20 × 10 + 90 = 290;
    # margin 290 − 30 × 4 = 170; peak backlog 10; longest wait 10 (day 0 to release).
    result = run("preorder", cap=10, release=TODAY + dt.timedelta(days=10), discount=10.0)
    row = result.per_sku.iloc[0]
    expected = {"units_sold": 30.0, "new_preorders": 10.0, "new_backorders": 0.0,
                "demand_lost": 30.0, "cash_up_front": 90.0, "revenue": 290.0,
                "margin": 170.0, "peak_backlog": 10.0, "longest_wait_days": 10.0,
                "cancellations": 0.0}
    assert {k: row[k] for k in expected} == pytest.approx(expected)


def test_discontinued_sells_nothing_beyond_stock():
    row = run("discontinued").per_sku.iloc[0]
    # The PO still arrives on day 10: 30 units cover days 10-24 (2 a day) → 30 sold;
    # days 0-9 and 25-29 are lost (20 + 10), with no sign-ups.
    assert row["units_sold"] == pytest.approx(30.0)
    assert row["demand_lost"] == pytest.approx(30.0)
    assert row["new_backorders"] == 0


def test_supplier_reliability_is_measured_from_received_purchase_orders(store):
    # PO-5 (Reliable Co) was expected T-50 and received T-48: 0 of 1 on time, 2 days late
    # (p50 = p90 = 2). Slow Ltd has received nothing: no record yet; projections use the
    # store-wide record for it, which is PO-5 alone: 0 % on time, 2 days typical and late.
    reliability = supplier_reliability(store)
    records = reliability.records
    assert records.loc["Reliable Co", ["received_pos", "on_time_rate", "p50_delay",
                                       "p90_delay"]].tolist() == [1, 0.0, 2, 2]
    assert records.at["Slow Ltd", "received_pos"] == 0
    assert pd.isna(records.at["Slow Ltd", "on_time_rate"])
    assert pd.isna(records.at["Slow Ltd", "p50_delay"])
    projected = reliability.for_projection(pd.Series(["Slow Ltd", "Reliable Co"]))
    assert projected.to_numpy().tolist() == [[0.0, 2.0, 2.0], [0.0, 2.0, 2.0]]


def test_inputs_from_the_store_split_the_backlog_and_delay_the_supply(store, today):
    skus = catalog.sku_table(store, today, load_settings(store))
    inputs = load_whatif_inputs(store, skus, today)
    at = {sku: i for i, sku in enumerate(inputs.skus)}
    c = at["C-GADGET"]
    # C-GADGET: 9 open backorder units, of which #3 (2), #5 (1), #6 (3), #7 (1) = 7 are
    # past their promise; PO-1 (5 units, expected T+12) arrives on day 14: Slow Ltd has no
    # record yet, so the store-wide typical delay (PO-5: 2 days) moves it.
    assert (inputs.backlog_due[c], inputs.backlog_late[c]) == (2.0, 7.0)
    arrivals = inputs.arrivals_by_day(60).T  # SKUs × days
    assert arrivals[c, 14] == 5 and arrivals[c].sum() == 5
    # B-BLUE: PO-4 expected T-3, Reliable Co runs 2 days late → still overdue → day 0.
    assert arrivals[at["B-BLUE"], 0] == 20
    assert inputs.on_time_rate[at["B-BLUE"]] == 0.0
    assert inputs.demand[c] == pytest.approx(10 / 28)
    assert inputs.next_expected_day[at["F-AUTO"]] == 5


def test_re_projecting_only_the_changed_skus_gives_the_full_projection(store, today):
    skus = catalog.sku_table(store, today, load_settings(store))
    inputs = load_whatif_inputs(store, skus, today)
    base = policy_arrays(inputs, skus)
    changed = skus.copy()
    changed.loc[changed["sku"] == "G-GONE", "mode"] = "backorder"
    changed.loc[changed["sku"] == "C-GADGET", "cap"] = 2
    scenario = policy_arrays(inputs, changed)
    assert list(inputs.skus[scenario.differs(base)]) == ["C-GADGET", "G-GONE"]
    baseline = project(inputs, base)
    quick = project_changes(inputs, baseline, base, scenario)
    full = project(inputs, scenario)
    pd.testing.assert_frame_equal(quick.per_sku, full.per_sku)
    pd.testing.assert_series_equal(quick.totals, full.totals)
    pd.testing.assert_frame_equal(quick.daily, full.daily, check_exact=False)


def test_a_change_to_most_skus_gives_the_full_projection(store, today):
    skus = catalog.sku_table(store, today, load_settings(store))
    inputs = load_whatif_inputs(store, skus, today)
    base = policy_arrays(inputs, skus)
    scenario = policy_arrays(inputs, skus.assign(discount_pct=10.0, mode="backorder"))
    assert scenario.differs(base).sum() == 7
    baseline = project(inputs, base)
    quick = project_changes(inputs, baseline, base, scenario)
    full = project(inputs, scenario)
    pd.testing.assert_frame_equal(quick.per_sku, full.per_sku)
    pd.testing.assert_series_equal(quick.totals, full.totals)
    assert quick.totals["revenue"] != baseline.totals["revenue"]
