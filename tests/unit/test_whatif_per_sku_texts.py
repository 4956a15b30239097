"""The what-if's per-SKU waits and short days as the Policies page reads them, on three
SKUs worked out by hand over 10 days (no supply on the way):

- ``PLENTY``: 100 units, 2 sold a day, sells from stock: never short within the
  horizon; it waits for nothing (0 days), and nothing changes.
- ``FEW``: 5 units, 2 a day, from stock: 5 → 3 → 1, so day 2 leaves a unit unmet: it
  first runs short "in 2 days" under both policies (no change).
- ``SOON``: none in stock, 1 a day: short today under both. Stored out of stock (no
  one waits), the scenario takes pre-orders without a release date: its buyers wait
  until one is set, a change with no end either.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from inventory_core.domain.distinct import each_distinct
from inventory_core.domain.whatif import Assumptions, project
from inventory_core.domain.whatif_arrays import ProjectionInputs, policy_arrays
from restock_ui.views.whatif import (
    NOT_SHORT,
    SHORT_LABEL,
    WAIT_LABEL,
    WAITS_UNTIL_SET,
    project_scenario,
    short_text,
    wait_text,
)

TODAY = dt.date(2026, 1, 1)
FLAT = Assumptions(half_life_days=math.inf, cancel_rate_per_day=0.0)
SKUS = ["PLENTY", "FEW", "SOON"]


def inputs() -> ProjectionInputs:
    def each(*values: float) -> np.ndarray:
        return np.array(values, dtype=float)
    return ProjectionInputs(
        today=TODAY, skus=np.array(SKUS, dtype=object), price=each(10, 10, 10),
        cost=each(4, 4, 4), available=each(100, 5, 0), demand=each(2, 2, 1),
        backlog_due=each(0, 0, 0), backlog_late=each(0, 0, 0),
        on_time_rate=each(1, 1, 1), next_expected_day=each(np.nan, np.nan, np.nan),
        likely_expected_day=each(np.nan, np.nan, np.nan),
        arrival_sku=np.array([], dtype=int), arrival_day=np.array([], dtype=int),
        arrival_qty=np.array([], dtype=float))


def policies(soon_mode: str) -> pd.DataFrame:
    return pd.DataFrame({
        "sku": SKUS, "name": ["Plenty", "Few", "Soon"],
        "mode": ["stock", "stock", soon_mode], "cap": [None] * 3,
        "restock_date": [None] * 3, "release_date": [None] * 3, "discount_pct": [0.0] * 3})


def test_waits_and_short_days_read_as_worked_out_by_hand() -> None:
    given, base = inputs(), policies("out_of_stock")
    stored = policy_arrays(given, base)
    baseline = project(given, stored, 10, FLAT)
    view = project_scenario(given, baseline, stored, base, policies("preorder"), 10,
                            FLAT).per_sku
    rows = view.set_index("SKU")
    assert list(rows[WAIT_LABEL]) == ["0 days", "0 days", WAITS_UNTIL_SET]
    assert list(rows[f"Δ {WAIT_LABEL}"]) == ["—", "—", WAITS_UNTIL_SET]
    assert list(rows[SHORT_LABEL]) == [NOT_SHORT, "in 2 days", "today"]
    assert list(rows[f"Δ {SHORT_LABEL}"]) == ["—", "—", "—"]


def test_each_distinct_value_is_written_once_and_read_back_in_place() -> None:
    written: list[float] = []

    def write(days: float) -> str:
        written.append(days)
        return short_text(days)

    texts = each_distinct(np.array([3.0, math.inf, 0.2, 3.0, math.inf, 12.4]), write)
    assert list(texts) == ["in 3 days", NOT_SHORT, "today", "in 3 days", NOT_SHORT,
                           "in 12 days"]
    assert len(written) == 4


def test_a_change_of_wait_without_end_or_none_reads_as_such() -> None:
    texts = each_distinct(np.array([math.nan, -math.inf, 2.0, -3.0, 0.3, math.nan]),
                            lambda v: wait_text(v, signed=True))
    assert list(texts) == ["—", WAITS_UNTIL_SET, "+2 days", "-3 days", "—", "—"]


def test_an_edit_projected_from_the_stored_projection_reads_as_projected_in_full() -> None:
    given, base = inputs(), policies("out_of_stock")
    stored = policy_arrays(given, base)
    baseline = project(given, stored, 10, FLAT)
    as_stored = project_scenario(given, baseline, stored, base, base, 10, FLAT)
    edited = policies("preorder").assign(cap=[None, None, 4])  # SOON edited only
    quick = project_scenario(given, baseline, stored, base, edited, 10, FLAT,
                             as_stored=as_stored, differing=["SOON"])
    full = project_scenario(given, baseline, stored, base, edited, 10, FLAT)
    pd.testing.assert_frame_equal(quick.per_sku, full.per_sku)
    pd.testing.assert_frame_equal(quick.comparison, full.comparison)
    assert list(quick.policy_changed) == [False, False, True]
    rows = quick.per_sku.set_index("SKU")
    assert list(rows["Scenario mode"]) == ["Sell from stock", "Sell from stock", "Pre-order"]
    assert list(rows["Stored mode"]) == ["Sell from stock", "Sell from stock", "Out of stock"]
    # the arrays of the edited SKU alone, the others kept as stored
    only = policy_arrays(given, edited[edited["sku"] == "SOON"], like=stored)
    whole = policy_arrays(given, edited)
    for name in ("mode", "cap", "restock_day", "release_day", "discount_pct"):
        np.testing.assert_array_equal(getattr(only, name), getattr(whole, name))
