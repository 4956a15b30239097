"""Settings: the store's thresholds, who you are and what you may do, demo mode."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from inventory_core import (
    CONSENT_LIMITS,
    CURRENCY_CHOICES,
    LOCALE_CHOICES,
    SETTING_LIMITS,
    TEMPLATE_LABELS,
    DelayConsentSettings,
    Filters,
    InventoryError,
    MessageTemplates,
    StoreSettings,
    currency_label,
    customer_messages,
    last_saved,
    locale_label,
    save_consent_settings,
    save_settings,
    save_templates,
)
from restock_ui import config, demo, fmt, reads, session, sign_in
from restock_ui.safe import md
from restock_ui.views.settings import (
    LABELS,
    MEANINGS,
    TEMPLATE_GROUPS,
    placeholder_help,
    settings_table,
)
from restock_ui.widgets.page_parts import guarded
from restock_ui.widgets.tables import download_table, show_table


def you() -> None:
    """The current user, their role, and the sign-in / sign-out controls."""
    st.subheader("You")
    who = session.actor()
    access = config.access_config()
    left, right = st.columns(2)
    left.metric("Acting as", who.name, help="Recorded as “changed by” in the audit")
    right.metric("Role", who.role.label,
                 help="Editors save changes; viewers look and run what-ifs")
    if config.demo_mode() or access.mode == "open":
        session.name_input(st, "settings_user_name",
                           placeholder=session.DEMO_NAME if config.demo_mode()
                           else session.LOCAL_NAME,
                           help="Shown in the audit of every change you save in this session.")
        if not config.demo_mode():
            st.caption("No sign-in is configured, so whoever opens the app is an editor. "
                       "Configure roles in the app's secrets (see the README).")
        return
    if access.mode == "login":
        st.caption("Signed in with your organisation's account. Editors are the e-mails "
                   "listed under access.editors in the app's secrets.")
    else:
        st.caption("Signed in with a password; the password decides the role.")
    st.button("Sign out", key="settings_sign_out", on_click=sign_in.sign_out,
              icon=":material/logout:")


def locale_fields(current: StoreSettings, editable: bool) -> dict[str, str]:
    """The store's locale and currency: how dates, numbers and money read everywhere."""
    where, money = st.columns(2)
    locales = list(dict.fromkeys([*LOCALE_CHOICES, current.locale]))
    currencies = list(dict.fromkeys([*CURRENCY_CHOICES, current.currency]))
    return {"locale": where.selectbox(LABELS["locale"], locales, key="settings_locale",
                                      index=locales.index(current.locale),
                                      format_func=locale_label, disabled=not editable,
                                      help=MEANINGS["locale"]),
            "currency": money.selectbox(LABELS["currency"], currencies,
                                        index=currencies.index(current.currency),
                                        format_func=currency_label,
                                        key="settings_currency", disabled=not editable,
                                        help=MEANINGS["currency"])}


def store_settings() -> None:
    """The store-wide thresholds, editable by editors."""
    st.subheader("Store settings")
    store = session.store()
    current = reads.settings(store)
    editable = session.can_edit()
    if not editable:
        st.info("You are a viewer: you can see the settings but not change them.",
                icon=":material/visibility:")
    with st.form("settings_form", border=True):
        whole = st.columns(len(SETTING_LIMITS))
        values: dict[str, Any] = {}
        for column, name in zip(whole, SETTING_LIMITS, strict=True):
            low, high, _label, _unit = SETTING_LIMITS[name]
            # no min/max on the box: the browser would refuse a value out of range
            # silently; the save refuses it in words, naming the setting and its range
            values[name] = int(column.number_input(
                LABELS[name], step=1, value=int(getattr(current, name)),
                key=f"settings_{name}", disabled=not editable,
                help=f"{MEANINGS[name]} From {low:,} to {high:,}."))
        values.update(locale_fields(current, editable))
        submitted = st.form_submit_button("Save settings", type="primary",
                                          icon=":material/save:", disabled=not editable)
    if submitted and guarded(lambda: save_settings(
            session.engine(), StoreSettings(**values), actor=session.actor())) is not None:
        reads.changed(store)
        st.session_state["settings_saved"] = True
        st.rerun()
    if st.session_state.pop("settings_saved", False):
        st.success("Settings saved. Every page now uses them.", icon=":material/check:")
    saved_by = last_saved(store.engine)
    if saved_by:
        st.caption(f"Last saved by {md(saved_by[0])} on {fmt.format_date(saved_by[1])} "
                   f"at {saved_by[1]:%H:%M}.")
    table = settings_table(current)
    show_table(st, table, key="settings_table",
               column_config={"Meaning": st.column_config.TextColumn(width="large")})
    download_table(table, "store-settings", key="settings_download")


