"""A policy's fields and the rules of their values: typing, checks, audit text, bulk rules.

Pure: frames and values in, frames and values out. ``services.policies`` saves
what passes these checks, audited; the importers and the Policies page check
with the same ``policy_problems``.

- ``policy_value``: a value of a field as it is stored (None for empty);
- ``audit_text``: a value as the audit writes it (dates ISO, booleans
  ``true``/``false``); the one text every audited policy change is written in;
- ``policy_problems``: the Check column's errors (refuse a save) and warnings;
- ``changed_fields``: what an edit changes, field by field, in audit text;
- ``BulkRule``: which SKUs a bulk edit touches; ``bulk_preview``: what it changes,
  counted per current mode, before it is applied.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, SupportsFloat, cast

import numpy as np
import pandas as pd

from inventory_core.domain.distinct import each_distinct
from inventory_core.domain.enums import PolicyMode
from inventory_core.domain.wording import format_date, format_dates, unknown_placeholders
from inventory_core.errors import InvalidInput

POLICY_FIELDS = ("mode", "cap", "restock_date", "release_date", "button_label",
                 "customer_note", "discount_pct", "auto_switch")
"""The fields of a policy a merchant edits, in the grid's order."""

POLICY_FIELD_LABELS = {
    "mode": "Mode", "cap": "Cap (units)", "restock_date": "Restock date",
    "release_date": "Release date", "button_label": "Button label",
    "customer_note": "Customer note", "discount_pct": "Discount %",
    "auto_switch": "Auto-switch",
}
"""Each policy field as the merchant reads it."""

PROBLEM_COLUMNS = ["sku", "field", "severity", "message"]
CHANGE_COLUMNS = ["sku", "field", "old", "new"]
DATE_FIELDS = ("restock_date", "release_date")
QUOTED_FIELDS = ("button_label", "customer_note")


# --- values ---------------------------------------------------------------------------


def is_missing(value: object) -> bool:
    """True for None, pandas' missing markers and NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def policy_value(name: str, value: object) -> object:
    """``value`` of policy field ``name`` as stored (None for empty); raises ValueError."""
    if name == "mode":
        return PolicyMode.parse(str(getattr(value, "value", value))) \
            if not is_missing(value) else PolicyMode.STOCK
    if name == "auto_switch":
        if is_missing(value):
            return False
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)
    if name == "discount_pct":
        return 0.0 if is_missing(value) or value == "" else float(cast(SupportsFloat, value))
    if is_missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    if name == "cap":
        number = float(cast(SupportsFloat, value))
        if number != int(number):
            raise ValueError(f"cap {value} is not a whole number of units")
        return int(number)
    if name in DATE_FIELDS:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return pd.Timestamp(value).date()
    return str(value)


def checked_value(name: str, value: object, sku: str | None = None) -> object:
    """``policy_value``, or InvalidInput naming the field (and ``sku``) of a value that
    cannot be read."""
    try:
        return policy_value(name, value)
    except (TypeError, ValueError) as error:
        where = f"{sku}: " if sku is not None else ""
        raise InvalidInput(f"{where}{POLICY_FIELD_LABELS[name]} “{value}” cannot be read "
                           f"({error}).") from error


def audit_text(name: str, value: object) -> str | None:
    """A value of policy field ``name`` as the audit writes it (dates ISO, booleans
    ``true``/``false``, numbers without trailing zeros); raises ValueError."""
    stored = policy_value(name, value)
    if stored is None:
        return None
    if isinstance(stored, bool):
        return "true" if stored else "false"
    if isinstance(stored, float):
        return f"{stored:g}"
    if isinstance(stored, PolicyMode):
        return stored.value
    if isinstance(stored, dt.date):
        return stored.isoformat()
    return str(stored)


def audit_texts(name: str, values: np.ndarray | pd.Series,
                skus: pd.Index | pd.Series | None = None) -> list[str | None]:
    """``audit_text`` of each value, worked out once per distinct value; a value that
    cannot be read raises InvalidInput naming its SKU (from ``skus``)."""
    keys = list(skus) if skus is not None else [None] * len(values)
    seen: dict[tuple[type, object], str | None] = {}
    out: list[str | None] = []
    for sku, value in zip(keys, values, strict=True):
        key = (type(value), value)
        try:
            text = seen[key]
        except KeyError:
            text = seen[key] = audit_text(name, checked_value(name, value, sku))
        except TypeError:  # a value that cannot be a dictionary key
            text = audit_text(name, checked_value(name, value, sku))
        out.append(text)
    return out


def shown_value(name: str, text: str | None) -> str:
    """An audit value as a merchant reads it (labels, ``3 Dec 2026``, ``—``)."""
    if text is None:
        return "—"
    if name == "mode":
        return PolicyMode(text).label
    if name in DATE_FIELDS:
        return format_date(dt.date.fromisoformat(text))
    if name == "auto_switch":
        return "on" if text == "true" else "off"
    if name == "discount_pct":
        return f"{text}%"
    return f"“{text}”" if name in QUOTED_FIELDS else text


def policy_values(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame of ``sku`` + policy fields with every value typed as stored.

    Raises InvalidInput naming the SKU and field of a value that cannot be read.
    """
    out = frame[["sku", *POLICY_FIELDS]].copy().astype(object)
    for name in POLICY_FIELDS:
        values = [checked_value(name, value, sku)
                  for sku, value in zip(out["sku"], out[name], strict=True)]
        out[name] = pd.Series(values, index=out.index, dtype=object)
    return out


