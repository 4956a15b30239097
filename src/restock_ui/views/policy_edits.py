"""The Policies page's edit state: what was loaded, the unsaved edits, the grid's rows.

Kept in ``st.session_state`` so edits survive reruns, filter changes and failed saves:

- ``policies.loaded``: each SKU's policy and version as first loaded (the base of
  the optimistic-concurrency check), indexed by SKU; reloaded on demand;
- ``policies.loaded_from``: the SKU table all of them were loaded from at once, in
  its order (None once some were loaded again or forgotten);
- ``policies.pending``: unsaved edits, SKU → {field: value};
- ``policies.editor_n``: bumps the grid's key when edits are applied from outside
  the grid (bulk edits, recommendations, discard), so the grid starts afresh;
- ``policies.rows``: the SKUs of the grid's rows as last drawn, to map its edits;
- ``policies.revision``: goes up whenever the loaded policies or the edits change,
  so the page works the scenario out again only then;
- ``policies.memo.<name>``: what ``memo`` keeps for this session.

While a session shows the stored policies as they are (``as_stored``), what the page
works out from them is the same for every session on that store and selection: ``memo``
then keeps it once for all of them (``share``, through ``restock_ui.derived``), so a
crowd opening the page works out the stored scenario, its checks, grid and what-if
once, not once per visitor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from inventory_core import POLICY_FIELD_LABELS, POLICY_FIELDS, PolicyMode, policy_value
from restock_ui.derived import derived, same_key

LOADED, LOADED_FROM, PENDING, EDITOR_N, ROWS, REVISION = (
    "policies.loaded", "policies.loaded_from", "policies.pending", "policies.editor_n",
    "policies.rows", "policies.revision")
MODE_BY_LABEL = {mode.label: mode.value for mode in PolicyMode}
FIELD_BY_LABEL = {label: name for name, label in POLICY_FIELD_LABELS.items()}
T = TypeVar("T")


def editor_key() -> str:
    """The grid's current widget key (also kept in ``policies.editor_key``)."""
    key = f"policies_editor_{st.session_state.get(EDITOR_N, 0)}"
    st.session_state["policies.editor_key"] = key
    return key


def reset_editor() -> None:
    """Start the grid afresh (its edits are already in the pending edits)."""
    st.session_state[EDITOR_N] = st.session_state.get(EDITOR_N, 0) + 1


def revision() -> int:
    """A number that changes whenever the loaded policies or the edits change."""
    return int(st.session_state.get(REVISION, 0))


def _changed() -> None:
    st.session_state[REVISION] = revision() + 1


def memo(name: str, key: tuple[object, ...], compute: Callable[[], T],
         share: bool = False) -> T:
    """``compute()``, kept for this session until ``key`` changes. Numbers, text, dates
    and tuples in ``key`` compare by value; frames and other results by identity (the
    shared cache hands out the same object until the store changes).

    With ``share``, the result is also kept for every session (``derived``), and a
    session whose ``key`` holds the very same objects takes it from there. Share only
    what every session would work out alike from ``key``: results of shared reads, or
    of shared memos.
    """
    kept = st.session_state.get(f"policies.memo.{name}")
    if kept is not None and same_key(kept[0], key):
        kept_value: T = kept[1]
        return kept_value
    value = derived(f"policies.{name}", key, compute) if share else compute()
    st.session_state[f"policies.memo.{name}"] = (key, value)
    return value


def pending() -> dict[str, dict[str, object]]:
    """The unsaved edits, SKU → {field: value}."""
    edits: dict[str, dict[str, object]] = st.session_state.setdefault(PENDING, {})
    return edits


def edited_fields() -> set[str]:
    """The policy fields the unsaved edits change on any SKU."""
    return {name for fields in pending().values() for name in fields}


