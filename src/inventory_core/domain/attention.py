"""The Overview's "needs attention" list: what to look at first, each with its reason.

Three kinds of issue, most urgent first (``urgency``: higher is worse):

- **Overdue backorders** of a SKU: open backorder lines past their promised date;
  urgency 100 + the days since the earliest promise (at most 200) + the lines;
- **Best seller out of stock**: a SKU in the top tenth by demand rate
  (``BEST_SELLER_SHARE``) with nothing available, on backorder or out of stock;
  urgency 80 + 10 × its demand rate;
- **Late purchase order**: an open purchase order expected before today; urgency
  50 + the days since it was expected (at most 100).

Pure: ``queries.overview.needs_attention`` reads the overdue lines and late purchase
orders.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from inventory_core.domain.aging import days_since
from inventory_core.domain.enums import StorefrontState
from inventory_core.domain.wording import format_date, format_dates

BEST_SELLER_SHARE = 0.10  # the top tenth of SKUs by demand rate are best sellers
COLUMNS = ["issue", "sku", "name", "reason", "urgency"]


def attention_list(overdue: pd.DataFrame, late: pd.DataFrame, skus: pd.DataFrame,
                   today: dt.date) -> pd.DataFrame:
    """One row per issue of the SKUs of ``skus`` (a ``catalog.sku_table`` frame), most
    urgent first: columns ``COLUMNS``.

    ``overdue``: per SKU, its overdue backorder lines, units and earliest promised date
    (sku, lines, units, earliest); ``late``: the late purchase orders (po_number, sku,
    supplier, qty, expected_on). Rows of other SKUs are left out.
    """
    names = pd.Series(skus["name"].to_numpy(), index=pd.Index(skus["sku"]))
    parts = [_overdue_backorders(_selected(overdue, names), today),
             _best_sellers_without_stock(skus),
             _late_purchase_orders(_selected(late, names), today)]
    frame = pd.concat([p for p in parts if not p.empty] or [_empty()], ignore_index=True)
    ranked: pd.DataFrame = frame.sort_values("urgency", ascending=False, kind="stable")
    return ranked.reset_index(drop=True)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)


def _selected(rows: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """The rows of the selected SKUs (the index of ``names``), with their names."""
    position = names.index.get_indexer(rows["sku"])
    kept = rows[position >= 0]
    return kept.assign(name=names.to_numpy()[position[position >= 0]])


def _overdue_backorders(rows: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    if rows.empty:
        return _empty()
    due, late_by = format_dates(rows["earliest"]), days_since(rows["earliest"], today)
    lines = rows["lines"].astype(int)
    reason = (lines.astype(str) + " backorder line" + lines.ne(1).map({True: "s", False: ""})
              + " (" + rows["units"].astype(int).astype(str) + " units) past the promised "
              "date; the earliest was due " + due + ", " + late_by.astype(str) + " days ago.")
    return pd.DataFrame({"issue": "Overdue backorders", "sku": rows["sku"],
                         "name": rows["name"], "reason": reason,
                         "urgency": 100 + late_by.clip(upper=200) + lines})


def _best_sellers_without_stock(skus: pd.DataFrame) -> pd.DataFrame:
    if skus.empty:
        return _empty()
    selling = skus.loc[skus["demand_rate"] > 0, ["sku", "name", "demand_rate", "available",
                                                 "state", "incoming_qty", "next_expected"]]
    if selling.empty:
        return _empty()
    cutoff = selling["demand_rate"].quantile(1 - BEST_SELLER_SHARE)
    stuck = selling[(selling["demand_rate"] >= cutoff) & (selling["available"] <= 0)
                    & selling["state"].isin([StorefrontState.BACKORDER,
                                             StorefrontState.OUT_OF_STOCK])]
    records = []
    for row in stuck.itertuples():
        supply = (f"{row.incoming_qty} units expected {format_date(row.next_expected)}"
                  if row.incoming_qty else "no purchase order open")
        records.append({
            "issue": "Best seller out of stock", "sku": row.sku, "name": row.name,
            "reason": (f"Sells {row.demand_rate:.1f} units a day but has none available "
                       f"({row.state.label.lower()}); {supply}."),
            "urgency": 80 + row.demand_rate * 10,
        })
    return pd.DataFrame(records, columns=COLUMNS)


def _late_purchase_orders(rows: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    if rows.empty:
        return _empty()
    expected, late_by = format_dates(rows["expected_on"]), days_since(rows["expected_on"], today)
    reason = (rows["po_number"] + " for " + rows["qty"].astype(int).astype(str)
              + " units from " + rows["supplier"].fillna("an unnamed supplier")
              + " was expected " + expected + ", " + late_by.astype(str) + " days ago.")
    return pd.DataFrame({"issue": "Late purchase order", "sku": rows["sku"],
                         "name": rows["name"], "reason": reason,
                         "urgency": 50 + late_by.clip(upper=100)})
