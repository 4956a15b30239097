"""Demo mode: this visitor's own sandbox store, its reset, and the banner that says so.

In demo mode every visitor works on a copy of the shipped demo store (see
``inventory_core.SandboxPool``); what one visitor changes, no other sees. Until their
first write a visitor reads the pristine demo store, with every other such visitor
(one store, one set of cached reads); the first write makes their sandbox, and from
then on they read it. A visitor whose sandbox had to go (idle, or room for others)
reads the pristine store again, is told so, and gets a fresh sandbox at their next
write.
"""

from __future__ import annotations

import streamlit as st

from inventory_core import Sandbox, SandboxPool, clock
from restock_ui import reads
from restock_ui.config import demo_config, demo_mode

SANDBOX_KEY = "demo.sandbox_id"
HELD_KEY = "demo.had_sandbox"
NOTICE_KEY = "demo.notice"
REMOVED = ("Your demo store was removed while you were away (it had been idle, or the "
           "demo needed room for other visitors): you see the shipped demo store again, "
           "your earlier changes are gone, and your next change starts a fresh copy.")


def _pool() -> SandboxPool:
    return SandboxPool.from_config(demo_config())


def _sandbox_id(pool: SandboxPool) -> str:
    if SANDBOX_KEY not in st.session_state:
        st.session_state[SANDBOX_KEY] = pool.new_id()
    return str(st.session_state[SANDBOX_KEY])


def sandbox_url() -> str:
    """The URL of this visitor's sandbox, where their writes go (made at the first one)."""
    pool = _pool()
    sandbox_id = _sandbox_id(pool)
    return Sandbox(sandbox_id, pool.path(sandbox_id), fresh=False).url


def store_urls() -> tuple[str, str]:
    """(the store this visitor reads, the store their writes go to) for this run.

    Marks their sandbox as in use when they have one; otherwise they read the pristine
    demo store (built once per process and day, for everyone). When their sandbox is
    gone since the last run, say so, and forget what was cached for it.
    """
    pool = _pool()
    box = pool.touch(_sandbox_id(pool))
    if box is not None:
        st.session_state[HELD_KEY] = True
        return box.url, box.url
    home = sandbox_url()
    if st.session_state.pop(HELD_KEY, False):
        reads.changed(home)
        st.session_state[NOTICE_KEY] = REMOVED
    with st.spinner("Preparing the demo store…"):
        pristine = pool.pristine(clock.today())
    return f"sqlite:///{pristine}", home


def reset_demo() -> None:
    """Put the shipped demo store back in this visitor's sandbox (theirs only)."""
    pool = _pool()
    sandbox_id = _sandbox_id(pool)
    if pool.touch(sandbox_id) is not None:
        reads.changed(pool.reset(sandbox_id, pool.pristine(clock.today())).url)
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
