"""Magento 2's catalog product export and its multi-source stock export.

- `allow_backorders` 0 No Backorders, 1 Allow Qty Below 0, 2 … and Notify
  Customer; it only counts where `use_config_backorders` is 0 — otherwise the
  store default applies, read as No Backorders (with a warning).
- `out_of_stock_qty` below 0 allows that many backorders: read as the cap.
- `is_in_stock` 0 marks the product out of stock.
- Rows with a `store_view_code` override names and prices for one store view:
  skipped. Configurable, bundle and grouped products are parents: skipped.
- `qty` is stored at source ``default`` (where `manage_stock` is on; `manage_stock`
  0 with `use_config_manage_stock` 0 stores the product as not tracked); the
  multi-source export (`source_code,sku,status,quantity`) gives stock per source
  (a SKU the store lacks is added, named by its SKU, with a warning saying how many).
- A negative `qty` (units backordered) is read as 0 on hand with a warning.
- `additional_attributes` (``code=value,code=value``) carries custom attributes;
  those whose code ends in ``release_date``, ``restock_date``, ``preorder_note``
  (``pre_order_note``, ``backorder_note``, ``customer_note``) or ``button_label``
  (``cart_label``) set the policy's release date, restock date, customer note and
  button label (a vendor prefix such as ``amasty_preorder_note`` is fine); the
  others are ignored. A value may be quoted (``"…"``) to hold a comma.
"""

from __future__ import annotations

import re

import pandas as pd

from inventory_core.io.imports.base import (
    Batch,
    Context,
    Format,
    catalog_batch,
    check_policies,
    column_or_blank,
    has,
    oversold_as_zero,
)
from inventory_core.io.imports.cells import (
    blank,
    duplicate_keys,
    parse_choice,
    parse_date,
    parse_int,
)
from inventory_core.io.imports.limits import warn_look_alikes, warn_spaces
from inventory_core.io.imports.reader import Log

DEFAULT_SOURCE = "default"
PARENT_TYPES = {"configurable", "bundle", "grouped"}
COLUMNS = ["sku", "store_view_code", "product_type", "name", "categories", "price", "qty",
           "out_of_stock_qty", "allow_backorders", "use_config_backorders", "is_in_stock",
           "manage_stock", "use_config_manage_stock", "additional_attributes"]
FLAG = {"0": False, "1": True}
ATTRIBUTES = "additional_attributes"
# the end of a custom attribute's code → the policy field it sets
ATTRIBUTE_FIELDS = {"release_date": "release_date", "restock_date": "restock_date",
                    "preorder_note": "customer_note", "pre_order_note": "customer_note",
                    "backorder_note": "customer_note", "customer_note": "customer_note",
                    "button_label": "button_label",
                    "cart_label": "button_label"}
DATE_FIELDS = ("release_date", "restock_date")
# code=value, where an unquoted value runs on over commas not followed by another code=
PAIR = re.compile(r'(?:^|,)\s*(\w+)=("(?:[^"]|"")*"|(?:[^,]|,(?!\s*\w+=))*)')


def read_catalog(chunk: pd.DataFrame, ctx: Context) -> Batch:
    """Catalog product export → products, default-source stock, policy signals."""
    log = ctx.log
    frame = chunk.copy()
    view = ~blank(column_or_blank(frame, "store_view_code"))
    if view.any():
        log.warn("Skipped store-view overrides (they change names and prices, not stock)",
                 frame["_row"][view], int(view.sum()))
    kind = column_or_blank(frame, "product_type").str.strip().str.lower()
    parent = ~view & kind.isin(PARENT_TYPES)
    if parent.any():
        log.warn("Skipped configurable, bundle and grouped products (parents, not "
                 "sellable SKUs)", frame["_row"][parent],
                 int(parent.sum()))
    frame = frame[~view & ~parent]
    warn_spaces(frame["sku"], frame["_row"], "sku", log)
    frame["sku"] = frame["sku"].str.strip()
    warn_look_alikes(frame["sku"], frame["_row"], "sku", ctx)
    no_sku = frame["sku"].eq("")
    log.problems_where(no_sku, frame["_row"], frame["sku"], "sku", "is blank")
    frame = duplicate_keys(frame, ["sku"], [c for c in ("qty", "allow_backorders",
                           "is_in_stock", "out_of_stock_qty", "price") if c in frame.columns],
                           log, ctx.seen.setdefault("sku", {}), "SKU")
    if frame.empty:
        return Batch()
    numbers = frame.assign(**{c: column_or_blank(frame, c).str.replace(r"\.0+$", "", regex=True)
                              for c in ("qty", "out_of_stock_qty", "allow_backorders",
                                        "use_config_backorders", "is_in_stock",
                                        "manage_stock", "use_config_manage_stock")})
    allow = parse_choice(numbers, "allow_backorders", log, {"0": 0, "1": 1, "2": 2})
    use_config = parse_choice(numbers, "use_config_backorders", log, FLAG)
    in_stock = parse_choice(numbers, "is_in_stock", log, FLAG)
    threshold = parse_int(numbers, "out_of_stock_qty", log)
    qty = oversold_as_zero(parse_int(numbers, "qty", log, placeholder_ok=True), frame, "qty", ctx)
    manage = parse_choice(numbers, "manage_stock", log, FLAG)
    manage_config = parse_choice(numbers, "use_config_manage_stock", log, FLAG)
    managed = ~(manage.eq(False) & ~manage_config.eq(True))
    store_default = use_config.eq(True)
    if store_default.any():
        log.warn("Products using the store's default backorder setting were read as "
                 "No Backorders", frame["_row"][store_default],
                 int(store_default.sum()))
    sells = allow.isin([1, 2]) & ~store_default
    cap = (-threshold).where(sells & threshold.notna() & (threshold < 0))
    name = column_or_blank(frame, "name").str.strip()
    category = column_or_blank(frame, "categories").str.split(",").str[0].str.split("/").str[-1]
    category = category.fillna("").str.strip()
    products = pd.DataFrame({
        "sku": frame["sku"], "name": name.where(name.ne(""), frame["sku"]),
        "category": category.where(category.ne(""), "Uncategorised"),
    })
    if "manage_stock" in frame.columns:
        products["stock_tracked"] = managed
    stock = pd.DataFrame({"sku": frame["sku"], "location": DEFAULT_SOURCE,
                          "on_hand": qty, "reserved": 0})[qty.notna() & managed]
    batch = catalog_batch(frame, products, stock, ctx, log, name_column="name",
                          price_column="price", sku_label="sku")
    said = allow.notna() | in_stock.notna()
    attributes = _attribute_fields(frame, log)
    set_here = attributes.notna().any(axis=1)
    if set_here.any():
        check_policies(attributes[set_here].assign(sku=frame["sku"][set_here]),
                       frame["_row"][set_here], ctx,
                       {name: f"{ATTRIBUTES}: {name}" for name in attributes.columns})
    signals = pd.DataFrame({"sku": frame["sku"], "sells_beyond": sells.where(said),
                            "marked_out": in_stock.eq(False), "cap": cap.astype("Int64"),
                            "cap_known": sells, **attributes})
    batch.add("policy_signals", signals[said | attributes.notna().any(axis=1)])
    return batch


