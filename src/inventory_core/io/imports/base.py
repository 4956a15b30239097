"""What every importer shares: the format description, the batch it produces, its context.

An importer turns one chunk of text rows into a ``Batch``: frames keyed by
table (``products``, ``stock``, ``orders``, ``order_lines``, the generic tables)
plus ``policy_signals`` — what a platform's stock settings say (sells beyond
stock or not, marked out of stock, a backorder cap) — which the writer turns
into policy modes against the modes already stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from inventory_core.domain.policy_rules import POLICY_FIELDS, policy_problems
from inventory_core.io.imports.cells import parse_money
from inventory_core.io.imports.reader import Log
from inventory_core.queries.definitions import available_stock
from inventory_core.store.models import Order, Policy, Product


@dataclass
class Batch:
    """Typed frames ready to write, keyed by table; ``new_only`` columns fill new rows
    only; a ``kept_if_blank`` column (with the value a new row gets) changes a stored row
    only where the file gives a value."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    new_only: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kept_if_blank: dict[str, dict[str, object]] = field(default_factory=dict)
    names_locations: bool = False
    """The stock rows state named locations (an inventory export): the quantity a
    products export stated at ``Main`` for their SKUs is replaced, not added to."""

    def add(self, table: str, frame: pd.DataFrame | None) -> None:
        """Add rows for ``table`` (ignored when empty)."""
        if frame is not None and not frame.empty:
            self.frames[table] = frame


@dataclass
class Context:
    """What an importer may look up while it reads: known SKUs, stock, policy modes, the
    day the import is made (policy dates are checked against it), and whether products
    an orders file names may be created."""

    connection: Connection
    log: Log
    today: dt.date
    create_products: bool = False
    """Products an orders file names but the store lacks are created from its lines
    (the merchant asked for it); otherwise such a file is refused naming them."""
    seen: dict[str, dict[object, tuple[int, tuple[str, ...]]]] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    _known_skus: set[str] | None = None
    _known_orders: set[str] | None = None
    _available: pd.Series | None = None
    _modes: pd.Series | None = None

    @property
    def known_skus(self) -> set[str]:
        """SKUs in the store, plus those this file has added so far."""
        if self._known_skus is None:
            self._known_skus = set(self.connection.execute(select(Product.sku)).scalars())
        return self._known_skus

    @property
    def known_orders(self) -> set[str]:
        """Order numbers in the store, plus those this file has added so far."""
        if self._known_orders is None:
            self._known_orders = set(
                self.connection.execute(select(Order.order_number)).scalars())
        return self._known_orders

    @property
    def available(self) -> pd.Series:
        """Units available (on hand − reserved, all locations) by SKU, before the import."""
        if self._available is None:
            rows = self.connection.execute(available_stock())
            self._available = pd.Series({sku: int(units or 0) for sku, units in rows},
                                        dtype="int64")
        return self._available

    @property
    def modes(self) -> pd.Series:
        """Policy mode by SKU, before the import."""
        if self._modes is None:
            rows = self.connection.execute(select(Policy.sku, Policy.mode))
            self._modes = pd.Series({sku: str(getattr(mode, "value", mode)) for sku, mode in rows},
                                    dtype=object)
        return self._modes

    def unknown_skus(self, frame: pd.DataFrame, column: str) -> pd.Series:
        """True for the rows whose SKU the store lacks. Unless products may be created,
        each such SKU is a problem once (at its first row): the file is refused naming
        them, the first 50 and the count."""
        unknown = ~frame["sku"].isin(self.known_skus)
        if unknown.any() and not self.create_products:
            named: set[str] = self.state.setdefault("unknown_skus", set())
            first = frame[unknown].drop_duplicates("sku")
            first = first[~first["sku"].isin(named)]
            named.update(first["sku"])
            self.log.problems_where(pd.Series(True, index=first.index), first["_row"],
                                    first["sku"], column,
                                    "is not in the store's catalog: import the products "
                                    "export first, or import this file creating the "
                                    "products it names")
        return unknown

    def drop_unknown_skus(self, frame: pd.DataFrame, what: str) -> pd.DataFrame:
        """The rows whose SKU the store knows; the others are skipped with a warning."""
        known = frame["sku"].isin(self.known_skus)
        if not known.all():
            self.log.warn(f"Skipped {what} naming a SKU the store does not know (import the "
                          "products "
                          "first)",
                          frame["_row"][~known], int((~known).sum()))
        return frame[known]


@dataclass(frozen=True)
class Format:
    """A file layout the importer recognises by its header line."""

    name: str
    label: str
    detect: Callable[[list[str]], bool]
    read: Callable[[pd.DataFrame, Context], Batch]
    columns: Callable[[list[str]], list[str] | None] = lambda header: None
    describes: str = ""


