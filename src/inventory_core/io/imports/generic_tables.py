"""The generic CSV (or .xlsx) per table, as documented in the README.

A file is recognised as a generic table when its header holds every required
column of exactly that table and nothing it does not know. Rows naming a SKU
the store does not know are skipped with a warning (import products first);
order lines naming an unknown order, and products naming an unknown supplier,
are problems.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sqlalchemy import select

from inventory_core.domain.enums import (
    LineKind,
    LineStatus,
    PolicyMode,
    PurchaseOrderStatus,
    SubscriptionKind,
)
from inventory_core.io.imports.base import Batch, Context, Format, check_policies
from inventory_core.io.imports.cells import (
    blank,
    duplicate_keys,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_int,
    parse_money,
)
from inventory_core.io.tables import TABLE_SPECS, Column, TableSpec
from inventory_core.store.models import Supplier

ENUMS = {"po_status": PurchaseOrderStatus, "line_kind": LineKind, "line_status": LineStatus,
         "policy_mode": PolicyMode, "subscription_kind": SubscriptionKind}
BOOLEANS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
MINIMUM = {("stock", "on_hand"): 0, ("stock", "reserved"): 0, ("purchase_orders", "qty"): 1,
           ("order_lines", "qty"): 1, ("order_lines", "line_no"): 1,
           ("suppliers", "lead_time_days"): 0, ("suppliers", "pack_size"): 1,
           ("suppliers", "min_order_qty"): 1, ("policies", "cap"): 0,
           ("products", "low_stock_at"): 0}


def _typed(frame: pd.DataFrame, spec: TableSpec, column: Column, ctx: Context) -> pd.Series:
    log, name = ctx.log, column.name
    if column.required:
        log.problems_where(blank(frame[name]), frame["_row"], frame[name], name,
                           "is required")
    if column.type == "int":
        return parse_int(frame, name, log, minimum=MINIMUM.get((spec.name, name)))
    if column.type in ("money", "percent"):
        values = parse_money(frame, name, log)
        if column.type == "percent":
            log.problems_where(values > 100, frame["_row"], frame[name], name,
                               "must be 100 or less")
        return values
    if column.type == "date":
        return parse_date(frame, name, log)
    if column.type == "datetime":
        return parse_datetime(frame, name, log)
    if column.type == "bool":
        return parse_choice(frame, name, log, BOOLEANS, blank_value=False)
    if column.type in ENUMS:
        choices = {}
        for member in ENUMS[column.type]:
            choices[member.value] = member.value
            choices[member.label.lower()] = member.value
        return parse_choice(frame, name, log, choices)
    text = frame[name].str.strip()
    return text.where(text.ne(""), None)


def reader_for(spec: TableSpec) -> Callable[[pd.DataFrame, Context], Batch]:
    """The chunk reader of one generic table."""

    def read(chunk: pd.DataFrame, ctx: Context) -> Batch:
        log = ctx.log
        present = [c for c in spec.columns if c.name in chunk.columns]
        frame = duplicate_keys(chunk, list(spec.key), [c.name for c in present
                               if c.name not in spec.key], log,
                               ctx.seen.setdefault(spec.name, {}), "Key")
        if frame.empty:
            return Batch()
        out = pd.DataFrame({c.name: _typed(frame, spec, c, ctx) for c in present},
                           index=frame.index)
        out["_row"] = frame["_row"]
        if "discount_pct" in out.columns:  # blank: no discount
            out["discount_pct"] = out["discount_pct"].fillna(0.0)
        if spec.name == "purchase_orders" and {"ordered_on", "expected_on"} <= set(out):
            early = (out["expected_on"].notna() & out["ordered_on"].notna()
                     & (pd.to_datetime(out["expected_on"]) < pd.to_datetime(out["ordered_on"])))
            log.problems_where(early, frame["_row"], frame["expected_on"], "expected_on",
                               "is before ordered_on")
        if "supplier" in out.columns:
            if "suppliers" not in ctx.state:
                ctx.state["suppliers"] = set(ctx.connection.execute(
                    select(Supplier.name)).scalars())
            unknown = out["supplier"].notna() & ~out["supplier"].isin(ctx.state["suppliers"])
            log.problems_where(unknown, frame["_row"], frame["supplier"], "supplier",
                               "is not a supplier of the store (import suppliers.csv first)")
        if spec.name == "suppliers":
            ctx.state.setdefault("suppliers", set()).update(out["name"].dropna())
        if spec.name == "products":
            ctx.known_skus.update(out["sku"].dropna())
        elif "sku" in out.columns:
            out = ctx.drop_unknown_skus(out, "rows")
        if spec.name == "policies":
            # caps and discounts were checked as they were read
            check_policies(out, out["_row"], ctx, {name: name for name in (
                "release_date", "customer_note") if name in out.columns})
        if spec.name == "orders":
            ctx.known_orders.update(out["order_number"].dropna())
        if spec.name == "order_lines":
            unknown = out["order_number"].notna() & ~out["order_number"].isin(ctx.known_orders)
            log.problems_where(unknown, out["_row"], out["order_number"], "order_number",
                               "is not an order of the store (import orders.csv first)")
        batch = Batch()
        batch.add(spec.name, out.drop(columns="_row"))
        return batch

    return read


def detect_table(header: list[str]) -> TableSpec | None:
    """The generic table whose columns the header names, or None."""
    names = set(header)
    fits = [spec for spec in TABLE_SPECS.values()
            if {c.name for c in spec.columns if c.required} <= names
            and names <= set(spec.column_names)]
    return fits[0] if len(fits) == 1 else None


def _detects(spec: TableSpec) -> Callable[[list[str]], bool]:
    """Whether a header is the generic table ``spec``'s."""
    return lambda header: detect_table(header) is spec


FORMATS = [
    Format(f"generic_{spec.name}", f"Generic {spec.file_name}", _detects(spec),
           reader_for(spec), lambda h: None,
           f"the generic {spec.name.replace('_', ' ')} table")
    for spec in TABLE_SPECS.values()
]
