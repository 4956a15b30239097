"""What the store shows for each SKU today: state, button, note (DESIGN §2).

``derive_storefront`` works on a whole catalog at once (one row per SKU, as returned by
``catalog.sku_table``) with vectorised rules, in this order:

1. Discontinued products (flag or mode) show *Discontinued*.
2. Pre-order mode with a release date still ahead shows *Pre-order*; an
   unreleased product with auto-switch on does too.
3. Units available above the low-stock threshold: *In stock*; 1 to the threshold:
   *Low stock*.
4. Nothing available: *Backorder* when the mode sells beyond stock and the cap is
   not reached, or when auto-switch is on and an open purchase order is expected
   today or later (a credible date); else *Out of stock* (notify me).

A backorder's promised date is the policy's restock date, else the next open
purchase order's expected date; a pre-order's is its release date: the policy's
release date, else the product's launch date (``release_dates``).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from inventory_core.domain.enums import PolicyMode, StorefrontState
from inventory_core.domain.wording import format_date, render_note

DEFAULT_BUTTON = {
    StorefrontState.IN_STOCK: "Add to cart",
    StorefrontState.LOW_STOCK: "Add to cart",
    StorefrontState.BACKORDER: "Backorder",
    StorefrontState.PREORDER: "Pre-order",
    StorefrontState.OUT_OF_STOCK: "Notify me",
    StorefrontState.DISCONTINUED: "Unavailable",
}
DEFAULT_NOTE = {
    StorefrontState.IN_STOCK: "In stock, ready to ship.",
    StorefrontState.LOW_STOCK: "Only {units} left in stock.",
    StorefrontState.BACKORDER: "On backorder: ships by {date}.",
    StorefrontState.PREORDER: "Pre-order now: releases on {date}.",
    StorefrontState.OUT_OF_STOCK: "Out of stock. Sign up to hear when it is back.",
    StorefrontState.DISCONTINUED: "No longer available.",
}


def derive_storefront(skus: pd.DataFrame, today: dt.date, low_stock_at: int) -> pd.DataFrame:
    """Add ``state``, ``promised_date``, ``button`` and ``note`` to a per-SKU frame.

    Needs the columns ``mode``, ``discontinued``, ``launch_date``, ``release_date``,
    ``restock_date``, ``available``, ``low_stock_at``, ``cap``, ``backorder_qty``,
    ``auto_switch``, ``next_expected``, ``button_label`` and ``customer_note``.
    """
    out = skus.copy(deep=False)  # new columns only: the caller's frame is left as it was
    if out.empty:
        for column in ("state", "promised_date", "button", "note"):
            out[column] = pd.Series(dtype=object)
        return out
    today_ts = pd.Timestamp(today)
    mode = out["mode"].astype(str)
    release = release_dates(out)
    launch = pd.to_datetime(out["launch_date"])
    next_expected = pd.to_datetime(out["next_expected"])
    threshold = pd.to_numeric(out["low_stock_at"]).astype(float).fillna(low_stock_at)
    available = out["available"].astype(float)
    cap = pd.to_numeric(out["cap"], errors="coerce")
    under_cap = cap.isna() | (out["backorder_qty"].astype(float) < cap)
    unreleased = launch > today_ts
    auto = out["auto_switch"].astype(bool)
    credible_supply = next_expected >= today_ts

    discontinued = out["discontinued"].astype(bool) | (mode == PolicyMode.DISCONTINUED)
    preorder = ((mode == PolicyMode.PREORDER) & (release > today_ts)) | (
        unreleased & auto)
    beyond_stock = mode.isin([m for m in PolicyMode if m.sells_beyond_stock()]) & under_cap
    backorder = (available <= 0) & (beyond_stock | (auto & (mode == PolicyMode.STOCK)
                                                    & credible_supply))
    states = np.array(list(StorefrontState), dtype=object)
    number = {member: i for i, member in enumerate(states)}
    codes = np.select(
        [discontinued, preorder, unreleased, available > threshold, available > 0, backorder],
        [number[StorefrontState.DISCONTINUED], number[StorefrontState.PREORDER],
         number[StorefrontState.OUT_OF_STOCK], number[StorefrontState.IN_STOCK],
         number[StorefrontState.LOW_STOCK], number[StorefrontState.BACKORDER]],
        number[StorefrontState.OUT_OF_STOCK],
    )
    out["state"] = states[codes]
    restock = pd.to_datetime(out["restock_date"]).fillna(next_expected)
    promised = np.select(
        [codes == number[StorefrontState.BACKORDER], codes == number[StorefrontState.PREORDER]],
        [restock, release], pd.NaT)
    out["promised_date"] = as_dates(pd.Series(promised, index=out.index))
    waiting = out["state"].isin([StorefrontState.BACKORDER, StorefrontState.PREORDER])
    out["button"] = np.where(waiting & _is_text(out["button_label"]), out["button_label"],
                             out["state"].map(DEFAULT_BUTTON)).astype(object)
    out["note"] = _notes(out["state"], waiting & _is_text(out["customer_note"]),
                         out["customer_note"], out["promised_date"], available)
    return out


def release_dates(skus: pd.DataFrame) -> pd.Series:
    """Each SKU's release date: its policy's ``release_date``, else its ``launch_date``
    (timestamps; NaT with neither)."""
    dates: pd.Series = pd.to_datetime(skus["release_date"]).fillna(
        pd.to_datetime(skus["launch_date"]))
    return dates


def _is_text(values: pd.Series) -> pd.Series:
    """True where the value is a string that is not blank (each distinct value checked
    once: most SKUs share a few texts, or have none)."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))
    text = np.array([isinstance(v, str) and v.strip() != "" for v in distinct] + [False])
    return pd.Series(text[codes], index=values.index)


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


def as_dates(values: pd.Series) -> pd.Series:
    """A column of ``datetime.date`` or None, whatever mix of types it held."""
    parsed = pd.Series(pd.to_datetime(values, errors="coerce"), index=values.index)
    codes, days = pd.factorize(parsed)  # each distinct day converted once; none: -1
    dates = np.array([day.date() for day in days] + [None], dtype=object)
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
        case _:
            return "Out of stock"
