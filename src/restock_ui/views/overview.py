"""The Overview's "needs attention" list as its table shows it."""

from __future__ import annotations

import pandas as pd


def attention_table(attention: pd.DataFrame) -> pd.DataFrame:
    """The issues, most urgent first as the core sorted them, with merchant headings."""
    return attention.drop(columns="urgency").rename(
        columns={"issue": "Issue", "sku": "SKU", "name": "Product", "reason": "Why"})
