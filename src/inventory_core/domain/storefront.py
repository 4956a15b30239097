"""What the store shows for each SKU today: state, promise, button, note (DESIGN §2).

``derive_storefront`` works on a whole catalog at once (one row per SKU, as returned by
``catalog.sku_table``) with vectorised rules, in this order:

1. Discontinued products (flag or mode) show *Discontinued*.
2. Pre-order mode with a release date still ahead shows *Pre-order*; an
   unreleased product with auto-switch on does too; either only below the cap.
3. A product whose stock the store does not count (``stock_tracked`` false: a
   Shopify variant without inventory tracker, a WooCommerce product whose stock is
   not managed) shows *Not tracked*: always available, whatever the units stored.
   Units available above the low-stock threshold: *In stock*; 1 to the threshold:
   *Low stock*.
4. Nothing available: *Backorder* when the mode sells beyond stock and the cap is
   not reached, or when auto-switch is on and an open purchase order is expected
   today or later (a credible date); else *Out of stock* (notify me).

The **cap** is the most units that may wait at once (backorder and pre-order units
together), counting those already waiting: a SKU whose waiting units reach its cap
takes no more (Magento's negative out-of-stock threshold and Spree's backorder limit
count it the same way). No cap: no limit.

A backorder's **promise** is the policy's restock date, else the next open purchase
order's expected date — never a date before today: a date that has passed rolls to
the next credible one, the next purchase order's expected date moved by its
supplier's typical delay (``supply_delay_days``, as projections use it), or, when
that too is before today, no date is promised (``promise_passed`` says so). A
pre-order's promise is its release date: the policy's, else the product's launch
date (``release_dates``).

``state_reason`` says why the state differs from what the mode alone would show
(cap reached, release passed, auto-switch, not released, marked discontinued, a
restock date passed); it is empty otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from inventory_core.domain.distinct import each_distinct
from inventory_core.domain.enums import PolicyMode, StorefrontState
from inventory_core.domain.wording import format_date, format_dates, render_note

DEFAULT_BUTTON = {
    StorefrontState.IN_STOCK: "Add to cart",
    StorefrontState.LOW_STOCK: "Add to cart",
    StorefrontState.BACKORDER: "Backorder",
    StorefrontState.PREORDER: "Pre-order",
    StorefrontState.OUT_OF_STOCK: "Notify me",
    StorefrontState.DISCONTINUED: "Unavailable",
    StorefrontState.NOT_TRACKED: "Add to cart",
}
DEFAULT_NOTE = {
    StorefrontState.IN_STOCK: "In stock, ready to ship.",
    StorefrontState.LOW_STOCK: "Only {units} left in stock.",
    StorefrontState.BACKORDER: "On backorder: ships by {date}.",
    StorefrontState.PREORDER: "Pre-order now: releases on {date}.",
    StorefrontState.OUT_OF_STOCK: "Out of stock. Sign up to hear when it is back.",
    StorefrontState.DISCONTINUED: "No longer available.",
    StorefrontState.NOT_TRACKED: "Available, ready to order.",
}


def derive_storefront(skus: pd.DataFrame, today: dt.date, low_stock_at: int) -> pd.DataFrame:
    """Add ``state``, ``promised_date``, ``promise_passed``, ``state_reason``, ``button``
    and ``note`` to a per-SKU frame.

    Needs the columns ``mode``, ``discontinued``, ``launch_date``, ``release_date``,
    ``restock_date``, ``available``, ``low_stock_at``, ``cap``, ``backorder_qty``,
    ``auto_switch``, ``next_expected``, ``button_label`` and ``customer_note``;
    ``preorder_qty`` and ``supply_delay_days`` count as 0 where absent, and
    ``stock_tracked`` as true.
    """
    out = skus.copy(deep=False)  # new columns only: the caller's frame is left as it was
    if out.empty:
        for column in ("state", "promised_date", "promise_passed", "state_reason", "button",
                       "note"):
            out[column] = pd.Series(dtype=object)
        return out
    today_ts = pd.Timestamp(today)
    mode = out["mode"].astype(str)
    mode_is = one_of(mode)
    release = release_dates(out)
    launch = as_timestamps(out["launch_date"])
    next_expected = as_timestamps(out["next_expected"])
    threshold = pd.to_numeric(out["low_stock_at"]).astype(float).fillna(low_stock_at)
    available = out["available"].astype(float)
    cap = pd.to_numeric(out["cap"], errors="coerce")
    waiting = _numbers(out, "backorder_qty") + _numbers(out, "preorder_qty")
    under_cap = cap.isna() | (waiting < cap)
    unreleased = launch > today_ts
    auto = out["auto_switch"].astype(bool)
    credible_supply = next_expected >= today_ts

    discontinued = out["discontinued"].astype(bool) | mode_is(PolicyMode.DISCONTINUED)
    preorder = ((mode_is(PolicyMode.PREORDER) & (release > today_ts)) | (
        unreleased & auto)) & under_cap
    beyond_stock = mode_is(*[m for m in PolicyMode if m.sells_beyond_stock()]) & under_cap
    backorder = (available <= 0) & (beyond_stock | (auto & mode_is(PolicyMode.STOCK)
                                                    & credible_supply))
    states = np.array(list(StorefrontState), dtype=object)
    number = {member: i for i, member in enumerate(states)}
    untracked = ~stock_tracked(out)
    codes = np.select(
        [discontinued, preorder, unreleased, untracked, available > threshold, available > 0,
         backorder],
        [number[StorefrontState.DISCONTINUED], number[StorefrontState.PREORDER],
         number[StorefrontState.OUT_OF_STOCK], number[StorefrontState.NOT_TRACKED],
         number[StorefrontState.IN_STOCK], number[StorefrontState.LOW_STOCK],
         number[StorefrontState.BACKORDER]],
        number[StorefrontState.OUT_OF_STOCK],
    )
    out["state"] = states[codes]
    restock = as_timestamps(out["restock_date"]).fillna(next_expected)
    likely = next_expected + pd.to_timedelta(_numbers(out, "supply_delay_days"), unit="D")
    passed = restock < today_ts
    credible = restock.where(~passed, likely.where(likely >= today_ts))
    is_backorder = codes == number[StorefrontState.BACKORDER]
    promised = credible.where(is_backorder, release.where(
        codes == number[StorefrontState.PREORDER]))
    out["promised_date"] = as_dates(promised)
    out["promise_passed"] = is_backorder & passed.to_numpy()
    state_is = one_of(out["state"])
    out["state_reason"] = _state_reasons(pd.DataFrame({
        "discontinued": out["discontinued"].astype(bool),
        "cap": cap, "waiting": waiting, "under_cap": under_cap, "release": release,
        "launch": launch, "unreleased": unreleased, "auto": auto, "restock": restock,
        "passed": out["promise_passed"], "promised": promised,
        "next_expected": next_expected}), state_is, mode_is, today_ts)
    waits = pd.Series(state_is(StorefrontState.BACKORDER, StorefrontState.PREORDER),
                      index=out.index)
    out["button"] = np.where(waits & _is_text(out["button_label"]), out["button_label"],
                             out["state"].map(DEFAULT_BUTTON)).astype(object)
    out["note"] = _notes(out["state"], waits & _is_text(out["customer_note"]),
                         out["customer_note"], out["promised_date"], available)
    return out


def stock_tracked(skus: pd.DataFrame) -> pd.Series:
    """True where the store counts the SKU's stock (``stock_tracked``; true where the
    column is absent or blank)."""
    if "stock_tracked" not in skus:
        return pd.Series(True, index=skus.index)
    given = skus["stock_tracked"]
    tracked: pd.Series = given.isna() | given.astype(object).eq(True)
    return tracked


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    """``frame[column]`` as floats, 0 where blank or where the column is absent."""
    if column not in frame:
        return pd.Series(0.0, index=frame.index)
    numbers: pd.Series = pd.to_numeric(frame[column], errors="coerce").astype(float).fillna(0.0)
    return numbers


def _state_reasons(f: pd.DataFrame, state_is: Matcher, mode_is: Matcher,
                   today: pd.Timestamp) -> np.ndarray:
    """Why each SKU's state differs from what its mode alone shows (see the module);
    '' where it does not. Each reason is written only for the SKUs it applies to."""
    out_of_stock = state_is(StorefrontState.OUT_OF_STOCK)
    sells_beyond = mode_is(PolicyMode.BACKORDER, PolicyMode.PREORDER)
    no_release = f["release"].isna()

    def whole(column: str) -> Callable[[np.ndarray], pd.Series]:
        return lambda h: f[column][h].fillna(0).round().astype(int).astype(str)

    def day(column: str) -> Callable[[np.ndarray], pd.Series]:
        return lambda h: format_dates(f[column][h])

    waiting, cap = whole("waiting"), whole("cap")
    release, launch, restock = day("release"), day("launch"), day("restock")
    promised, expected = day("promised"), day("next_expected")
    rules: list[tuple[pd.Series, Callable[[np.ndarray], pd.Series | str]]] = [
        (f["discontinued"] & ~mode_is(PolicyMode.DISCONTINUED)
         & state_is(StorefrontState.DISCONTINUED),
         lambda h: "The product is marked discontinued, so it is not sold whatever its mode."),
        (sells_beyond & out_of_stock & ~f["under_cap"],
         lambda h: "Cap reached: " + waiting(h) + " units already wait against a cap of "
         + cap(h) + ", so it takes no more orders until some ship or the cap is raised."),
        (mode_is(PolicyMode.PREORDER) & ~state_is(StorefrontState.PREORDER) & no_release,
         lambda h: "No release date: pre-orders wait until one is set, so it sells from "
                   "stock."),
        (mode_is(PolicyMode.PREORDER) & ~state_is(StorefrontState.PREORDER)
         & (f["release"] <= today),
         lambda h: "Release date " + release(h) + " has passed, so it sells from stock."),
        (~mode_is(PolicyMode.PREORDER) & state_is(StorefrontState.PREORDER),
         lambda h: "Auto-switch: not released until " + launch(h)
         + ", so it takes pre-orders."),
        (f["unreleased"] & out_of_stock & ~sells_beyond,
         lambda h: "Not released until " + launch(h)
         + ": set the mode to Pre-order to take orders."),
        (mode_is(PolicyMode.STOCK) & state_is(StorefrontState.BACKORDER),
         lambda h: "Auto-switch: nothing available and a purchase order is due "
         + expected(h) + ", so it takes backorders."),
        (f["passed"] & f["promised"].notna(),
         lambda h: "Its restock date " + restock(h) + " has passed: it promises "
         + promised(h) + ", the next purchase order with the supplier's typical delay."),
        (f["passed"] & f["promised"].isna() & f["next_expected"].notna(),
         lambda h: "Its restock date " + restock(h) + " has passed and its purchase order "
         "(expected " + expected(h) + ") is late: it promises no date. Set a new restock "
         "date or stop backorders."),
        (f["passed"] & f["promised"].isna(),
         lambda h: "Its restock date " + restock(h) + " has passed and no purchase order is "
         "open: it promises no date. Set a new restock date or stop backorders."),
    ]
    reason = np.full(len(f), "", dtype=object)
    taken = np.zeros(len(f), dtype=bool)
    for condition, text in rules:
        hit = np.asarray(condition, dtype=bool) & ~taken
        if hit.any():
            written = text(hit)
            reason[hit] = written if isinstance(written, str) else written.to_numpy()
            taken |= hit
    return reason


def release_dates(skus: pd.DataFrame) -> pd.Series:
    """Each SKU's release date: its policy's ``release_date``, else its ``launch_date``
    (timestamps; NaT with neither)."""
    dates: pd.Series = as_timestamps(skus["release_date"]).fillna(
        as_timestamps(skus["launch_date"]))
    return dates


def _is_text(values: pd.Series) -> pd.Series:
    """True where the value is a string that is not blank (each distinct value checked
    once: most SKUs share a few texts, or have none)."""
    text = each_distinct(values, lambda v: isinstance(v, str) and v.strip() != "")
    return pd.Series(text.astype(bool), index=values.index)


def _notes(state: pd.Series, own: pd.Series, template: pd.Series, when: pd.Series,
           available: pd.Series) -> np.ndarray:
    """Each SKU's customer note: the policy's own text while it sells the SKU, else the
    state's default; ``{units}`` and ``{date}`` filled in, once per distinct note."""
    text = np.where(own, template, state.map(DEFAULT_NOTE)).astype(object)
    text_codes, texts = pd.factorize(text)
    day_codes, days = pd.factorize(pd.to_datetime(when))  # no date: -1
    dates = [day.date() for day in days] + [None]  # index -1: no date
    with_units = np.array(["{units}" in t for t in texts], dtype=bool)[text_codes]
    unit_codes, counts = pd.factorize(  # each distinct unit count (negative too) once
        np.where(with_units, available.to_numpy(dtype=float), 0).astype(np.int64))
    day_span, unit_span = len(days) + 1, len(counts)
    codes, distinct = pd.factorize((text_codes * day_span + day_codes + 1) * unit_span
                                   + unit_codes)
    rendered = np.array([
        render_note(texts[key // unit_span // day_span].replace("{units}", str(
            counts[key % unit_span])), dates[key // unit_span % day_span - 1])
        for key in distinct.tolist()], dtype=object)
    out: np.ndarray = rendered[codes]
    undated = (state.eq(StorefrontState.BACKORDER).to_numpy() & (day_codes < 0)
               & (text == DEFAULT_NOTE[StorefrontState.BACKORDER]))
    out[undated] = "On backorder: ships as soon as it is restocked."
    return out


def as_timestamps(values: pd.Series) -> pd.Series:
    """A column of dates as timestamps (NaT where there is none or it is no date),
    whatever mix of ``datetime.date``, ISO text and timestamps it held: each distinct
    value converted once, since a catalog's SKUs share a few hundred dates."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))  # none: -1
    parsed = pd.to_datetime(pd.Series(distinct, dtype=object), format="mixed",
                            errors="coerce")
    days = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))
    return pd.Series(days[codes], index=values.index)


Matcher = Callable[..., np.ndarray]
"""A column tested for being any of the values given: ``mode_is(PolicyMode.STOCK)``."""


def one_of(values: pd.Series) -> Matcher:
    """A test of ``values`` against one or more values, each distinct value compared once
    (a column of a few texts, such as the mode or the state, over every SKU)."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))

    def test(*wanted: object) -> np.ndarray:
        return np.isin(codes, [i for i, value in enumerate(distinct) if value in wanted])

    return test


def as_dates(values: pd.Series) -> pd.Series:
    """A column of ``datetime.date`` or None, whatever mix of types it held."""
    codes, days = pd.factorize(as_timestamps(values))  # each distinct day once; none: -1
    dates = np.array([*days.to_numpy().astype("datetime64[D]").tolist(), None], dtype=object)
    return pd.Series(dates[codes], index=values.index, dtype=object)


def availability_line(state: StorefrontState, promised: dt.date | None, available: int) -> str:
    """The short availability line under the price, e.g. ``Ships by 3 Dec 2026``."""
    match state:
        case StorefrontState.IN_STOCK:
            return "In stock"
        case StorefrontState.LOW_STOCK:
            return f"Low stock: {available} left"
        case StorefrontState.BACKORDER:
            return f"Backorder: ships by {format_date(promised, 'restock')}"
        case StorefrontState.PREORDER:
            return f"Pre-order: releases {format_date(promised, 'soon')}"
        case StorefrontState.DISCONTINUED:
            return "Discontinued"
        case StorefrontState.NOT_TRACKED:
            return "Available"
        case _:
            return "Out of stock"
