"""Which store this browser session works on, who is acting, and what they may do.

- ``db_url()``: the configured store, or in demo mode this visitor's own sandbox
  (a copy of the shipped demo store; see ``inventory_core.store.sandbox``). Cached
  readers are keyed by the URL, so visitors' caches stay apart.
- ``actor()`` / ``can_edit()``: the signed-in identity and its role (see
  ``inventory_core.domain.access.AccessConfig``); pages pass ``disabled=not can_edit()``
  to every control that writes, and the core refuses a viewer's write as well.
- ``gate()``: the sign-in screen when roles are configured; ``demo_banner()``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

import streamlit as st
from sqlalchemy import Engine

from inventory_core import clock
from inventory_core.domain.access import (
    SIGN_IN_REFUSED,
    AccessConfig,
    Actor,
    Role,
    sign_in_with_password,
)
from inventory_core.errors import PermissionDenied
from inventory_core.store.engine import open_store, resolve_db_url
from inventory_core.store.sandbox import (
    DemoConfig,
    Sandbox,
    SandboxPool,
    is_sandbox_url,
    sandbox_engine,
)
from restock_ui.safe import md

SANDBOX_KEY = "demo.sandbox_id"
NAME_KEY = "user.name"
SIGNED_IN_KEY = "access.signed_in"  # (name, role value) after a password sign-in
NOTICE_KEY = "demo.notice"
LOCAL_NAME = "Local user"
DEMO_NAME = "Demo visitor"


def _plain(value: object) -> object:
    """Secrets sections as plain dicts (nested too)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _secrets() -> dict:
    """The app's secrets, or nothing when no secrets file exists."""
    try:
        return _plain(st.secrets)  # type: ignore[return-value]
    except Exception:  # noqa: BLE001 - Streamlit raises when there is no secrets file
        return {}


# --- demo mode --------------------------------------------------------------------------

def demo_config() -> DemoConfig:
    """Demo-mode settings (environment, then secrets); raises InvalidInput if malformed."""
    return DemoConfig.from_settings(os.environ, _secrets())


def demo_mode() -> bool:
    """True when every visitor works on a sandbox of their own."""
    return demo_config().enabled


def _pool() -> SandboxPool:
    return SandboxPool.from_config(demo_config())


def _pristine(pool: SandboxPool):
    return pool.pristine(today())


def sandbox() -> Sandbox:
    """This visitor's sandbox, made (from the pristine demo store) on first use."""
    pool = _pool()
    if SANDBOX_KEY not in st.session_state:
        st.session_state[SANDBOX_KEY] = pool.new_id()
        first = True
    else:
        first = False
    box = pool.touch(st.session_state[SANDBOX_KEY])  # the usual case: it exists
    if box is None:
        with st.spinner("Preparing your own copy of the demo store…"):
            box = pool.checkout(st.session_state[SANDBOX_KEY], _pristine(pool))
    if box.fresh and not first:
        # an idle sandbox was removed and made again: forget what was cached for it
        _forget_cached_reads()
        st.session_state[NOTICE_KEY] = (
            "Your demo store had been idle for a while and was removed; you now have "
            "a fresh copy of the shipped demo store.")
    return box


def reset_demo() -> None:
    """Put the shipped demo store back in this visitor's sandbox (theirs only)."""
    pool = _pool()
    if SANDBOX_KEY not in st.session_state:
        st.session_state[SANDBOX_KEY] = pool.new_id()
    pool.reset(st.session_state[SANDBOX_KEY], _pristine(pool))
    _forget_cached_reads()
    st.session_state[NOTICE_KEY] = "Your demo store is back to the shipped numbers."


