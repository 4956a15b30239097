"""Shopify's orders export: one row per line item.

An order's extra rows leave the order's fields blank (filled from its first row).
Line kind: a ``Pre-order`` / ``Backorder`` tag wins; otherwise an open line is a
pre-order when the SKU's policy is pre-order, a backorder when the SKU has
nothing available, else from stock. A line finds its product by SKU, or, where its
SKU is blank or shared by several variants, by its name among the variants stored
under a derived key (``identity.line_keys``). A file whose lines name SKUs the store does not
know is refused naming them (the first 50 and the count) — unless the import is
asked to create them: each becomes a product named and priced as its first line
item, and the warning lists them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from inventory_core.domain.enums import PolicyMode
from inventory_core.io.imports.base import (
    Batch,
    Context,
    Format,
    column_or_blank,
    fill_down,
    has,
)
from inventory_core.io.imports.cells import blank, parse_datetime, parse_int, parse_money
from inventory_core.io.imports.identity import line_keys

ORDER_FIELDS = ["Email", "Created at", "Cancelled at", "Fulfilled at", "Tags", "Billing Name"]


def read_orders(chunk: pd.DataFrame, ctx: Context) -> Batch:
    """Orders export → orders and order lines (upserted by order number and line)."""
    log = ctx.log
    frame = chunk.copy()
    for column in ORDER_FIELDS:
        if column not in frame.columns:
            frame[column] = ""
    frame["Name"] = frame["Name"].str.strip()
    no_name = frame["Name"].eq("")
    if no_name.any():
        log.problems_where(no_name, frame["_row"], frame["Name"], "Name", "names no order")
        frame = frame[~no_name]
    if frame.empty:
        return Batch()
    # each row's order, numbered as the orders first appear; an order's rows follow each
    # other (as Shopify writes them): only the last order of the previous chunk goes on here
    order, names = pd.factorize(frame["Name"])
    line_no = _line_numbers(order, names, ctx)
    # order fields are read once per order, from its first row
    heads = frame.iloc[np.unique(order, return_index=True)[1]]
    heads = heads.assign(**fill_down(heads, "Name", ORDER_FIELDS, ctx, "order"))
    placed = parse_datetime(heads, "Created at", log)
    log.problems_where(blank(heads["Created at"]), heads["_row"], heads["Created at"],
                       "Created at", "the order has no date (neither in this row nor its "
                       "first row)")
    orders = pd.DataFrame({
        "order_number": heads["Name"], "customer_email": heads["Email"].str.strip()
        .replace("", None), "customer_name": heads["Billing Name"].str.strip().replace("", None),
        "placed_at": placed,
    })
    orders = orders[orders["placed_at"].notna()]
    frame["sku"] = line_keys(frame["Lineitem sku"].str.strip(),
                             column_or_blank(frame, "Lineitem name"), ctx)
    no_sku = frame["sku"].eq("")
    if no_sku.any():
        log.warn("Skipped order lines without a SKU (custom items, tips)",
                 frame["_row"][no_sku], int(no_sku.sum()))
    qty = parse_int(frame, "Lineitem quantity", log, minimum=1,
                    meaning="a whole number of units")
    log.problems_where(blank(frame["Lineitem quantity"]) & ~no_sku, frame["_row"],
                       frame["Lineitem quantity"], "Lineitem quantity", "the line has no quantity")
    price = parse_money(frame, "Lineitem price", log)
    line_state = frame.get("Lineitem fulfillment status", pd.Series("", index=frame.index))
    cancelled = (~blank(heads["Cancelled at"])).to_numpy()[order]
    fulfilled = line_state.str.strip().str.lower().eq("fulfilled").to_numpy()
    status = np.where(cancelled, "cancelled", np.where(fulfilled, "fulfilled", "open"))
    is_open = status == "open"
    tags = heads["Tags"].str.lower()
    kind = np.select(
        [_tagged(tags, "pre-order|preorder|pre order")[order],
         _tagged(tags, "backorder|back-order|back order")[order],
         is_open & frame["sku"].map(ctx.modes).eq(PolicyMode.PREORDER.value).to_numpy(),
         is_open & (frame["sku"].map(ctx.available).fillna(0).to_numpy() <= 0)],
        ["preorder", "backorder", "preorder", "backorder"], "stock")
    fulfilled_at = parse_datetime(heads, "Fulfilled at", log).to_numpy()[order]
    lines = pd.DataFrame({
        "order_number": frame["Name"], "line_no": line_no, "sku": frame["sku"],
        "qty": qty, "unit_price": price.fillna(0.0), "kind": kind, "status": status,
        "promised_on": None,
        "fulfilled_at": np.where(status == "fulfilled", fulfilled_at, np.datetime64("NaT")),
        "_row": frame["_row"],
    })[~no_sku.to_numpy()]
    unknown = ctx.unknown_skus(lines, "Lineitem sku")
    batch = Batch(new_only={"products": ("name", "category", "price")})
    if unknown.any() and ctx.create_products:
        batch.add("products", _line_products(frame.loc[unknown[unknown].index], ctx))
    lines = lines[lines["qty"].notna()].drop(columns="_row")
    batch.add("orders", orders)
    batch.add("order_lines", lines)
    return batch


def _line_products(frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """Products for the SKUs the store lacks, from the line items that name them: the
    line's name and price (of its first line); listed in a warning."""
    first = frame.drop_duplicates("sku")
    price = parse_money(first, "Lineitem price", ctx.log)
    name = column_or_blank(first, "Lineitem name").str.strip()
    products = pd.DataFrame({"sku": first["sku"], "name": name.where(name.ne(""), first["sku"]),
                             "category": "Uncategorised", "price": price.fillna(0.0),
                             "price_known": price.notna()})
    ctx.known_skus.update(products["sku"])
    listed: list[str] = ctx.state.setdefault("created", [])
    listed.extend(products["sku"])
    shown = ", ".join(listed[:50]) + (", …" if len(listed) > 50 else "")
    earlier = ctx.state.get("created_note")  # one warning for the whole file
    if earlier is not None:
        del ctx.log.warnings[earlier], ctx.log.warning_counts[earlier]
    note = (f"Created {len(listed):,} product{'s' if len(listed) != 1 else ''} the store "
            f"did not have, from the order lines (name and price): {shown}")
    ctx.state["created_note"] = note
    ctx.log.warn(note)
    return products


