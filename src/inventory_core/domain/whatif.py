"""The what-if (DESIGN §4): project sales and backlog per SKU, day by day, for a policy set.

One function, ``project``, works on every SKU at once: each day is one vectorised
step over arrays of SKUs (expected values, not random draws). The inputs that do
not depend on the policies (stock, demand, supply, supplier reliability, the open
backlog) are arrays (``whatif_arrays``) gathered once from the store by
``queries.whatif_inputs``, so that a what-if only re-runs the cheap projection.
Pure: arrays in, frames out; no SQL.

Each day ``t`` (0 = today), for every SKU, in this order:

1. supply arrives: each open purchase order on its expected date moved by the
   supplier's typical (p50) delay as projections use it (``domain.suppliers``: the
   store-wide one for a supplier with no record yet; overdue ones arrive on day 0
   at the earliest);
2. arrivals fill the backlog oldest first (late units, then units still within
   their promise); what is left becomes stock;
3. on a day with an arrival, ``notify_buy_share`` of the notify-me sign-ups buy
   from that stock (the sign-up pool then empties);
4. once the day is past the SKU's promise, open backlog is *late*; late units
   cancel at ``cancel_rate_per_day``;
5. demand (the forecast rate) sells from stock first. Beyond it, by mode:
   *sell from stock* / *out of stock* lose the rest, and ``notify_signup_share``
   of it signs up for notify-me; *backorder* takes
   ``acceptance × 0.5 ** (expected_wait / half_life_days)`` of it as backorders,
   up to the cap; *pre-order* takes ``preorder_take_up`` of it until the release
   date, up to the cap (then sells like *sell from stock*); *discontinued* sells
   what stock is left and nothing more.

The expected wait on day ``t`` is the days to the next supply arrival; with none
inside the horizon, to the restock date if it is still ahead; with neither, the
days left in the horizon (a lower bound). The promise is the policy's restock
date, else the next open purchase order's expected date, a date before today
rolled to that purchase order moved by the supplier's typical delay, else none
(as the storefront shows, ``domain.storefront``); for a pre-order, the release
date. The cap counts every unit waiting (backorders and pre-orders, those already
waiting included), as the storefront does. Existing backlog already past its
promised date starts late.

*First runs short* is the first day of the horizon on which demand is left that the
SKU's stock cannot meet (what the mode then does with it aside); none when stock
lasts the horizon; in total, the earliest SKU's. *SKUs running short* counts the SKUs
that do within the horizon.

Money: stock sales count at sale at the list price; backorders and pre-orders
count at order (cash up front) at the price net of the policy's discount;
cancellations are refunded at that net price. Margin subtracts the unit cost of
every unit not cancelled. Promises likely missed = new backorders and pre-orders
× (1 − the supplier's on-time rate, store-wide for a supplier with no record yet).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from inventory_core.domain.whatif_arrays import (
    BACKORDER,
    OUT_OF_STOCK,
    PREORDER,
    STOCK,
    PolicyArrays,
    ProjectionInputs,
)

WHATIF_OUTPUTS = {
    "units_sold": "Units sold",
    "revenue": "Revenue",
    "margin": "Margin",
    "demand_lost": "Demand lost",
    "new_backorders": "New backorders",
    "new_preorders": "New pre-orders",
    "peak_backlog": "Peak backlog",
    "longest_wait_days": "Longest expected wait (days)",
    "runs_short_day": "First runs short (day)",
    "skus_running_short": "SKUs running short",
    "promises_missed": "Promises likely missed",
    "cancellations": "Expected cancellations",
    "cash_up_front": "Cash taken up front",
}
"""Every per-SKU output of a projection, with its label."""


@dataclass(frozen=True)
class Assumptions:
    """The what-if model's named assumptions (defaults are placeholders to tune).

    - ``acceptance`` (0.8): share of customers who accept a backorder with no wait.
    - ``half_life_days`` (21): the wait after which that share halves.
    - ``cancel_rate_per_day`` (0.01): share of late backlog cancelled each day past
      its promise.
    - ``notify_signup_share`` (0.15): share of lost demand that signs up for notify-me.
    - ``notify_buy_share`` (0.40): share of sign-ups that buy when stock arrives.
    - ``preorder_take_up`` (1.0): share of demand that pre-orders before release.
    """

    acceptance: float = 0.8
    half_life_days: float = 21.0
    cancel_rate_per_day: float = 0.01
    notify_signup_share: float = 0.15
    notify_buy_share: float = 0.40
    preorder_take_up: float = 1.0

    def problems(self) -> list[str]:
        """What is wrong with these values, one sentence each (empty when fine)."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "half_life_days":
                if not value > 0:
                    out.append("The acceptance half-life must be more than 0 days.")
            elif not 0 <= value <= 1:
                out.append(f"{ASSUMPTION_LABELS[f.name]} must be between 0 and 1.")
        return out