# --- checks ---------------------------------------------------------------------------


def policy_problems(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Problems of each row: ``sku``, ``field``, ``severity`` (error/warning), ``message``.

    Needs the policy fields, and ``incoming_qty`` (units on open purchase orders)
    for the backorder check. Errors refuse a save; warnings only inform. Each check's
    messages are written for all its rows at once (a bulk change of every SKU is one
    check, not a loop over SKUs).
    """
    parts: list[pd.DataFrame] = []
    if frame.empty:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    mode = frame["mode"].astype(str)  # enum members read as their values
    release = pd.to_datetime(frame["release_date"], errors="coerce")
    restock = pd.to_datetime(frame["restock_date"], errors="coerce")
    cap = pd.to_numeric(frame["cap"], errors="coerce")
    discount = pd.to_numeric(frame["discount_pct"], errors="coerce").fillna(0)
    incoming = pd.to_numeric(frame.get("incoming_qty", pd.Series(0, index=frame.index)))
    today_ts = pd.Timestamp(today)
    preorder, backorder = mode == PolicyMode.PREORDER, mode == PolicyMode.BACKORDER

    def add(mask: pd.Series, name: str, severity: str,
            message: Callable[[pd.Series], pd.Series | str]) -> None:
        """The rows of ``mask`` as problems; ``message`` writes them from the mask."""
        hit = mask.fillna(False).to_numpy(dtype=bool)
        if hit.any():
            kept = pd.Series(hit, index=frame.index)
            text = message(kept)
            parts.append(pd.DataFrame({
                "sku": frame["sku"].to_numpy()[hit], "field": name, "severity": severity,
                "message": text if isinstance(text, str) else text[kept].to_numpy()}))

    def numbers(values: pd.Series, kept: pd.Series) -> pd.Series:
        return values[kept].map("{:g}".format).reindex(values.index)

    add(preorder & (release < today_ts), "release_date", "error",
        lambda kept: "Pre-order release date " + format_dates(release.where(kept))
        + " has passed: pick a later date or sell from stock.")
    add(preorder & release.isna(), "release_date", "warning",
        lambda kept: "Pre-order without a release date: customers read “releases soon”.")
    add(cap < 0, "cap", "error",
        lambda kept: "Cap " + numbers(cap, kept) + " is negative: enter 0 or more units, or "
                     "leave it empty for no cap.")
    add((discount < 0) | (discount > 100), "discount_pct", "error",
        lambda kept: "Discount " + numbers(discount, kept) + "% is outside 0–100%.")
    add(backorder & restock.isna() & (incoming.fillna(0) <= 0), "restock_date", "warning",
        lambda kept: "Backorder with no restock date and no purchase order: customers are "
                     "promised no date.")
    add(backorder & (restock < today_ts), "restock_date", "warning",
        lambda kept: "Restock date " + format_dates(restock.where(kept)) + " has passed: "
                     "customers would be promised a date already gone.")
    notes = _placeholders_of(frame["customer_note"])
    add(notes.map(bool), "customer_note", "error",
        lambda kept: "The note uses " + notes[kept].map(", ".join).reindex(notes.index)
        + ", which cannot be filled: only {date} is known.")
    if not parts:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    return pd.concat(parts, ignore_index=True)[PROBLEM_COLUMNS]


def _placeholders_of(notes: pd.Series) -> pd.Series:
    """The unknown placeholders of each note, worked out once per distinct note."""
    return pd.Series(each_distinct(notes, lambda note: unknown_placeholders(note)
                                   if isinstance(note, str) else []),
                     index=notes.index, dtype=object)


def problems_by_sku(problems: pd.DataFrame) -> pd.Series:
    """The problems of each SKU as one line (``⛔`` errors, ``⚠`` warnings): the Check
    column."""
    if problems.empty:
        return pd.Series(dtype=object)
    marked = problems["severity"].map({"error": "⛔ ", "warning": "⚠ "}) + problems["message"]
    # most SKUs have one problem: only the others are joined, one by one
    several = problems["sku"].duplicated(keep=False).to_numpy()
    single = pd.Series(marked.to_numpy()[~several], index=problems["sku"].to_numpy()[~several])
    joined = marked[several].groupby(problems["sku"][several]).agg(" ".join)
    return pd.concat([single, joined]).sort_index()


# --- bulk edits -----------------------------------------------------------------------


@dataclass(frozen=True)
class BulkRule:
    """Which SKUs a bulk edit touches: those of the selection that match every part of
    the rule, each empty = any: suppliers, categories, current modes (policy mode
    values) and storefront states (state values).

    A mode change leaves discontinued SKUs (flagged discontinued, or in the mode
    Discontinued) alone unless the merchant chooses them: ``with_discontinued``, or
    Discontinued among ``modes`` or ``states``.
    """

    suppliers: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    with_discontinued: bool = False

    def mask(self, skus: pd.DataFrame) -> pd.Series:
        """True for the rows of ``skus`` the rule selects (discontinued ones included)."""
        selected = pd.Series(True, index=skus.index)
        if self.suppliers:
            selected &= skus["supplier"].isin(self.suppliers)
        if self.categories:
            selected &= skus["category"].isin(self.categories)
        if self.modes:
            selected &= _values(skus["mode"]).isin(self.modes)
        if self.states:
            selected &= _values(skus["state"]).isin(self.states)
        return selected

    def keeps_discontinued(self, field: str) -> bool:
        """True when an edit of ``field`` leaves the rule's discontinued SKUs alone."""
        return field == "mode" and not self.with_discontinued \
            and PolicyMode.DISCONTINUED.value not in (*self.modes, *self.states)


@dataclass(frozen=True)
class BulkPreview:
    """What a bulk edit will do before it is applied: ``changes`` is True for the rows
    whose value it changes; ``by_mode`` counts them per current mode (labels, the
    modes' order); ``same`` SKUs already hold the value; ``discontinued`` SKUs are
    left out of a mode change."""

    changes: pd.Series
    by_mode: dict[str, int]
    same: int
    discontinued: int

    @property
    def count(self) -> int:
        """How many SKUs the edit changes."""
        return int(self.changes.sum())


def bulk_preview(skus: pd.DataFrame, rule: BulkRule, field: str, value: object) -> BulkPreview:
    """What setting ``field`` to ``value`` on the SKUs of ``rule`` changes in ``skus`` (the
    SKU table with the policies as they stand, edits included).

    Raises InvalidInput when ``value`` cannot be a value of ``field``.
    """
    chosen = rule.mask(skus)
    left_out = pd.Series(False, index=skus.index)
    if rule.keeps_discontinued(field):
        flagged = skus["discontinued"].fillna(False).astype(bool) \
            if "discontinued" in skus else pd.Series(False, index=skus.index)
        left_out = chosen & (flagged | _values(skus["mode"]).eq(PolicyMode.DISCONTINUED.value))
    wanted = audit_text(field, checked_value(field, value))
    candidates = chosen & ~left_out
    now = np.array(audit_texts(field, skus.loc[candidates, field].to_numpy(),
                               skus.loc[candidates, "sku"]), dtype=object)
    changes = pd.Series(False, index=skus.index)
    changes[skus.index[candidates][now != wanted]] = True
    modes = _values(skus.loc[changes, "mode"]).value_counts()
    by_mode = {mode.label: int(modes[mode.value]) for mode in PolicyMode
               if modes.get(mode.value, 0)}
    return BulkPreview(changes, by_mode, int(candidates.sum() - changes.sum()),
                       int(left_out.sum()))


def _values(column: pd.Series) -> pd.Series:
    """Enum members (or their values) as their values, each distinct one read once."""
    return pd.Series(each_distinct(column, lambda v: str(getattr(v, "value", v))),
                     index=column.index, dtype=object)


# --- what an edit changes -------------------------------------------------------------


def changed_fields(loaded: pd.DataFrame, edited: pd.DataFrame,
                   fields: Iterable[str] = POLICY_FIELDS) -> pd.DataFrame:
    """Changed fields: ``sku``, ``field``, ``old``, ``new`` (audit text), one row each.

    Only the SKUs of ``edited`` count, and only ``fields`` (the policy fields the
    edits touch, when the caller knows them; the others are the same on both sides).
    Cells equal as given are skipped before any typing, and each distinct value is
    typed once, so a bulk edit over every SKU costs a few passes over arrays. Raises
    InvalidInput naming the SKU and field of a value that cannot be read.
    """
    wanted = set(fields)
    fields = [name for name in POLICY_FIELDS if name in wanted]
    before = loaded[["sku", *fields]].set_index("sku")
    after = edited[["sku", *fields]].set_index("sku")
    skus = before.index[before.index.isin(after.index)]
    before, after = before.loc[skus], after.reindex(skus)
    rows: list[pd.DataFrame] = []
    for name in fields:
        old_values, new_values = before[name].to_numpy(), after[name].to_numpy()
        candidates = np.flatnonzero(~_same_as_given(old_values, new_values))
        if not len(candidates):
            continue
        keys = skus[candidates]
        old = np.array(audit_texts(name, old_values[candidates], keys), dtype=object)
        new = np.array(audit_texts(name, new_values[candidates], keys), dtype=object)
        differ = old != new
        if differ.any():
            rows.append(pd.DataFrame({"sku": keys[differ], "field": name,
                                      "old": old[differ], "new": new[differ]},
                                     columns=CHANGE_COLUMNS))
    return pd.concat(rows, ignore_index=True) if rows \
        else pd.DataFrame(columns=CHANGE_COLUMNS)


_type_of = np.frompyfunc(type, 1, 1)


def _same_as_given(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """True where two value arrays hold equal values of one type, or both nothing."""
    old_missing, new_missing = pd.isna(old), pd.isna(new)
    gap: Any = object()  # stands in for a missing value on either side
    left = np.where(old_missing, gap, old).astype(object)
    right = np.where(new_missing, gap, new).astype(object)
    try:
        equal = np.asarray(left == right, dtype=bool)
    except (TypeError, ValueError):  # a value that cannot say whether it is equal
        equal = np.fromiter((_equal(a, b) for a, b in zip(left, right, strict=True)),
                            dtype=bool, count=len(left))
    equal &= np.asarray(_type_of(left) == _type_of(right), dtype=bool)
    same: np.ndarray = equal | (old_missing & new_missing)
    return same


def _equal(left: object, right: object) -> bool:
    try:
        return bool(left == right)
    except (TypeError, ValueError):
        return False
