"""In-stock alternatives for SKUs that cannot ship: other products of the same category,
closest price (never another variant of the same product).

The database returns, for the categories asked about, only the SKUs that are
sellable now (available above zero, not discontinued); they are ranked per asked
SKU by price distance (ties by SKU) and the first ``limit`` kept. Each asked SKU
looks only at the candidates within the price distance that could rank (found by
bisecting its category's prices), so a large category does not make a pair of every
asked SKU with every candidate. A product whose price no file has stated is never
offered: a message would name it at 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, select

from inventory_core.domain.messages import alternatives_text, needs_alternatives
from inventory_core.queries.definitions import available_stock
from inventory_core.store.frames import connected
from inventory_core.store.models import Product, Stock, key_chunks


def alternatives(bind: Engine | Connection, skus: list[str], limit: int = 3) -> pd.DataFrame:
    """Per asked SKU: up to ``limit`` in-stock SKUs of other products of its category
    (not a variant of its own product, by ``group_key``), closest price first.

    Columns: ``for_sku``, ``sku``, ``name``, ``price``, ``available``, ``rank`` (1 = best).
    """
    columns = ["for_sku", "sku", "name", "price", "available", "rank"]
    if not skus:
        return pd.DataFrame(columns=columns)
    with connected(bind) as connection:
        asked = pd.DataFrame(
            [row for chunk in key_chunks(list(skus)) for row in connection.execute(
                select(Product.sku, Product.category, Product.price, Product.group_key)
                .where(Product.sku.in_(chunk))).all()],
            columns=["for_sku", "category", "for_price", "for_group"])
        if asked.empty:
            return pd.DataFrame(columns=columns)
        in_categories = Product.category.in_(asked["category"].unique().tolist())
        # the stock of those categories' products only is summed, not the whole store's
        available = available_stock() \
            .where(Stock.sku.in_(select(Product.sku).where(in_categories))).subquery()
        candidates = pd.DataFrame(connection.execute(
            select(Product.sku, Product.name, Product.category, Product.price,
                   available.c.available, Product.group_key)
            .join(available, available.c.sku == Product.sku)
            .where(in_categories, Product.discontinued.is_(False),
                   Product.price_known.is_(True), available.c.available > 0)
        ).all(), columns=["sku", "name", "category", "price", "available", "group_key"])
    return _closest(asked, candidates, limit)[columns]


class _Category:
    """One category's candidates as arrays, sorted by price then SKU."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.rows: np.ndarray = frame.index.to_numpy()
        self.prices = frame["price"].to_numpy(dtype=float)
        self.skus = frame["sku"].to_numpy(dtype=object)
        self.groups = frame["group_key"].to_numpy(dtype=object)
        self.sku_order = np.argsort(np.argsort(self.skus, kind="stable"), kind="stable")
        self.per_group = frame["group_key"].value_counts().to_dict()

    def closest(self, for_sku: str, for_price: float, for_group: object,
                limit: int) -> np.ndarray:
        """The candidates' rows closest in price to the asked SKU (ties by SKU), offerable."""
        window = limit + int(self.per_group.get(for_group, 0)) + 1
        if np.isnan(for_price):  # no distance to rank by: by SKU
            near = np.arange(len(self.skus))
        else:
            middle = int(np.searchsorted(self.prices, for_price))
            nearby = np.arange(max(0, middle - window), min(len(self.skus), middle + window))
            nearby = nearby[self._offerable(nearby, for_sku, for_group)]
            distances = np.sort(np.abs(self.prices[nearby] - for_price))
            if len(distances) >= limit:
                reach = distances[limit - 1] * (1 + 1e-9) + 1e-9  # ties at that distance too
                low = int(np.searchsorted(self.prices, for_price - reach, side="left"))
                high = int(np.searchsorted(self.prices, for_price + reach, side="right"))
                near = np.arange(low, high)
            else:
                near = np.arange(len(self.skus))
            near = near[self._first_of_each_price(near, window)]
        near = near[self._offerable(near, for_sku, for_group)]
        distance = np.abs(self.prices[near] - for_price)
        if np.isnan(for_price):
            distance = np.zeros(len(near))
        ranked = near[np.lexsort((self.sku_order[near], distance))][:limit]
        return np.asarray(self.rows[ranked])

    def _offerable(self, at: np.ndarray, for_sku: str, for_group: object) -> np.ndarray:
        own = (self.groups[at] == for_group) if for_group is not None else False
        return np.asarray((self.skus[at] != for_sku) & ~np.asarray(own, dtype=bool))

    def _first_of_each_price(self, at: np.ndarray, window: int) -> np.ndarray:
        """Among ``at`` (consecutive), the first ``window`` of each price (lowest SKUs)."""
        prices = self.prices[at]
        starts = np.flatnonzero(np.r_[True, prices[1:] != prices[:-1]])
        level = np.repeat(starts, np.diff(np.r_[starts, len(at)]))
        return np.arange(len(at)) - level < window


def _closest(asked: pd.DataFrame, candidates: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Per asked SKU, the ``limit`` offerable candidates of its category closest in price
    (ties by SKU; neither itself nor a variant of its own product), ranked."""
    candidates = candidates.assign(price=pd.to_numeric(candidates["price"]).astype(float))
    candidates = candidates.sort_values(["price", "sku"], kind="stable").reset_index(drop=True)
    categories = {category: _Category(frame)
                  for category, frame in candidates.groupby("category", sort=False)}
    rows: list[int] = []
    for_skus: list[str] = []
    ranks: list[int] = []
    for row in asked.itertuples(index=False):
        category = categories.get(row.category)
        if category is None:
            continue
        group = None if row.for_group is None or pd.isna(row.for_group) else row.for_group
        found = category.closest(row.for_sku, _price(row.for_price), group, limit)
        rows.extend(found)
        for_skus.extend([row.for_sku] * len(found))
        ranks.extend(range(1, len(found) + 1))
    picked = candidates.loc[rows].assign(for_sku=for_skus, rank=ranks)
    picked = picked.sort_values(["for_sku", "rank"], kind="stable").reset_index(drop=True)
    return picked.assign(available=picked["available"].astype(int))


def _price(value: Any) -> float:
    return float("nan") if value is None or pd.isna(value) else float(value)


def offered_alternatives(bind: Engine | Connection, skus: list[str],
                         currency: str) -> dict[str, str]:
    """For each of ``skus``: other products in stock, as a message names them."""
    found = alternatives(bind, sorted(set(skus)))
    per_sku: dict[str, list[Any]] = {}
    for row in found.itertuples(index=False):  # one pass: each SKU's rows in rank order
        per_sku.setdefault(row.for_sku, []).append(row)
    return {sku: alternatives_text(rows, currency) for sku, rows in sorted(per_sku.items())}


def with_alternatives(bind: Engine | Connection, lines: pd.DataFrame,
                      currency: str) -> pd.DataFrame:
    """``lines`` with ``alternatives``: on each line whose message offers them
    (``needs_alternatives``), other products in stock, as the message names them."""
    offer = needs_alternatives(lines)
    offered = offered_alternatives(bind, list(lines.loc[offer, "sku"]), currency)
    return lines.assign(alternatives=[offered.get(sku, "") if wanted else "" for sku, wanted
                                      in zip(lines["sku"], offer, strict=True)])