ASSUMPTION_LABELS = {
    "acceptance": "Backorder acceptance (no wait)",
    "half_life_days": "Acceptance half-life (days)",
    "cancel_rate_per_day": "Cancellations per day past promise",
    "notify_signup_share": "Notify-me sign-ups (share of lost demand)",
    "notify_buy_share": "Sign-ups who buy on restock",
    "preorder_take_up": "Pre-order take-up",
}


@dataclass(frozen=True)
class Projection:
    """The outcome of one policy set: per SKU, in total, and day by day."""

    per_sku: pd.DataFrame
    totals: pd.Series
    daily: pd.DataFrame


def project(inputs: ProjectionInputs, policies: PolicyArrays, horizon: int = 60,
            assumptions: Assumptions = Assumptions()) -> Projection:
    """Project every SKU over ``horizon`` days under ``policies`` (see the module doc).

    Each day's step touches every SKU only where every SKU can change (stock, sales,
    backlog); supply arrivals, promises falling due and orders taken touch only the
    SKUs concerned.
    """
    a, n, days = assumptions, len(inputs), max(int(horizon), 1)
    mode, cap = policies.mode, policies.cap
    net_price = inputs.price * (1 - policies.discount_pct / 100)
    release = np.where(np.isnan(policies.release_day), np.inf, policies.release_day)
    restock = np.where(np.isnan(policies.restock_day), inputs.next_expected_day,
                       policies.restock_day)
    rolled = np.where(inputs.likely_expected_day >= 0, inputs.likely_expected_day, np.nan)
    promise = np.where(mode == PREORDER, policies.release_day,
                       np.where(restock < 0, rolled, restock))  # never a day before today
    promise = np.where(np.isnan(promise), np.inf, promise)
    demand = inputs.demand
    backorder, preorder = np.flatnonzero(mode == BACKORDER), np.flatnonzero(mode == PREORDER)
    # the expected wait (and the acceptance it sets) counts only where SKUs sell on backorder
    wait = _expected_wait(inputs.take(backorder).arrivals_by_day(days),
                          policies.restock_day[backorder], days)
    accept = a.acceptance * 0.5 ** (wait / a.half_life_days)
    arrivals = _arrivals_per_day(inputs, days)
    falling_due = _by_first_day_past(promise, days)
    signs_up = (mode == STOCK) | (mode == OUT_OF_STOCK)  # pre-orders join on release

    stock = np.clip(inputs.available, 0, None).astype(float)
    due, late = inputs.backlog_due.astype(float), inputs.backlog_late.astype(float)
    notify = np.zeros(n)
    total = {name: np.zeros(n) for name in
             ("stock_sold", "new_backorders", "new_preorders", "demand_lost",
              "cancellations")}
    peak, longest = due + late, np.zeros(n)
    short_from = np.full(n, np.inf)  # the first day demand is left that stock cannot meet
    daily_backlog, daily_sales = np.zeros(days), np.zeros(days)
    for t in range(days):
        arriving, supplied = arrivals[t]
        stock[arriving] += supplied
        fill = np.minimum(stock, late)
        late -= fill
        stock -= fill
        fill = np.minimum(stock, due)
        due -= fill
        stock -= fill
        restocked = arriving[supplied > 0]
        buyers = np.minimum(stock[restocked], notify[restocked] * a.notify_buy_share)
        stock[restocked] -= buyers
        notify[restocked] = 0.0
        past_promise = falling_due[t]
        late[past_promise] += due[past_promise]
        due[past_promise] = 0.0
        cancelled = late * a.cancel_rate_per_day
        late -= cancelled

        from_stock = np.minimum(stock, demand)
        stock -= from_stock
        rest = demand - from_stock
        short_from[(rest > 1e-9) & (short_from == np.inf)] = t
        before_release = t < release[preorder]
        signs_up[preorder] = ~before_release
        open_preorder = preorder[before_release]
        taken = np.zeros(n)
        for skus, wanted, waited in (
                (backorder, rest[backorder] * accept[t], wait[t]),
                (open_preorder, rest[open_preorder] * a.preorder_take_up,
                 release[open_preorder] - t)):
            taken[skus] = _take_orders(skus, wanted, t > promise[skus], cap, due, late)
            longest[skus] = np.where(taken[skus] > 0, np.maximum(longest[skus], waited),
                                     longest[skus])
        lost = rest - taken
        notify += np.where(signs_up, lost * a.notify_signup_share, 0.0)

        sold = from_stock.copy()
        sold[restocked] += buyers
        total["stock_sold"] += sold
        total["new_backorders"][backorder] += taken[backorder]
        total["new_preorders"][open_preorder] += taken[open_preorder]
        total["demand_lost"] += lost
        total["cancellations"] += cancelled
        backlog = due + late
        np.maximum(peak, backlog, out=peak)
        daily_backlog[t] = backlog.sum()
        daily_sales[t] = (sold + taken).sum()

    waiting = total["new_backorders"] + total["new_preorders"]
    units = total["stock_sold"] + waiting
    refunds = total["cancellations"] * net_price
    revenue = total["stock_sold"] * inputs.price + waiting * net_price - refunds
    per_sku = pd.DataFrame({
        "sku": inputs.skus,
        "units_sold": units,
        "revenue": revenue,
        "margin": revenue - (units - total["cancellations"]) * inputs.cost,
        "demand_lost": total["demand_lost"],
        "new_backorders": total["new_backorders"],
        "new_preorders": total["new_preorders"],
        "peak_backlog": peak,
        "longest_wait_days": longest,
        "runs_short_day": short_from,
        "skus_running_short": np.isfinite(short_from).astype(float),
        "promises_missed": waiting * (1 - inputs.on_time_rate),
        "cancellations": total["cancellations"],
        "cash_up_front": waiting * net_price,
    })
    totals = per_sku.drop(columns="sku").sum()
    totals["peak_backlog"] = max(float((inputs.backlog_due + inputs.backlog_late).sum()),
                                 float(daily_backlog.max(initial=0.0)))
    totals["longest_wait_days"] = float(longest.max(initial=0.0))
    totals["runs_short_day"] = float(short_from.min(initial=np.inf))
    daily = pd.DataFrame({
        "date": [inputs.today + dt.timedelta(days=t) for t in range(days)],
        "backlog": daily_backlog, "sales": daily_sales})
    return Projection(per_sku=per_sku, totals=totals, daily=daily)


