"""The one place the app makes engines: one per store URL, shared by every session.

The configured store has one pooled engine per process (its schema upgraded once);
a demo sandbox has an engine that holds no connection open between uses, so a removed
sandbox file is not kept alive, and it is disposed when the cache lets it go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from inventory_core import is_sandbox_url, open_store, sandbox_engine

if TYPE_CHECKING:
    from sqlalchemy import Engine


@st.cache_resource(show_spinner="Opening the store…")
def _shared_engine(url: str) -> Engine:
    """One engine per configured database, shared by every session (schema upgraded once)."""
    return open_store(url)


def _dispose(engine: Engine) -> None:
    engine.dispose()


@st.cache_resource(show_spinner=False, max_entries=64, on_release=_dispose)
def _sandbox_engine(url: str) -> Engine:
    """An engine on a demo sandbox (no pooled connection keeps a removed file alive)."""
    return sandbox_engine(url)


def engine_for(url: str) -> Engine:
    """The engine of the store at ``url`` (a sandbox's, or the shared store's)."""
    if is_sandbox_url(url):
        return _sandbox_engine(url)
    return _shared_engine(url)
