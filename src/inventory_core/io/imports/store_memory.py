"""What the last imports said about the store, remembered for the way back.

A platform's export is written so the store can re-import it safely; for that the
export needs what only the store's own files say:

- Shopify: the header style of its products export (classic, or the 2024+ header
  with ``URL handle`` and ``Continue selling when out of stock``), and each
  product's title and option names (Shopify matches variants by them);
- Magento: the codes of the custom attributes that carry the restock date,
  release date, note and button label (``amasty_preorder_note``, say);
- every platform: the policy (mode and cap) each SKU had as the last import said,
  so an export can carry only the SKUs whose policy differs.

It is kept per platform in the settings table (``store_said:<platform>``), written
in the import's own transaction.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, select

from inventory_core.io.imports.magento import ATTRIBUTES, PAIR, attribute_field
from inventory_core.services.settings import read_setting, setting_on, store_setting
from inventory_core.store.models import Policy

PREFIX = "store_said:"
CLASSIC, MODERN = "classic", "2024"
HEADER_STYLES = {"shopify_products": CLASSIC, "shopify_products_2024": MODERN}
OPTION_NAMES = {CLASSIC: ("Handle", "Title", "Option1 Name", "Option2 Name", "Option3 Name"),
                MODERN: ("URL handle", "Title", "Option1 name", "Option2 name",
                         "Option3 name")}


def platform_of(format_name: str) -> str | None:
    """The platform a format belongs to (``shopify``, ``woocommerce``, ``magento``)."""
    platform = format_name.split("_")[0]
    return platform if platform in ("shopify", "woocommerce", "magento") else None


def extra_columns(format_name: str, header: list[str]) -> list[str]:
    """The columns the memory reads beyond the importer's own (titles, option names)."""
    style = HEADER_STYLES.get(format_name)
    if style is None:
        return [ATTRIBUTES] if format_name == "magento" and ATTRIBUTES in header else []
    return [c for c in OPTION_NAMES[style] if c in header]


def observe(chunk: pd.DataFrame, format_name: str, memory: dict[str, Any]) -> None:
    """Note what this chunk of the store's file says (titles, option names, codes)."""
    style = HEADER_STYLES.get(format_name)
    if style is not None:
        memory["header"] = style
        handle, title, *names = OPTION_NAMES[style]
        if handle not in chunk.columns or title not in chunk.columns:
            return
        firsts = chunk[chunk[title].str.strip().ne("") & chunk[handle].str.strip().ne("")]
        products = memory.setdefault("products", {})
        for row in firsts.itertuples(index=False):
            cells = dict(zip(chunk.columns, row, strict=True))
            products[cells[handle].strip()] = {
                "title": cells[title].strip(),
                "options": [cells.get(n, "").strip() for n in names]}
    elif format_name == "magento" and ATTRIBUTES in chunk.columns:
        codes = memory.setdefault("attribute_codes", {})
        found = chunk[ATTRIBUTES].str.findall(PAIR).explode().dropna().str[0].unique()
        for code in found:
            field = attribute_field(str(code).lower())
            if field is not None:
                codes.setdefault(field, str(code))


def remember(connection: Connection, format_name: str, memory: dict[str, Any],
             said_skus: set[str]) -> None:
    """Keep what the import said, with the policies now stored for the SKUs whose stock
    settings the file gave, merged into what earlier imports said."""
    platform = platform_of(format_name)
    if platform is None or (not memory and not said_skus):
        return
    key = PREFIX + platform
    kept = setting_on(connection, key)
    if "header" in memory:
        kept["header"] = memory["header"]
    kept.setdefault("products", {}).update(memory.get("products", {}))
    kept.setdefault("attribute_codes", {}).update(memory.get("attribute_codes", {}))
    if said_skus:
        rows = connection.execute(select(Policy.sku, Policy.mode, Policy.cap))
        policies = kept.setdefault("policies", {})
        for sku, mode, cap in rows:
            if sku in said_skus:
                policies[sku] = [str(getattr(mode, "value", mode)),
                                 None if cap is None else int(cap)]
    store_setting(connection, key, kept)


def store_said(engine: Engine, platform: str) -> dict[str, Any]:
    """What the imports of ``platform`` files said: ``header``, ``products`` (handle →
    title and option names), ``attribute_codes`` (field → code), ``policies`` (SKU →
    mode and cap)."""
    return read_setting(engine, PREFIX + platform)