RANGE_Z = 1.2816
"""The 10th and 90th percentiles of a normal spread lie this many standard deviations
from its middle."""


@dataclass(frozen=True)
class ProjectionRange:
    """The what-if's p10–p90 range around its expected projection: a *slow* case (each
    SKU's demand at the low end of its 80 % interval over the horizon, supply on its
    typical delay) and a *busy* one (demand at the high end, supply at the supplier's
    p90 delay)."""

    slow: Projection
    busy: Projection


def range_inputs(inputs: ProjectionInputs, horizon: int
                 ) -> tuple[ProjectionInputs, ProjectionInputs]:
    """The slow and the busy case's inputs (see ``ProjectionRange``).

    Over ``horizon`` days, the mean daily demand of a SKU whose daily demand spreads by
    σ spreads by σ / √horizon: its p10 and p90 lie ``RANGE_Z`` of that from the
    forecast rate (never below 0). In the busy case each purchase order arrives
    ``late_extra_days`` later (the supplier's p90 delay instead of its p50).
    """
    days = max(int(horizon), 1)
    sigma = np.zeros(len(inputs)) if inputs.demand_sigma is None else inputs.demand_sigma
    spread = RANGE_Z * np.nan_to_num(sigma) / math.sqrt(days)
    later = np.zeros(len(inputs)) if inputs.late_extra_days is None \
        else np.nan_to_num(inputs.late_extra_days)
    slow = replace(inputs, demand=np.clip(inputs.demand - spread, 0, None))
    busy = replace(inputs, demand=inputs.demand + spread,
                   arrival_day=inputs.arrival_day
                   + np.rint(later[inputs.arrival_sku]).astype(inputs.arrival_day.dtype))
    return slow, busy


def project_range(inputs: ProjectionInputs, policies: PolicyArrays, horizon: int = 60,
                  assumptions: Assumptions = Assumptions()) -> ProjectionRange:
    """The p10–p90 range of ``policies``' projection (``ProjectionRange``): the slow and
    the busy case, each projected for every SKU at once."""
    slow, busy = range_inputs(inputs, horizon)
    return ProjectionRange(slow=project(slow, policies, horizon, assumptions),
                           busy=project(busy, policies, horizon, assumptions))