def ensure_entrypoint() -> None:
    """Make every page run through dashboard.py (its sign-in gate, banner and sidebar).

    Streamlit runs a fresh process's first script runs the old way, each file of
    ``pages/`` on its own, until some session calls ``st.navigation``; a page's own
    address (``/settings``) would then skip dashboard.py. This turns that off and
    runs the script again, through dashboard.py.
    """
    from streamlit.runtime import Runtime

    if type(Runtime.instance()) is not Runtime:  # AppTest runs a switched-to page by itself
        return
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a Streamlit without the old page folder mode
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def _guard() -> None:
    """Through dashboard.py only, and signed in: else the sign-in controls, and stop."""
    ensure_entrypoint()
    if not signed_in():
        _sign_in_screen()
        st.stop()


def db_url() -> str:
    """The database URL of this session's store (its own sandbox in demo mode).

    Nobody reaches the store before signing in: without a sign-in this shows the
    sign-in controls and stops the page.
    """
    _guard()
    if demo_mode():
        return sandbox().url
    return resolve_db_url(_secrets())


@st.cache_resource(show_spinner="Opening the store…")
def _shared_engine(url: str) -> Engine:
    """One engine per configured database, shared by every session (schema upgraded once)."""
    return open_store(url)


@st.cache_resource(show_spinner=False, max_entries=64,
                   on_release=lambda engine: engine.dispose())
def _sandbox_engine(url: str) -> Engine:
    """An engine on a demo sandbox (no pooled connection keeps a removed file alive)."""
    return sandbox_engine(url)


def engine_for(url: str) -> Engine:
    """The engine of the store at ``url`` (a sandbox's, or the shared store's)."""
    if is_sandbox_url(url):
        return _sandbox_engine(url)
    return _shared_engine(url)


def engine() -> Engine:
    """The engine of this session's store."""
    return engine_for(db_url())


# --- who is acting ----------------------------------------------------------------------

def access_config() -> AccessConfig:
    """How users sign in here; raises InvalidInput naming a malformed setting."""
    return AccessConfig.from_secrets(_secrets())


def _login_identity() -> tuple[str, str] | None:
    """(email, name) of the account signed in with Streamlit's login, or None."""
    user = st.user
    if not user.get("is_logged_in"):
        return None
    email = str(user.get("email") or "").strip()
    name = str(user.get("name") or "").strip()
    return email, name


def name_input(container, key: str, placeholder: str, help: str) -> None:
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
    _guard()
    given = " ".join(str(st.session_state.get(NAME_KEY) or "").split())[:200]
    if demo_mode():
        return Actor(given or DEMO_NAME, Role.EDITOR)
    config = access_config()
    if config.mode == "open":
        return Actor(given or LOCAL_NAME, Role.EDITOR)
    if config.mode == "login":
        identity = _login_identity()
        if identity is None:
            return Actor("Not signed in", Role.VIEWER)
        email, name = identity
        role = config.role_for_email(email)
        return Actor(email or name or "Signed-in user", role or Role.VIEWER)
    signed_in = st.session_state.get(SIGNED_IN_KEY)
    if not signed_in:
        return Actor("Not signed in", Role.VIEWER)
    name, role = signed_in
    return Actor(name, Role(role))


def can_edit() -> bool:
    """True when this session may change stored data (pages: ``disabled=not can_edit()``)."""
    return actor().role.can_edit()


def signed_in() -> bool:
    """True when this session may see the app (always, unless roles are configured)."""
    if demo_mode():
        return True
    config = access_config()
    if config.mode == "open":
        return True
    if config.mode == "login":
        identity = _login_identity()
        return identity is not None and config.role_for_email(identity[0]) is not None
    return bool(st.session_state.get(SIGNED_IN_KEY))


def _providers(secrets: Mapping) -> list[str | None]:
    """The login providers named in ``[auth]`` (``[auth.google]`` …), or [None] for one."""
    auth = secrets.get("auth") or {}
    named = [key for key, value in auth.items() if isinstance(value, Mapping)]
    return named or [None]