def delay_consent() -> None:
    """The delay-consent rule's numbers (US FTC 16 CFR 435 defaults) and its switch."""
    st.subheader("Delay consent")
    store = session.store()
    current = reads.consent_settings(store)
    editable = session.can_edit()
    with st.form("consent_form", border=True):
        enabled = st.toggle("Track delay consent (US FTC Mail, Internet, or Telephone Order "
                            "Rule)", value=current.enabled, key="consent_enabled",
                            disabled=not editable,
                            help="Off for a store outside the rule's scope.")
        values: dict[str, Any] = {"enabled": enabled}
        for column, (name, (low, high, label, unit)) in zip(
                st.columns(len(CONSENT_LIMITS)), CONSENT_LIMITS.items(), strict=True):
            values[name] = int(column.number_input(  # out of range: refused in words
                f"{label} ({unit})", step=1, value=int(getattr(current, name)),
                key=f"consent_{name}", disabled=not editable,
                help=f"From {low:,} to {high:,}."))
        submitted = st.form_submit_button("Save delay consent", icon=":material/save:",
                                          disabled=not editable)
    if submitted and guarded(lambda: save_consent_settings(
            session.engine(), DelayConsentSettings(**values),
            actor=session.actor())) is not None:
        reads.changed(store)
        st.success("Delay-consent settings saved.", icon=":material/check:")
    st.caption("An order ships by its promised date, or within the days above when none "
               "was stated. Silence counts as consent only to a first delay to a definite "
               "date at most the silence window late; otherwise the customer must choose "
               "Wait on their status page, or the line is listed to cancel and refund.")


def message_templates() -> None:
    """The templates every customer message is written from, with a live preview on a
    real order."""
    st.subheader("Customer messages")
    st.caption("The outbox's notices and Customer lookup's message are written from these "
               "sentences. Words in braces, like {name} or {new_date}, are filled in for "
               "each order; each field says which it may use.")
    store, today = session.store(), session.today()
    current = reads.templates(store)
    editable = session.can_edit()
    edited: dict[str, str] = {}
    for group, names in TEMPLATE_GROUPS.items():
        with st.expander(group):
            for name in names:
                edited[name] = st.text_area(
                    TEMPLATE_LABELS[name], value=getattr(current, name), height=68,
                    key=f"settings_msg_{name}", disabled=not editable,
                    help=placeholder_help(name), max_chars=1000)
    templates = MessageTemplates(**edited)
    preview(store, today, templates)
    save_col, reset_col, _ = st.columns([1, 1, 2])
    if save_col.button("Save templates", key="settings_msg_save", type="primary",
                       icon=":material/save:", disabled=not editable) and guarded(
            lambda: save_templates(session.engine(), templates, actor=session.actor()),
    ) is not None:
        reads.changed(store)
        st.success("Templates saved. New messages and Customer lookup use them.",
                   icon=":material/check:")
    if reset_col.button("Put back the defaults", key="settings_msg_defaults",
                        disabled=not editable):
        for name in edited:
            st.session_state[f"settings_msg_{name}"] = getattr(MessageTemplates(), name)
        st.rerun()


def preview(store: reads.StoreKey, today: dt.date, templates: MessageTemplates) -> None:
    """The message of one real order, written from the templates as they stand."""
    oldest = reads.oldest_lines(store, today, Filters(), 20)
    orders = list(dict.fromkeys(oldest["order_number"]))
    if not orders:
        st.caption("No order is waiting: the preview appears once one is.")
        return
    order = st.selectbox("Preview on the order", orders, key="settings_msg_order",
                         help="The orders with the oldest open backorders.")
    lines = reads.customer_lines(store, today, order, None)
    for message in customer_messages(lines, templates, today):
        st.caption(f"Subject: {md(message.subject)}")
        st.code(message.body, language=None, wrap_lines=True)


def demo_status() -> None:
    """Whether this is the public demo, its limits, and the reset."""
    st.subheader("Demo mode")
    if not config.demo_mode():
        st.write("Off: everyone works on the same store. Turn it on with "
                 "`RESTOCK_DEMO_MODE=1` or `demo_mode = true` in the app's secrets.")
        return
    demo_config = config.demo_config()
    st.write(f"On: you have a copy of the demo store of your own. At most "
             f"{demo_config.max_count} copies are kept; one idle for more than "
             f"{demo_config.max_idle.total_seconds() / 3600:g} hours is removed, the oldest "
             "first.")
    st.button("Reset my demo", key="settings_reset_demo", on_click=demo.reset_demo,
              icon=":material/restart_alt:",
              help="Put the shipped demo numbers back (for you only).")


def page() -> None:
    """You, the store's settings, the customer messages, and demo mode."""
    st.title("Settings")
    try:
        you()
        store_settings()
        delay_consent()
        message_templates()
        demo_status()
    except InventoryError as error:
        st.error(md(error), icon=":material/error:")


page()