def project_changes(inputs: ProjectionInputs, baseline: Projection, base: PolicyArrays,
                    scenario: PolicyArrays, horizon: int = 60,
                    assumptions: Assumptions = Assumptions()) -> Projection:
    """The projection of ``scenario``, re-projecting only the SKUs whose policy differs
    from ``base`` (whose projection is ``baseline``); SKUs do not affect each other."""
    rows = np.flatnonzero(scenario.differs(base))
    if len(rows) == 0:
        return baseline
    if 2 * len(rows) > len(inputs):  # most SKUs change: projecting them all is quicker
        return project(inputs, scenario, horizon, assumptions)
    part = inputs.take(rows)
    before = project(part, base.take(rows), horizon, assumptions)
    after = project(part, scenario.take(rows), horizon, assumptions)
    per_sku = baseline.per_sku.copy()
    per_sku.iloc[rows, 1:] = after.per_sku.iloc[:, 1:].to_numpy()
    daily = baseline.daily.copy()
    for column in ("backlog", "sales"):
        daily[column] = daily[column] - before.daily[column] + after.daily[column]
    totals = per_sku.drop(columns="sku").sum()
    totals["peak_backlog"] = max(float((inputs.backlog_due + inputs.backlog_late).sum()),
                                 float(daily["backlog"].max()))
    totals["longest_wait_days"] = float(per_sku["longest_wait_days"].max())
    totals["runs_short_day"] = float(per_sku["runs_short_day"].min())
    return Projection(per_sku=per_sku, totals=totals, daily=daily)


def _arrivals_per_day(inputs: ProjectionInputs, days: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per day of the horizon: the SKUs (positions) receiving supply, and the units each gets."""
    inside = inputs.arrival_day < days
    cell = inputs.arrival_day[inside].astype(np.int64) * len(inputs) + inputs.arrival_sku[inside]
    cells, at = np.unique(cell, return_inverse=True)
    units = np.zeros(len(cells))
    np.add.at(units, at, inputs.arrival_qty[inside])
    day, sku = np.divmod(cells, len(inputs))
    bounds = np.searchsorted(day, np.arange(days + 1))
    return [(sku[bounds[t]:bounds[t + 1]], units[bounds[t]:bounds[t + 1]]) for t in range(days)]


def _by_first_day_past(promise: np.ndarray, days: int) -> list[np.ndarray]:
    """Per day of the horizon: the SKUs whose promise that day is first in the past."""
    first = np.clip(np.floor(promise) + 1, 0, None)
    order = np.argsort(first, kind="stable")
    bounds = np.searchsorted(first[order], np.arange(days + 1))
    return [order[bounds[t]:bounds[t + 1]] for t in range(days)]


def _take_orders(skus: np.ndarray, wanted: np.ndarray, past: np.ndarray, cap: np.ndarray,
                 due: np.ndarray, late: np.ndarray) -> np.ndarray:
    """Orders ``skus`` take of ``wanted``, up to their cap, added to their backlog (late
    where ``past`` the promise); the units taken."""
    room = np.where(np.isnan(cap[skus]), np.inf,
                    np.clip(cap[skus] - due[skus] - late[skus], 0, None))
    taken: np.ndarray = np.minimum(wanted, room)
    due[skus] += np.where(past, 0.0, taken)
    late[skus] += np.where(past, taken, 0.0)
    return taken


def _expected_wait(arrivals: np.ndarray, restock_day: np.ndarray, days: int) -> np.ndarray:
    """Days from each day to the next arrival (else the restock date, else the horizon),
    an array of days × SKUs like ``arrivals``."""
    n = arrivals.shape[1]
    wait = np.empty((days, n))
    next_day = np.full(n, np.inf)
    for t in range(days - 1, -1, -1):
        next_day = np.where(arrivals[t] > 0, t, next_day)
        fallback = np.where(restock_day >= t, restock_day - t, days - t)
        wait[t] = np.where(np.isfinite(next_day), next_day - t, fallback)
    return wait


def compare_projections(baseline: Projection, scenario: Projection) -> pd.DataFrame:
    """Totals side by side: one row per output with baseline, scenario and change."""
    frame = pd.DataFrame({"baseline": baseline.totals, "scenario": scenario.totals})
    frame["change"] = frame["scenario"] - frame["baseline"]
    frame.index.name = "output"
    return frame.reset_index()
