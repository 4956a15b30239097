"""Shopify's exports: products (classic and 2024+ headers) and inventory.

- Products: one row per variant; a product's extra rows repeat the handle and
  leave the title blank (filled from the row above). `Variant Inventory Policy`
  (`Continue selling when out of stock`) says deny / continue. `Status`
  ``archived`` marks the product discontinued (its policy too); ``active``,
  ``draft`` and ``unlisted`` mark it not discontinued. A blank
  `Variant Inventory Tracker` (`Inventory tracker`) means Shopify does not count the
  variant's stock: it is stored as not tracked (always available). Rows that only
  carry an image are skipped with a warning. The quantity is stored at location
  ``Main`` unless the SKU's stock is kept per location (from an inventory export).
- Inventory: one row per variant and location (``On hand (current)`` or, in
  older exports, ``On hand``; reserved = committed + unavailable), or the legacy
  layout with one quantity column per location. ``not stocked`` means none there.
- Orders: see ``shopify_orders``.

A negative quantity on hand (Shopify shows oversold stock that way) is read as
0 on hand with a warning: the units sold beyond stock are the open order lines.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from inventory_core.io.imports.base import (
    Batch,
    Context,
    Format,
    column_or_blank,
    fill_down,
    has,
    oversold_as_zero,
)
from inventory_core.io.imports.cells import (
    blank,
    duplicate_keys,
    parse_choice,
    parse_int,
    parse_money,
)
from inventory_core.io.imports.identity import variant_keys
from inventory_core.io.imports.limits import warn_look_alikes, warn_spaces
from inventory_core.store.models import MAIN_LOCATION, Stock

CLASSIC = {
    "Handle": "handle", "Title": "title", "Option1 Value": "opt1", "Option2 Value": "opt2",
    "Option3 Value": "opt3", "Variant SKU": "sku", "Variant Inventory Tracker": "tracker",
    "Variant Inventory Qty": "qty", "Variant Inventory Policy": "policy",
    "Variant Price": "price", "Cost per item": "cost", "Type": "type",
    "Product Category": "pcat", "Image Src": "image", "Status": "status",
    "Variant ID": "variant_id",
}
MODERN = {
    "URL handle": "handle", "Title": "title", "Option1 value": "opt1", "Option2 value": "opt2",
    "Option3 value": "opt3", "SKU": "sku", "Inventory tracker": "tracker",
    "Inventory quantity": "qty", "Continue selling when out of stock": "policy",
    "Price": "price", "Cost per item": "cost", "Type": "type", "Product category": "pcat",
    "Product image URL": "image", "Status": "status", "Variant ID": "variant_id",
}
POLICY_CHOICES = {"deny": False, "continue": True, "true": True, "false": False,
                  "yes": True, "no": False}
ARCHIVED = {"archived": True, "active": False, "draft": False, "unlisted": False}
DEFAULT_OPTION = "Default Title"


def _canonical(chunk: pd.DataFrame,
               names: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
    present = {k: v for k, v in names.items() if k in chunk.columns}
    frame = chunk.rename(columns=present)
    for column in set(names.values()) - set(present.values()):
        frame[column] = ""
    return frame, {v: k for k, v in present.items()}


def _options(frame: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for i in (1, 2, 3):
        values = frame[f"opt{i}"].str.strip()
        out[f"option{i}"] = values.where(~values.isin(["", DEFAULT_OPTION]), None)
    return pd.DataFrame(out, index=frame.index)


def _names(titles: pd.Series, options: pd.DataFrame) -> pd.Series:
    joined = options.apply(lambda r: " / ".join(v for v in r if v), axis=1) \
        if not options.empty else pd.Series("", index=titles.index)
    return titles.where(joined.eq(""), titles + " - " + joined)


def _keys(frame: pd.DataFrame, handles: pd.Series, options: pd.DataFrame, column: str,
          ctx: Context) -> pd.Series:
    """Each row's product key from its handle and options (``identity``); the file's
    SKUs read without surrounding spaces (warned), look-alike SKUs warned."""
    raw = frame["sku"]
    warn_spaces(raw, frame["_row"], column, ctx.log)
    skus = raw.str.strip()
    warn_look_alikes(skus.drop_duplicates(), frame["_row"][skus.drop_duplicates().index],
                     column, ctx)
    return variant_keys(handles.str.strip(), options, skus, frame["_row"], column, ctx,
                        frame["variant_id"].str.strip() if "variant_id" in frame else None)


def _single_location(stock: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The products export's quantities, each stated at the variant's one location: the
    location where its stock is kept (named by an inventory export), else ``Main``. A
    variant stocked at several locations keeps them (with a warning): only the
    inventory export states those."""
    if "locations" not in ctx.state:
        rows = ctx.connection.execute(select(Stock.sku, Stock.location))
        named: dict[str, list[str]] = {}
        for sku, location in rows:
            named.setdefault(sku, []).append(location)
        ctx.state["locations"] = named
    locations: dict[str, list[str]] = ctx.state["locations"]
    found = stock["sku"].map(lambda sku: locations.get(sku, []))
    several = found.str.len().gt(1)
    if several.any():
        ctx.log.warn("Left the quantity alone for SKUs stocked at several locations (the "
                     "inventory export states each location)", count=int(several.sum()))
    one = found.str.len().eq(1)
    stock = stock.assign(location=stock["location"].mask(one, found[one].str[0]))
    return stock[~several]


