"""The one place the app makes engines: one per store URL, shared by every session.

The configured store has one pooled engine per process (its schema upgraded once).
In demo mode, the pristine demo store has a read-only engine that every visitor who
has not written yet reads through; a visitor's sandbox has an engine that holds no
connection open between uses, so a removed sandbox file is not kept alive, and that
makes the sandbox from the pristine store when it first connects (at the visitor's
first write). Demo engines are disposed when the cache lets them go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from inventory_core import SandboxPool, is_pristine_url, is_sandbox_url, open_store, sandbox_engine
from restock_ui.config import demo_config

if TYPE_CHECKING:
    from sqlalchemy import Engine


@st.cache_resource(show_spinner="Opening the store…")
def _shared_engine(url: str) -> Engine:
    """One engine per configured database, shared by every session (schema upgraded once)."""
    return open_store(url)


def _dispose(engine: Engine) -> None:
    engine.dispose()


@st.cache_resource(show_spinner=False, max_entries=64, on_release=_dispose)
def _demo_engine(url: str) -> Engine:
    """An engine on a demo sandbox (made at its first connection) or a pristine demo store."""
    return sandbox_engine(url, SandboxPool.from_config(demo_config()))


def engine_for(url: str) -> Engine:
    """The engine of the store at ``url`` (a demo store's, or the shared store's)."""
    if is_sandbox_url(url) or is_pristine_url(url):
        return _demo_engine(url)
    return _shared_engine(url)
