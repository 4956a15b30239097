"""The Overview's "needs attention" list as its table shows it, and the one-click ways
from the Overview to a SKU's drill-down and to an order."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from restock_ui.views.stock import PICK_KEY

STOCK_LEVELS = "pages/stock_levels.py"
CUSTOMER_LOOKUP = "pages/customer_lookup.py"
AT_STAKE = "At stake (units × days)"
ATTENTION_ROWS = 200
"""Issues the "needs attention" table shows, the most at stake first; its download
holds them all (a store with a large backlog flags thousands of SKUs)."""
ATTENTION_VERDICT = ["Issue", AT_STAKE, "Why"]
"""The table's answer after the SKU and product: the issue, what is at stake (a narrow
number, before the wide reason so that it shows at any width) and why."""
WEIGHT = "units × days overdue or late (see each reason)"


def attention_columns() -> dict[str, Any]:
    """How the "needs attention" table draws its columns: what is at stake under a short
    heading (its unit in the heading's tooltip and the caption), the reason 400 px wide
    (a row clicked shows the whole of it under the table)."""
    return {"Why": st.column_config.TextColumn(width="large"),
            AT_STAKE: st.column_config.NumberColumn(
                "At stake", format="%.0f", width="small",
                help=f"What is at stake: {WEIGHT}; the most first")}


def attention_table(attention: pd.DataFrame) -> pd.DataFrame:
    """The issues, the most at stake first as the core sorted them, with merchant
    headings: the SKU and product, then the answer (the issue and why), then its weight."""
    return attention.assign(at_stake=attention["at_stake"].round(1)).rename(
        columns={"issue": "Issue", "sku": "SKU", "name": "Product", "reason": "Why",
                 "at_stake": AT_STAKE})[["SKU", "Product", "Issue", "Why", AT_STAKE]]


def most_at_stake(attention: pd.DataFrame, rows: int = ATTENTION_ROWS
                  ) -> tuple[pd.DataFrame, str]:
    """The first ``rows`` issues of ``attention`` (the most at stake, as the core sorted
    them) as the table shows them (``attention_table``), and the caption over it: how
    many issues there are in all, and where to see every one of them."""
    total = len(attention)
    lead = (f"The {rows:,} most at stake of {total:,} issues: {WEIGHT}. Download the "
            f"list below for all {total:,}." if total > rows
            else f"The most at stake first: {WEIGHT}.")
    return (attention_table(attention.head(rows)),
            lead + " Click a row to read its whole reason and open the SKU.")


def open_sku(sku: str) -> None:
    """Open ``sku``'s drill-down on the Stock levels page (its table searched for it)."""
    st.session_state["stock_levels_search"] = sku
    st.session_state["stock_levels_states"] = []
    st.session_state[PICK_KEY] = sku
    st.switch_page(STOCK_LEVELS)


def open_order(order_number: str) -> None:
    """Open the order ``order_number`` on the Customer lookup page."""
    st.session_state["lookup_params_read"] = True
    st.session_state["lookup_order"] = order_number
    st.session_state["lookup_email"] = ""
    st.switch_page(CUSTOMER_LOOKUP)
