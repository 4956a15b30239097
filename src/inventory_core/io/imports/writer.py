"""Writing a checked batch: upserts by key, policies resolved and audited.

Everything runs on one connection inside the caller's transaction. Rows are
upserted by their key (SKU; SKU and location; order number; order number and
line), so importing the same file twice changes nothing the second time.
Policies change only where the file says something different from what is
stored; each changed field is audited as a policy change with reason
"import: <format>". The stored policies are read under the write lock of the
policies (``store.engine.lock_for_writing``), held until the import commits: a
policy save made meanwhile waits its turn, and one made before is what the
import compares with, so no save is overwritten unseen.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sqlalchemy import Connection, bindparam, delete, insert, select, update

from inventory_core import clock
from inventory_core.domain.access import Actor
from inventory_core.domain.enums import PolicyMode
from inventory_core.domain.policy_rules import POLICY_FIELDS, audit_texts
from inventory_core.io.imports.base import Batch
from inventory_core.io.tables import TABLE_SPECS
from inventory_core.services.audit import POLICY, AuditedChange, record_changes
from inventory_core.store import bulk_load as bulk
from inventory_core.store.engine import lock_for_writing
from inventory_core.store.models import (
    MAIN_LOCATION,
    Base,
    Policy,
    Stock,
    Supplier,
    key_chunks,
)

ORDER = tuple(name for table in bulk.LOAD_ORDER
              for name in (("policy_signals", table) if table == "policies" else (table,)))
"""The load order, with a platform's stock settings turned into policies just before
the policy rows of the file."""
SELLING = {mode.value for mode in PolicyMode if mode.sells_beyond_stock()}
NOT_SELLING = {mode.value for mode in PolicyMode if not mode.sells_beyond_stock()}
KNOWN_FLAGS = {("products", "price"): "price_known"}
"""A column's flag saying a file stated it (true where the cell is filled, unless the
reader set the flag itself); left blank, both change new rows only."""


class Writer:
    """Writes batches of one import on one connection; counts rows per table."""

    def __init__(self, connection: Connection, actor: Actor, reason: str) -> None:
        self.connection = connection
        self.actor = actor
        self.reason = reason
        self.counts: dict[str, int] = {}
        self.policy_changes = 0
        self._policies: pd.DataFrame | None = None
        self._suppliers: dict[str, int] | None = None
        self.now = clock.now()  # local time, as every audit

    def write(self, batch: Batch) -> None:
        """Write every frame of ``batch`` in dependency order."""
        for table in ORDER:
            frame = batch.frames.get(table)
            if frame is None or frame.empty:
                continue
            if table == "policy_signals":
                self._signals(frame)
            elif table == "stock" and batch.names_locations:
                self._replace_unnamed(frame)
                self._upsert(table, frame, batch.new_only.get(table, ()))
            elif table == "policies":
                self._policy_rows(frame)
            else:
                self._upsert(table, frame, batch.new_only.get(table, ()),
                             batch.kept_if_blank.get(table, {}))
            if table == "products":
                signalled = batch.frames.get("policy_signals")
                skus = frame["sku"]
                if signalled is not None:
                    skus = skus[~skus.isin(signalled["sku"])]
                self._default_policies(skus)

    # ----------------------------------------------------------------- plain tables

    def _supplier_ids(self) -> dict[str, int]:
        if self._suppliers is None:
            rows = self.connection.execute(select(Supplier.name, Supplier.id))
            self._suppliers = {name: id_ for name, id_ in rows}
        return self._suppliers

    def _upsert(self, table_name: str, frame: pd.DataFrame, new_only: tuple[str, ...],
                kept_if_blank: dict[str, object] | None = None) -> None:
        kept_if_blank = kept_if_blank or {}
        for (flagged_table, stated), flag in KNOWN_FLAGS.items():
            if flagged_table == table_name and stated in frame.columns \
                    and flag not in frame.columns:
                frame = frame.assign(**{flag: frame[stated].notna()})
        for column, fill in kept_if_blank.items():
            if column not in frame.columns:
                continue
            rest = {c: f for c, f in kept_if_blank.items() if c != column}
            blank = frame[column].isna().to_numpy()
            if blank.any():  # blank rows: the column (and whether it is known) new rows only
                companion = KNOWN_FLAGS.get((table_name, column))
                known = (companion,) if companion in frame.columns else ()
                self._upsert(table_name, frame[blank].assign(**{column: fill}),
                             (*new_only, column, *known), rest)
            if not blank.all():
                self._upsert(table_name, frame[~blank].astype({column: type(fill)}),
                             new_only, rest)
            return
        if "supplier" in frame.columns:
            frame = frame.assign(supplier_id=frame["supplier"].map(self._supplier_ids()))
            frame = frame.drop(columns="supplier")
        table = Base.metadata.tables[table_name]
        keys = TABLE_SPECS[table_name].key
        frame = frame.drop_duplicates(list(keys), keep="last")
        defaults = bulk.scalar_defaults(table, frame.columns)
        if defaults:  # the model's defaults, for new rows only
            frame = frame.assign(**{k: getattr(v, "value", v) for k, v in defaults.items()})
            new_only = (*new_only, *defaults)
        columns = [c for c in frame.columns if c in table.c]
        changing = [c for c in columns if c not in keys and c not in new_only]
        bulk.upsert(self.connection, table_name, frame[columns], keys, changing)
        self.counts[table_name] = self.counts.get(table_name, 0) + len(frame)
        if table_name == "suppliers":
            self._suppliers = None

    def _replace_unnamed(self, stock: pd.DataFrame) -> None:
        """Stock stated, never added: the ``Main`` rows of SKUs whose stock this file
        states at named locations go (unless the file names ``Main`` itself)."""
        named = stock.groupby("sku")["location"].agg(lambda at: MAIN_LOCATION in set(at))
        skus = named.index[~named.to_numpy(dtype=bool)].tolist()
        for keys in key_chunks(skus):
            self.connection.execute(delete(Stock).where(
                Stock.location == MAIN_LOCATION, Stock.sku.in_(keys)))

    # ----------------------------------------------------------------- policies

    def _stored_policies(self) -> pd.DataFrame:
        if self._policies is None:
            lock_for_writing(self.connection, Policy.__tablename__)
            rows = self.connection.execute(select(*(getattr(Policy, f) for f in
                                                    ("sku", *POLICY_FIELDS)))).all()
            # plain values of any type, compared as audit text (``audit_texts``)
            frame = pd.DataFrame(rows, columns=["sku", *POLICY_FIELDS], dtype=object)
            frame["mode"] = frame["mode"].map(lambda m: str(getattr(m, "value", m)))
            self._policies = frame.set_index("sku")
        return self._policies

    def _new_policy(self, sku: str) -> dict[str, object]:
        """The policy row of a SKU new to the store: it sells from stock."""
        return {"sku": sku, "mode": PolicyMode.STOCK.value, "discount_pct": 0, "auto_switch": False,
                "version": 1, "updated_at": self.now, "updated_by": self.actor.name}

    def _default_policies(self, skus: pd.Series) -> None:
        """New products sell from stock until a file or the merchant says otherwise."""
        stored = self._stored_policies()
        new = skus[~skus.isin(stored.index)].drop_duplicates()
        if new.empty:
            return
        records = [self._new_policy(sku) for sku in new]
        self.connection.execute(insert(Policy), records)
        added = pd.DataFrame(records).set_index("sku")
        self._policies = pd.concat([stored, added.reindex(columns=stored.columns)
                                    .astype(object)])

    def _signals(self, signals: pd.DataFrame) -> None:
        """A platform's stock settings → modes, keeping a stored mode the setting allows.

        Selling beyond stock allows backorder and pre-order (a new one is backorder);
        not selling beyond stock allows sell from stock, out of stock and discontinued
        (a new one is out of stock when the file marks it so, else sell from stock);
        a row that does not say (``sells_beyond`` missing) keeps the stored mode. A
        product the platform marks discontinued becomes discontinued. Other policy
        fields the signals carry are set where given and kept where missing.
        """
        stored = self._stored_policies()
        current = signals["sku"].map(stored["mode"]).fillna("")
        sells = signals["sells_beyond"].eq(True)
        unsaid = signals["sells_beyond"].isna()
        out = signals["marked_out"].eq(True)
        keep = ((sells & current.isin(SELLING)) | (~sells & ~unsaid & current.isin(NOT_SELLING))
                | (unsaid & current.ne("")))
        mode = current.where(keep, np.where(
            sells, PolicyMode.BACKORDER.value,
            np.where(out, PolicyMode.OUT_OF_STOCK.value, PolicyMode.STOCK.value)))
        if "discontinued" in signals.columns:
            mode = mode.mask(signals["discontinued"].eq(True), PolicyMode.DISCONTINUED.value)
        wanted = pd.DataFrame({"sku": signals["sku"], "mode": mode})
        if "cap_known" in signals.columns:
            known = signals["cap_known"].eq(True)
            wanted["cap"] = signals["cap"].where(known, signals["sku"].map(stored["cap"]))
        for field in POLICY_FIELDS:
            if field not in ("mode", "cap") and field in signals.columns:
                given = signals[field]
                wanted[field] = given.where(given.notna(), signals["sku"].map(stored[field]))
        self._policy_rows(wanted)

    def _policy_rows(self, wanted: pd.DataFrame) -> None:
        """Set the given policy fields; audit and version only what changed."""
        stored = self._stored_policies()
        fields = [f for f in POLICY_FIELDS if f in wanted.columns]
        wanted = wanted.drop_duplicates("sku", keep="last").set_index("sku")
        new = wanted[~wanted.index.isin(stored.index)]
        if not new.empty:  # SKUs added by this import get their policy as the file says
            records = [{**self._new_policy(sku),
                        **{f: _plain(row[f]) for f in fields if f != "mode" or row[f]}}
                       for sku, row in new.iterrows()]
            self.connection.execute(insert(Policy), records)
            added = pd.DataFrame(records).set_index("sku")
            self._policies = stored = pd.concat(
                [stored, added.reindex(columns=stored.columns).astype(object)])
            self.counts["policies"] = self.counts.get("policies", 0) + len(new)
            wanted = wanted[~wanted.index.isin(new.index)]
        have = stored.reindex(wanted.index)
        changes: list[AuditedChange] = []
        updates = []
        old_text = {f: pd.Series(audit_texts(f, have[f], have.index), index=have.index)
                    for f in fields}
        new_text = {f: pd.Series(audit_texts(f, wanted[f], wanted.index), index=wanted.index)
                    for f in fields}
        differs = pd.DataFrame({f: old_text[f].ne(new_text[f]) for f in fields},
                               index=wanted.index)
        touched = differs.any(axis=1)
        for sku in wanted.index[touched]:
            values = {f: _plain(wanted.at[sku, f]) for f in fields}
            updates.append({"b_sku": sku, **{f"b_{f}": v for f, v in values.items()}})
            changes += [(sku, f, old_text[f][sku], new_text[f][sku])
                        for f in fields if differs.at[sku, f]]
        if updates:
            statement = (update(Policy).where(Policy.sku == bindparam("b_sku"))
                         .values(**{f: bindparam(f"b_{f}") for f in fields},
                                 version=Policy.version + 1, updated_at=self.now,
                                 updated_by=self.actor.name))
            self.connection.execute(statement, updates)
            record_changes(self.connection, POLICY, changes, actor=self.actor, at=self.now,
                           reason=self.reason)
            for f in fields:
                stored.loc[wanted.index[touched], f] = wanted.loc[touched, f]
        self.policy_changes += len(updates)
        self.counts["policies"] = self.counts.get("policies", 0) + len(wanted)


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA \
            or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
