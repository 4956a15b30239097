"""Which store this browser session works on, who is acting, and what day it is.

- ``db_url()`` / ``store()`` / ``engine()``: the configured store, or in demo mode this
  visitor's own sandbox (``restock_ui.demo``). ``store()`` is the key every cached
  read takes (``restock_ui.reads``), so visitors' caches stay apart; a demo visitor
  who has not written yet reads the pristine demo store, sharing its cached reads
  with every other such visitor, and their first write through ``engine()`` makes
  their sandbox.
- ``actor()`` / ``can_edit()``: the signed-in identity and its role (see
  ``inventory_core.AccessConfig``); pages pass ``disabled=not can_edit()`` to every
  control that writes, and the core refuses a viewer's write as well.
- ``today()``: the day the numbers are worked out for (``inventory_core.clock``).

Nobody reaches the store before signing in (``restock_ui.sign_in``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import streamlit as st

from inventory_core import Actor, Role, clock, resolve_db_url
from restock_ui import fmt, reads
from restock_ui.config import access_config, demo_mode, secrets
from restock_ui.demo import sandbox_url, store_urls
from restock_ui.engines import engine_for
from restock_ui.safe import md
from restock_ui.sign_in import guard, login_identity, password_identity

if TYPE_CHECKING:
    from sqlalchemy import Engine

NAME_KEY = "user.name"
LOCAL_NAME = "Local user"
DEMO_NAME = "Demo visitor"


def db_url() -> str:
    """The database URL of the store this session writes to (its own sandbox in demo
    mode, which its first write makes).

    Nobody reaches the store before signing in: without a sign-in this shows the
    sign-in controls and stops the page.
    """
    guard()
    if demo_mode():
        return sandbox_url()
    return resolve_db_url(secrets())


def store() -> reads.StoreKey:
    """This session's store as of its latest write: the key of every cached read (in demo
    mode, before the visitor's first write, the pristine demo store's).

    Every page reads through it first, so it also makes the store's locale and currency
    (Settings) the ones dates, money and numbers are written in (``fmt.use_store``)."""
    if demo_mode():
        guard()
        key = reads.store_key(*store_urls())
    else:
        key = reads.store_key(db_url())
    fmt.use_store(reads.settings(key))
    return key


def engine() -> Engine:
    """The engine of this session's store, for writes (reads go through ``reads``); in
    demo mode the visitor's sandbox, made from the pristine store at its first use."""
    if demo_mode():
        guard()
        return engine_for(store_urls()[1])  # marks the sandbox in use, or says it went
    return engine_for(db_url())


def today() -> dt.date:
    """The date the numbers are worked out for."""
    return clock.today()


def name_input(container: Any, key: str, placeholder: str, help: str) -> None:
    """The "Your name" box, where no sign-in names the user (the public demo, or no
    sign-in configured): what is typed, trimmed, is the name audits record (``actor``).
    Elsewhere the sign-in gives the name, and the box is not shown."""
    if not (demo_mode() or access_config().mode == "open"):
        return
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(NAME_KEY, "")
    container.text_input("Your name", key=key, max_chars=200, placeholder=placeholder,
                         help=help, on_change=_keep_name, args=(key,))


def _keep_name(key: str) -> None:
    st.session_state[NAME_KEY] = st.session_state[key].strip()


def actor() -> Actor:
    """Who is acting in this session, as audits record it.

    Demo mode and an unconfigured app: the name the user gave (Settings page),
    as an editor. Streamlit login: the account's e-mail, its role from the
    editors list. Passwords: the name given at sign-in, the role its password opens.
    Anyone not (yet) signed in is a viewer.
    """
    guard()
    given = " ".join(str(st.session_state.get(NAME_KEY) or "").split())[:200]
    if demo_mode():
        return Actor(given or DEMO_NAME, Role.EDITOR)
    config = access_config()
    if config.mode == "open":
        return Actor(given or LOCAL_NAME, Role.EDITOR)
    if config.mode == "login":
        identity = login_identity()
        if identity is None:
            return Actor("Not signed in", Role.VIEWER)
        email, name = identity
        role = config.role_for_email(email)
        return Actor(email or name or "Signed-in user", role or Role.VIEWER)
    signed = password_identity()
    if signed is None:
        return Actor("Not signed in", Role.VIEWER)
    name, role_value = signed
    return Actor(name, Role(role_value))


def can_edit() -> bool:
    """True when this session may change stored data (pages: ``disabled=not can_edit()``)."""
    return actor().role.can_edit()


def sidebar_identity() -> None:
    """One line at the foot of the sidebar: who is acting, and as what."""
    who = actor()
    st.sidebar.divider()
    st.sidebar.caption(f":material/person: {md(who.name)} · {who.role.label}"
                       + (" · demo" if demo_mode() else ""))
