"""In-stock alternatives for SKUs that cannot ship: other products of the same category,
closest price (never another variant of the same product).

The database returns, for the categories asked about, only the SKUs that are
sellable now (available above zero, not discontinued); pandas ranks them per
asked SKU by price distance (ties by SKU) and keeps the first ``limit``. A product
whose price no file has stated is never offered: a message would name it at 0.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, select

from inventory_core.domain.messages import alternatives_text, needs_alternatives
from inventory_core.queries.definitions import available_stock
from inventory_core.store.frames import connected
from inventory_core.store.models import Product, key_chunks


def alternatives(bind: Engine | Connection, skus: list[str], limit: int = 3) -> pd.DataFrame:
    """Per asked SKU: up to ``limit`` in-stock SKUs of other products of its category
    (not a variant of its own product, by ``group_key``), closest price first.

    Columns: ``for_sku``, ``sku``, ``name``, ``price``, ``available``, ``rank`` (1 = best).
    """
    columns = ["for_sku", "sku", "name", "price", "available", "rank"]
    if not skus:
        return pd.DataFrame(columns=columns)
    available = available_stock().subquery()
    with connected(bind) as connection:
        asked = pd.DataFrame(
            [row for chunk in key_chunks(list(skus)) for row in connection.execute(
                select(Product.sku, Product.category, Product.price, Product.group_key)
                .where(Product.sku.in_(chunk))).all()],
            columns=["for_sku", "category", "for_price", "for_group"])
        if asked.empty:
            return pd.DataFrame(columns=columns)
        candidates = pd.DataFrame(connection.execute(
            select(Product.sku, Product.name, Product.category, Product.price,
                   available.c.available, Product.group_key)
            .join(available, available.c.sku == Product.sku)
            .where(Product.category.in_(asked["category"].unique().tolist()),
                   Product.discontinued.is_(False), Product.price_known.is_(True),
                   available.c.available > 0)
        ).all(), columns=["sku", "name", "category", "price", "available", "group_key"])
    pairs = asked.merge(candidates, on="category")
    same_product = pairs["group_key"].notna() & pairs["group_key"].eq(pairs["for_group"])
    pairs = pairs[(pairs["sku"] != pairs["for_sku"]) & ~same_product].copy()
    pairs["price"] = pd.to_numeric(pairs["price"]).astype(float)
    pairs["distance"] = (pairs["price"] - pd.to_numeric(pairs["for_price"]).astype(float)).abs()
    pairs = pairs.sort_values(["for_sku", "distance", "sku"], kind="stable")
    pairs["rank"] = pairs.groupby("for_sku").cumcount() + 1
    pairs = pairs[pairs["rank"] <= limit]
    pairs["available"] = pairs["available"].astype(int)
    return pairs[columns].reset_index(drop=True)


def offered_alternatives(bind: Engine | Connection, skus: list[str],
                         currency: str) -> dict[str, str]:
    """For each of ``skus``: other products in stock, as a message names them."""
    found = alternatives(bind, sorted(set(skus)))
    return {sku: alternatives_text(rows.itertuples(), currency)
            for sku, rows in found.groupby("for_sku")}


def with_alternatives(bind: Engine | Connection, lines: pd.DataFrame,
                      currency: str) -> pd.DataFrame:
    """``lines`` with ``alternatives``: on each line whose message offers them
    (``needs_alternatives``), other products in stock, as the message names them."""
    offer = needs_alternatives(lines)
    offered = offered_alternatives(bind, list(lines.loc[offer, "sku"]), currency)
    return lines.assign(alternatives=[offered.get(sku, "") if wanted else "" for sku, wanted
                                      in zip(lines["sku"], offer, strict=True)])
