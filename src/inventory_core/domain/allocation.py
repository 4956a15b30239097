"""Allocation of stock and incoming supply to waiting order lines (DESIGN §3).

Pure: DataFrames in, DataFrames out; no SQL, no Streamlit. The rules:

- Waiting lines are the open backorder and pre-order lines. Per SKU they are
  served oldest first (FIFO by placed time); lines placed at the same moment go
  by order number (as text), then line number.
- Supply per SKU is used in this order: available stock first (available = on
  hand − reserved, never below zero; it ships today), then open purchase orders,
  earliest expected date first (equal dates by PO number).
- A line ships when its *last* unit is covered, so a line split across two
  purchase orders ships with the second. Its projected ship date is that supply's
  date: today for stock; for a purchase order its expected date moved by the
  supplier's typical (p50, "likely") and late (p90, "late") delay as projections
  use them (``domain.suppliers``: never below 0 days, the store-wide record for a
  supplier with none yet), and never before today. A pre-order never ships before
  its release date. A line no supply reaches is "No supply planned".
- Outlook (``Outlook``): "Promise at risk" when the likely date is after the
  promised date or no supply is planned; "May slip" when only the late date is
  after it; otherwise "On track" ("No promise" when the line has none and supply
  is planned).

It is vectorised over every SKU at once: cumulative units of lines and of supply
per SKU, offset by SKU so one ``numpy.searchsorted`` finds, for every line, the
supply that covers its last unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from inventory_core.domain.enums import LineKind
from inventory_core.domain.wording import format_dates


class Outlook(StrEnum):
    """How a waiting line stands against its promise (the ``promise`` column); each
    member reads as its value."""

    ON_TRACK = "On track"
    MAY_SLIP = "May slip"
    AT_RISK = "Promise at risk"
    NO_PROMISE = "No promise"


SUPPLY_FROM_STOCK = "Stock"
"""The ``source`` of what ships from stock on hand (else a PO number)."""
PROJECTION_NO_SUPPLY = "No supply planned"
PROJECTION_FROM_STOCK = "Ships from stock"
"""The ``projection`` of a line no supply reaches, and of one stock covers (else
"Expected with" the PO number)."""

LINE_COLUMNS = ["line_id", "order_number", "line_no", "sku", "qty", "kind", "placed_at",
                "promised_on", "release_on"]
STOCK_COLUMNS = ["sku", "available"]
SUPPLY_COLUMNS = ["po_number", "sku", "qty", "expected_on", "p50_delay", "p90_delay"]


@dataclass(frozen=True)
class Allocation:
    """The result: one row per waiting line, per SKU and per supply (stock or PO)."""

    lines: pd.DataFrame
    skus: pd.DataFrame
    supply: pd.DataFrame


def _dates(values: pd.Series) -> pd.Series:
    # no cache: checking values for repeats costs more than converting them
    return pd.to_datetime(pd.Series(values), errors="coerce", cache=False).dt.normalize()


def allocate(lines: pd.DataFrame, stock: pd.DataFrame, supply: pd.DataFrame,
             today: dt.date) -> Allocation:
    """Allocate ``stock`` then ``supply`` to ``lines`` (columns as the *_COLUMNS say).

    ``lines`` gets: ``source`` (``Stock``, a PO number, or None), ``likely_on`` and
    ``late_on`` (timestamps, NaT without supply), ``projection`` (text) and
    ``promise`` (an ``Outlook``).
    """
    now = pd.Timestamp(today)
    lines = lines[LINE_COLUMNS].copy()
    lines["qty"] = pd.to_numeric(lines["qty"]).astype("int64")
    lines["placed_at"] = pd.to_datetime(lines["placed_at"], cache=False)
    for column in ("promised_on", "release_on"):
        lines[column] = _dates(lines[column]).to_numpy()
    chunks = _supply_chunks(stock, supply, now)

    # integer keys: SKU codes (hashed, not sorted), text ranks only where times tie
    sku_codes, sku_names = pd.factorize(
        pd.concat([lines["sku"], chunks["sku"]], ignore_index=True).astype(str))
    line_code, chunk_code = sku_codes[:len(lines)], sku_codes[len(lines):]
    placed = lines["placed_at"].to_numpy("datetime64[ns]").view(np.int64)
    order_rank = _text_rank(lines["order_number"], line_code, placed)
    line_order = np.lexsort((lines["line_no"].to_numpy(np.int64), order_rank, placed, line_code))
    lines = lines.iloc[line_order].reset_index(drop=True)
    line_code = line_code[line_order]
    expected = chunks["expected_on"].to_numpy("datetime64[ns]").view(np.int64)
    kind = chunks["rank"].to_numpy(np.int64)
    source_rank = _text_rank(chunks["source"], chunk_code, expected * 2 + kind)
    chunk_order = np.lexsort((source_rank, expected, kind, chunk_code))
    chunks = chunks.iloc[chunk_order].reset_index(drop=True)
    chunk_code = chunk_code[chunk_order]
    lines["cum_units"] = _cumsum_by_group(lines["qty"].to_numpy(np.int64), line_code)
    chunks["cum_units"] = _cumsum_by_group(chunks["qty"].to_numpy(np.int64), chunk_code)
    lines["_code"], chunks["_code"] = line_code, chunk_code

    span = int(max(lines["cum_units"].max() if len(lines) else 0,
                   chunks["cum_units"].max() if len(chunks) else 0)) + 1
    line_key = line_code.astype(np.int64) * span + lines["cum_units"].to_numpy(np.int64)
    chunk_key = chunk_code.astype(np.int64) * span + chunks["cum_units"].to_numpy(np.int64)
    found = np.searchsorted(chunk_key, line_key, side="left")
    safe = np.minimum(found, max(len(chunks) - 1, 0))
    covered = (found < len(chunks)) & (
        chunk_code[safe] == line_code if len(chunks) else np.zeros(len(lines), dtype=bool))
    lines["_chunk"] = np.where(covered, safe, -1)


    def pick(column: str) -> np.ndarray:
        """The ``column`` of the supply that covers each line's last unit."""
        picked: np.ndarray = chunks[column].to_numpy()[safe]
        return picked

    no_source = np.array(None, dtype=object)
    lines["source"] = np.where(covered, pick("source"), no_source) if len(chunks) else None
    likely = pd.Series(np.where(covered, pick("likely_on"), np.datetime64("NaT")) if len(chunks)
                       else pd.NaT, index=lines.index, dtype="datetime64[ns]")
    late = pd.Series(np.where(covered, pick("late_on"), np.datetime64("NaT")) if len(chunks)
                     else pd.NaT, index=lines.index, dtype="datetime64[ns]")
    preorder = lines["kind"].astype(str).eq(LineKind.PREORDER) & lines["release_on"].notna()
    release = lines["release_on"].astype("datetime64[ns]")
    lines["likely_on"] = likely.where(~(preorder & (release > likely)), release)
    lines["late_on"] = late.where(~(preorder & (release > late)), release)
    lines.loc[~covered, ["likely_on", "late_on"]] = pd.NaT

    lines["projection"] = np.select(
        [~covered, lines["source"].eq(SUPPLY_FROM_STOCK)],
        [PROJECTION_NO_SUPPLY, PROJECTION_FROM_STOCK],
        "Expected with " + lines["source"].fillna("").astype(str))
    promised = lines["promised_on"].astype("datetime64[ns]")
    number = {outlook: i for i, outlook in enumerate(Outlook)}
    picked = np.select(
        [~covered, promised.isna(), lines["likely_on"] > promised, lines["late_on"] > promised],
        [number[Outlook.AT_RISK], number[Outlook.NO_PROMISE], number[Outlook.AT_RISK],
         number[Outlook.MAY_SLIP]], number[Outlook.ON_TRACK])
    lines["promise"] = np.array(list(Outlook), dtype=object)[picked]
    result = Allocation(lines=lines.drop(columns=["_code", "_chunk"]),
                        skus=_per_sku(lines, sku_names), supply=_per_supply(chunks, lines))
    return result


