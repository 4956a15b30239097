"""The product's tables for scripts and spreadsheets (``python -m inventory_core report``).

Each report holds the rows of a page's download, with the same meaning for every
column, under names a script can use:

- ``skus``: one row per SKU, as Stock levels and the Policies grid show it: the
  storefront state as the pages label it and why it differs from the mode, the
  mode, the cap (the most units that may wait at once, counting those already
  waiting), the promised date (never before today), stock, waiting and incoming
  units, demand and days of cover (``queries.catalog.sku_table``);
- ``recommendations``: the recommended policy of each SKU with its reason, as the
  Policies grid's Recommended and Why columns (``domain.recommendations``);
- ``waiting-lines``: every open backorder and pre-order line with its projected
  likely and late ship dates and outlook, as the Incoming supply page's waiting
  lines (``domain.allocation``).

Dates are ``YYYY-MM-DD``; a blank cell has no value (no cap, no date).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pandas as pd
from sqlalchemy import Engine

from inventory_core.domain.enums import LineKind, PolicyMode, StorefrontState
from inventory_core.domain.recommendations import recommend
from inventory_core.domain.storefront import as_dates
from inventory_core.io.exports import csv_bytes
from inventory_core.queries.catalog import sku_table
from inventory_core.queries.promises import allocation_for
from inventory_core.queries.suppliers import supplier_reliability
from inventory_core.services.settings import load_settings

REPORT_FORMATS = ("csv", "json")


def sku_report(skus: pd.DataFrame) -> pd.DataFrame:
    """One row per SKU of ``skus`` (a ``catalog.sku_table`` frame)."""
    return pd.DataFrame({
        "sku": skus["sku"], "name": skus["name"], "category": skus["category"],
        "supplier": skus["supplier"],
        "price": skus["price"].where(skus["price_known"].astype(bool)),  # blank: unknown
        "state": skus["state"].map(StorefrontState.labels()),
        "state_reason": skus["state_reason"],
        "mode": skus["mode"].map(PolicyMode.labels()),
        "cap": _whole(skus["cap"]),
        "promised_date": as_dates(skus["promised_date"]),
        "on_hand": skus["on_hand"], "reserved": skus["reserved"],
        "available": skus["available"],
        "backorder_units": skus["backorder_qty"], "preorder_units": skus["preorder_qty"],
        "incoming_units": skus["incoming_qty"],
        "next_expected": as_dates(skus["next_expected"]),
        "demand_per_day": skus["demand_rate"].round(2),
        "days_of_cover": skus["days_of_cover"].round(1),
    }).reset_index(drop=True)


def recommendation_report(skus: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """The recommendations ``recs`` (``domain.recommendations.recommend``) of ``skus``,
    beside each SKU's name and mode today."""
    by_sku = skus.set_index("sku")
    return pd.DataFrame({
        "sku": recs["sku"], "name": recs["sku"].map(by_sku["name"]),
        "mode": recs["sku"].map(by_sku["mode"]).map(PolicyMode.labels()),
        "recommended_mode": recs["recommended_mode"].map(PolicyMode.labels()),
        "recommended_cap": _whole(recs["recommended_cap"]),
        "recommended_restock": as_dates(recs["recommended_restock"]),
        "recommended_release": as_dates(recs["recommended_release"]),
        "reason": recs["reason"],
    }).reset_index(drop=True)


def waiting_line_report(lines: pd.DataFrame) -> pd.DataFrame:
    """The waiting lines of an allocation (``Allocation.lines``), oldest order first."""
    return pd.DataFrame({
        "order": lines["order_number"], "line": lines["line_no"], "sku": lines["sku"],
        "kind": lines["kind"].map(LineKind.labels()), "units": lines["qty"],
        "placed": as_dates(lines["placed_at"]), "promised": as_dates(lines["promised_on"]),
        "projection": lines["projection"],
        "likely_ship": as_dates(lines["likely_on"]), "late_ship": as_dates(lines["late_on"]),
        "outlook": lines["promise"].astype(str),
    }).sort_values(["placed", "order", "line"], kind="stable").reset_index(drop=True)


def _whole(values: pd.Series) -> pd.Series:
    """Whole numbers, blank (<NA>) where there is none."""
    numbers = pd.to_numeric(values.astype(object), errors="coerce").astype("Float64")
    return numbers.round().astype("Int64")


def _skus(engine: Engine, today: dt.date) -> pd.DataFrame:
    return sku_report(sku_table(engine, today, load_settings(engine)))


def _recommendations(engine: Engine, today: dt.date) -> pd.DataFrame:
    skus = sku_table(engine, today, load_settings(engine))
    return recommendation_report(skus, recommend(skus, supplier_reliability(engine), today))


def _waiting_lines(engine: Engine, today: dt.date) -> pd.DataFrame:
    return waiting_line_report(allocation_for(engine, today).lines)


REPORTS: dict[str, Callable[[Engine, dt.date], pd.DataFrame]] = {
    "skus": _skus,
    "recommendations": _recommendations,
    "waiting-lines": _waiting_lines,
}
"""Every report by its name on the command line."""


def report_table(engine: Engine, name: str, today: dt.date) -> pd.DataFrame:
    """The report ``name`` (one of ``REPORTS``) of the store, as of ``today``."""
    return REPORTS[name](engine, today)


def report_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """A report as CSV (``csv_bytes``: UTF-8, no formulas) or as JSON (one object per
    row, dates as ``YYYY-MM-DD``, blanks as null)."""
    if fmt == "csv":
        return csv_bytes(frame)
    safe = frame.astype(object)
    records = safe.where(safe.notna(), None).to_dict("records")
    return (json.dumps(records, ensure_ascii=False, indent=1, default=_plain) + "\n").encode()


def _plain(value: object) -> object:
    """A value ``json`` cannot write itself: dates as ISO text, numbers as numbers."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # a numpy or pandas scalar
        return value.item()
    return str(value)
