"""Policy edits: check them, apply them in bulk, save them audited, and revert them.

Saving (``save_policies``) is one transaction with optimistic concurrency on
``Policy.version``, decided **per SKU**:

- every SKU whose stored version is still the one the editor loaded is saved,
  its version goes up by one, and each changed field becomes a ``Change`` row
  (who, when, old, new, the scenario name as the reason);
- a SKU changed by someone else since it was loaded is *not* saved: the result
  carries a ``ConcurrentEdit`` whose message shows their change, and the caller
  keeps the user's edit so nothing is lost (reload, then apply it again);
- an edit that breaks a rule (``validate`` errors) refuses the whole save before
  anything is written.

Reverting a change is itself an audited change, refused when the field has
changed again since.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Engine, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from inventory_core import clock
from inventory_core.domain.access import SYSTEM, Actor
from inventory_core.domain.enums import PolicyMode
from inventory_core.domain.filters import ALL, Filters
from inventory_core.domain.wording import format_date, unknown_placeholders
from inventory_core.errors import ConcurrentEdit, InvalidInput, NotFound
from inventory_core.queries.selection import narrow
from inventory_core.services.autoswitch import switch_policies
from inventory_core.store.models import Change, Policy, Product, key_chunks

FIELDS = ("mode", "cap", "restock_date", "release_date", "button_label", "customer_note",
          "discount_pct", "auto_switch")
"""The fields of a policy a merchant edits, in the grid's order."""

FIELD_LABELS = {
    "mode": "Mode", "cap": "Cap (units)", "restock_date": "Restock date",
    "release_date": "Release date", "button_label": "Button label",
    "customer_note": "Customer note", "discount_pct": "Discount %",
    "auto_switch": "Auto-switch",
}


# --- values ---------------------------------------------------------------------------


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def typed(name: str, value: object) -> object:
    """``value`` of policy field ``name`` as stored (None for empty); raises ValueError."""
    if name == "mode":
        return PolicyMode.parse(str(getattr(value, "value", value))) \
            if not _missing(value) else PolicyMode.STOCK
    if name == "auto_switch":
        if _missing(value):
            return False
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)
    if name == "discount_pct":
        return 0.0 if _missing(value) or value == "" else float(value)
    if _missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    if name == "cap":
        number = float(value)
        if number != int(number):
            raise ValueError(f"cap {value} is not a whole number of units")
        return int(number)
    if name in ("restock_date", "release_date"):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return pd.Timestamp(value).date()
    return str(value)