def loaded(base: pd.DataFrame) -> pd.DataFrame:
    """The policies as loaded (sku index; fields and version) for the SKUs of ``base``;
    SKUs seen for the first time are loaded now."""
    kept = st.session_state.get(LOADED)
    if kept is not None and st.session_state.get(LOADED_FROM) is base:
        return kept  # loaded from ``base`` itself: its SKUs, in its order
    fresh = policies_of(base)
    if kept is None:
        st.session_state[LOADED], st.session_state[LOADED_FROM] = fresh, base
        return fresh  # ``base``'s SKUs in its order
    new = fresh.index.difference(kept.index)
    if len(new):
        kept = pd.concat([kept, fresh.loc[new]])
        _changed()
    st.session_state[LOADED] = kept
    return kept.reindex(base["sku"])


def policies_of(base: pd.DataFrame) -> pd.DataFrame:
    """``base``'s policies and versions, indexed by SKU (kept for every session: the
    loaded policies are replaced, never changed in place)."""
    return memo("policies_of", (base,),
                lambda: base[["sku", *POLICY_FIELDS, "version"]].set_index("sku"), share=True)


def reload(base: pd.DataFrame, skus: list[str] | None = None) -> None:
    """Load the stored policies again (of ``skus`` only, when given); edits are kept."""
    fresh = policies_of(base)
    kept = st.session_state.get(LOADED)
    _changed()
    if kept is None or skus is None:
        st.session_state[LOADED] = fresh
        st.session_state[LOADED_FROM] = base
        return
    st.session_state[LOADED_FROM] = None
    chosen = fresh.index.intersection(skus)
    kept = kept.drop(index=kept.index.intersection(chosen))
    st.session_state[LOADED] = pd.concat([kept, fresh.loc[chosen]])


def forget(skus: list[str]) -> None:
    """Drop the loaded state and edits of ``skus`` (after they were saved)."""
    edits = pending()
    _changed()
    for sku in skus:
        edits.pop(sku, None)
    kept = st.session_state.get(LOADED)
    if kept is not None:
        st.session_state[LOADED] = kept.drop(index=kept.index.intersection(skus))
        st.session_state[LOADED_FROM] = None


def differing(base: pd.DataFrame) -> list[str] | None:
    """The SKUs whose scenario policy may differ from ``base``'s: the edited ones, when
    every policy was loaded from ``base`` itself; None when any may (some were loaded
    from an earlier SKU table)."""
    if st.session_state.get(LOADED_FROM) is not base or st.session_state.get(LOADED) is None:
        return None
    return list(pending())


def as_stored(base: pd.DataFrame) -> bool:
    """True when the scenario is ``base``'s policies as they are: no edits, and every
    policy loaded from ``base`` itself."""
    return not pending() and st.session_state.get(LOADED_FROM) is base \
        and st.session_state.get(LOADED) is not None


def start(base: pd.DataFrame) -> bool:
    """Load the policies from ``base`` on this session's first visit (the base of its
    saves' concurrency check); then whether the scenario is ``base``'s policies as they
    are (``as_stored``)."""
    if st.session_state.get(LOADED) is None:
        loaded(base)
    return as_stored(base)


def from_cell(name: str, value: object) -> object:
    """A grid cell's value as a policy value (labels → modes, ISO text → dates)."""
    if name == "mode" and isinstance(value, str):
        return MODE_BY_LABEL.get(value, value)
    if name in ("restock_date", "release_date") and isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return value


def fold_grid_edits() -> None:
    """Copy the grid's edits (as the widget state holds them) into the pending edits."""
    state = st.session_state.get(editor_key())
    rows = st.session_state.get(ROWS)
    if not state or not rows:
        return
    edits = pending()
    for position, cells in state.get("edited_rows", {}).items():
        position = int(position)
        if position >= len(rows):
            continue
        for label, value in cells.items():
            name = FIELD_BY_LABEL.get(label)
            if not name:
                continue
            value = from_cell(name, value)
            edit = edits.setdefault(rows[position], {})
            if name not in edit or edit[name] is not value and edit[name] != value:
                edit[name] = value
                _changed()