def _text_rank(text: pd.Series, code: np.ndarray, when: np.ndarray) -> np.ndarray:
    """Rank of ``text`` in text order among rows tied on (``code``, ``when``); 0 elsewhere."""
    rank = np.zeros(len(text), dtype=np.int64)
    if not len(text):
        return rank
    tied = pd.DataFrame({"c": code, "w": when}).duplicated(keep=False).to_numpy()
    if tied.any():
        rank[tied] = pd.factorize(text[tied].astype(str), sort=True)[0]
    return rank


def _cumsum_by_group(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Running total of ``values`` restarting at each new group (``groups`` sorted)."""
    total = np.cumsum(values)
    if not len(values):
        return total
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    before = np.r_[0, total][starts]
    running: np.ndarray = total - np.repeat(before, np.diff(np.r_[starts, len(values)]))
    return running


def _supply_chunks(stock: pd.DataFrame, supply: pd.DataFrame, now: pd.Timestamp) -> pd.DataFrame:
    """Stock (ships today) and open POs as one table of supply, each with its dates."""
    available = stock[STOCK_COLUMNS].copy()
    available["qty"] = pd.to_numeric(available["available"]).fillna(0).clip(lower=0).astype("int64")
    available = available[available["qty"] > 0]
    from_stock = pd.DataFrame({
        "source": SUPPLY_FROM_STOCK, "sku": available["sku"], "qty": available["qty"], "rank": 0,
        "expected_on": now, "likely_on": now, "late_on": now})
    pos = supply[SUPPLY_COLUMNS].copy()
    pos["qty"] = pd.to_numeric(pos["qty"]).astype("int64")
    expected = _dates(pos["expected_on"])
    p50, p90 = pd.to_numeric(pos["p50_delay"]), pd.to_numeric(pos["p90_delay"])
    from_pos = pd.DataFrame({
        "source": pos["po_number"].astype(str), "sku": pos["sku"], "qty": pos["qty"], "rank": 1,
        "expected_on": expected,
        "likely_on": (expected + pd.to_timedelta(p50, unit="D")).clip(lower=now),
        "late_on": (expected + pd.to_timedelta(p90, unit="D")).clip(lower=now)})
    frames = [f for f in (from_stock, from_pos) if len(f)]
    if not frames:
        return from_pos.iloc[0:0]
    chunks = pd.concat(frames, ignore_index=True)
    for column in ("expected_on", "likely_on", "late_on"):
        chunks[column] = pd.to_datetime(chunks[column], cache=False).astype("datetime64[ns]")
    return chunks


def _per_sku(lines: pd.DataFrame, sku_names: pd.Index) -> pd.DataFrame:
    """Per SKU: waiting lines and units, units covered, lines at risk, last likely date."""
    covered = lines["_chunk"].to_numpy() >= 0
    qty = lines["qty"].to_numpy(np.int64)
    frame = pd.DataFrame({
        "_code": lines["_code"].to_numpy(), "qty": qty,
        "covered_units": np.where(covered, qty, 0), "unplanned_units": np.where(covered, 0, qty),
        "lines_unplanned": (~covered).astype(int),
        "lines_at_risk": lines["promise"].eq(Outlook.AT_RISK).to_numpy().astype(int),
        "last_likely_on": lines["likely_on"], "last_late_on": lines["late_on"]})
    grouped = frame.groupby("_code", sort=True)
    out = grouped[["qty", "covered_units", "unplanned_units", "lines_unplanned",
                   "lines_at_risk"]].sum()
    out.insert(0, "open_lines", grouped.size())
    out[["last_likely_on", "last_late_on"]] = grouped[["last_likely_on", "last_late_on"]].max()
    out = out.rename(columns={"qty": "waiting_units"})
    out.insert(0, "sku", np.asarray(sku_names)[out.index.to_numpy()])
    return out.sort_values("sku").reset_index(drop=True)


def _per_supply(chunks: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Per supply (stock or PO): units taken by waiting lines, lines it completes."""
    if chunks.empty:
        return pd.DataFrame(columns=["source", "sku", "qty", "expected_on", "likely_on",
                                     "late_on", "units_allocated", "units_spare",
                                     "lines_filled", "first_placed", "last_placed"])
    codes = chunks["_code"].to_numpy()
    demand = np.bincount(lines["_code"].to_numpy(), weights=lines["qty"].to_numpy(np.int64),
                         minlength=int(codes.max()) + 1 if len(codes) else 0)
    start = chunks["cum_units"].to_numpy(np.int64) - chunks["qty"].to_numpy(np.int64)
    allocated = np.clip(demand[codes].astype(np.int64) - start, 0,
                        chunks["qty"].to_numpy(np.int64))
    filled = lines[lines["_chunk"] >= 0].groupby("_chunk")["placed_at"].agg(
        ["size", "min", "max"])
    out = chunks.assign(units_allocated=allocated,
                        units_spare=chunks["qty"].to_numpy(np.int64) - allocated)
    out["lines_filled"] = filled["size"].reindex(out.index, fill_value=0).astype(int)
    out["first_placed"] = filled["min"].reindex(out.index)
    out["last_placed"] = filled["max"].reindex(out.index)
    return out[["source", "sku", "qty", "expected_on", "likely_on", "late_on",
                "units_allocated", "units_spare", "lines_filled", "first_placed",
                "last_placed"]]


def describe_supply(supply: pd.DataFrame) -> pd.Series:
    """One sentence per supply row (as ``allocate`` returns them): "PO-1042 fills 40
    lines placed 1 Oct–20 Oct 2026", or "PO-7 fills no waiting line (12 units spare)"."""
    name = supply["source"].where(supply["source"].ne(SUPPLY_FROM_STOCK), "Stock on hand")
    count = supply["lines_filled"].astype(int)
    first, last = format_dates(supply["first_placed"]), format_dates(supply["last_placed"])
    placed = first.where(first.eq(last), first + "–" + last)
    fills = (name + " fills " + count.astype(str) + " line"
             + count.ne(1).map({True: "s", False: ""}) + " placed " + placed)
    spare = (name + " fills no waiting line ("
             + supply["units_spare"].astype(int).astype(str) + " units spare)")
    return fills.where(count.gt(0), spare)