def as_text(name: str, value: object) -> str | None:
    """A stored value as the audit writes it (dates ISO, booleans true/false)."""
    value = typed(name, value)
    if value is None:
        return None
    if name == "auto_switch":
        return "true" if value else "false"
    if name == "discount_pct":
        return f"{float(value):g}"
    if isinstance(value, PolicyMode):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def shown(name: str, text: str | None) -> str:
    """An audit value as a merchant reads it (labels, ``3 Dec 2026``, ``—``)."""
    if text is None:
        return "—"
    if name == "mode":
        return PolicyMode(text).label
    if name in ("restock_date", "release_date"):
        return format_date(dt.date.fromisoformat(text))
    if name == "auto_switch":
        return "on" if text == "true" else "off"
    if name == "discount_pct":
        return f"{text}%"
    return f"“{text}”" if name in ("button_label", "customer_note") else text


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame of ``sku`` + policy fields with every value typed as stored.

    Raises InvalidInput naming the SKU and field of a value that cannot be read.
    """
    out = frame[["sku", *FIELDS]].copy().astype(object)
    for name in FIELDS:
        values = []
        for sku, value in zip(out["sku"], out[name], strict=True):
            try:
                values.append(typed(name, value))
            except (TypeError, ValueError) as error:
                raise InvalidInput(f"{sku}: {FIELD_LABELS[name]} “{value}” cannot be read "
                                   f"({error}).") from error
        out[name] = pd.Series(values, index=out.index, dtype=object)
    return out


# --- checks ---------------------------------------------------------------------------


def validate(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Problems of each row: ``sku``, ``field``, ``severity`` (error/warning), ``message``.

    Needs the policy fields, and ``incoming_qty`` (units on open purchase orders)
    for the backorder check. Errors refuse a save; warnings only inform.
    """
    rows: list[tuple[str, str, str, str]] = []
    if frame.empty:
        return pd.DataFrame(rows, columns=["sku", "field", "severity", "message"])
    mode = frame["mode"].astype(str)  # enum members read as their values
    release = pd.to_datetime(frame["release_date"], errors="coerce")
    restock = pd.to_datetime(frame["restock_date"], errors="coerce")
    cap = pd.to_numeric(frame["cap"], errors="coerce")
    discount = pd.to_numeric(frame["discount_pct"], errors="coerce").fillna(0)
    incoming = pd.to_numeric(frame.get("incoming_qty", pd.Series(0, index=frame.index)))
    today_ts = pd.Timestamp(today)
    preorder, backorder = mode == PolicyMode.PREORDER, mode == PolicyMode.BACKORDER

    def add(mask: pd.Series, name: str, severity: str, message) -> None:
        for index in frame.index[mask.fillna(False).to_numpy(dtype=bool)]:
            rows.append((frame.at[index, "sku"], name, severity, message(index)))

    add(preorder & (release < today_ts), "release_date", "error",
        lambda i: f"Pre-order release date {format_date(release[i].date())} has passed: "
                  "pick a later date or sell from stock.")
    add(preorder & release.isna(), "release_date", "warning",
        lambda i: "Pre-order without a release date: customers read “releases soon”.")
    add(cap < 0, "cap", "error",
        lambda i: f"Cap {cap[i]:g} is negative: enter 0 or more units, or leave it empty "
                  "for no cap.")
    add((discount < 0) | (discount > 100), "discount_pct", "error",
        lambda i: f"Discount {discount[i]:g}% is outside 0–100%.")
    add(backorder & restock.isna() & (incoming.fillna(0) <= 0), "restock_date", "warning",
        lambda i: "Backorder with no restock date and no purchase order: customers are "
                  "promised no date.")
    add(backorder & (restock < today_ts), "restock_date", "warning",
        lambda i: f"Restock date {format_date(restock[i].date())} has passed: customers "
                  "would be promised a date already gone.")
    notes = _placeholders_of(frame["customer_note"])
    add(notes.map(bool), "customer_note", "error",
        lambda i: f"The note uses {', '.join(notes[i])}, which cannot be filled: only "
                  "{date} is known.")
    return pd.DataFrame(rows, columns=["sku", "field", "severity", "message"])


def _placeholders_of(notes: pd.Series) -> pd.Series:
    """The unknown placeholders of each note, worked out once per distinct note."""
    codes, distinct = pd.factorize(notes.where(notes.map(type).eq(str)))
    found = [unknown_placeholders(note) for note in distinct] + [[]]  # code -1: no note
    return pd.Series([found[code] for code in codes], index=notes.index, dtype=object)


def messages_by_sku(problems: pd.DataFrame) -> pd.Series:
    """The problems of each SKU as one line (``⛔`` errors, ``⚠`` warnings)."""
    if problems.empty:
        return pd.Series(dtype=object)
    marked = problems["severity"].map({"error": "⛔ ", "warning": "⚠ "}) + problems["message"]
    return marked.groupby(problems["sku"]).agg(" ".join)


# --- bulk edits -----------------------------------------------------------------------


@dataclass(frozen=True)
class BulkRule:
    """Which SKUs a bulk edit touches: all of the selection, or by supplier, category
    or storefront state (each empty = any)."""

    suppliers: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    states: tuple[str, ...] = ()

    def mask(self, skus: pd.DataFrame) -> pd.Series:
        """True for the rows of ``skus`` the rule selects."""
        selected = pd.Series(True, index=skus.index)
        if self.suppliers:
            selected &= skus["supplier"].isin(self.suppliers)
        if self.categories:
            selected &= skus["category"].isin(self.categories)
        if self.states:
            state = skus["state"].map(lambda s: str(getattr(s, "value", s)))
            selected &= state.isin(self.states)
        return selected


def bulk_edit(frame: pd.DataFrame, rule: BulkRule, name: str, value: object) -> pd.DataFrame:
    """``frame`` with policy field ``name`` set to ``value`` on every row ``rule`` selects."""
    if name not in FIELDS:
        raise InvalidInput(f"“{name}” is not a policy field.")
    try:
        stored = typed(name, value)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"{FIELD_LABELS[name]} “{value}” cannot be read ({error}).") \
            from error
    out = frame.copy()
    out[name] = out[name].astype(object)
    mask = rule.mask(out)
    out.loc[mask, name] = pd.Series([stored] * int(mask.sum()), index=out.index[mask],
                                    dtype=object)
    return out


