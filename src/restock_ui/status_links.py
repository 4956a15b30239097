"""The customers' order-status links: the secret they are signed with, a link per order,
and which store a link that was opened names.

The secret comes from ``RESTOCK_STATUS_SECRET`` or ``status_link_secret`` in the app's
secrets. Without one (the public demo, or a store that set none) a random secret is
made once per server process: links then open until the app restarts. In demo mode a
link names the visitor's sandbox too, so the customer's answer reaches the store the
merchant is looking at.
"""

from __future__ import annotations

import os
import secrets as random_secrets
from urllib.parse import urlsplit

import streamlit as st

from inventory_core import (
    STATUS_SECRET_ENV,
    TOKEN_PARAM,
    InventoryError,
    SandboxPool,
    StatusLink,
    clock,
    make_token,
    read_token,
    resolve_db_url,
    status_url,
)
from restock_ui import reads
from restock_ui.config import demo_config, demo_mode, secrets
from restock_ui.demo import SANDBOX_KEY

SECRET_NAME = "status_link_secret"
PROCESS_SECRET = random_secrets.token_bytes(32)
"""The secret of this server process, used when none is configured."""


def configured_secret() -> str:
    """The configured secret (environment, then secrets), or "" when none is."""
    return (os.environ.get(STATUS_SECRET_ENV) or str(secrets().get(SECRET_NAME) or "")).strip()


def link_secret() -> bytes:
    """The secret status links are signed with."""
    return configured_secret().encode() or PROCESS_SECRET


def base_url() -> str:
    """The app's own address (scheme and host), as this browser reached it."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def link_for(order_number: str) -> str:
    """The status-page address of ``order_number`` in this session's store."""
    scope = str(st.session_state.get(SANDBOX_KEY, "")) if demo_mode() else ""
    token = make_token(order_number, link_secret(), clock.today(), scope=scope)
    return status_url(base_url(), token)


def link_opened() -> bool:
    """True when this visit carries a status token: it sees the status page only."""
    return TOKEN_PARAM in st.query_params


def opened_link() -> StatusLink | None:
    """The order the token of this visit names, or None when it is not valid."""
    return read_token(st.query_params.get(TOKEN_PARAM, ""), link_secret(), clock.today())


def store_of(link: StatusLink) -> reads.StoreKey | None:
    """The store ``link``'s order lives in, or None when the link names no store. In demo
    mode: the merchant's sandbox, or while they have none (changed nothing yet, or it
    had to go) the shipped demo store, an answer making their sandbox."""
    if not demo_mode():
        return reads.store_key(resolve_db_url(secrets()))
    pool = SandboxPool.from_config(demo_config())
    try:
        box = pool.touch(link.scope)
    except InventoryError:
        return None
    if box is not None:
        return reads.store_key(box.url)
    return reads.store_key(f"sqlite:///{pool.pristine(clock.today())}",
                           home=f"sqlite:///{pool.path(link.scope)}")
