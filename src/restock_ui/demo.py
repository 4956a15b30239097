"""Demo mode: this visitor's own sandbox store, its reset, and the banner that says so.

In demo mode every visitor works on a copy of the shipped demo store (see
``inventory_core.SandboxPool``); what one visitor changes, no other sees.
"""

from __future__ import annotations

import streamlit as st

from inventory_core import Sandbox, SandboxPool, clock
from restock_ui import reads
from restock_ui.config import demo_config, demo_mode

SANDBOX_KEY = "demo.sandbox_id"
NOTICE_KEY = "demo.notice"


def _pool() -> SandboxPool:
    return SandboxPool.from_config(demo_config())


def sandbox() -> Sandbox:
    """This visitor's sandbox, made (from the pristine demo store) on first use."""
    pool = _pool()
    first = SANDBOX_KEY not in st.session_state
    if first:
        st.session_state[SANDBOX_KEY] = pool.new_id()
    box = pool.touch(st.session_state[SANDBOX_KEY])  # the usual case: it exists
    if box is None:
        with st.spinner("Preparing your own copy of the demo store…"):
            box = pool.checkout(st.session_state[SANDBOX_KEY], pool.pristine(clock.today()))
    if box.fresh and not first:
        # a resting sandbox was removed (idle, or room for other visitors) and made
        # again: what was cached for it is stale
        reads.changed(box.url)
        st.session_state[NOTICE_KEY] = (
            "Your demo store was removed while you were away (it had been idle, or the "
            "demo needed room for other visitors); you now have a fresh copy of the "
            "shipped demo store, and your earlier changes are gone.")
    return box


def reset_demo() -> None:
    """Put the shipped demo store back in this visitor's sandbox (theirs only)."""
    pool = _pool()
    if SANDBOX_KEY not in st.session_state:
        st.session_state[SANDBOX_KEY] = pool.new_id()
    box = pool.reset(st.session_state[SANDBOX_KEY], pool.pristine(clock.today()))
    reads.changed(box.url)
    st.session_state[NOTICE_KEY] = "Your demo store is back to the shipped numbers."


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
