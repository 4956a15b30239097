"""Tables at any size: their first rows, their download, a choice among their rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from inventory_core import csv_bytes

TABLE_ROWS = 1_000  # rows a table shows; its download holds them all


def download_table(frame: pd.DataFrame, file_stem: str, key: str,
                   label: str = "Download table (CSV)",
                   shown_as: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> None:
    """A button that downloads ``frame`` as CSV (spreadsheet formulas neutralised),
    laid out by ``shown_as`` when given.

    The CSV (and its layout) is written when the button is pressed, not on every rerun
    of the page.
    """
    st.download_button(
        label, data=lambda: csv_bytes(shown_as(frame) if shown_as else frame),
        file_name=f"{file_stem}.csv", mime="text/csv", key=key, icon=":material/download:",
        disabled=frame.empty, on_click="ignore",
    )


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


def pick_or_type(container: Any, label: str, options: list[str], key: str, what: str,
                 format_func: Callable[[str], str] = str) -> str | None:
    """One of ``options`` from a select box, or typed into a text box when there are
    more than ``TABLE_ROWS`` (a list of 100,000 SKUs would slow every rerun and help
    nobody). What is typed is checked by the action it feeds; ``what`` names an option
    in the singular ("SKU")."""
    if len(options) <= TABLE_ROWS:
        chosen: str | None = container.selectbox(label, options, index=None, key=key,
                                                 format_func=format_func,
                                                 placeholder=f"Choose a {what}")
        return chosen
    typed: str = container.text_input(label, key=key, placeholder=f"Type a {what}",
                                      help=f"{len(options):,} {what}s: too many to list, so "
                                           "type one exactly.")
    return typed.strip() or None
