"""The app's settings from its environment and secrets: demo mode and how users sign in."""

from __future__ import annotations

import os
from collections.abc import Mapping

import streamlit as st

from inventory_core import AccessConfig, DemoConfig


def _plain(value: object) -> object:
    """Secrets sections as plain dicts (nested too)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def secrets() -> dict[str, object]:
    """The app's secrets, or nothing when no secrets file exists."""
    try:
        plain = _plain(st.secrets)
    except Exception:  # noqa: BLE001 - Streamlit raises when there is no secrets file
        return {}
    return plain if isinstance(plain, dict) else {}


def demo_config() -> DemoConfig:
    """Demo-mode settings (environment, then secrets); raises InvalidInput if malformed."""
    return DemoConfig.from_settings(os.environ, secrets())


def demo_mode() -> bool:
    """True when every visitor works on a sandbox of their own."""
    return demo_config().enabled


def access_config() -> AccessConfig:
    """How users sign in here; raises InvalidInput naming a malformed setting."""
    return AccessConfig.from_secrets(secrets())


def login_providers() -> list[str | None]:
    """The login providers named in ``[auth]`` (``[auth.google]`` …), or [None] for one."""
    auth = secrets().get("auth") or {}
    named = [key for key, value in auth.items()
             if isinstance(value, Mapping)] if isinstance(auth, Mapping) else []
    return named or [None]
