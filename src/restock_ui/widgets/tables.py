"""Tables at any size: how they are shown (the answer first), their first rows, their
download, a choice among their rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from inventory_core import csv_bytes

TABLE_ROWS = 1_000  # rows a table shows; its download holds them all
EMPTY = "—"
"""What an empty cell reads (never ``None`` or ``NaN``)."""
IDENTITY = ("sku", "SKU", "name", "Product")
"""The columns that say which product a row is: first in every table."""
PINNED = ("sku", "SKU")
"""The columns that stay in view when a table scrolls sideways: the SKU only (a product
name pinned too would leave a phone no room for the answer)."""


def answer_first(columns: list[str], verdict: list[str]) -> list[str]:
    """``columns`` in the order a table shows them: the product's identity (SKU, product),
    then the ``verdict`` columns (the answer: state, why, short by, overdue, …), then the
    detail columns as they came. Names not in ``columns`` are skipped."""
    lead = [c for c in IDENTITY if c in columns] + [c for c in verdict if c in columns]
    return lead + [c for c in columns if c not in lead]


def pinned(config: Any, label: str) -> Any:
    """The column ``config`` (a label, a column config, or nothing) pinned, its label kept."""
    if not config or isinstance(config, str):
        return st.column_config.Column(config or label, pinned=True)
    return {**config, "pinned": True}


def show_table(container: Any, frame: pd.DataFrame, key: str, *,
               verdict: list[str] | None = None, column_config: dict[str, Any] | None = None,
               **options: Any) -> Any:
    """``frame`` as a table in ``container`` at its full width: the SKU (pinned) and the
    product first, the ``verdict`` columns right after them, ``—`` in empty cells.

    The frame itself (and so its download) keeps its columns; ``options`` are the other
    ``st.dataframe`` options (a selection, a height). Returns what ``st.dataframe``
    returns (the selection, with ``on_select``)."""
    config = dict(column_config or {})
    for column in PINNED:
        if column in frame.columns and not (column in config and config[column] is None):
            config[column] = pinned(config.get(column), column)  # (None in config: hidden)
    order = answer_first([str(c) for c in frame.columns], verdict or [])
    return container.dataframe(frame, hide_index=True, width="stretch", key=key,
                               column_config=config, column_order=order,
                               placeholder=EMPTY, **options)


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
