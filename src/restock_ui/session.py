"""Which store this browser session works on, and its engine."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from sqlalchemy import Engine

from inventory_core.access import Actor, Role
from inventory_core.db import open_store, resolve_db_url


def _secrets() -> dict:
    """The app's secrets, or nothing when no secrets file exists."""
    try:
        return dict(st.secrets)
    except Exception:  # noqa: BLE001 - Streamlit raises when there is no secrets file
        return {}


def db_url() -> str:
    """The database URL of this session's store."""
    return resolve_db_url(_secrets())


@st.cache_resource(show_spinner="Opening the store…")
def engine_for(url: str) -> Engine:
    """One engine per database URL, shared by every session (schema upgraded once)."""
    return open_store(url)


def engine() -> Engine:
    """The engine of this session's store."""
    return engine_for(db_url())


def actor() -> Actor:
    """Who is acting in this session, as audits record it (editor by default locally)."""
    name = st.session_state.get("user.name") or "Local user"
    return Actor(name=name, role=Role(st.session_state.get("user.role", Role.EDITOR)))


def today() -> dt.date:
    """The date the numbers are worked out for."""
    return dt.date.today()
