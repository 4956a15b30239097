"""Small page parts every page uses: table downloads, empty states, errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from inventory_core.errors import InventoryError


def download_table(frame: pd.DataFrame, file_stem: str, key: str,
                   label: str = "Download table (CSV)") -> None:
    """A button that downloads ``frame`` as CSV (spreadsheet formulas neutralised)."""
    st.download_button(
        label, data=safe_csv(frame), file_name=f"{file_stem}.csv", mime="text/csv", key=key,
        icon=":material/download:", disabled=frame.empty,
    )


_FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes in which no cell starts like a spreadsheet formula."""
    def neutral(value: Any) -> Any:
        if isinstance(value, str) and _FORMULA_START.match(value):
            return "'" + value
        return value

    text_columns = frame.select_dtypes(include="object").columns
    safe = frame.copy()
    for column in text_columns:
        safe[column] = safe[column].map(neutral)
    return safe.to_csv(index=False).encode("utf-8-sig")


def empty_state(message: str, hint: str | None = None) -> None:
    """Say there is nothing to show, and what to do about it."""
    st.info(message + (f"  \n{hint}" if hint else ""), icon=":material/info:")


def guarded(action: Callable[[], Any]) -> Any:
    """Run ``action``; show an inventory error as a message instead of a traceback."""
    try:
        return action()
    except InventoryError as error:
        st.error(str(error), icon=":material/error:")
        return None
