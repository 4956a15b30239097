"""The Replenishment list worked out by hand (domain.replenishment)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from inventory_core.domain.replenishment import replenishment

TODAY = dt.date(2026, 3, 2)


def _skus(*rows):
    base = {"name": "Widget", "supplier": "Reliable Co", "price": 10.0, "discontinued": False,
            "stock_tracked": True, "lead_time_days": 10, "supply_delay_days": 2,
            "supply_late_days": 2, "forecast_daily": np.nan, "forecast_sigma": np.nan,
            "demand_rate": 0.0}
    return pd.DataFrame([{**base, **row} for row in rows])


def test_a_suggestion_with_its_order_by_date_by_hand():
    skus = _skus(
        # with a stored forecast (the SKU table's demand rate is then the forecast's): D 4,
        # σ_D 2, L 10 + 2, σ_L 3 days; reorder point 71
        {"sku": "F", "forecast_daily": 4.0, "demand_rate": 4.0, "forecast_sigma": 2.0,
         "supply_late_days": 2 + 3 * 1.2815516, "net_position": 30, "reorder_point": 71},
        # trailing mean only: 2 a day, reorder point ⌈2 × (10 + 7)⌉ = 34
        {"sku": "T", "demand_rate": 2.0, "net_position": 10, "reorder_point": 34,
         "supplier": "Slow Ltd", "price": 5.0},
        # 1 a day, 20 units in hand: runs out in 20 days, order in 20 − 12 = 8
        {"sku": "L", "demand_rate": 1.0, "net_position": 20, "reorder_point": 25},
        # above its reorder point, or selling nothing: not listed
        {"sku": "OK", "demand_rate": 1.0, "net_position": 30, "reorder_point": 25},
        {"sku": "NONE", "demand_rate": 0.0, "net_position": 0, "reorder_point": 0},
    )
    rows = replenishment(skus, TODAY, 95).set_index("sku")
    assert list(rows.index) == ["F", "L", "T"]  # by supplier, then order-by date
    # F: order-up-to 4 · 19 + 1.645 · √(4 · 19 + 16 · 9) = 101; 101 − 30 = 71 units;
    # runs out in ⌊30 / 4⌋ = 7 days; 7 − 12 < 0: order today; at risk 10 × (76 − 30)
    assert rows.loc["F", "suggested_qty"] == 71
    assert rows.loc["F", "runs_out_on"] == TODAY + dt.timedelta(days=7)
    assert rows.loc["F", "order_by"] == TODAY
    assert rows.loc["F", "revenue_at_risk"] == pytest.approx(460.0)
    # T: order-up-to max(2 · 19, 34 + 2 · 7) = 48 → 38 units; out in 5 days; at risk
    # 5 × (2 · 19 − 10) = 140
    assert rows.loc["T", "suggested_qty"] == 38
    assert rows.loc["T", "order_by"] == TODAY
    assert rows.loc["T", "revenue_at_risk"] == pytest.approx(140.0)
    # L: order-up-to max(19, 25 + 7) = 32 → 12 units, by day 8, nothing at risk
    assert rows.loc["L", "suggested_qty"] == 12
    assert rows.loc["L", "order_by"] == TODAY + dt.timedelta(days=8)
    assert rows.loc["L", "runs_out_on"] == TODAY + dt.timedelta(days=20)
    assert rows.loc["L", "revenue_at_risk"] == 0


def test_a_suggestion_rounds_up_to_the_suppliers_packs_and_minimum():
    # L of the case above wants 12 units: in packs of 5 that is 15; with a minimum of 20
    # and packs of 6, 24 (20 raised to whole packs); with neither known, 12.
    rows = [{"sku": s, "demand_rate": 1.0, "net_position": 20, "reorder_point": 25, **extra}
            for s, extra in (("P", {"pack_size": 5, "min_order_qty": np.nan}),
                             ("M", {"pack_size": 6, "min_order_qty": 20}),
                             ("N", {"pack_size": np.nan, "min_order_qty": np.nan}))]
    listed = replenishment(_skus(*rows), TODAY, 95).set_index("sku")
    assert listed["suggested_qty"].to_dict() == {"M": 24, "N": 12, "P": 15}
    assert listed["rounded_to"].to_dict() == {"M": "packs of 6; at least 20", "N": "",
                                              "P": "packs of 5"}
