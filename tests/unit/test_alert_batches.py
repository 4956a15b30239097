"""Back-in-stock alerts in proportion to the stock: batch room and the oldest first."""

from __future__ import annotations

import pandas as pd

from inventory_core.domain.alert_batches import batch_room, next_batch


def test_twenty_signups_and_five_units_make_a_first_batch_of_fifteen():
    assert batch_room(available=5, alerts_per_unit=3, alerted_today=0) == 15
    assert batch_room(available=5, alerts_per_unit=3, alerted_today=15) == 0
    assert batch_room(available=0, alerts_per_unit=3, alerted_today=0) == 0
    assert batch_room(available=-4, alerts_per_unit=3, alerted_today=0) == 0


def test_the_oldest_signups_go_first_per_sku():
    signups = pd.DataFrame({
        "sku": ["A"] * 4 + ["B"] * 2,
        "created_at": pd.to_datetime(["2026-11-04", "2026-11-01", "2026-11-03",
                                      "2026-11-02", "2026-11-05", "2026-11-01"])})
    chosen = next_batch(signups, pd.Series({"A": 2, "B": 0}))
    assert chosen.tolist() == [False, True, False, True, False, False]
