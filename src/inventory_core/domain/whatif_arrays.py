"""The what-if's inputs as arrays aligned on SKUs: what does not depend on the policies
(``ProjectionInputs``) and a policy set (``PolicyArrays``).

Pure: built from frames the read queries return (``queries.whatif_inputs`` reads
them from the store), so that a what-if only re-runs the projection itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from inventory_core.domain.enums import PolicyMode

MODES = [PolicyMode.STOCK, PolicyMode.BACKORDER, PolicyMode.PREORDER,
         PolicyMode.OUT_OF_STOCK, PolicyMode.DISCONTINUED]
"""The policy modes in the order of their codes in ``PolicyArrays.mode``."""
STOCK, BACKORDER, PREORDER, OUT_OF_STOCK, DISCONTINUED = range(len(MODES))
MODE_CODES = {mode.value: code for code, mode in enumerate(MODES)}


@dataclass(frozen=True)
class ProjectionInputs:
    """Everything the projection needs that does not depend on the policies.

    Arrays are aligned on ``skus``. ``arrival_sku`` / ``arrival_day`` /
    ``arrival_qty`` list the supply arrivals (day offsets from ``today``, after the
    supplier's delay). ``next_expected_day`` is the nominal offset of the next open
    purchase order (NaN without one), the storefront's fallback promise;
    ``likely_expected_day`` the same moved by the supplier's typical delay, the
    promise a passed date rolls to (``domain.storefront``). ``demand_sigma`` is the
    spread (standard deviation) of each SKU's daily demand and ``late_extra_days`` how
    much later than typical its supplier delivers at worst (p90 − p50 delay), for the
    what-if's range (``whatif.project_range``); None: not known, no range.
    """

    today: dt.date
    skus: np.ndarray
    price: np.ndarray
    cost: np.ndarray
    available: np.ndarray
    demand: np.ndarray
    backlog_due: np.ndarray
    backlog_late: np.ndarray
    on_time_rate: np.ndarray
    next_expected_day: np.ndarray
    likely_expected_day: np.ndarray
    arrival_sku: np.ndarray
    arrival_day: np.ndarray
    arrival_qty: np.ndarray
    demand_sigma: np.ndarray | None = None
    late_extra_days: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.skus)

    @cached_property
    def positions(self) -> pd.Index:
        """The SKUs as an index, to find SKUs' positions (``get_indexer``); built once."""
        return pd.Index(self.skus)

    def take(self, rows: np.ndarray) -> ProjectionInputs:
        """The inputs of the SKUs at positions ``rows`` only."""
        keep = np.isin(self.arrival_sku, rows)
        renumber = np.full(len(self.skus), -1)
        renumber[rows] = np.arange(len(rows))
        per_sku: dict[str, Any] = {
            f.name: None if getattr(self, f.name) is None else getattr(self, f.name)[rows]
            for f in fields(self)
            if f.name not in ("today", "arrival_sku", "arrival_day", "arrival_qty")}
        return ProjectionInputs(today=self.today, **per_sku,
                                arrival_sku=renumber[self.arrival_sku[keep]],
                                arrival_day=self.arrival_day[keep],
                                arrival_qty=self.arrival_qty[keep])

    def arrivals_by_day(self, horizon: int) -> np.ndarray:
        """Units arriving per day per SKU, an array of ``horizon`` days × SKUs: one day's
        SKUs lie side by side in memory, as the projection steps day by day."""
        out = np.zeros((horizon, len(self.skus)))
        inside = self.arrival_day < horizon
        np.add.at(out, (self.arrival_day[inside], self.arrival_sku[inside]),
                  self.arrival_qty[inside])
        return out


@dataclass(frozen=True)
class PolicyArrays:
    """A policy set as arrays aligned on the inputs' SKUs (day offsets from today)."""

    mode: np.ndarray
    cap: np.ndarray
    restock_day: np.ndarray
    release_day: np.ndarray
    discount_pct: np.ndarray

    def take(self, rows: np.ndarray) -> PolicyArrays:
        """The policies of the SKUs at positions ``rows`` only."""
        return PolicyArrays(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    def differs(self, other: PolicyArrays) -> np.ndarray:
        """True for each SKU whose policy differs from ``other``'s."""
        out = np.zeros(len(self.mode), dtype=bool)
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            both_missing = np.isnan(mine) & np.isnan(theirs) if mine.dtype.kind == "f" \
                else np.zeros(len(mine), dtype=bool)
            out |= (mine != theirs) & ~both_missing
        return out


def policy_arrays(inputs: ProjectionInputs, policies: pd.DataFrame,
                  like: PolicyArrays | None = None) -> PolicyArrays:
    """The policies (columns sku, mode, cap, restock_date, release_date, discount_pct)
    as arrays in the order of ``inputs.skus``; SKUs without a row sell from stock, or,
    with ``like`` (the stored policies as arrays, ``policies`` a few edited SKUs), keep
    their policy there."""
    columns = ["sku", "mode", "cap", "restock_date", "release_date", "discount_pct"]
    if like is None:
        return _arrays(policies[columns].set_index("sku").reindex(inputs.skus), inputs.today)
    rows = inputs.positions.get_indexer(policies["sku"])
    found = rows >= 0
    part = _arrays(policies.loc[found, columns].set_index("sku"), inputs.today)
    values = {}
    for f in fields(like):
        column = getattr(like, f.name).copy()
        column[rows[found]] = getattr(part, f.name)
        values[f.name] = column
    return PolicyArrays(**values)


def _arrays(frame: pd.DataFrame, today: dt.date) -> PolicyArrays:
    mode = frame["mode"].astype(str).map(MODE_CODES)  # enum members read as their values
    return PolicyArrays(
        mode=mode.fillna(STOCK).to_numpy(dtype=int),
        cap=pd.to_numeric(frame["cap"], errors="coerce").to_numpy(dtype=float),
        restock_day=day_offsets(frame["restock_date"], today),
        release_day=day_offsets(frame["release_date"], today),
        discount_pct=pd.to_numeric(frame["discount_pct"], errors="coerce")
        .fillna(0).to_numpy(dtype=float),
    )


def day_offsets(dates: pd.Series, today: dt.date) -> np.ndarray:
    """Days from ``today`` to each date (NaN where there is none)."""
    parsed = pd.to_datetime(dates, errors="coerce")
    offsets: np.ndarray = (parsed - pd.Timestamp(today)).dt.days.to_numpy(dtype=float)
    return offsets


def projection_inputs(skus: pd.DataFrame, supply: pd.DataFrame, overdue: pd.Series,
                      on_time_rate: np.ndarray, delay_days: np.ndarray,
                      today: dt.date, late_days: np.ndarray | None = None) -> ProjectionInputs:
    """The projection's inputs for the SKUs of ``skus`` (a ``catalog.sku_table`` frame).

    ``supply``: the open purchase orders' units per SKU and expected date (columns
    sku, expected_on, qty); ``overdue``: per SKU, the waiting units already past their
    promise; ``on_time_rate`` and ``delay_days``: per SKU (aligned on ``skus``), its
    supplier's figures as projections use them (``late_days``: its p90 delay). Each
    purchase order arrives on its expected date moved by the delay, overdue ones on
    day 0 at the earliest. The spread of daily demand is the stored forecast's
    (``forecast_sigma``) where there is one, else that of a Poisson count at the
    demand rate (its square root).
    """
    codes = pd.Series(np.arange(len(skus)), index=skus["sku"].to_numpy())
    po = supply[supply["sku"].isin(codes.index)]
    po_sku = codes.reindex(po["sku"]).to_numpy(dtype=int)
    nominal = day_offsets(po["expected_on"], today)
    po_day = np.clip(nominal + delay_days[po_sku], 0, None).astype(int)
    waiting = (skus["backorder_qty"] + skus["preorder_qty"]).to_numpy(dtype=float)
    next_expected = day_offsets(skus["next_expected"], today)
    late = overdue.astype(float).reindex(skus["sku"]).fillna(0.0).to_numpy(dtype=float)
    return ProjectionInputs(
        today=today,
        skus=skus["sku"].to_numpy(dtype=object),
        price=skus["price"].to_numpy(dtype=float),
        cost=skus["cost"].to_numpy(dtype=float),
        available=skus["available"].to_numpy(dtype=float),
        demand=skus["demand_rate"].to_numpy(dtype=float),
        backlog_due=np.clip(waiting - late, 0, None),
        backlog_late=late,
        on_time_rate=on_time_rate,
        next_expected_day=next_expected,
        likely_expected_day=next_expected + delay_days,
        arrival_sku=po_sku,
        arrival_day=po_day,
        arrival_qty=po["qty"].to_numpy(dtype=float),
        demand_sigma=_demand_spread(skus),
        late_extra_days=None if late_days is None else np.clip(late_days - delay_days, 0, None),
    )


def _demand_spread(skus: pd.DataFrame) -> np.ndarray:
    """Each SKU's spread of daily demand (see ``projection_inputs``)."""
    rate = skus["demand_rate"].to_numpy(dtype=float)
    stored = pd.to_numeric(skus["forecast_sigma"], errors="coerce").to_numpy(dtype=float) \
        if "forecast_sigma" in skus else np.full(len(skus), np.nan)
    spread: np.ndarray = np.where(np.isnan(stored), np.sqrt(np.clip(rate, 0, None)), stored)
    return spread
