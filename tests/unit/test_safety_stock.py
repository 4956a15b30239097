"""Safety stock, reorder point and order-up-to level worked out by hand."""

from __future__ import annotations

import pytest

from inventory_core.domain.safety_stock import (
    lead_time_spread,
    order_up_to,
    reorder_point,
    safety_stock,
    service_z,
)
from inventory_core.domain.settings import StoreSettings, validate_settings
from inventory_core.errors import InvalidInput


def test_the_service_level_quantile():
    assert service_z(95) == pytest.approx(1.6449, abs=1e-4)
    assert service_z(50) == pytest.approx(0.0)
    assert StoreSettings().service_level_pct == 95


def test_a_safety_stock_and_reorder_point_by_hand():
    # 4 units a day, spread 2 a day; lead time 10 days + a typical delay of 2 = 12 days;
    # the supplier's p90 delay lies 3 spreads of 1.2816 … above its p50: σ_L = 3 days
    spread = lead_time_spread(2, 2 + 3 * 1.2815516)
    assert float(spread) == pytest.approx(3.0, abs=1e-6)
    # z · √(σ_D² · L + D² · σ_L²) = 1.6449 · √(4 · 12 + 16 · 9) = 1.6449 · √192 = 22.79
    assert float(safety_stock(95, 4, 2, 12, 3)) == pytest.approx(22.79, abs=0.01)
    # reorder point = D · L + safety stock = 48 + 22.79 → 71 units
    assert float(reorder_point(95, 4, 2, 12, 3)) == 71
    # order-up-to, a 7-day review: 4 · 19 + 1.6449 · √(4 · 19 + 144) = 76 + 24.40 → 101
    assert float(order_up_to(95, 4, 2, 12, 3)) == 101
    # a higher service level holds more: 99 % (z 2.326) → 48 + 32.23 → 81
    assert float(reorder_point(99, 4, 2, 12, 3)) == 81


def test_no_spread_no_safety_stock_and_every_sku_at_once():
    points = reorder_point(95, [4.0, 0.0, 1.5], [0.0, 0.0, 1.0], [12, 30, 10], [0.0, 5.0, 0.0])
    # 48 exactly; nothing sells → 0; 15 + 1.6449 · √10 = 20.20 → 21
    assert points.tolist() == [48, 0, 21]


def test_the_service_level_setting_has_limits():
    with pytest.raises(InvalidInput, match="Service level"):
        validate_settings(StoreSettings(service_level_pct=100))
