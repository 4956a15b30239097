"""Signing in: who may see the app, the sign-in screen, and the gate in front of it.

Three ways, set in the app's secrets (``inventory_core.AccessConfig``): open (no
sign-in: everyone edits), Streamlit's login (the account's e-mail decides the role),
or passwords (the password opens a role). Demo mode is always open.

Password sign-ins are throttled per name and per browser session
(``inventory_core.SignInThrottle``): after a few failures each attempt waits longer,
then the name or session is locked for a while, said so in words. A password hash in
the secrets that cannot be used is shown as a configuration error on the sign-in
screen; the other role still signs in.
"""

from __future__ import annotations

import time
import uuid

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.pages_manager import PagesManager

from inventory_core import (
    SIGN_IN_REFUSED,
    PermissionDenied,
    SignInThrottle,
    sign_in_with_password,
)
from restock_ui.config import access_config, demo_mode, login_providers
from restock_ui.safe import md

SIGNED_IN_KEY = "access.signed_in"  # (name, role value) after a password sign-in
SESSION_KEY = "access.session_id"  # this browser session, for throttling its attempts


@st.cache_resource(show_spinner=False)
def _throttle() -> SignInThrottle:
    """The failed sign-ins of every session of this server process."""
    return SignInThrottle()


def _attempt_keys(name: str) -> list[str]:
    """What a sign-in attempt is counted under: the name typed and this session."""
    if SESSION_KEY not in st.session_state:
        st.session_state[SESSION_KEY] = uuid.uuid4().hex
    return [f"name:{' '.join(name.split()).casefold()}",
            f"session:{st.session_state[SESSION_KEY]}"]


def login_identity() -> tuple[str, str] | None:
    """(email, name) of the account signed in with Streamlit's login, or None."""
    user = st.user
    if not user.get("is_logged_in"):
        return None
    email = str(user.get("email") or "").strip()
    name = str(user.get("name") or "").strip()
    return email, name


def password_identity() -> tuple[str, str] | None:
    """(name, role value) given at a password sign-in in this session, or None."""
    signed: tuple[str, str] | None = st.session_state.get(SIGNED_IN_KEY)
    return signed or None


def signed_in() -> bool:
    """True when this session may see the app (always, unless roles are configured)."""
    if demo_mode():
        return True
    config = access_config()
    if config.mode == "open":
        return True
    if config.mode == "login":
        identity = login_identity()
        return identity is not None and config.role_for_email(identity[0]) is not None
    return password_identity() is not None


def sign_in_with(name: str, password: str) -> None:
    """Password sign-in; raises PermissionDenied with one message whatever was wrong,
    and, once attempts are throttled, how long to wait (the password is then not
    looked at)."""
    keys, now = _attempt_keys(name or ""), time.time()
    waiting = _throttle().refused(keys, now)
    if waiting:
        raise PermissionDenied(waiting)
    try:
        signed = sign_in_with_password(access_config(), name, password)
    except PermissionDenied:
        wait = _throttle().failed(keys, now)
        raise PermissionDenied(SIGN_IN_REFUSED + (f" {wait}" if wait else "")) from None
    _throttle().succeeded(keys)
    st.session_state[SIGNED_IN_KEY] = (signed.name, signed.role.value)


def sign_out() -> None:
    """Sign this session out (Streamlit login: also clears the identity cookie)."""
    st.session_state.pop(SIGNED_IN_KEY, None)
    if access_config().mode == "login" and login_identity() is not None:
        st.logout()


def _submit_password() -> None:
    try:
        sign_in_with(st.session_state.get("signin_name", ""),
                     st.session_state.get("signin_password", ""))
        st.session_state.pop("signin_error", None)
    except PermissionDenied as refused:
        st.session_state["signin_error"] = str(refused)
    st.session_state["signin_password"] = ""


def sign_in_controls(key: str) -> None:
    """The sign-in controls for the configured way of signing in (none when open)."""
    config = access_config()
    if config.mode == "login":
        for provider in login_providers():
            label = f"Sign in with {provider.capitalize()}" if provider else "Sign in"
            st.button(label, key=f"{key}_login_{provider or 'default'}", type="primary",
                      icon=":material/login:", on_click=st.login,
                      args=(provider,) if provider else ())
    elif config.mode == "password":
        for problem in config.problems:
            st.error(md(problem), icon=":material/settings_alert:")
        with st.form(f"{key}_password_form", border=True):
            st.text_input("Your name", key="signin_name", max_chars=200,
                          help="Recorded in the audit with every change you save.")
            st.text_input("Password", key="signin_password", type="password")
            st.form_submit_button("Sign in", type="primary", icon=":material/login:",
                                  on_click=_submit_password)
        if st.session_state.get("signin_error"):
            # our own words only (the refusal and the wait), never what was typed
            st.error(st.session_state["signin_error"], icon=":material/lock:")


def sign_in_screen() -> None:
    """The page shown to a session that may not see the app yet."""
    st.title("Restock Desk")
    config = access_config()
    identity = login_identity() if config.mode == "login" else None
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
    st.navigation([st.Page(sign_in_screen, title="Sign in", icon=":material/login:",
                           default=True)], position="hidden").run()
    st.stop()


def ensure_entrypoint() -> None:
    """Make every page run through dashboard.py (its sign-in gate, banner and sidebar).

    Streamlit runs a fresh process's first script runs the old way, each file of
    ``pages/`` on its own, until some session calls ``st.navigation``; a page's own
    address (``/settings``) would then skip dashboard.py. This turns that off and
    runs the script again, through dashboard.py.
    """
    if type(Runtime.instance()) is not Runtime:  # AppTest runs a switched-to page by itself
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def guard() -> None:
    """Through dashboard.py only, and signed in: else the sign-in controls, and stop."""
    ensure_entrypoint()
    if not signed_in():
        sign_in_screen()
        st.stop()
