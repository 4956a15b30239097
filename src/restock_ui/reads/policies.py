"""Cached reads of the Policies & what-if page.

The what-if's inputs (per-SKU arrays of stock, demand, supply and backlog) and the
projection of the stored policies are cached, so an edit only re-projects the SKUs
it changes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from inventory_core import (
    Assumptions,
    Filters,
    MeasuredAssumption,
    Projection,
    ProjectionInputs,
    load_whatif_inputs,
    measured_assumptions,
    policy_arrays,
    policy_history,
    project,
    recommend,
)
from restock_ui.reads.cache import StoreKey, cached, shared
from restock_ui.reads.catalog import skus
from restock_ui.reads.delivery import reliability

if TYPE_CHECKING:
    from inventory_core.domain.whatif_arrays import PolicyArrays


@cached()
def measured(store: StoreKey, today: dt.date) -> dict[str, MeasuredAssumption]:
    """The what-if's assumptions as the store's history measures them."""
    return measured_assumptions(store.engine, today)


@shared()
def recommended(store: StoreKey, today: dt.date, filters: Filters) -> pd.DataFrame:
    """The recommended policy and reason of every selected SKU."""
    return recommend(skus(store, today, filters), reliability(store), today)


@shared(spinner="Gathering stock, demand and supply…")
def whatif_inputs(store: StoreKey, today: dt.date, filters: Filters) -> ProjectionInputs:
    """The what-if's per-SKU arrays for the selected SKUs."""
    return load_whatif_inputs(store.engine, skus(store, today, filters), today, filters,
                              reliability(store))


@shared()
def stored_policies(store: StoreKey, today: dt.date, filters: Filters) -> PolicyArrays:
    """The stored policies of the selected SKUs as the what-if's arrays."""
    return policy_arrays(whatif_inputs(store, today, filters), skus(store, today, filters))


@shared(spinner="Projecting the stored policies…")
def baseline(store: StoreKey, today: dt.date, filters: Filters, horizon: int,
             assumptions: Assumptions) -> Projection:
    """The projection of the stored policies."""
    return project(whatif_inputs(store, today, filters),
                   stored_policies(store, today, filters), horizon, assumptions)


@cached()
def history(store: StoreKey, filters: Filters) -> pd.DataFrame:
    """The latest policy changes of the selected SKUs."""
    return policy_history(store.engine, filters)
