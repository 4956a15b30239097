"""The what-if (DESIGN §4): project sales and backlog per SKU, day by day, for a policy set.

One function, ``project``, works on every SKU at once: each day is one vectorised
step over arrays of SKUs (expected values, not random draws). The inputs that do
not depend on the policies (stock, demand, supply, supplier reliability, the open
backlog) are gathered once by ``load_inputs`` so that a what-if only re-runs the
cheap projection.

Each day ``t`` (0 = today), for every SKU, in this order:

1. supply arrives: each open purchase order on its expected date moved by the
   supplier's typical delay (overdue ones arrive on day 0 at the earliest);
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
date, else the next open purchase order's expected date (as the storefront
shows); for a pre-order, the release date. Existing backlog already past its
promised date starts late.

Money: stock sales count at sale at the list price; backorders and pre-orders
count at order (cash up front) at the price net of the policy's discount;
cancellations are refunded at that net price. Margin subtracts the unit cost of
every unit not cancelled. Promises likely missed = new backorders and pre-orders
× (1 − the supplier's on-time rate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
from sqlalchemy import Engine, case, func, select

from inventory_core.domain.enums import LineKind, PolicyMode, PurchaseOrderStatus
from inventory_core.domain.filters import ALL, Filters
from inventory_core.store.frames import read_frame
from inventory_core.store.models import LINE_IS_OPEN, OrderLine, PurchaseOrder, Supplier

MODES = [PolicyMode.STOCK, PolicyMode.BACKORDER, PolicyMode.PREORDER,
         PolicyMode.OUT_OF_STOCK, PolicyMode.DISCONTINUED]
_CODE = {mode.value: code for code, mode in enumerate(MODES)}
STOCK, BACKORDER, PREORDER, OUT_OF_STOCK, DISCONTINUED = range(len(MODES))

OUTPUTS = {
    "units_sold": "Units sold",
    "revenue": "Revenue",
    "margin": "Margin",
    "demand_lost": "Demand lost",
    "new_backorders": "New backorders",
    "new_preorders": "New pre-orders",
    "peak_backlog": "Peak backlog",
    "longest_wait_days": "Longest expected wait (days)",
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
class ProjectionInputs:
    """Everything the projection needs that does not depend on the policies.

    Arrays are aligned on ``skus``. ``arrival_sku`` / ``arrival_day`` /
    ``arrival_qty`` list the supply arrivals (day offsets from ``today``, after the
    supplier's delay). ``next_expected_day`` is the nominal offset of the next open
    purchase order (NaN without one), the storefront's fallback promise.
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
    arrival_sku: np.ndarray
    arrival_day: np.ndarray
    arrival_qty: np.ndarray

    def __len__(self) -> int:
        return len(self.skus)

    def take(self, rows: np.ndarray) -> ProjectionInputs:
        """The inputs of the SKUs at positions ``rows`` only."""
        keep = np.isin(self.arrival_sku, rows)
        renumber = np.full(len(self.skus), -1)
        renumber[rows] = np.arange(len(rows))
        per_sku = {f.name: getattr(self, f.name)[rows] for f in fields(self)
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


@dataclass(frozen=True)
class Projection:
    """The outcome of one policy set: per SKU, in total, and day by day."""

    per_sku: pd.DataFrame
    totals: pd.Series
    daily: pd.DataFrame


def policy_arrays(inputs: ProjectionInputs, policies: pd.DataFrame) -> PolicyArrays:
    """The policies (columns sku, mode, cap, restock_date, release_date, discount_pct)
    as arrays in the order of ``inputs.skus``; SKUs without a row sell from stock."""
    frame = policies[["sku", "mode", "cap", "restock_date", "release_date", "discount_pct"]] \
        .set_index("sku").reindex(inputs.skus)
    mode = frame["mode"].astype(str).map(_CODE)  # enum members read as their values
    return PolicyArrays(
        mode=mode.fillna(STOCK).to_numpy(dtype=int),
        cap=pd.to_numeric(frame["cap"], errors="coerce").to_numpy(dtype=float),
        restock_day=_offsets(frame["restock_date"], inputs.today),
        release_day=_offsets(frame["release_date"], inputs.today),
        discount_pct=pd.to_numeric(frame["discount_pct"], errors="coerce")
        .fillna(0).to_numpy(dtype=float),
    )


def _offsets(dates: pd.Series, today: dt.date) -> np.ndarray:
    """Days from ``today`` to each date (NaN where there is none)."""
    parsed = pd.to_datetime(dates, errors="coerce")
    return ((parsed - pd.Timestamp(today)).dt.days).to_numpy(dtype=float)


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
    promise = np.where(mode == PREORDER, policies.release_day,
                       np.where(np.isnan(policies.restock_day), inputs.next_expected_day,
                                policies.restock_day))
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
        "promises_missed": waiting * (1 - inputs.on_time_rate),
        "cancellations": total["cancellations"],
        "cash_up_front": waiting * net_price,
    })
    totals = per_sku.drop(columns="sku").sum()
    totals["peak_backlog"] = max(float((inputs.backlog_due + inputs.backlog_late).sum()),
                                 float(daily_backlog.max(initial=0.0)))
    totals["longest_wait_days"] = float(longest.max(initial=0.0))
    daily = pd.DataFrame({
        "date": [inputs.today + dt.timedelta(days=t) for t in range(days)],
        "backlog": daily_backlog, "sales": daily_sales})
    return Projection(per_sku=per_sku, totals=totals, daily=daily)


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
    taken = np.minimum(wanted, room)
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


