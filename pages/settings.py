"""Settings: the store's thresholds, who you are and what you may do, demo mode."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory_core.domain.settings import LIMITS, StoreSettings
from inventory_core.errors import InventoryError
from inventory_core.services.settings import last_saved, save_settings
from restock_ui import data, fmt, session, widgets
from restock_ui.safe import md

MEANINGS = {
    "low_stock_at": "A SKU with this many units available or fewer shows “Low stock” "
                    "(a product's own threshold wins).",
    "demand_window_days": "Demand rate = units ordered over this many trailing days, "
                          "per day.",
    "safety_days": "Days of demand held as safety stock in the reorder point.",
    "currency": "The symbol money is shown with.",
}
LABELS = {"low_stock_at": "Low-stock threshold (units)",
          "demand_window_days": "Demand window (days)",
          "safety_days": "Safety stock (days)", "currency": "Currency symbol"}


def you() -> None:
    """The current user, their role, and the sign-in / sign-out controls."""
    st.subheader("You")
    who = session.actor()
    config = session.access_config()
    left, right = st.columns(2)
    left.metric("Acting as", who.name, help="Recorded as “changed by” in the audit")
    right.metric("Role", who.role.label,
                 help="Editors save changes; viewers look and run what-ifs")
    if session.demo_mode() or config.mode == "open":
        session.name_input(st, "settings_user_name",
                           placeholder=session.DEMO_NAME if session.demo_mode()
                           else session.LOCAL_NAME,
                           help="Shown in the audit of every change you save in this session.")
        if not session.demo_mode():
            st.caption("No sign-in is configured, so whoever opens the app is an editor. "
                       "Configure roles in the app's secrets (see the README).")
        return
    if config.mode == "login":
        st.caption("Signed in with your organisation's account. Editors are the e-mails "
                   "listed under access.editors in the app's secrets.")
    else:
        st.caption("Signed in with a password; the password decides the role.")
    st.button("Sign out", key="settings_sign_out", on_click=session.sign_out,
              icon=":material/logout:")


def store_settings() -> None:
    """The store-wide thresholds, editable by editors."""
    st.subheader("Store settings")
    engine = session.engine()
    current = data.settings(session.db_url())
    editable = session.can_edit()
    if not editable:
        st.info("You are a viewer: you can see the settings but not change them.",
                icon=":material/visibility:")
    with st.form("settings_form", border=True):
        a, b, c, d = st.columns(4)
        values = {}
        for column, name in zip((a, b, c), LIMITS, strict=True):
            low, high, _label, _unit = LIMITS[name]
            values[name] = column.number_input(
                LABELS[name], min_value=low, max_value=high, step=1,
                value=int(getattr(current, name)), key=f"settings_{name}",
                disabled=not editable, help=MEANINGS[name])
        values["currency"] = d.text_input(LABELS["currency"], value=current.currency,
                                          max_chars=8, key="settings_currency",
                                          disabled=not editable, help=MEANINGS["currency"])
        submitted = st.form_submit_button("Save settings", type="primary",
                                          icon=":material/save:", disabled=not editable)
    if submitted:
        try:
            values.update({name: int(values[name]) for name in LIMITS})
            save_settings(engine, StoreSettings(**values), actor=session.actor())
        except InventoryError as error:
            st.error(str(error), icon=":material/error:")
        else:
            data.clear()
            st.session_state["settings_saved"] = True
            st.rerun()
    if st.session_state.pop("settings_saved", False):
        st.success("Settings saved. Every page now uses them.", icon=":material/check:")
    saved_by = last_saved(engine)
    if saved_by:
        st.caption(f"Last saved by {md(saved_by[0])} on {fmt.format_date(saved_by[1])} "
                   f"at {saved_by[1]:%H:%M}.")
    table = pd.DataFrame({
        "Setting": [LABELS[n] for n in MEANINGS],
        "Value": [str(getattr(current, n)) for n in MEANINGS],
        "Default": [str(getattr(StoreSettings(), n)) for n in MEANINGS],
        "Meaning": list(MEANINGS.values()),
    })
    st.dataframe(table, hide_index=True, width="stretch", key="settings_table",
                 column_config={"Meaning": st.column_config.TextColumn(width="large")})
    widgets.download_table(table, "store-settings", key="settings_download")


def demo_status() -> None:
    """Whether this is the public demo, its limits, and the reset."""
    st.subheader("Demo mode")
    if not session.demo_mode():
        st.write("Off: everyone works on the same store. Turn it on with "
                 "`RESTOCK_DEMO_MODE=1` or `demo_mode = true` in the app's secrets.")
        return
    config = session.demo_config()
    st.write(f"On: you have a copy of the demo store of your own. At most "
             f"{config.max_count} copies are kept; one idle for more than "
             f"{config.max_idle.total_seconds() / 3600:g} hours is removed, the oldest first.")
    st.button("Reset my demo", key="settings_reset_demo", on_click=session.reset_demo,
              icon=":material/restart_alt:",
              help="Put the shipped demo numbers back (for you only).")


st.title("Settings")
try:
    you()
    store_settings()
    demo_status()
except InventoryError as error:
    st.error(str(error), icon=":material/error:")