def _line_numbers(order: np.ndarray, names: pd.Index, ctx: Context) -> np.ndarray:
    """Each row's line number within its order, going on from the previous chunk."""
    line_no: np.ndarray = pd.Series(order).groupby(order).cumcount().to_numpy() + 1
    carry = ctx.state.get("last_order")
    if carry is not None:
        line_no[order == names.get_indexer([carry[0]])[0]] += carry[1]
    ctx.state["last_order"] = (names[order[-1]], int(line_no[-1]))
    return line_no


def _tagged(tags: pd.Series, pattern: str) -> np.ndarray:
    """True where the (lower-case) tags match ``pattern``."""
    found: np.ndarray = np.zeros(len(tags), dtype=bool)
    some = tags.ne("").to_numpy()
    found[some] = tags[some].str.contains(pattern, regex=True).to_numpy(dtype=bool)
    return found


FORMATS = [
    Format("shopify_orders", "Shopify orders export",
           lambda h: has(h, "Name", "Lineitem sku", "Lineitem quantity", "Lineitem price"),
           read_orders,
           lambda h: [c for c in h if c in {"Name", "Lineitem sku", "Lineitem quantity",
                                            "Lineitem name", "Lineitem price",
                                            "Lineitem fulfillment status", *ORDER_FIELDS}],
           "one row per line item: order, date, SKU, quantity, price, fulfilment"),
]