def compare(baseline: Projection, scenario: Projection) -> pd.DataFrame:
    """Totals side by side: one row per output with baseline, scenario and change."""
    frame = pd.DataFrame({"baseline": baseline.totals, "scenario": scenario.totals})
    frame["change"] = frame["scenario"] - frame["baseline"]
    frame.index.name = "output"
    return frame.reset_index()


# --- gathering the inputs ------------------------------------------------------------


def supplier_reliability(engine: Engine) -> pd.DataFrame:
    """Per supplier, from its received purchase orders: how many, the share received on
    or before the expected date (on-time rate) and the mean days late (typical delay).

    A supplier with no received purchase order counts as on time with no delay.
    """
    received = (PurchaseOrder.status == PurchaseOrderStatus.RECEIVED) \
        & PurchaseOrder.received_on.is_not(None)
    with engine.connect() as connection:
        late_days = _days_between(connection.dialect.name, PurchaseOrder.expected_on,
                                  PurchaseOrder.received_on)
        suppliers = read_frame(connection, select(Supplier.id, Supplier.name),
                               ["supplier_id", "supplier"])
        counted = read_frame(connection, (  # one pass over the received POs
            select(PurchaseOrder.supplier_id,
                   func.count(PurchaseOrder.po_number).label("received_pos"),
                   func.sum(case((PurchaseOrder.received_on <= PurchaseOrder.expected_on, 1),
                                 else_=0)).label("on_time"),
                   func.avg(case((late_days > 0, late_days), else_=0)).label("delay"))
            .where(received)
            .group_by(PurchaseOrder.supplier_id)))
    rows = suppliers.merge(counted, on="supplier_id", how="left").drop(columns="supplier_id")
    frame = rows.sort_values("supplier", ignore_index=True)
    received = frame["received_pos"].fillna(0).astype(int)
    frame["received_pos"] = received
    frame["on_time_rate"] = np.where(received > 0, pd.to_numeric(frame["on_time"]).fillna(0)
                                     / received.clip(lower=1), 1.0)
    frame["typical_delay_days"] = np.round(pd.to_numeric(frame["delay"]).astype(float)
                                           .fillna(0.0)).astype(int)
    return frame.drop(columns=["on_time", "delay"])


def _days_between(dialect: str, start, end):
    """``end − start`` in days as an SQL expression, on SQLite and PostgreSQL."""
    if dialect == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return end - start


def load_inputs(engine: Engine, skus: pd.DataFrame, today: dt.date,
                filters: Filters = ALL, reliability: pd.DataFrame | None = None
                ) -> ProjectionInputs:
    """The projection's inputs for the SKUs of ``skus`` (a ``catalog.sku_table`` frame).

    Open purchase orders are grouped per SKU and expected date, and open waiting
    lines per SKU (already overdue or not), by the database. ``reliability`` is
    ``supplier_reliability``'s frame when the caller has it already.
    """
    if reliability is None:
        reliability = supplier_reliability(engine)
    reliability = reliability.set_index("supplier")
    with engine.connect() as connection:
        pos = connection.execute(filters.apply_by_sku(
            select(PurchaseOrder.sku, PurchaseOrder.expected_on,
                   func.sum(PurchaseOrder.qty))
            .where(PurchaseOrder.status == PurchaseOrderStatus.OPEN)
            .group_by(PurchaseOrder.sku, PurchaseOrder.expected_on), PurchaseOrder.sku)).all()
        overdue = connection.execute(filters.apply_by_sku(
            select(OrderLine.sku, func.sum(OrderLine.qty))
            .where(LINE_IS_OPEN,
                   OrderLine.kind.in_([LineKind.BACKORDER, LineKind.PREORDER]),
                   OrderLine.promised_on < today)
            .group_by(OrderLine.sku), OrderLine.sku)).all()
    codes = pd.Series(np.arange(len(skus)), index=skus["sku"].to_numpy())
    supplier = skus["supplier"]
    on_time = supplier.map(reliability["on_time_rate"]).fillna(1.0).to_numpy(dtype=float)
    delay = supplier.map(reliability["typical_delay_days"]).fillna(0).to_numpy(dtype=float)
    po = pd.DataFrame(pos, columns=["sku", "expected_on", "qty"])
    po = po[po["sku"].isin(codes.index)]
    po_sku = codes.reindex(po["sku"]).to_numpy(dtype=int)
    nominal = _offsets(po["expected_on"], today)
    po_day = np.clip(nominal + delay[po_sku], 0, None).astype(int)
    waiting = (skus["backorder_qty"] + skus["preorder_qty"]).to_numpy(dtype=float)
    late = (pd.Series(dict(overdue), dtype=float).reindex(skus["sku"]).fillna(0.0)
            .to_numpy(dtype=float))
    return ProjectionInputs(
        today=today,
        skus=skus["sku"].to_numpy(dtype=object),
        price=skus["price"].to_numpy(dtype=float),
        cost=skus["cost"].to_numpy(dtype=float),
        available=skus["available"].to_numpy(dtype=float),
        demand=skus["demand_rate"].to_numpy(dtype=float),
        backlog_due=np.clip(waiting - late, 0, None),
        backlog_late=late,
        on_time_rate=on_time,
        next_expected_day=_offsets(skus["next_expected"], today),
        arrival_sku=po_sku,
        arrival_day=po_day,
        arrival_qty=po["qty"].to_numpy(dtype=float),
    )

