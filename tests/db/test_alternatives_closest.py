"""Alternatives in a large category: each asked SKU gets exactly the closest in price
(ties by SKU) that a pair of every asked SKU with every candidate would give, while
looking only at the candidates within reach of its price."""

from __future__ import annotations

import random

import pandas as pd

from inventory_core.queries.alternatives import alternatives
from inventory_core.store.bulk_load import insert_frames
from inventory_core.store.engine import make_engine, upgrade_schema


def _store(tmp_path, seed: int):
    """400 products in two categories, prices with many ties, variants sharing a product,
    some out of stock, discontinued or with no price stated."""
    rng = random.Random(seed)
    rows, stock = [], []
    for n in range(400):
        sku = f"S-{n:03d}"
        rows.append({"sku": sku, "name": f"Product {n}", "category": rng.choice("AB"),
                     "group_key": f"G-{n // 4}" if n % 3 else None,
                     "price": rng.choice([5, 9.99, 10, 10, 10, 12.5, 20, 20, 35, 99]),
                     "price_known": rng.random() > 0.05, "discontinued": rng.random() < 0.05})
        stock.append({"sku": sku, "location": "Main", "on_hand": rng.choice([0, 0, 1, 7]),
                      "reserved": 0})
    engine = make_engine(f"sqlite:///{tmp_path / f'store-{seed}.db'}")
    upgrade_schema(engine)
    with engine.begin() as connection:
        insert_frames(connection, {"products": pd.DataFrame(rows),
                                   "stock": pd.DataFrame(stock)})
    return engine, pd.DataFrame(rows).merge(pd.DataFrame(stock), on="sku")


def _every_pair(products: pd.DataFrame, skus: list[str], limit: int) -> pd.DataFrame:
    """The same answer worked out the slow way: every asked SKU with every candidate."""
    asked = products[products["sku"].isin(skus)].rename(columns={
        "sku": "for_sku", "price": "for_price", "group_key": "for_group"})[
        ["for_sku", "category", "for_price", "for_group"]]
    candidates = products[~products["discontinued"] & products["price_known"]
                          & (products["on_hand"] > 0)]
    pairs = asked.merge(candidates, on="category")
    own = pairs["group_key"].notna() & pairs["group_key"].eq(pairs["for_group"])
    pairs = pairs[(pairs["sku"] != pairs["for_sku"]) & ~own].copy()
    pairs["distance"] = (pairs["price"] - pairs["for_price"]).abs()
    pairs = pairs.sort_values(["for_sku", "distance", "sku"], kind="stable")
    pairs["rank"] = pairs.groupby("for_sku").cumcount() + 1
    return pairs[pairs["rank"] <= limit][["for_sku", "sku", "rank"]].reset_index(drop=True)


def test_the_closest_alternatives_are_those_of_every_pair_ties_and_variants_included(
        tmp_path):
    for seed in (1, 2, 3):
        engine, products = _store(tmp_path, seed)
        both = sorted(products["sku"].sample(120, random_state=seed))
        one = sorted(products.loc[products["category"].eq("A"), "sku"]
                     .sample(30, random_state=seed))  # only one category's stock is summed
        for skus, limit in ((both, 1), (both, 3), (both, 8), (one, 3)):
            found = alternatives(engine, skus, limit=limit)
            expected = _every_pair(products, skus, limit)
            assert found[["for_sku", "sku", "rank"]].astype({"rank": int}).equals(
                expected.astype({"rank": int})), (seed, limit)
            assert (found["available"] > 0).all()
        engine.dispose()
