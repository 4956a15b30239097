"""Work on a column done once per distinct value, read back in place."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from inventory_core.domain.distinct import each_distinct


def test_each_distinct_value_is_worked_once_blanks_included_and_lists_stay_whole():
    seen: list[object] = []

    def work(value: object) -> list[str]:
        seen.append(value)
        return [] if not isinstance(value, str) else [value, value.upper()]

    out = each_distinct(pd.Series(["a", None, "b", "a", math.nan, None]), work)
    assert out.tolist() == [["a", "A"], [], ["b", "B"], ["a", "A"], [], []]
    assert out.shape == (6,) and len(seen) == 3  # "a", a blank (None or NaN), "b"


def test_infinities_are_values_and_the_order_is_the_columns():
    out = each_distinct(np.array([2.0, math.inf, -math.inf, 2.0]), lambda v: f"{v:g}")
    assert out.tolist() == ["2", "inf", "-inf", "2"]
    assert each_distinct(np.array([], dtype=float), str).tolist() == []
