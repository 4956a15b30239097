"""WooCommerce's product CSV exporter.

`Backorders allowed?` is 0 (no), 1 (yes) or `notify` (yes, telling the customer);
`In stock?` is 1, 0 or `backorder`; `Stock` is the quantity, `parent` (managed
by the parent product) or blank (not managed: no stock is written; with `In stock?`
1 the product is stored as not tracked, always available). Variable,
grouped and external products are parents or links, not sellable SKUs, and are
skipped with a warning; their variations are imported, grouped under `Parent`, and
a variation with blank `Categories` takes its parent's. A product is identified by
its SKU, or, without one, by its `ID` (key ``(no SKU) ID 123``).
"""

from __future__ import annotations

import pandas as pd

from inventory_core.io.imports.base import (
    Batch,
    Context,
    Format,
    catalog_batch,
    column_or_blank,
    has,
    oversold_as_zero,
)
from inventory_core.io.imports.cells import duplicate_keys, parse_choice, parse_int
from inventory_core.io.imports.identity import NO_SKU
from inventory_core.io.imports.limits import warn_look_alikes, warn_spaces
from inventory_core.store.models import MAIN_LOCATION

IN_STOCK = {"1": "in", "0": "out", "backorder": "backorder", "instock": "in",
            "outofstock": "out", "onbackorder": "backorder"}
BACKORDERS = {"0": False, "1": True, "notify": True, "no": False, "yes": True}
PARENT_TYPES = {"variable", "grouped", "external"}
COLUMNS = ["ID", "Type", "SKU", "Name", "Categories", "In stock?", "Stock",
           "Backorders allowed?", "Regular price", "Parent"]


def read_products(chunk: pd.DataFrame, ctx: Context) -> Batch:
    """Product CSV → products, Main stock, policy signals."""
    log = ctx.log
    frame = chunk.copy()
    types = column_or_blank(frame, "Type").str.lower().str.split(",")
    parent = types.map(lambda kinds: bool(PARENT_TYPES & {k.strip() for k in kinds}))
    if parent.any():
        log.warn("Skipped variable, grouped and external products (parents or links, not "
                 "sellable SKUs; their variations are imported)", frame["_row"][parent],
                 int(parent.sum()))
    _remember_parents(frame[parent], ctx)
    frame = frame[~parent]
    warn_spaces(frame["SKU"], frame["_row"], "SKU", log)
    frame["sku"] = frame["SKU"].str.strip()
    ids = column_or_blank(frame, "ID").str.strip()
    frame["sku"] = frame["sku"].mask(frame["sku"].eq("") & ids.ne(""), NO_SKU + " ID " + ids)
    no_sku = frame["sku"].eq("")
    if no_sku.any():
        log.warn("Skipped products with neither a SKU nor an ID",
                 frame["_row"][no_sku], int(no_sku.sum()))
    frame = frame[~no_sku]
    warn_look_alikes(frame["sku"], frame["_row"], "SKU", ctx)
    frame = duplicate_keys(frame, ["sku"], [c for c in ("Stock", "In stock?",
                           "Backorders allowed?", "Regular price") if c in frame.columns],
                           log, ctx.seen.setdefault("sku", {}), "SKU", "SKU")
    if frame.empty:
        return Batch()
    stock_text = column_or_blank(frame, "Stock").str.strip()
    managed = ~stock_text.str.lower().isin(["", "parent"])
    quantity = parse_int(frame.assign(Stock=stock_text.where(managed, "")), "Stock", log,
                         placeholder_ok=True) if "Stock" in frame.columns \
        else pd.Series(pd.NA, index=frame.index, dtype="Int64")
    quantity = oversold_as_zero(quantity, frame, "Stock", ctx)
    in_stock = parse_choice(frame, "In stock?", log, IN_STOCK) if "In stock?" in frame.columns \
        else pd.Series(None, index=frame.index, dtype=object)
    backorders = parse_choice(frame, "Backorders allowed?", log, BACKORDERS) \
        if "Backorders allowed?" in frame.columns \
        else pd.Series(None, index=frame.index, dtype=object)
    name = column_or_blank(frame, "Name").str.strip()
    own = column_or_blank(frame, "Categories").str.strip()
    parents = ctx.state.get("woo_parents", {})
    of_parent = column_or_blank(frame, "Parent").str.strip().str.removeprefix("id:").map(parents)
    own = own.mask(own.eq(""), of_parent.fillna(""))
    category = own.str.split(",").str[0].str.split(">").str[-1]
    category = category.fillna("").str.strip()
    products = pd.DataFrame({
        "sku": frame["sku"], "name": name.where(name.ne(""), frame["sku"]),
        "group_key": column_or_blank(frame, "Parent").str.strip().replace("", None),
        "external_id": column_or_blank(frame, "ID").str.strip().replace("", None),
        "category": category.where(category.ne(""), "Uncategorised"),
    })
    stock = pd.DataFrame({"sku": frame["sku"], "location": MAIN_LOCATION,
                          "on_hand": quantity, "reserved": 0})[quantity.notna()]
    if "Stock" in frame.columns:  # blank Stock and in stock: WooCommerce does not count it
        products["stock_tracked"] = ~(stock_text.eq("") & in_stock.eq("in"))
    batch = catalog_batch(frame, products, stock, ctx, log, name_column="Name",
                          price_column="Regular price", sku_label="SKU")
    said = backorders.notna() | in_stock.notna()
    sells = backorders.eq(True) | in_stock.eq("backorder")
    signals = pd.DataFrame({"sku": frame["sku"], "sells_beyond": sells,
                            "marked_out": in_stock.eq("out"), "cap": pd.NA})
    batch.add("policy_signals", signals[said])
    return batch


def _remember_parents(parents: pd.DataFrame, ctx: Context) -> None:
    """The categories of variable products by ID and SKU: a variation whose
    ``Categories`` is blank belongs to its ``Parent``'s (``id:123`` or a SKU)."""
    known: dict[str, str] = ctx.state.setdefault("woo_parents", {})
    categories = column_or_blank(parents, "Categories").str.strip()
    for column in ("ID", "SKU"):
        names = column_or_blank(parents, column).str.strip()
        given = names.ne("") & categories.ne("")
        known.update(zip(names[given], categories[given], strict=True))


FORMATS = [
    Format("woocommerce", "WooCommerce product CSV",
           lambda h: has(h, "ID", "SKU") and (has(h, "In stock?") or has(h, "Backorders allowed?")),
           read_products, lambda h: [c for c in h if c in COLUMNS],
           "one row per product or variation: SKU, stock, backorders allowed, in stock"),
]