# --- saving ---------------------------------------------------------------------------


def diff(loaded: pd.DataFrame, edited: pd.DataFrame) -> pd.DataFrame:
    """Changed fields: ``sku``, ``field``, ``old``, ``new`` (audit text), one row each.

    Only the SKUs of ``edited`` count. Cells equal as given are skipped before any
    typing, and each distinct value is typed once, so a bulk edit over every SKU
    costs a few passes over arrays.
    """
    before = loaded[["sku", *FIELDS]].set_index("sku")
    after = edited[["sku", *FIELDS]].set_index("sku")
    skus = before.index[before.index.isin(after.index)]
    before, after = before.loc[skus], after.reindex(skus)
    rows = []
    for name in FIELDS:
        old_values, new_values = before[name].to_numpy(), after[name].to_numpy()
        candidates = np.flatnonzero(~_same_as_given(old_values, new_values))
        if not len(candidates):
            continue
        keys = skus[candidates]
        old = _audit_texts(name, keys, old_values[candidates])
        new = _audit_texts(name, keys, new_values[candidates])
        rows += [(sku, name, o, n) for sku, o, n in zip(keys, old, new, strict=True) if o != n]
    return pd.DataFrame(rows, columns=["sku", "field", "old", "new"])


_type_of = np.frompyfunc(type, 1, 1)


def _same_as_given(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """True where two value arrays hold equal values of one type, or both nothing."""
    old_missing, new_missing = pd.isna(old), pd.isna(new)
    gap = object()
    left = np.where(old_missing, gap, old).astype(object)
    right = np.where(new_missing, gap, new).astype(object)
    try:
        equal = np.asarray(left == right, dtype=bool)
    except (TypeError, ValueError):  # a value that cannot say whether it is equal
        equal = np.fromiter((_equal(a, b) for a, b in zip(left, right, strict=True)),
                            dtype=bool, count=len(left))
    equal &= np.asarray(_type_of(left) == _type_of(right), dtype=bool)
    return equal | (old_missing & new_missing)


def _equal(left: object, right: object) -> bool:
    try:
        return bool(left == right)
    except (TypeError, ValueError):
        return False


def _audit_texts(name: str, skus: pd.Index, values: np.ndarray) -> list[str | None]:
    """Each value as the audit writes it, worked out once per distinct value."""
    seen: dict = {}
    out = []
    for sku, value in zip(skus, values, strict=True):
        key = (type(value), value)
        try:
            text = seen[key]
        except KeyError:
            text = seen[key] = _audit_text(name, sku, value)
        except TypeError:  # a value that cannot be a dictionary key
            text = _audit_text(name, sku, value)
        out.append(text)
    return out


def _audit_text(name: str, sku: str, value: object) -> str | None:
    try:
        return as_text(name, value)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"{sku}: {FIELD_LABELS[name]} “{value}” cannot be read "
                           f"({error}).") from error


@dataclass
class SaveResult:
    """What a save did: SKUs saved, audit rows written, SKUs refused and why."""

    saved: list[str] = field(default_factory=list)
    changes: int = 0
    refused: list[ConcurrentEdit] = field(default_factory=list)
    switched: list[str] = field(default_factory=list)