def oversold_as_zero(on_hand: pd.Series, frame: pd.DataFrame, column: str,
                     ctx: Context) -> pd.Series:
    """Units on hand with a negative quantity (a platform's way of showing stock sold
    beyond what is there) read as 0, with a warning naming the file's ``column``: the
    units sold beyond stock are the open order lines."""
    negative = on_hand.notna() & (on_hand < 0)
    if negative.any():
        ctx.log.warn(f"'{column}' is negative (sold beyond stock): read as 0 on hand; the units "
                     "sold beyond stock are the open order lines", frame["_row"][negative],
                     int(negative.sum()))
    return on_hand.mask(negative, 0)


def fill_down(frame: pd.DataFrame, key: str, columns: list[str], ctx: Context,
               slot: str) -> pd.DataFrame:
    """Blank fields of a group's extra rows (rows repeating ``key``), filled from its
    first row, across chunks: ``ctx.state[slot]`` carries the last group on."""
    carry: dict[str, object] = ctx.state.setdefault(slot, {})
    with pd.option_context("future.no_silent_downcasting", True):
        return _fill_down_quiet(frame, key, columns, carry, ctx, slot)


def _fill_down_quiet(frame: pd.DataFrame, key: str, columns: list[str],
                     carry: dict[str, object], ctx: Context, slot: str) -> pd.DataFrame:
    filled = frame[columns].replace("", np.nan)
    if frame[key].duplicated().any():
        filled = filled.groupby(frame[key], sort=False).ffill()
    last = frame[key].iloc[-1] if len(frame) else None
    if carry.get("key") is not None:
        same = frame[key].eq(carry["key"])
        for column in columns:
            filled.loc[same, column] = filled.loc[same, column].fillna(carry[column])
    if last is not None:
        tail = filled[frame[key].eq(last)].ffill().iloc[-1]
        ctx.state[slot] = {"key": last, **{c: tail[c] for c in columns}}
    return filled.fillna("")


def column_or_blank(frame: pd.DataFrame, name: str) -> pd.Series:
    """The text column ``name``, or blank cells when the file has no such column."""
    return frame[name] if name in frame.columns else pd.Series("", index=frame.index)


def has(header: list[str], *names: str) -> bool:
    """True when every name is a column of ``header``."""
    present = set(header)
    return all(name in present for name in names)


def check_policies(given: pd.DataFrame, rows: pd.Series, ctx: Context,
                   columns: dict[str, str]) -> None:
    """A problem for each policy value the Policies page would refuse (a pre-order
    release date already passed, a negative cap, a discount outside 0–100 %, a note with
    a placeholder other than ``{date}``), naming its row and the file's column.

    ``given`` holds ``sku`` and the policy fields the file sets (None where a row leaves
    one alone: the stored mode stands in for a missing mode); ``rows`` the file's row
    numbers; ``columns`` the fields to check (those the reader has not checked as it
    parsed them), each with the file's column.
    """
    frame = given.reindex(columns=["sku", *POLICY_FIELDS]).astype(object)
    frame["mode"] = frame["mode"].where(frame["mode"].notna(), frame["sku"].map(ctx.modes))
    frame = frame.assign(incoming_qty=0).reset_index(drop=True)
    problems = policy_problems(frame, ctx.today)
    errors = problems[problems["severity"].eq("error") & problems["field"].isin(list(columns))]
    at_row = dict(zip(given["sku"], rows, strict=True))
    for sku, name, message in errors[["sku", "field", "message"]].itertuples(index=False):
        value = frame.loc[frame["sku"].eq(sku), name].iloc[0]
        ctx.log.problem(int(at_row[sku]), columns[name], value, message)


def catalog_batch(frame: pd.DataFrame, products: pd.DataFrame, stock: pd.DataFrame,
                  ctx: Context, log: Log, *, name_column: str, price_column: str,
                  sku_label: str) -> Batch:
    """The products and stock of a platform's catalog file as one batch.

    A file without the name column is a policy file: it may only update SKUs the
    store already knows (a new SKU is a problem naming ``sku_label``). Category only
    fills in products new to the store; a row without a price keeps the stored one.
    """
    new_only = ["category"]
    if name_column not in frame.columns:
        new_only.append("name")
        log.problems_where(~frame["sku"].isin(ctx.known_skus), frame["_row"], frame["sku"],
                           sku_label, f"is new to the store, and the file has no "
                           f"{name_column} to add it with")
    if price_column in frame.columns:
        products["price"] = parse_money(frame, price_column, log)
    ctx.known_skus.update(products["sku"])
    batch = Batch(new_only={"products": tuple(new_only)},
                  kept_if_blank={"products": {"price": 0.0}})
    batch.add("products", products)
    batch.add("stock", stock)
    return batch
