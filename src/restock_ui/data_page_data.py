"""Cached reads of the Data page: exports and row counts, keyed by store URL."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory_core.io import exports

from .data import TTL
from .session import engine_for


@st.cache_data(ttl=TTL, show_spinner=False)
def table_counts(url: str) -> pd.DataFrame:
    """Rows per stored table."""
    return exports.table_counts(engine_for(url))


@st.cache_data(ttl=TTL, show_spinner="Preparing the policy file…")
def policy_file(url: str, platform: str) -> bytes:
    """The policies as ``platform``'s import CSV."""
    return exports.csv_bytes(exports.policy_export(engine_for(url), platform))


@st.cache_data(ttl=TTL, show_spinner="Preparing the file…")
def table_file(url: str, name: str, excel: bool) -> bytes:
    """One stored table (or the notification list) as CSV or Excel."""
    engine = engine_for(url)
    frame = (exports.notification_list(engine) if name == "notifications"
             else exports.table_frame(engine, name))
    return exports.excel_bytes(frame, name) if excel else exports.csv_bytes(frame)