def save_policies(engine: Engine, loaded: pd.DataFrame, edited: pd.DataFrame, *,
                  actor: Actor, scenario: str | None, today: dt.date) -> SaveResult:
    """Save the edits of ``edited`` over ``loaded`` (both: sku, the fields, ``version``
    as loaded) in one transaction, per SKU (see the module doc)."""
    actor.require_editor("save policies")
    changes = diff(loaded, edited)
    if changes.empty:
        return SaveResult()
    touched = edited[edited["sku"].isin(changes["sku"])]
    errors = validate(touched, today).query("severity == 'error'")
    if not errors.empty:
        pairs = list(zip(errors["sku"], errors["message"], strict=True))[:10]
        listed = "; ".join(f"{s}: {m}" for s, m in pairs)
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        raise InvalidInput(f"Nothing was saved. Fix {len(errors)} problem(s) first: "
                           f"{listed}{more}.")
    versions = loaded.set_index("sku")["version"]
    typed_edits = normalise(touched).set_index("sku")
    reason = (scenario or "").strip()[:200] or None
    now = clock.now()
    result = SaveResult()
    with engine.begin() as connection:
        stored = _lock_versions(connection, list(changes["sku"].unique()))
        updates: dict[tuple[str, ...], list[dict]] = {}
        refused: list[tuple[str, pd.DataFrame]] = []
        for sku, group in changes.groupby("sku", sort=True):
            version = versions.get(sku)
            if _missing(version):
                if not _insert_policy(connection, sku, typed_edits.loc[sku], now, actor):
                    refused.append((sku, group))
                    continue
            elif stored.get(sku) != int(version):
                refused.append((sku, group))
                continue
            else:
                names = tuple(group["field"])
                updates.setdefault(names, []).append(
                    {"b_sku": sku, "b_version": int(version),
                     **{f"b_{name}": typed_edits.at[sku, name] for name in names}})
            result.saved.append(sku)
        for names, rows in updates.items():
            _update_policies(connection, names, rows, now, actor)
        result.refused = _conflicts(connection, refused, loaded)
        written = changes[changes["sku"].isin(result.saved)]
        if not written.empty:
            connection.execute(insert(Change), [
                {"entity": "policy", "entity_key": row.sku, "field": row.field,
                 "old_value": row.old, "new_value": row.new, "changed_at": now,
                 "changed_by": actor.name, "reason": reason}
                for row in written.itertuples()])
        result.changes = len(written)
        result.switched = _switch_turned_on(connection, today, written)
    return result


def _switch_turned_on(connection, today: dt.date, written: pd.DataFrame) -> list[str]:
    """Auto-switch applied at once to the SKUs whose change (``written``: sku, field,
    new) turned it on; the SKUs it moved."""
    turned_on = written[(written["field"] == "auto_switch") & (written["new"] == "true")]
    if turned_on.empty:
        return []
    return switch_policies(connection, today, SYSTEM, skus=list(turned_on["sku"]))


def _lock_versions(connection, skus: list[str]) -> dict[str, int]:
    """The stored version of each of ``skus`` that has a policy, its row locked where the
    database locks rows (the update below re-checks the version in any case)."""
    stored: dict[str, int] = {}
    for chunk in key_chunks(skus):
        stored.update(connection.execute(
            select(Policy.sku, Policy.version).where(Policy.sku.in_(chunk))
            .with_for_update()).all())
    return stored


def _update_policies(connection, names: tuple[str, ...], rows: list[dict],
                     now: dt.datetime, actor: Actor) -> None:
    """One statement for every SKU whose edit changes the same ``names``; each row is
    updated only at the version it was loaded with. Should another save slip in since
    the versions were read, the whole save is rolled back rather than overwrite it."""
    statement = (
        update(Policy)
        .where(Policy.sku == bindparam("b_sku"), Policy.version == bindparam("b_version"))
        .values(**{name: bindparam(f"b_{name}") for name in names},
                version=Policy.version + 1, updated_at=now, updated_by=actor.name))
    outcome = connection.execute(statement, rows)
    if outcome.rowcount != len(rows):
        raise ConcurrentEdit("Someone saved some of these SKUs at the same moment, so "
                             "nothing was saved: reload, then save again.")


def _insert_policy(connection, sku: str, values: pd.Series, now: dt.datetime,
                   actor: Actor) -> bool:
    """Create the policy row of a SKU that had none; False if someone else just did."""
    try:
        with connection.begin_nested():
            connection.execute(insert(Policy).values(
                sku=sku, **{name: values[name] for name in FIELDS}, version=1,
                updated_at=now, updated_by=actor.name))
    except IntegrityError:
        return False
    return True


def _conflicts(connection, refused: list[tuple[str, pd.DataFrame]],
               loaded: pd.DataFrame) -> list[ConcurrentEdit]:
    """The refusal of each (SKU, its edits) of ``refused``, from the stored rows read
    now (a few hundred SKUs a statement) and the rows as ``loaded``."""
    if not refused:
        return []
    current: dict[str, dict] = {}
    for chunk in key_chunks([sku for sku, _ in refused]):
        current.update((row["sku"], row) for row in connection.execute(
            select(Policy.__table__).where(Policy.sku.in_(chunk))).mappings())
    before = loaded.set_index("sku")
    return [_conflict(sku, current.get(sku), before.loc[sku], mine) for sku, mine in refused]


