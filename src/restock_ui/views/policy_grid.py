"""The Policies grid: one row per SKU with its policy, its check and its recommendation."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from inventory_core import (
    POLICY_FIELD_LABELS,
    PolicyMode,
    StorefrontState,
    recommended_changes,
)
from restock_ui.fmt import date_column_format

READ_ONLY = ["Product", "Check", "Today", "Today: why", "Recommended", "Changes", "Why"]
CAP_HELP = ("Most units that may wait at once (backorders and pre-orders), counting those "
            "already waiting; empty = no cap. A SKU whose waiting units reach it takes no "
            "more orders.")


def grid(scenario: pd.DataFrame, recs: pd.DataFrame, checks: pd.Series) -> pd.DataFrame:
    """The frame the grid shows: one row per SKU (index), merchant labels as columns, the
    answer first (mode and recommended mode, the check, today's state and why) and the
    policy's details after; "Changes" marks the rows that "Apply recommendations" would
    change."""
    sku = scenario["sku"]
    recs = recs[recs["sku"].isin(sku)]  # the rows shown (the grid holds at most a screenful)
    by_sku = recs.set_index("sku")
    changes = recommended_changes(scenario, recs)
    mode = scenario["mode"].map(PolicyMode.labels())
    labels = POLICY_FIELD_LABELS
    return pd.DataFrame({
        "Product": scenario["name"].to_numpy(),
        labels["mode"]: mode.to_numpy(),
        "Recommended": sku.map(by_sku["recommended_mode"]).map(
            lambda m: PolicyMode(m).label if isinstance(m, str) else "").to_numpy(),
        "Check": sku.map(checks).fillna("").to_numpy(),
        "Today": scenario["state"].map(StorefrontState.labels()).to_numpy(),
        "Why": sku.map(by_sku["reason"]).fillna("").to_numpy(),
        "Changes": changes.reindex(sku).fillna(False).to_numpy(dtype=bool),
        "Today: why": scenario.get("state_reason", pd.Series("", index=scenario.index))
        .fillna("").to_numpy(),
        labels["cap"]: pd.array(pd.to_numeric(scenario["cap"], errors="coerce"),
                                dtype="Float64").round().astype("Int64"),
        labels["restock_date"]: scenario["restock_date"].map(_date).to_numpy(),
        labels["release_date"]: scenario["release_date"].map(_date).to_numpy(),
        labels["button_label"]: scenario["button_label"].map(_text).to_numpy(),
        labels["customer_note"]: scenario["customer_note"].map(_text).to_numpy(),
        labels["discount_pct"]: pd.to_numeric(scenario["discount_pct"],
                                              errors="coerce").fillna(0).to_numpy(),
        labels["auto_switch"]: scenario["auto_switch"].map(
            lambda v: bool(v) if isinstance(v, bool | int) else False).to_numpy(),
    }, index=pd.Index(sku.to_numpy(), name="SKU"))


def grid_columns() -> dict[str, ColumnConfig]:
    """How each column of the grid reads and what may be typed in it."""
    labels = POLICY_FIELD_LABELS
    return {
        "Product": st.column_config.TextColumn(width="medium"),  # (the SKU index is pinned)
        "Check": st.column_config.TextColumn(
            width="medium", help="⛔ must be fixed before saving · ⚠ worth a look"),
        "Today": st.column_config.TextColumn("Today", width="small",
                                             help="What the storefront shows now"),
        labels["mode"]: st.column_config.SelectboxColumn(
            options=[m.label for m in PolicyMode], required=True, width="medium"),
        labels["cap"]: st.column_config.NumberColumn(
            step=1, format="%d", help=CAP_HELP),
        labels["restock_date"]: st.column_config.DateColumn(format=date_column_format()),
        labels["release_date"]: st.column_config.DateColumn(format=date_column_format()),
        labels["button_label"]: st.column_config.TextColumn(max_chars=100),
        labels["customer_note"]: st.column_config.TextColumn(
            max_chars=500, width="medium", help="{date} is filled in with the promised date"),
        labels["discount_pct"]: st.column_config.NumberColumn(step=0.5, format="%.1f%%"),
        labels["auto_switch"]: st.column_config.CheckboxColumn(
            help="Switch between stock, backorder and out of stock as stock and supply "
                 "change"),
        "Today: why": st.column_config.TextColumn(
            width="medium", help="Why the storefront shows something else than the mode "
                                 "alone would: cap reached, release passed, auto-switch, a "
                                 "restock date passed"),
        "Recommended": st.column_config.TextColumn(),  # as wide as the mode it names
        "Changes": st.column_config.CheckboxColumn(
            help="Apply recommendations would change this SKU's policy"),
        "Why": st.column_config.TextColumn(width="large"),
    }


def _date(value: object) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return cast(dt.date, value)  # a date already


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) \
        else str(value)
