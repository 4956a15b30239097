"""The Overview's "needs attention" list: what to look at first, each with its reason.

Five kinds of issue, sorted by what is at stake (``at_stake``, in units × days,
highest first):

- **Overdue promises** of a SKU: its waiting lines (backorders and pre-orders) past
  their promised date (``queries.definitions.is_overdue``, the Overview's "Promises
  overdue" counts the same lines); at stake: each line's units × the days it is
  overdue, summed;
- **Promise passed**: a SKU on backorder whose restock date has passed
  (``domain.storefront``: its promise rolled to the next purchase order, or it
  promises no date); at stake: its waiting units × the days since that date;
- **Best seller out of stock**: a best seller (``best_sellers``) that the storefront
  shows as Out of stock, so it turns customers away; at stake: the units a day it
  sells × the days until its next purchase order is due (``NO_SUPPLY_DAYS`` with
  none, or with one already late);
- **Late purchase order**: an open purchase order expected before today; at stake:
  its units × the days since it was expected;
- **Cancel and refund**: a SKU's waiting lines that the delay-consent rule
  (``domain.delay_consent``) says must be cancelled and refunded; at stake: each
  line's units × the days since the date the rule gave (at least 1), summed.

Pure: ``queries.overview.needs_attention`` reads the overdue lines and late purchase
orders; the lines to refund come from ``queries.consent.refund_lines``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from inventory_core.domain.aging import days_since
from inventory_core.domain.enums import StorefrontState
from inventory_core.domain.wording import format_dates

BEST_SELLER_SHARE = 0.10  # the top tenth of selling SKUs by demand rate are best sellers
NO_SUPPLY_DAYS = 28  # a best seller with no credible supply date is short this long at least
COLUMNS = ["issue", "sku", "name", "reason", "at_stake"]
OVERDUE_COLUMNS = ["sku", "promised_on", "lines", "units"]
REFUND_COLUMNS = ["sku", "qty", "ship_by"]


def best_sellers(skus: pd.DataFrame) -> pd.Series:
    """True for each best seller of ``skus`` (a ``catalog.sku_table`` frame): a SKU that
    sells, in the top ``BEST_SELLER_SHARE`` of the selling SKUs by demand rate."""
    rate = pd.to_numeric(skus["demand_rate"]).astype(float)
    selling = rate > 0
    if not selling.any():
        return pd.Series(False, index=skus.index, name="best_seller")
    cutoff = rate[selling].quantile(1 - BEST_SELLER_SHARE)
    flags: pd.Series = (selling & (rate >= cutoff)).rename("best_seller")
    return flags


def attention_list(overdue: pd.DataFrame, late: pd.DataFrame, skus: pd.DataFrame,
                   today: dt.date, refunds: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per issue of the SKUs of ``skus`` (a ``catalog.sku_table`` frame), the
    most at stake first: columns ``COLUMNS``.

    ``overdue``: the overdue waiting lines counted per SKU and promised date
    (``OVERDUE_COLUMNS``); ``late``: the late purchase orders (po_number, sku,
    supplier, qty, expected_on); ``refunds``: the waiting lines to cancel and refund
    (``REFUND_COLUMNS``; none when not given). Rows of other SKUs are left out.
    """
    names = pd.Series(skus["name"].to_numpy(), index=pd.Index(skus["sku"]))
    refunds = pd.DataFrame(columns=REFUND_COLUMNS) if refunds is None else refunds
    parts = [_overdue_promises(_selected(overdue, names), today),
             _promises_passed(skus, today),
             _best_sellers_out_of_stock(skus, today),
             _late_purchase_orders(_selected(late, names), today),
             _refunds_due(_selected(refunds[REFUND_COLUMNS], names), today)]
    frame = pd.concat([p for p in parts if not p.empty] or [_empty()], ignore_index=True)
    frame["at_stake"] = pd.to_numeric(frame["at_stake"]).astype(float)
    # stable: equal stakes keep the parts' order (issue kind, then SKU)
    ranked: pd.DataFrame = frame.sort_values("at_stake", ascending=False, kind="stable")
    return ranked.reset_index(drop=True)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)


