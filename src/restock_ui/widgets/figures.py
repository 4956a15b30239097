"""The charts a page redraws on every rerun, remembered, and the one way a page shows a
chart (``show_chart``: full width, no Plotly mode bar over its title).

Building a figure costs more than hashing its small input frames (a bucket or a SKU's
rows; pages pass only the columns a chart reads), so each of these builders is cached
by its inputs, once per server for every session (``st.cache_resource``: a crowd of
visitors on one store builds each chart once, and nobody unpickles a copy), so pages
never change a figure in place. A frame a page passes as a shared read handed it (the
allocation's lines, say, or a slice kept by ``restock_ui.derived``) is recognised by
identity first, so a large input is hashed once per read, not on every rerun. The
builders themselves stay pure (``restock_ui.charts``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec

import plotly.graph_objects as go
import streamlit as st

from inventory_core import current_locale
from restock_ui.charts import aging, overview, preorders, stock, supply
from restock_ui.charts import store as store_charts
from restock_ui.derived import derived
from restock_ui.reads.cache import TTL

P = ParamSpec("P")

CHART_CONFIG = {"displayModeBar": False, "displaylogo": False}
"""Plotly's options for every chart: no mode bar (on a phone it covers the title)."""


def show_chart(container: Any, figure: go.Figure, key: str) -> None:
    """Draw ``figure`` in ``container`` (``st`` or a column) at its full width, without
    Plotly's mode bar."""
    container.plotly_chart(figure, width="stretch", key=key, config=CHART_CONFIG)


def remembered(builder: Callable[P, go.Figure]) -> Callable[P, go.Figure]:
    """``builder``, its figures cached by their inputs and the store's locale (a figure
    writes its dates and numbers in it), shared by every session. Inputs that are the
    very objects of an earlier call (a shared read's frame) find its figure without
    being hashed again (``derived``)."""
    @st.cache_resource(ttl=TTL, max_entries=2000, show_spinner=False)
    def build(name: str, locale: object, *args: Any, **kwargs: Any) -> go.Figure:
        # one cache for every builder, told apart by ``name`` (hashed, as ``locale``)
        return builder(*args, **kwargs)

    name = builder.__qualname__

    @functools.wraps(builder)
    def draw(*args: P.args, **kwargs: P.kwargs) -> go.Figure:
        locale = current_locale()
        return derived(f"figure.{name}", (locale.locale, locale.currency, *args,
                                          *sorted(kwargs.items())),
                       lambda: build(name, locale, *args, **kwargs))
    return draw


cover_bands = remembered(stock.cover_bands)
reorder_chart = remembered(stock.reorder_chart)
stock_position = remembered(stock.stock_position)
weekly_orders = remembered(stock.weekly_orders)
aging_buckets = remembered(aging.aging_buckets)
aging_split = remembered(aging.aging_split)
backlog_weeks = remembered(aging.backlog_weeks)
preorders_per_day = remembered(preorders.preorders_per_day)
release_timeline = remembered(preorders.release_timeline)
skus_by_state = remembered(overview.skus_by_state)
skus_by_category = remembered(overview.skus_by_category)
supplier_on_time = remembered(supply.supplier_on_time)
supplier_delays = remembered(supply.supplier_delays)
waiting_units_by_sku = remembered(supply.waiting_units_by_sku)
lines_by_promise = remembered(supply.lines_by_promise)
rows_by_table = remembered(store_charts.rows_by_table)
