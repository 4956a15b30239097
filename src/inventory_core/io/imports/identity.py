"""Which stored product a row of a platform's file is: its identity as the platform has it.

Shopify identifies a variant by its handle and option values, or by its variant ID
where a file carries one; the SKU is only an attribute, which may be blank or shared by
several variants. Each variant keeps one key (the products' ``sku`` column), found the
same way by every file of the store (products export, inventory export):

- a row whose variant ID is a stored product's (``external_id``) is that product, even
  when its handle or option values changed since;
- a variant the store already has (same handle and option values; a product
  without options, same handle and SKU) keeps its key;
- else its SKU, when no other variant holds it: the plain SKU;
- a SKU another variant already holds gets the key ``SKU (handle / options)``, with
  a warning naming the SKU and both variants: never merged, never refused;
- a variant without a SKU gets the derived key ``(no SKU) handle / options``.

A stored product keyed by the plain SKU without an identity (added by another file)
is the variant of the first row naming that SKU; so is a stored variant of the same
handle named by a file without option values (a policy file).

An orders file names a line's variant by its SKU and its name (``Title - Red / M``,
as the products are named): a line whose SKU is blank or shared finds the variant
stored under a derived key by that name (``line_keys``).
"""

from __future__ import annotations

import hashlib

import pandas as pd
from sqlalchemy import select

from inventory_core.io.imports.base import Context
from inventory_core.store.models import Product

NO_SKU = "(no SKU)"
KEY_LENGTH = 100
UNNAMED = "\x1f"  # marks the SKU standing in for the options of a one-variant product
Variant = tuple[str, str, str, str]


def _stored(ctx: Context) -> dict[Variant, str]:
    """The stored products' keys by their variant identity (handle and options)."""
    if "variants" not in ctx.state:
        rows = ctx.connection.execute(select(
            Product.sku, Product.group_key, Product.option1, Product.option2,
            Product.option3, Product.external_id).where(Product.group_key.is_not(None)))
        ctx.state["variants"] = {}
        ctx.state["ids"] = {}
        for sku, g, o1, o2, o3, external_id in rows:
            ctx.state["variants"][_variant(g, o1 or "", o2 or "", o3 or "", sku)] = sku
            if external_id:
                ctx.state["ids"][external_id] = sku
        ctx.state["holders"] = {sku: variant for variant, sku in ctx.state["variants"].items()}
    variants: dict[Variant, str] = ctx.state["variants"]
    return variants


def variant_keys(handles: pd.Series, options: pd.DataFrame, skus: pd.Series,
                 rows: pd.Series, column: str, ctx: Context,
                 ids: pd.Series | None = None) -> pd.Series:
    """Each row's product key (see the module); ``options`` holds ``option1..3`` (None
    where a variant has no such option); ``ids``: the file's variant IDs ("" where blank),
    where it has the column."""
    known = _stored(ctx)
    holders: dict[str, Variant] = ctx.state["holders"]
    by_id: dict[str, str] = ctx.state["ids"]
    opts = options.fillna("").astype(str)
    if ids is None:
        ids = pd.Series("", index=skus.index)
    keys = []
    for handle, o1, o2, o3, sku, row, variant_id in zip(
            handles, opts["option1"], opts["option2"], opts["option3"], skus, rows, ids,
            strict=True):
        variant = _variant(handle, o1, o2, o3, sku)
        key = by_id.get(variant_id) if variant_id else None
        if key is not None:  # the same variant, perhaps under a new handle or options
            known[variant] = key
            holders[key] = variant
        else:
            key = known.get(variant)
        if key is None:
            holder = holders.get(sku) if sku else None
            if sku and (holder is None or (holder[0] == handle and not (o1 or o2 or o3))):
                key = sku  # free, or a file without option values naming it by SKU
            elif sku:
                key = _derived(sku, variant)
                ctx.log.warn(f"SKU '{sku}' is used by several variants ({_shown(holder)}, "
                             f"{_shown(variant)}): kept apart, the second as '{key}'",
                             [int(row)])
            else:
                key = _derived(NO_SKU, variant)
            known[variant] = key
            holders.setdefault(key, variant)
        if variant_id:
            by_id.setdefault(variant_id, key)
        keys.append(key)
    return pd.Series(keys, index=skus.index, dtype=object)


def platform_sku(key: str, handle: str | None, options: tuple[str | None, ...]) -> str:
    """The SKU the platform has for the variant stored under ``key`` (its handle and
    ``option1..3``): blank for a derived ``(no SKU) …`` key, the shared SKU for a
    ``SKU (handle / options)`` key, else the key itself. For exports back to the store."""
    if handle is None:
        return key
    o1, o2, o3 = (option or "" for option in options)
    shown = _shown(_variant(handle, o1, o2, o3, ""))
    if key.startswith(f"{NO_SKU} "):  # also after the variant's handle was renamed
        return ""
    suffix = f" ({shown})"
    if key.endswith(suffix) and key == _derived(key[: -len(suffix)], (handle, o1, o2, o3)):
        return key[: -len(suffix)]
    return key


def _variant(handle: str, o1: str, o2: str, o3: str, sku: str) -> Variant:
    """A variant's identity: its handle and option values; a product without options
    has one variant, told apart by its SKU (files not in Shopify's shape may list
    several under one handle)."""
    if o1 or o2 or o3:
        return (handle, o1, o2, o3)
    return (handle, "", "", UNNAMED + sku)


def _shown(variant: Variant | None) -> str:
    """A variant as the merchant reads it: ``handle / Red / M``."""
    if variant is None:
        return "another product"
    return " / ".join(part for part in variant if part and not part.startswith(UNNAMED))


def _derived(prefix: str, variant: Variant) -> str:
    """The key of a variant without a SKU of its own: readable, stable, at most 100
    characters (a long one ends in a short digest of the whole)."""
    key = f"{prefix} {_shown(variant)}" if prefix == NO_SKU else f"{prefix} ({_shown(variant)})"
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return key[: KEY_LENGTH - 10] + "… " + digest


def line_keys(skus: pd.Series, names: pd.Series, ctx: Context) -> pd.Series:
    """Each order line's product key: the variant stored under a derived key whose SKU
    (blank, or shared) and name are the line's; else the line's SKU."""
    if "derived" not in ctx.state:
        rows = ctx.connection.execute(select(Product.sku, Product.name).where(
            Product.sku.like(f"{NO_SKU} %") | Product.sku.like("% (%)")))
        ctx.state["derived"] = {
            ("" if key.startswith(NO_SKU) else key.split(" (", 1)[0], name): key
            for key, name in rows}
    derived: dict[tuple[str, str], str] = ctx.state["derived"]
    if not derived:
        return skus
    found = pd.Series([derived.get((sku, name)) for sku, name in zip(
        skus, names.str.strip(), strict=True)], index=skus.index, dtype=object)
    return found.where(found.notna(), skus)
