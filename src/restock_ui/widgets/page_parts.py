"""The parts of a page around its content: the header, empty states, errors, notices."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from inventory_core import Filters, InventoryError
from restock_ui.safe import md

T = TypeVar("T")


def page_header(title: str, description: str, selection: Filters) -> None:
    """The page title and a one-line caption, saying when the sidebar filters apply."""
    st.title(title)
    st.caption(description + ("" if selection.is_empty else " · filtered in the sidebar"))


def kpi_row() -> DeltaGenerator:
    """A row for a page's key figures (``.metric`` on it, one after the other): side by
    side as they fit, wrapping two or three to a line on a phone instead of one each."""
    return st.container(horizontal=True, gap="medium")


def empty_state(message: str, hint: str | None = None) -> None:
    """Say there is nothing to show, and what to do about it."""
    st.info(message + (f"  \n{hint}" if hint else ""), icon=":material/info:")


def guarded(action: Callable[[], T]) -> T | None:
    """Run ``action``; show an inventory error as a message instead of a traceback."""
    try:
        return action()
    except InventoryError as error:
        st.error(md(error), icon=":material/error:")
        return None


def notice_later(key: str, message: str) -> None:
    """Keep ``message`` to show once, on the next run (``show_notice``), after a rerun."""
    st.session_state[key] = message


def show_notice(key: str) -> None:
    """Show, once, the message kept under ``key`` by the last write."""
    notice = st.session_state.pop(key, None)
    if notice:
        st.success(md(notice), icon=":material/check_circle:")