# --------------------------------------------------------------------------- products


def read_products(chunk: pd.DataFrame, ctx: Context) -> Batch:
    """Products export (either header) → products, Main stock, policy signals."""
    names = CLASSIC if "Handle" in chunk.columns else MODERN
    frame, original = _canonical(chunk, names)
    log = ctx.log
    frame = frame.assign(**fill_down(frame, "handle", ["title", "type", "pcat", "status"],
                                      ctx, "product"))
    no_sku = blank(frame["sku"])
    variant_cells = ["qty", "policy", "price", "tracker"]
    image_only = no_sku & frame[variant_cells].apply(blank).all(axis=1)
    if image_only.any():
        log.warn("Skipped rows that only carry an extra image",
                 frame["_row"][image_only], int(image_only.sum()))
    frame = frame[~image_only].copy()
    if frame.empty:
        return Batch()
    frame["sku"] = _keys(frame, frame["handle"], _options(frame), original.get("sku", "SKU"),
                         ctx)
    no_title = blank(frame["title"])
    if "title" in original:
        log.problems_where(no_title, frame["_row"], frame["handle"], "Title",
                           "the product has no title (neither in this row nor its first row)")
    else:  # a policy file: only SKUs the store knows can be updated without a title
        new = ~frame["sku"].isin(ctx.known_skus)
        log.problems_where(new, frame["_row"], frame["sku"], original.get("sku", "SKU"),
                           "is new to the store, and the file has no Title to add it with")
    frame = duplicate_keys(frame, ["sku"], ["qty", "policy", "price"], log,
                           ctx.seen.setdefault("sku", {}), "SKU", original.get("sku", "SKU"))
    if frame.empty:
        return Batch()
    named = frame.rename(columns=original)  # problems name the file's own columns
    qty = parse_int(named, original["qty"], log, placeholder_ok=True) if "qty" in original \
        else pd.Series(pd.NA, index=frame.index, dtype="Int64")
    price = parse_money(named, original["price"], log) if "price" in original else None
    cost = parse_money(named, original["cost"], log) if "cost" in original else None
    policy = parse_choice(named, original["policy"], log, POLICY_CHOICES) \
        if "policy" in original else pd.Series(None, index=frame.index, dtype=object)
    options = _options(frame)
    category = frame["type"].str.strip()
    from_pcat = frame["pcat"].str.split(">").str[-1].str.strip()
    category = category.where(category.ne(""), from_pcat)
    title = frame["title"].str.strip()
    products = pd.DataFrame({
        "sku": frame["sku"], "name": _names(title.where(title.ne(""), frame["sku"]), options),
        "group_key": frame["handle"].str.strip().replace("", None),
        **{c: options[c] for c in options},
        "category": category.where(category.ne(""), "Uncategorised"),
    })
    new_only = ["category"] + ([] if "title" in original else ["name"])
    if "variant_id" in original:  # the platform's own id of the variant
        products["external_id"] = frame["variant_id"].str.strip().replace("", None)
    if price is not None:
        products["price"] = price
    if cost is not None:
        products["cost"] = cost
    archived = parse_choice(named, original["status"], log, ARCHIVED) \
        if "status" in original else pd.Series(None, index=frame.index, dtype=object)
    if archived.notna().any():
        products["discontinued"] = archived
    if "tracker" in original:  # a blank tracker: Shopify sells it without counting stock
        products["stock_tracked"] = ~blank(frame["tracker"])
    ctx.known_skus.update(products["sku"])
    batch = Batch(new_only={"products": tuple(new_only)}, kept_if_blank={
        "products": {"price": 0.0, "cost": 0.0, "discontinued": False}})
    batch.add("products", products)
    tracked = ~blank(frame["tracker"]) & qty.notna() if "tracker" in original else qty.notna()
    on_hand = oversold_as_zero(qty, frame, original.get("qty", "qty"), ctx)
    stock = pd.DataFrame({"sku": frame["sku"], "location": MAIN_LOCATION, "on_hand": on_hand,
                          "reserved": 0})[tracked.to_numpy()]
    batch.add("stock", _single_location(stock, ctx))
    signals = pd.DataFrame({"sku": frame["sku"], "sells_beyond": policy,
                            "marked_out": None, "cap": pd.NA, "discontinued": archived})
    batch.add("policy_signals", signals[policy.notna() | archived.eq(True)])
    return batch


