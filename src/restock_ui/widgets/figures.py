"""The charts a page redraws on every rerun, remembered.

Building a figure costs more than hashing its small input frames (a bucket or a SKU's
rows; pages pass only the columns a chart reads), so each of these builders is cached
by its inputs. The builders themselves stay pure (``restock_ui.charts``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec

import plotly.graph_objects as go
import streamlit as st

from restock_ui.charts import aging, preorders, stock
from restock_ui.reads.cache import TTL

P = ParamSpec("P")


def remembered(builder: Callable[P, go.Figure]) -> Callable[P, go.Figure]:
    """``builder``, its figures cached by their inputs."""
    return st.cache_data(ttl=TTL, max_entries=200, show_spinner=False)(builder)


cover_bands = remembered(stock.cover_bands)
reorder_chart = remembered(stock.reorder_chart)
stock_position = remembered(stock.stock_position)
weekly_orders = remembered(stock.weekly_orders)
aging_buckets = remembered(aging.aging_buckets)
aging_split = remembered(aging.aging_split)
backlog_weeks = remembered(aging.backlog_weeks)
preorders_per_day = remembered(preorders.preorders_per_day)
release_timeline = remembered(preorders.release_timeline)