def _attribute_fields(frame: pd.DataFrame, log: Log) -> pd.DataFrame:
    """The policy fields the custom attributes set, a column per field found (None where
    a row does not set it); unreadable dates are problems."""
    pairs = column_or_blank(frame, ATTRIBUTES).str.findall(PAIR).explode().dropna()
    codes = pairs.str[0].str.lower()
    fields = codes.map({code: attribute_field(code) for code in codes.unique()})
    values = pairs.str[1].str.strip()
    quoted = values.str.startswith('"') & values.str.endswith('"') & values.str.len().ge(2)
    values = values.mask(quoted, values[quoted].str[1:-1].str.replace('""', '"'))
    given = pd.DataFrame({"field": fields, "value": values})
    given = given[given["field"].notna() & values.ne("")]
    found = given.groupby([given.index, "field"])["value"].last().unstack()
    found = found.reindex(index=frame.index)
    for field in found.columns.intersection(DATE_FIELDS):
        cells = frame[["_row"]].assign(**{f"{ATTRIBUTES}: {field}": found[field].fillna("")})
        found[field] = parse_date(cells, f"{ATTRIBUTES}: {field}", log)
    return found.astype(object).where(found.notna(), None)


def attribute_field(code: str) -> str | None:
    """The policy field a custom attribute's code sets, or None."""
    return next((field for end, field in ATTRIBUTE_FIELDS.items() if code.endswith(end)),
                None)


def read_sources(chunk: pd.DataFrame, ctx: Context) -> Batch:
    """Multi-source stock export → stock per source."""
    log = ctx.log
    frame = chunk.copy()
    frame["sku"] = frame["sku"].str.strip()
    frame["location"] = frame["source_code"].str.strip()
    log.problems_where(frame["location"].eq(""), frame["_row"], frame["source_code"],
                       "source_code", "names no source")
    frame = duplicate_keys(frame, ["sku", "location"], ["quantity"], log,
                           ctx.seen.setdefault("sku_location", {}), "SKU and source",
                           "sku, source_code")
    frame = frame.assign(quantity=frame["quantity"].str.replace(r"\.0+$", "", regex=True))
    qty = oversold_as_zero(parse_int(frame, "quantity", log, placeholder_ok=True), frame,
                      "quantity", ctx)
    if "status" in frame.columns:
        parse_choice(frame, "status", log, FLAG)
    stock = pd.DataFrame({"sku": frame["sku"], "location": frame["location"],
                          "on_hand": qty, "reserved": 0, "_row": frame["_row"]})
    stock = stock[qty.notna() & stock["location"].ne("")].drop(columns="_row")
    new = stock.loc[~stock["sku"].isin(ctx.known_skus), "sku"].drop_duplicates()
    batch = Batch(new_only={"products": ("name", "category", "price_known")})
    if not new.empty:
        ctx.known_skus.update(new)
        log.warn(f"Added {len(new):,} SKU{'s' if len(new) != 1 else ''} the store did not "
                 "have, named by their SKU; their name, price and category come with the "
                 "catalog product export", count=len(new))
        batch.add("products", pd.DataFrame({"sku": new, "name": new,
                                            "category": "Uncategorised",
                                            "price_known": False}))
    batch.add("stock", stock)
    return batch


FORMATS = [
    Format("magento_sources", "Magento 2 multi-source stock export",
           lambda h: has(h, "source_code", "sku", "quantity"), read_sources,
           lambda h: ["source_code", "sku", "status", "quantity"],
           "one row per SKU and source: quantity, status"),
    Format("magento", "Magento 2 catalog product export",
           lambda h: has(h, "sku") and (has(h, "store_view_code") or has(h, "allow_backorders")),
           read_catalog, lambda h: [c for c in h if c in COLUMNS],
           "one row per product (and store view): qty, backorders, in stock"),
]
