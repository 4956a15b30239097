"""One meaning per number: the cap, the promise and the supplier's delay read the same in
the storefront, the recommendations, the what-if and the supply page.

Worked out by hand on the fixture store (tests/fixture_store.py), and checked on the
whole shipped demo store: every recommendation applied and projected does what its
reason says.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from inventory_core.domain.attention import best_sellers
from inventory_core.domain.enums import PolicyMode
from inventory_core.domain.enums import StorefrontState as S
from inventory_core.domain.policy_rules import POLICY_FIELD_LABELS
from inventory_core.domain.recommendations import recommend
from inventory_core.domain.settings import StoreSettings
from inventory_core.domain.stock_numbers import COVER_BANDS, cover_band, stock_out_counts
from inventory_core.domain.storefront import derive_storefront
from inventory_core.domain.whatif import project
from inventory_core.domain.whatif_arrays import policy_arrays
from inventory_core.domain.wording import format_date
from inventory_core.io.reports import sku_report
from inventory_core.io.shipped_demo import load_shipped_demo
from inventory_core.queries.aging import aging_buckets
from inventory_core.queries.catalog import sku_table
from inventory_core.queries.overview import kpis, needs_attention
from inventory_core.queries.promises import allocation
from inventory_core.queries.suppliers import supplier_reliability, supplier_stats
from inventory_core.queries.whatif_inputs import load_whatif_inputs
from inventory_core.store.engine import make_engine, upgrade_schema
from restock_ui.views.policy_grid import grid, grid_columns
from tests.fixture_store import day

POLICY = ["sku", "mode", "cap", "restock_date", "release_date", "discount_pct"]


def applied(skus: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """The policies after "Apply recommendations": mode and cap, the restock date of a
    recommended backorder and the release date of a recommended pre-order."""
    policies = skus[POLICY].astype(object).copy()
    by_sku = recs.set_index("sku").reindex(policies["sku"])
    policies["mode"] = by_sku["recommended_mode"].to_numpy()
    policies["cap"] = by_sku["recommended_cap"].astype(object).to_numpy()
    for mode, column, field in ((PolicyMode.BACKORDER, "recommended_restock", "restock_date"),
                                (PolicyMode.PREORDER, "recommended_release", "release_date")):
        chosen = (by_sku["recommended_mode"] == mode.value).to_numpy()
        policies.loc[chosen, field] = by_sku[column].to_numpy()[chosen]
    return policies


def projected(engine, skus, policies, today):
    inputs = load_whatif_inputs(engine, skus, today)
    return project(inputs, policy_arrays(inputs, policies)).per_sku.set_index("sku")


# --- the cap: the most units that may wait at once, counting those already waiting ----


def test_a_cap_counts_the_units_already_waiting_in_the_storefront_and_the_what_if(
        store, today):
    skus = sku_table(store, today, StoreSettings()).set_index("sku")
    # D-NEW: 3 pre-ordered, cap 50 → pre-order; cap 3 → reached, the storefront stops
    # and says why, and the what-if takes no new pre-order
    assert skus.at["D-NEW", "state"] is S.PREORDER
    capped = skus.reset_index().assign(cap=np.where(skus.index == "D-NEW", 3, skus["cap"]))
    shown = derive_storefront(capped, today, 5).set_index("sku")
    assert shown.at["D-NEW", "state"] is S.OUT_OF_STOCK
    assert shown.at["D-NEW", "state_reason"].startswith(
        "Cap reached: 3 units already wait against a cap of 3")
    per_sku = projected(store, skus.reset_index(), capped[POLICY], today)
    assert per_sku.at["D-NEW", "new_preorders"] == 0
    # cap 4: one more may wait, in the storefront and in the what-if
    four = capped.assign(cap=np.where(capped["sku"] == "D-NEW", 4, capped["cap"]))
    assert derive_storefront(four, today, 5).set_index("sku").at["D-NEW", "state"] \
        is S.PREORDER
    assert projected(store, skus.reset_index(), four[POLICY], today).at[
        "D-NEW", "new_preorders"] == pytest.approx(1.0)


def test_the_recommended_backorder_cap_is_the_units_on_order_and_takes_orders(store, today):
    skus = sku_table(store, today, StoreSettings())
    recs = recommend(skus, supplier_reliability(store), today).set_index("sku")
    # F-AUTO: 10 units on PO-3, nothing waiting → cap 10; promised PO-3's T+5 moved by
    # the store-wide 2-day delay (Slow Ltd has no record yet)
    assert recs.at["F-AUTO", "recommended_cap"] == 10
    assert recs.at["F-AUTO", "recommended_restock"] == day(7)
    assert "no delivery record yet" in recs.at["F-AUTO", "reason"]
    assert "100%" not in recs.at["F-AUTO", "reason"]
    per_sku = projected(store, skus, applied(skus, recs.reset_index()), today)
    # F-AUTO sells 0 a day in the window: nothing is asked, nothing is lost
    assert per_sku.at["F-AUTO", "demand_lost"] == 0
    # C-GADGET and G-GONE are told to stop: they take nothing new
    assert per_sku.loc[["C-GADGET", "G-GONE"], "new_backorders"].sum() == 0


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    upgrade_schema(engine)
    load_shipped_demo(engine)
    return engine


def test_every_recommendation_of_the_demo_store_applied_and_projected_does_what_it_says(
        demo):
    today = dt.date.today()
    skus = sku_table(demo, today, StoreSettings())
    recs = recommend(skus, supplier_reliability(demo), today)
    per_sku = projected(demo, skus, applied(skus, recs), today)
    mode = recs.set_index("sku")["recommended_mode"]
    selling = skus.set_index("sku")["demand_rate"] > 0
    backorder = mode.index[(mode == PolicyMode.BACKORDER.value) & selling.reindex(mode.index)]
    preorder = mode.index[(mode == PolicyMode.PREORDER.value) & selling.reindex(mode.index)]
    stop = mode.index[mode == PolicyMode.OUT_OF_STOCK.value]
    # the demo's story: a few backorders and a handful of pre-orders recommended, and
    # notify-me for the out of stock with no credible supply (counted on the demo)
    assert (len(backorder), len(preorder), len(stop)) == (7, 5, 33)
    assert (per_sku.loc[backorder, "new_backorders"] > 0).all(), \
        list(backorder[per_sku.loc[backorder, "new_backorders"] <= 0])
    assert (per_sku.loc[preorder, "new_preorders"] > 0).all(), \
        list(preorder[per_sku.loc[preorder, "new_preorders"] <= 0])
    assert (per_sku.loc[stop, ["new_backorders", "new_preorders"]].to_numpy() == 0).all()
    # and the storefront, under the applied policies, takes orders on each of them too
    after = skus.drop(columns=["mode", "cap", "restock_date", "release_date"]).merge(
        applied(skus, recs).drop(columns="discount_pct"), on="sku")
    shown = derive_storefront(after, today, 5).set_index("sku")["state"]
    assert shown.loc[backorder.union(preorder)].map(lambda s: s.is_sellable()).all()
    assert not shown.loc[stop].isin([S.BACKORDER, S.PREORDER]).any()


# --- no promise in the past ------------------------------------------------------------


def test_no_storefront_state_promises_a_date_before_today(store, today, demo):
    for engine in (store, demo):
        skus = sku_table(engine, dt.date.today(), StoreSettings())
        promised = pd.to_datetime(skus["promised_date"])
        assert not (promised < pd.Timestamp(dt.date.today())).any()
    # the demo's late supplier (Kettle & Crumb) holds three backorders whose restock date
    # passed: each says so and promises no date (their purchase orders are late)
    skus = sku_table(demo, dt.date.today(), StoreSettings())
    passed = skus[skus["promise_passed"]]
    assert len(passed) == 3 and passed["supplier"].eq("Kettle & Crumb Kitchenware").all()
    assert passed["promised_date"].isna().all()
    assert passed["state_reason"].str.startswith("Its restock date").all()


def test_a_passed_restock_date_rolls_to_the_next_purchase_order_and_its_delay(store, today):
    skus = sku_table(store, today, StoreSettings()).set_index("sku")
    # C-GADGET's restock date T-3 (passed): PO-1 is expected T+12, Slow Ltd's delay is
    # the store-wide 2 days → it promises T+14
    edited = skus.reset_index().assign(restock_date=lambda f: np.where(
        f["sku"] == "C-GADGET", day(-3), f["restock_date"]))
    row = derive_storefront(edited, today, 5).set_index("sku").loc["C-GADGET"]
    assert row["state"] is S.BACKORDER and row["promise_passed"]
    assert row["promised_date"] == day(14)
    due = day(14)
    assert row["note"] == f"Ships by {format_date(due)}."
    assert "has passed: it promises" in row["state_reason"]
    # the what-if promises the same day: nothing waiting is late before day 14
    per_sku = projected(store, skus.reset_index(), edited[POLICY], today)
    assert per_sku.at["C-GADGET", "cancellations"] == pytest.approx(
        projected(store, skus.reset_index(), edited.assign(restock_date=lambda f: np.where(
            f["sku"] == "C-GADGET", day(14), f["restock_date"]))[POLICY],
            today).at["C-GADGET", "cancellations"])


# --- the supplier's delay: one figure on the supply page and in the what-if -------------


def test_the_supply_page_delay_is_the_one_the_what_if_and_the_storefront_use(store, today):
    stats = supplier_stats(store, today).set_index("supplier")
    # Reliable Co: PO-5 expected T-50, received T-48 → 0 of 1 on time, p50 2 days
    assert stats.at["Reliable Co", "p50_delay"] == 2
    assert stats.at["Reliable Co", "on_time_rate"] == 0
    # Slow Ltd: nothing received → no record yet (no rate, no delay) on the supply page
    assert pd.isna(stats.at["Slow Ltd", "on_time_rate"])
    assert pd.isna(stats.at["Slow Ltd", "p50_delay"])
    skus = sku_table(store, today, StoreSettings()).set_index("sku")
    inputs = load_whatif_inputs(store, skus.reset_index(), today)
    delay = pd.Series(inputs.likely_expected_day - inputs.next_expected_day,
                      index=inputs.skus)
    # what the what-if moves supply by is the supply page's p50, store-wide for Slow Ltd
    assert delay["B-BLUE"] == stats.at["Reliable Co", "p50_delay"]
    assert delay["C-GADGET"] == 2  # the store's record: PO-5's 2 days
    assert (skus["supply_delay_days"] == 2).all()


def test_the_delivery_record_read_once_gives_what_each_read_works_out_alone(store, today):
    # the app reads the suppliers' record once per store and hands it to the SKU table,
    # the allocation and the suppliers' table: each must read as it does on its own
    record = supplier_reliability(store)
    alone, given = sku_table(store, today, StoreSettings()), \
        sku_table(store, today, StoreSettings(), suppliers=record)
    pd.testing.assert_frame_equal(given, alone)
    pd.testing.assert_frame_equal(supplier_stats(store, today, record),
                                  supplier_stats(store, today))
    by_itself, handed = allocation(store, today), allocation(store, today, suppliers=record)
    pd.testing.assert_frame_equal(handed.lines, by_itself.lines)
    pd.testing.assert_frame_equal(handed.skus, by_itself.skus)
    pd.testing.assert_frame_equal(handed.supply, by_itself.supply)
    assert by_itself.lines["likely_on"].notna().any()  # the record moved some dates


# --- the grid marks what the recommendations change and says why a state differs -------


def test_the_grid_marks_the_rows_the_recommendations_change_and_why_a_state_differs(
        store, today):
    skus = sku_table(store, today, StoreSettings())
    recs = recommend(skus, supplier_reliability(store), today)
    shown = grid(skus, recs, pd.Series(dtype=object))
    # C-GADGET → out of stock, D-NEW → no cap (was 50), F-AUTO → backorder, cap 10, T+7
    assert list(shown.index[shown["Changes"]]) == ["C-GADGET", "D-NEW", "F-AUTO"]
    assert shown.at["F-AUTO", "Today"] == "Backorder"
    expected = day(5)
    assert shown.at["F-AUTO", "Today: why"] == (
        f"Auto-switch: nothing available and a purchase order is due "
        f"{format_date(expected)}, so it takes backorders.")
    assert shown.at["A-RED", "Today: why"] == ""
    assert "counting those already waiting" in grid_columns()[POLICY_FIELD_LABELS["cap"]][
        "help"]


# --- each count means one thing on every page ------------------------------------------


def test_each_count_reads_the_same_on_the_overview_stock_levels_aging_and_reports(
        store, today):
    skus = sku_table(store, today, StoreSettings())
    counts = stock_out_counts(skus)
    k = kpis(store, skus, today)
    report = sku_report(skus)
    # Out of stock: G-GONE only (the storefront's state), on the Overview, Stock levels
    # and in the skus report
    assert counts["out_of_stock"] == k.skus_by_state[S.OUT_OF_STOCK] == 1
    assert (report["state"] == "Out of stock").sum() == 1
    # On backorder: C-GADGET and F-AUTO
    assert counts["on_backorder"] == k.skus_by_state[S.BACKORDER] == 2
    # Nothing available: C, D, E, F, G — the cover chart's first band counts the same
    assert counts["nothing_available"] == (cover_band(skus) == COVER_BANDS[0]).sum() == 5
    # Overdue: the waiting lines promised before today, #3, #5, #6, #7 — the Overview's
    # "Promises overdue", the aging page's overdue lines and the needs-attention row
    aging = aging_buckets(store, today)
    attention = needs_attention(store, skus, today).set_index("issue")
    assert k.promises_overdue == int(aging["overdue_lines"].sum()) == 4
    assert attention.at["Overdue promises", "reason"].startswith("4 waiting lines (7 units)")
    # Best sellers: the top tenth of the selling SKUs by demand rate (cut-off 10/28)
    assert sorted(skus.loc[best_sellers(skus), "sku"]) == ["A-RED", "C-GADGET"]
