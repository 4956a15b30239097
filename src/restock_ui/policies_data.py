"""Cached reads of the Policies & what-if page, keyed by store URL, date and filters.

The projection's inputs (per-SKU arrays of stock, demand, supply and backlog) and
the baseline projection are cached, so an edit only re-projects the SKUs it changes.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from inventory_core.domain import recommendations
from inventory_core.domain import whatif as projection
from inventory_core.domain.filters import Filters
from inventory_core.services import policies

from . import data
from .session import engine_for

TTL = data.TTL


@st.cache_data(ttl=TTL, show_spinner=False)
def reliability(url: str) -> pd.DataFrame:
    """Each supplier's on-time rate and typical delay."""
    return projection.supplier_reliability(engine_for(url))


@data.shared()
def recommended(url: str, today: dt.date, filters: Filters) -> pd.DataFrame:
    """The recommended policy and reason of every selected SKU."""
    return recommendations.recommend(data.sku_table(url, today, filters), reliability(url),
                                     today)


@data.shared(spinner="Gathering stock, demand and supply…")
def inputs(url: str, today: dt.date, filters: Filters) -> projection.ProjectionInputs:
    """The what-if's per-SKU arrays for the selected SKUs."""
    return projection.load_inputs(engine_for(url), data.sku_table(url, today, filters), today,
                                  filters, reliability(url))


@data.shared(spinner="Projecting the stored policies…")
def baseline(url: str, today: dt.date, filters: Filters, horizon: int,
             assumptions: projection.Assumptions) -> projection.Projection:
    """The projection of the stored policies."""
    skus = data.sku_table(url, today, filters)
    given = inputs(url, today, filters)
    return projection.project(given, projection.policy_arrays(given, skus), horizon,
                              assumptions)


@st.cache_data(ttl=TTL, show_spinner=False)
def history(url: str, filters: Filters) -> pd.DataFrame:
    """The latest policy changes of the selected SKUs."""
    return policies.history(engine_for(url), filters)
