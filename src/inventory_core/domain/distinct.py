"""Work on a column done once per distinct value.

A catalog's columns hold few distinct values over many SKUs: a handful of modes, a
few hundred dates, a few notes. Working each out once and reading it back in place is
many times faster than doing it per row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def each_distinct(values: Any, work: Callable[[Any], object]) -> np.ndarray:
    """``work`` of each of ``values`` (a column or an array), called once per distinct
    value — a blank (None or NaN, one value) and ±inf too — as an object array in the
    order of ``values``."""
    codes, distinct = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    done = np.empty(len(distinct), dtype=object)
    for i, value in enumerate(distinct):  # one by one: a result may itself be a list
        done[i] = work(value)
    result: np.ndarray = done[codes]
    return result