def working(base: pd.DataFrame) -> pd.DataFrame:
    """``base`` (a SKU table) with the loaded policies and the pending edits applied:
    the scenario the merchant is looking at. ``version`` is the loaded version; ``base``
    itself when that is its policies as they are (``as_stored``)."""
    was = loaded(base)
    if as_stored(base):
        return base
    by_field: dict[str, dict[str, object]] = {name: {} for name in POLICY_FIELDS}
    for sku, fields in pending().items():
        for name, value in fields.items():
            by_field[name][sku] = value
    columns = {}
    for name in (*POLICY_FIELDS, "version"):
        values = was[name].to_numpy(dtype=object, copy=True)
        edits = by_field.get(name)
        if edits:
            rows = was.index.get_indexer(list(edits))
            found = rows >= 0
            values[rows[found]] = np.array(list(edits.values()), dtype=object)[found]
        columns[name] = values
    out = base.copy(deep=False)  # whole columns are replaced: the shared table stays as it was
    for name, values in columns.items():
        out[name] = values
    return out


def set_everywhere(frame: pd.DataFrame, mask: pd.Series, name: str, value: object) -> int:
    """Edit field ``name`` to ``value`` on the rows of ``frame`` under ``mask``."""
    stored = policy_value(name, value)
    edits = pending()
    for sku in frame["sku"].to_numpy()[mask.to_numpy(dtype=bool)].tolist():
        edits.setdefault(sku, {})[name] = stored
    _changed()
    reset_editor()
    return int(mask.sum())


def form_values(row: pd.Series) -> dict[str, Any]:
    """``row``'s policy (a row of the scenario) as the one-SKU form starts from: each
    field as stored (a mode, a whole cap or None, dates or None, text or None, …)."""
    return {name: policy_value(name, row[name]) for name in POLICY_FIELDS}


def set_one(sku: str, values: dict[str, object], current: pd.Series) -> int:
    """Edit ``sku``'s policy fields to ``values`` where they differ from ``current`` (its
    row of the scenario); returns how many fields changed. A value that is not a valid
    policy value raises ValueError (nothing is edited then)."""
    wanted = {name: policy_value(name, value) for name, value in values.items()}
    changed = {name: value for name, value in wanted.items()
               if value != policy_value(name, current[name])}
    if changed:
        pending().setdefault(sku, {}).update(changed)
        _changed()
        reset_editor()
    return len(changed)


def apply_recommendations(frame: pd.DataFrame, recs: pd.DataFrame) -> int:
    """Turn the recommendations into pending edits; returns how many SKUs change."""
    merged = frame.merge(recs, on="sku")
    edits = pending()
    changed = 0
    for row in merged.itertuples():
        wanted = {"mode": row.recommended_mode,
                  "cap": None if pd.isna(row.recommended_cap) else int(row.recommended_cap)}
        if row.recommended_mode == PolicyMode.BACKORDER.value:
            wanted["restock_date"] = row.recommended_restock
        if row.recommended_mode == PolicyMode.PREORDER.value:
            wanted["release_date"] = row.recommended_release
        now = {k: getattr(row, k) for k in wanted}
        differs = {k: v for k, v in wanted.items()
                   if policy_value(k, v) != policy_value(k, now[k])}
        if differs:
            edits.setdefault(row.sku, {}).update(differs)
            changed += 1
    _changed()
    reset_editor()
    return changed


def discard() -> None:
    """Forget every unsaved edit."""
    st.session_state[PENDING] = {}
    _changed()
    reset_editor()


OUTCOME = "policies.outcome"  # (st function name, message) to show once after a rerun
REFUSED = "policies.refused"  # [(sku, message)] of the last save's refused SKUs
REVERTING = "policies.reverting"  # the change id whose revert awaits the merchant's yes
