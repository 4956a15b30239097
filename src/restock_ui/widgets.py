"""Small page parts every page uses: table downloads, empty states, errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from inventory_core.domain.filters import Filters
from inventory_core.errors import InventoryError
from inventory_core.io.exports import csv_bytes


def download_table(frame: pd.DataFrame, file_stem: str, key: str,
                   label: str = "Download table (CSV)",
                   shown_as: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> None:
    """A button that downloads ``frame`` as CSV (spreadsheet formulas neutralised),
    laid out by ``shown_as`` when given.

    The CSV (and its layout) is written when the button is pressed, not on every rerun
    of the page.
    """
    st.download_button(
        label, data=lambda: safe_csv(shown_as(frame) if shown_as else frame),
        file_name=f"{file_stem}.csv", mime="text/csv", key=key, icon=":material/download:",
        disabled=frame.empty, on_click="ignore",
    )


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes in which no cell starts like a spreadsheet formula (see exports.csv_bytes)."""
    return csv_bytes(frame)


TABLE_ROWS = 1_000  # rows a table shows; its download holds them all


def first_rows(frame: pd.DataFrame, what: str,
               hint: str = "narrow them with the filters, or download the table for them all"
               ) -> pd.DataFrame:
    """The first ``TABLE_ROWS`` rows of ``frame`` (sorted as they matter), saying so (and
    ``hint``, how to reach the others) when more are left out: a page stays quick at
    any size, and the download holds every row."""
    limit = TABLE_ROWS
    if len(frame) <= limit:
        return frame
    st.caption(f"Showing the first {limit:,} of {len(frame):,} {what}: {hint}.")
    return frame.head(limit)


def pick_or_type(container, label: str, options: list[str], key: str, what: str,
                 format_func: Callable[[str], str] = str) -> str | None:
    """One of ``options`` from a select box, or typed into a text box when there are
    more than ``TABLE_ROWS`` (a list of 100,000 SKUs would slow every rerun and help
    nobody). What is typed is checked by the action it feeds; ``what`` names an option
    in the singular ("SKU")."""
    if len(options) <= TABLE_ROWS:
        return container.selectbox(label, options, index=None, key=key,
                                   format_func=format_func, placeholder=f"Choose a {what}")
    typed = container.text_input(label, key=key, placeholder=f"Type a {what}",
                                 help=f"{len(options):,} {what}s: too many to list, so type "
                                      "one exactly.")
    return typed.strip() or None


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


def page_header(title: str, description: str, selection: Filters) -> None:
    """The page title and a one-line caption, saying when the sidebar filters apply."""
    st.title(title)
    st.caption(description + ("" if selection.is_empty else " · filtered in the sidebar"))