def _selected(rows: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """The rows of the selected SKUs (the index of ``names``), with their names."""
    position = names.index.get_indexer(rows["sku"])
    kept = rows[position >= 0]
    return kept.assign(name=names.to_numpy()[position[position >= 0]])


def _plural(counts: pd.Series, word: str) -> pd.Series:
    whole = counts.astype(int)
    return whole.astype(str) + " " + word + whole.ne(1).map({True: "s", False: ""})


def _overdue_promises(rows: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    if rows.empty:
        return _empty()
    # summed per SKU with one factorisation (a groupby per column costs more at scale)
    codes, sku = pd.factorize(rows["sku"], sort=True)
    units = pd.to_numeric(rows["units"]).to_numpy(dtype=float)
    promised = pd.to_datetime(rows["promised_on"], cache=False).to_numpy("datetime64[ns]")
    late_days = days_since(rows["promised_on"], today).to_numpy(dtype=float)
    earliest = np.full(len(sku), promised.max())
    np.minimum.at(earliest, codes, promised)
    _, first = np.unique(codes, return_index=True)
    lines = pd.Series(np.bincount(codes, pd.to_numeric(rows["lines"]).to_numpy(dtype=float)))
    per_sku = pd.DataFrame({
        "sku": np.asarray(sku), "name": rows["name"].to_numpy()[first], "lines": lines,
        "units": pd.Series(np.bincount(codes, units)), "earliest": pd.Series(earliest),
        "at_stake": np.bincount(codes, units * late_days)})
    due, late_by = format_dates(per_sku["earliest"]), days_since(per_sku["earliest"], today)
    reason = (_plural(per_sku["lines"], "waiting line") + " ("
              + _plural(per_sku["units"], "unit") + ") past the promised date; the earliest "
              "was due " + due + ", " + late_by.astype(str) + " days ago.")
    return pd.DataFrame({"issue": "Overdue promises", "sku": per_sku["sku"],
                         "name": per_sku["name"], "reason": reason,
                         "at_stake": per_sku["at_stake"]})


def _promises_passed(skus: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    passed = skus[skus["promise_passed"].astype(bool)]
    if passed.empty:
        return _empty()
    restock = pd.to_datetime(passed["restock_date"], cache=False).fillna(
        pd.to_datetime(passed["next_expected"], cache=False))
    waiting = passed["backorder_qty"].astype(float) + passed["preorder_qty"].astype(float)
    return pd.DataFrame({"issue": "Promise passed", "sku": passed["sku"],
                         "name": passed["name"], "reason": passed["state_reason"],
                         "at_stake": waiting * days_since(restock, today)})


def _best_sellers_out_of_stock(skus: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    if skus.empty:
        return _empty()
    stuck = skus[best_sellers(skus) & (skus["state"] == StorefrontState.OUT_OF_STOCK)]
    if stuck.empty:
        return _empty()
    expected = pd.to_datetime(stuck["next_expected"], cache=False)
    days = (expected - pd.Timestamp(today)).dt.days
    short_for = days.where(days > 0, NO_SUPPLY_DAYS).fillna(NO_SUPPLY_DAYS)
    rate = stuck["demand_rate"].astype(float)
    incoming = stuck["incoming_qty"].astype(int)
    supply = np.where(incoming > 0, incoming.astype(str) + " units expected "
                      + format_dates(expected), "no purchase order open")
    reason = ("Sells " + rate.round(1).astype(str) + " units a day, but the storefront "
              "shows it as out of stock (nothing available, no backorders taken); "
              + supply + ".")
    return pd.DataFrame({"issue": "Best seller out of stock", "sku": stuck["sku"],
                         "name": stuck["name"], "reason": reason,
                         "at_stake": rate * short_for})


def _late_purchase_orders(rows: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    if rows.empty:
        return _empty()
    expected, late_by = format_dates(rows["expected_on"]), days_since(rows["expected_on"], today)
    qty = rows["qty"].astype(int)
    reason = (rows["po_number"] + " for " + qty.astype(str)
              + " units from " + rows["supplier"].fillna("an unnamed supplier")
              + " was expected " + expected + ", " + late_by.astype(str) + " days ago.")
    return pd.DataFrame({"issue": "Late purchase order", "sku": rows["sku"],
                         "name": rows["name"], "reason": reason,
                         "at_stake": qty * late_by})


def _refunds_due(rows: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    if rows.empty:
        return _empty()
    rows = rows.assign(units=pd.to_numeric(rows["qty"]).astype(float),
                       ship_by=pd.to_datetime(rows["ship_by"]))
    rows = rows.assign(stake=rows["units"] * days_since(rows["ship_by"], today).clip(lower=1))
    per_sku = rows.groupby("sku", sort=True).agg(
        name=("name", "first"), lines=("units", "size"), units=("units", "sum"),
        earliest=("ship_by", "min"), at_stake=("stake", "sum")).reset_index()
    reason = (_plural(per_sku["lines"], "waiting line") + " ("
              + _plural(per_sku["units"], "unit") + ") must be cancelled and refunded "
              "under the delay-consent rule; the earliest was due to ship "
              + format_dates(per_sku["earliest"]) + ". See Notifications → Cancel and refund.")
    return pd.DataFrame({"issue": "Cancel and refund", "sku": per_sku["sku"],
                         "name": per_sku["name"], "reason": reason,
                         "at_stake": per_sku["at_stake"]})