def sign_in_with(name: str, password: str) -> None:
    """Password sign-in; raises PermissionDenied with one message whatever was wrong."""
    signed = sign_in_with_password(access_config(), name, password)
    st.session_state[SIGNED_IN_KEY] = (signed.name, signed.role.value)


def sign_out() -> None:
    """Sign this session out (Streamlit login: also clears the identity cookie)."""
    st.session_state.pop(SIGNED_IN_KEY, None)
    if access_config().mode == "login" and _login_identity() is not None:
        st.logout()


def _submit_password() -> None:
    try:
        sign_in_with(st.session_state.get("signin_name", ""),
                     st.session_state.get("signin_password", ""))
        st.session_state.pop("signin_error", None)
    except PermissionDenied:
        st.session_state["signin_error"] = SIGN_IN_REFUSED
    st.session_state["signin_password"] = ""


def sign_in_controls(key: str) -> None:
    """The sign-in controls for the configured way of signing in (none when open)."""
    config = access_config()
    if config.mode == "login":
        for provider in _providers(_secrets()):
            label = f"Sign in with {provider.capitalize()}" if provider else "Sign in"
            st.button(label, key=f"{key}_login_{provider or 'default'}", type="primary",
                      icon=":material/login:", on_click=st.login,
                      args=(provider,) if provider else ())
    elif config.mode == "password":
        with st.form(f"{key}_password_form", border=True):
            st.text_input("Your name", key="signin_name", max_chars=200,
                          help="Recorded in the audit with every change you save.")
            st.text_input("Password", key="signin_password", type="password")
            st.form_submit_button("Sign in", type="primary", icon=":material/login:",
                                  on_click=_submit_password)
        if st.session_state.get("signin_error"):
            st.error(st.session_state["signin_error"], icon=":material/lock:")


def _sign_in_screen() -> None:
    st.title("Restock Desk")
    config = access_config()
    identity = _login_identity() if config.mode == "login" else None
    if identity is not None:
        st.warning("The account you signed in with has no access to this store. "
                   "Ask the store's owner to add it, or sign in with another account.",
                   icon=":material/block:")
        st.text(f"Signed in as {identity[0] or identity[1]}")
        st.button("Sign out", key="gate_sign_out", on_click=sign_out,
                  icon=":material/logout:")
    else:
        st.write("Sign in to see the store.")
        sign_in_controls("gate")


def gate() -> None:
    """Unless this session may see the app, show only the sign-in screen and stop.

    The sign-in screen is the navigation's only page, so no page's own address
    (``/settings`` …) gets past it.
    """
    if signed_in():
        return
    st.navigation([st.Page(_sign_in_screen, title="Sign in", icon=":material/login:",
                           default=True)], position="hidden").run()
    st.stop()


def demo_banner() -> None:
    """In demo mode: say that this visitor has a store of their own, and offer a reset."""
    if not demo_mode():
        return
    hours = demo_config().max_idle.total_seconds() / 3600
    with st.container(border=True, key="demo_banner"):
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.markdown(
            ":material/science: **Demo mode** — you are working on your own copy of the "
            "demo store. Your policy edits, imports and notifications stay in this "
            "browser session; no other visitor sees them. Copies idle for more than "
            f"{hours:g} hours are removed.")
        button.button("Reset my demo", key="demo_reset", icon=":material/restart_alt:",
                      on_click=reset_demo, width="stretch",
                      help="Put the shipped demo numbers back (for you only).")
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.toast(notice, icon=":material/restart_alt:")


def sidebar_identity() -> None:
    """One line at the foot of the sidebar: who is acting, and as what."""
    who = actor()
    st.sidebar.divider()
    st.sidebar.caption(f":material/person: {md(who.name)} · {who.role.label}"
                       + (" · demo" if demo_mode() else ""))


def today() -> dt.date:
    """The date the numbers are worked out for."""
    return clock.today()


def _forget_cached_reads() -> None:
    from . import data  # data reads through this module's engines

    data.clear()
