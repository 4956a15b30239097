"""In-stock alternatives for SKUs that cannot ship: same category, closest price.

The database returns, for the categories asked about, only the SKUs that are
sellable now (available above zero, not discontinued); pandas ranks them per
asked SKU by price distance (ties by SKU) and keeps the first ``limit``.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, select

from inventory_core.queries.definitions import available_stock
from inventory_core.store.frames import connected
from inventory_core.store.models import Product, key_chunks


def alternatives(bind: Engine | Connection, skus: list[str], limit: int = 3) -> pd.DataFrame:
    """Per asked SKU: up to ``limit`` in-stock SKUs of its category, closest price first.

    Columns: ``for_sku``, ``sku``, ``name``, ``price``, ``available``, ``rank`` (1 = best).
    """
    columns = ["for_sku", "sku", "name", "price", "available", "rank"]
    if not skus:
        return pd.DataFrame(columns=columns)
    available = available_stock().subquery()
    with connected(bind) as connection:
        asked = pd.DataFrame(
            [row for chunk in key_chunks(list(skus)) for row in connection.execute(
                select(Product.sku, Product.category, Product.price)
                .where(Product.sku.in_(chunk))).all()],
            columns=["for_sku", "category", "for_price"])
        if asked.empty:
            return pd.DataFrame(columns=columns)
        candidates = pd.DataFrame(connection.execute(
            select(Product.sku, Product.name, Product.category, Product.price,
                   available.c.available)
            .join(available, available.c.sku == Product.sku)
            .where(Product.category.in_(asked["category"].unique().tolist()),
                   Product.discontinued.is_(False), available.c.available > 0)
        ).all(), columns=["sku", "name", "category", "price", "available"])
    pairs = asked.merge(candidates, on="category")
    pairs = pairs[pairs["sku"] != pairs["for_sku"]].copy()
    pairs["price"] = pd.to_numeric(pairs["price"]).astype(float)
    pairs["distance"] = (pairs["price"] - pd.to_numeric(pairs["for_price"]).astype(float)).abs()
    pairs = pairs.sort_values(["for_sku", "distance", "sku"], kind="stable")
    pairs["rank"] = pairs.groupby("for_sku").cumcount() + 1
    pairs = pairs[pairs["rank"] <= limit]
    pairs["available"] = pairs["available"].astype(int)
    return pairs[columns].reset_index(drop=True)


def suggestion_text(frame: pd.DataFrame, sku: str, currency: str = "$") -> str:
    """"Widget Red (A-RED, $10.00)" for the alternatives of ``sku``, joined; "" if none."""
    rows = frame[frame["for_sku"] == sku]
    return ", ".join(f"{r.name} ({r.sku}, {currency}{r.price:,.2f})" for r in rows.itertuples())
