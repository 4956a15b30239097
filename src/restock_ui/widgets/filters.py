"""The sidebar filters every page shares; their values outlive page switches."""

from __future__ import annotations

import streamlit as st

from inventory_core import Filters
from restock_ui import reads

STATE_KEYS = {"categories": "filters.categories", "suppliers": "filters.suppliers"}


def _keep(field: str) -> None:
    """Copy a widget's value into the session entry that outlives the widget."""
    st.session_state[STATE_KEYS[field]] = st.session_state.get(f"sidebar_{field}", [])


def sidebar(store: reads.StoreKey) -> Filters:
    """Draw the category and supplier filters of ``store``; return the current selection."""
    options = reads.sidebar_options(store)
    st.sidebar.header("Filters")
    for field, label in (("categories", "Category"), ("suppliers", "Supplier")):
        kept = [v for v in st.session_state.get(STATE_KEYS[field], []) if v in options[field]]
        st.session_state[STATE_KEYS[field]] = kept
        if f"sidebar_{field}" not in st.session_state:
            st.session_state[f"sidebar_{field}"] = kept
        st.sidebar.multiselect(
            label, options[field], key=f"sidebar_{field}", on_change=_keep, args=(field,),
            placeholder=f"All {field}",
        )
    return current()


def current() -> Filters:
    """The selection as the pages pass it to the core."""
    return Filters(
        categories=tuple(st.session_state.get(STATE_KEYS["categories"], [])),
        suppliers=tuple(st.session_state.get(STATE_KEYS["suppliers"], [])),
    )