def _conflict(sku: str, current: dict | None, before: pd.Series,
              mine: pd.DataFrame) -> ConcurrentEdit:
    """The refusal of ``sku``: what the other person changed (``current`` is the stored
    row now, ``before`` the row as loaded), and the edit not saved."""
    theirs = []
    if current is not None:
        for name in FIELDS:
            old, new = as_text(name, before[name]), as_text(name, current[name])
            if old != new:
                theirs.append({"sku": sku, "field": name, "old": old, "new": new})
    who = (current or {}).get("updated_by") or "someone else"
    when = (current or {}).get("updated_at")
    when_text = f" on {format_date(when)} at {when:%H:%M}" if when else ""
    their_text = "; ".join(f"{FIELD_LABELS[c['field']].lower()}: {shown(c['field'], c['old'])}"
                           f" → {shown(c['field'], c['new'])}" for c in theirs) or "no field"
    my_text = "; ".join(f"{FIELD_LABELS[r.field].lower()} → {shown(r.field, r.new)}"
                        for r in mine.itertuples())
    return ConcurrentEdit(
        f"{sku} was changed by {who}{when_text} after you loaded it ({their_text}). "
        f"Your edit ({my_text}) was not saved and is kept here: reload their version, "
        "then save yours again if it still makes sense.", changes=theirs)


# --- history and revert ---------------------------------------------------------------


HISTORY_COLUMNS = ["id", "changed_at", "changed_by", "sku", "field", "old_value",
                   "new_value", "reason"]


def history(engine: Engine, filters: Filters = ALL, sku: str | None = None,
            limit: int = 500) -> pd.DataFrame:
    """The latest policy changes of the selected SKUs, newest first."""
    statement = (
        select(Change.id, Change.changed_at, Change.changed_by, Change.entity_key,
               Change.field, Change.old_value, Change.new_value, Change.reason)
        .select_from(Product).join(Change, Change.entity_key == Product.sku)
        .where(Change.entity == "policy")
        .order_by(Change.changed_at.desc(), Change.id.desc()).limit(limit))
    if sku:
        statement = statement.where(Change.entity_key == sku)
    with engine.connect() as connection:
        rows = connection.execute(narrow(statement, filters)).all()
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


def revert(engine: Engine, change_id: int, *, actor: Actor, today: dt.date) -> None:
    """Put back the old value of policy change ``change_id``, audited as a new change;
    putting auto-switch back on applies it at once, as a save does.

    Raises NotFound for an unknown change and ConcurrentEdit when the field no
    longer holds the value that change wrote.
    """
    actor.require_editor("revert a policy change")
    now = clock.now()
    with engine.begin() as connection:
        change = connection.execute(select(Change.entity_key, Change.field, Change.old_value,
                                           Change.new_value).where(
            Change.id == change_id, Change.entity == "policy")).one_or_none()
        if change is None:
            raise NotFound(f"There is no policy change #{change_id}.")
        sku, name = change.entity_key, change.field
        current = connection.execute(select(Policy.__table__).where(
            Policy.sku == sku)).mappings().one_or_none()
        if current is None:
            raise NotFound(f"{sku} has no policy any more.")
        now_text = as_text(name, current[name])
        if now_text != change.new_value:
            who = current["updated_by"] or "someone"
            raise ConcurrentEdit(
                f"{FIELD_LABELS[name]} of {sku} is now {shown(name, now_text)} (changed by "
                f"{who} since change #{change_id}), not {shown(name, change.new_value)}: "
                "reverting would overwrite that later change, so nothing was changed.",
                changes=[{"sku": sku, "field": name, "old": change.new_value,
                          "new": now_text}])
        outcome = connection.execute(
            update(Policy).where(Policy.sku == sku, Policy.version == current["version"])
            .values({name: typed(name, change.old_value), "version": Policy.version + 1,
                     "updated_at": now, "updated_by": actor.name}))
        if outcome.rowcount != 1:
            raise ConcurrentEdit(f"{sku} changed while reverting; nothing was changed.")
        connection.execute(insert(Change).values(
            entity="policy", entity_key=sku, field=name, old_value=now_text,
            new_value=change.old_value, changed_at=now, changed_by=actor.name,
            reason=f"revert of change #{change_id}"))
        _switch_turned_on(connection, today, pd.DataFrame(
            [{"sku": sku, "field": name, "new": change.old_value}]))