# --------------------------------------------------------------------------- inventory

INVENTORY_FIXED = {"Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name",
                   "Option2 Value", "Option3 Name", "Option3 Value", "SKU", "HS Code", "COO",
                   "Bin name"}


def _inventory_products(frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """Products for SKUs the store does not know yet (name from the title)."""
    frame = frame.drop_duplicates("sku")
    frame = frame[~frame["sku"].isin(ctx.known_skus)]
    if frame.empty:
        return frame
    opts = pd.DataFrame({f"opt{i}": frame.get(f"Option{i} Value", pd.Series("", index=frame.index))
                         for i in (1, 2, 3)})
    options = _options(opts)
    title = frame.get("Title", frame["sku"]).str.strip()
    title = title.where(title.ne(""), frame["sku"])
    products = pd.DataFrame({
        "sku": frame["sku"], "name": _names(title, options),
        "group_key": frame.get("Handle", pd.Series("", index=frame.index)).str.strip()
        .replace("", None), **{c: options[c] for c in options},
        "category": "Uncategorised", "price": 0.0, "price_known": False,
    })
    ctx.known_skus.update(products["sku"])
    ctx.log.warn(f"Added {len(products):,} variant{'s' if len(products) != 1 else ''} the "
                 "store did not have, with their title; their price is unknown and their "
                 "category Uncategorised until the products export is imported",
                 count=len(products))
    return products


def _new_only(products: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    return {"products": tuple(c for c in products.columns if c != "sku")}


def _variant_rows(chunk: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The inventory rows with each variant's product key (column ``sku``), found by its
    handle and options as the products export finds it (``identity``)."""
    frame = chunk.copy()
    opts = pd.DataFrame({f"opt{i}": column_or_blank(frame, f"Option{i} Value")
                         for i in (1, 2, 3)})
    frame["sku"] = frame["SKU"]
    frame["sku"] = _keys(frame, column_or_blank(frame, "Handle"), _options(opts), "SKU", ctx)
    return frame


def read_inventory(chunk: pd.DataFrame, ctx: Context) -> Batch:
    """Inventory export with a Location column → stock per location."""
    log = ctx.log
    frame = _variant_rows(chunk, ctx)
    frame["location"] = frame["Location"].str.strip()
    log.problems_where(frame["location"].eq(""), frame["_row"], frame["Location"], "Location",
                       "names no location")
    on_hand_col = "On hand (current)" if "On hand (current)" in frame.columns else "On hand"
    frame = duplicate_keys(frame, ["sku", "location"], [on_hand_col], log,
                           ctx.seen.setdefault("sku_location", {}), "SKU and location",
                           "SKU, Location")
    on_hand = parse_int(frame, on_hand_col, log, placeholder_ok=True)
    reserved = pd.Series(0, index=frame.index, dtype="Int64")
    for name in ("Committed (not editable)", "Committed", "Unavailable (not editable)",
                 "Unavailable"):
        if name in frame.columns:
            reserved = reserved + parse_int(frame, name, log, placeholder_ok=True,
                                            minimum=0).fillna(0)
    on_hand = oversold_as_zero(on_hand, frame, on_hand_col, ctx)
    products = _inventory_products(frame, ctx)
    stock = pd.DataFrame({"sku": frame["sku"], "location": frame["location"],
                          "on_hand": on_hand, "reserved": reserved})
    stock = stock[on_hand.notna().to_numpy() & frame["location"].ne("").to_numpy()]
    batch = Batch(new_only=_new_only(products), names_locations=True)
    batch.add("products", products)
    batch.add("stock", stock)
    return batch


def legacy_locations(header: list[str]) -> list[str]:
    """The location columns of the legacy inventory layout."""
    return [h for h in header if h not in INVENTORY_FIXED and h]


def read_inventory_legacy(chunk: pd.DataFrame, ctx: Context) -> Batch:
    """Legacy inventory export: one quantity column per location → stock per location."""
    log = ctx.log
    frame = _variant_rows(chunk, ctx)
    locations = legacy_locations([c for c in chunk.columns if c != "_row"])
    frame = duplicate_keys(frame, ["sku"], locations, log, ctx.seen.setdefault("sku", {}),
                           "SKU", "SKU")
    parts = []
    for location in locations:
        units = oversold_as_zero(parse_int(frame, location, log, placeholder_ok=True), frame,
                            location, ctx)
        parts.append(pd.DataFrame({"sku": frame["sku"], "location": location,
                                   "on_hand": units, "reserved": 0})[units.notna()])
    products = _inventory_products(frame, ctx)
    batch = Batch(new_only={**_new_only(products), "stock": ("reserved",)},
                  names_locations=True)
    batch.add("products", products)
    if parts:
        batch.add("stock", pd.concat(parts))  # each row keeps its row of the file
    return batch


FORMATS = [
    Format("shopify_products", "Shopify products export",
           lambda h: has(h, "Handle", "Variant SKU"), read_products,
           lambda h: [c for c in h if c in CLASSIC],
           "one row per variant: handle, options, SKU, quantity, inventory policy"),
    Format("shopify_products_2024", "Shopify products export (2024+ header)",
           lambda h: has(h, "URL handle", "SKU"), read_products,
           lambda h: [c for c in h if c in MODERN],
           "one row per variant: URL handle, options, SKU, quantity, continue selling"),
    Format("shopify_inventory", "Shopify inventory export",
           lambda h: has(h, "Handle", "SKU", "Location")
           and (has(h, "On hand (current)") or has(h, "On hand")), read_inventory,
           lambda h: None, "one row per variant and location: on hand, committed"),
    Format("shopify_inventory_legacy", "Shopify inventory export (one column per location)",
           lambda h: has(h, "Handle", "SKU") and "Location" not in h
           and "Variant SKU" not in h and bool(legacy_locations(h)), read_inventory_legacy,
           lambda h: None, "one row per variant, one quantity column per location"),
]
