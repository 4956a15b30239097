"""One SKU on the Policies page: its policy edited field by field (a form that fits a
phone, where the grid does not), its what-if, and its storefront under both policies."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from inventory_core import POLICY_FIELD_LABELS, PolicyMode, availability_line
from restock_ui import fmt, reads
from restock_ui.safe import md
from restock_ui.views import policy_edits as edits
from restock_ui.views import policy_scenario as scenarios
from restock_ui.views import whatif
from restock_ui.views.policy_edits import OUTCOME
from restock_ui.views.policy_grid import CAP_HELP
from restock_ui.views.policy_scenario import Scenario
from restock_ui.widgets import tables
from restock_ui.widgets.page_parts import empty_state


def product_names(base: pd.DataFrame) -> dict[str, str]:
    """Each SKU of ``base`` (the SKU table, and so of its scenarios) → its product's
    name, in its order."""
    return edits.memo("sku_names", (base,),
                      lambda: dict(zip(base["sku"], base["name"], strict=True)), share=True)


def editor(base: pd.DataFrame, scenario: Scenario, recs: pd.DataFrame) -> str | None:
    """One SKU's policy, one field under the other (it fits a phone): pick the SKU, see its
    recommendation, apply the edit as an unsaved edit; returns the SKU picked."""
    frame, names = scenario.frame, product_names(base)
    sku = tables.pick_or_type(st, "SKU", list(names), key="policies_one_sku",
                              what="SKU", format_func=lambda s: f"{s} · {names.get(s, '')}")
    if sku is None:
        st.caption("Pick a SKU to edit its policy here and see its what-if.")
        return None
    if sku not in names:
        st.error(f"No SKU “{md(sku)}” among the products selected.", icon=":material/error:")
        return None
    row = frame.set_index("sku").loc[sku]
    by_sku = recs.set_index("sku")
    if sku in by_sku.index:
        st.info(f"Recommended: **{PolicyMode(by_sku.at[sku, 'recommended_mode']).label}** — "
                f"{md(by_sku.at[sku, 'reason'])}", icon=":material/lightbulb:")
    check = scenario.checks.get(sku)
    if check:
        st.warning(md(check), icon=":material/warning:")
    labels, modes, now = POLICY_FIELD_LABELS, list(PolicyMode), edits.form_values(row)
    with st.form(f"policies_one_form_{sku}", border=True):
        key = f"policies_one_{sku}_"  # per SKU: each SKU's form starts from its policy
        mode = st.selectbox(labels["mode"], modes, index=modes.index(now["mode"]),
                            format_func=lambda m: m.label, key=key + "mode")
        cap = st.number_input(labels["cap"], value=now["cap"], step=1, placeholder="No cap",
                              help=CAP_HELP, key=key + "cap")
        restock = st.date_input(labels["restock_date"], value=now["restock_date"],
                                format="DD/MM/YYYY", key=key + "restock_date")
        release = st.date_input(labels["release_date"], value=now["release_date"],
                                format="DD/MM/YYYY", key=key + "release_date")
        button = st.text_input(labels["button_label"], value=now["button_label"] or "",
                               max_chars=100, key=key + "button_label")
        note = st.text_area(labels["customer_note"], value=now["customer_note"] or "",
                            max_chars=500, help="{date} is filled in with the promised date",
                            key=key + "customer_note")
        discount = st.number_input(labels["discount_pct"], value=float(now["discount_pct"]),
                                   step=0.5, key=key + "discount_pct")
        auto = st.toggle(labels["auto_switch"], value=bool(now["auto_switch"]),
                         key=key + "auto_switch")
        if not st.form_submit_button(f"Apply to {sku}", type="primary",
                                     icon=":material/edit:"):
            return sku
    try:
        count = edits.set_one(sku, {
            "mode": mode, "cap": cap, "restock_date": restock, "release_date": release,
            "button_label": button, "customer_note": note, "discount_pct": discount,
            "auto_switch": auto}, row)
    except ValueError as error:
        st.error(f"{md(sku)} not edited: {md(error)}", icon=":material/error:")
        return sku
    st.session_state[OUTCOME] = ("info", f"{sku}: {fmt.plural(count, 'field')} changed as "
                                 "unsaved edits; its what-if is under the form, then save."
                                 if count else f"{sku}: nothing changed.")
    st.rerun()
    return sku  # (not reached: the rerun starts the page again)


def whatif_of(slot: DeltaGenerator, projected: whatif.WhatIf, sku: str,
                   currency: str) -> None:
    """Under the one-SKU form: that SKU's outputs, stored policy against the scenario."""
    table = whatif.one_sku_table(projected.per_sku, sku, currency)
    with slot:
        st.markdown(f"**What-if for {md(sku)}**, over the horizon of the what-if below")
        if table is None:
            st.caption("This SKU is not in the projection (no demand or supply to project).")
            return
        tables.show_table(st, table, key="policies_one_whatif")


def storefront_preview(store: reads.StoreKey, today: dt.date, base: pd.DataFrame,
                       scenario: Scenario, grid_skus: list[str]) -> None:
    """One SKU's storefront under the stored policy and under the scenario, side by side."""
    settings = reads.settings(store)
    st.subheader("Storefront preview")
    # edited SKUs first, then the grid's rows: at most two screens' worth to choose from
    choices = scenarios.preview_choices(scenario, grid_skus, tables.TABLE_ROWS)
    names = product_names(base)
    picked = st.selectbox("SKU", choices, key="policies_preview",
                          format_func=lambda s: f"{s} · {names.get(s, '')}",
                          help="The SKUs you edited, then those in the grid (use the search "
                               "above the grid to find another).")
    if picked is None:
        empty_state("No SKU to preview: no SKU is edited and the search above the grid "
                    "finds none.")
        return
    views = scenarios.storefronts(base, scenario, picked, today, settings.low_stock_at)
    for column, (title, item) in zip(st.columns(2), views.items(), strict=True):
        with column.container(border=True):
            st.caption(title)
            price = fmt.money(float(item["price"]), settings.currency, 2) \
                if item["price_known"] else "Price unknown"
            st.markdown(f"**{md(item['name'])}**  \n{price}")
            st.markdown(availability_line(item["state"], item["promised_date"],
                                          int(item["available"])))
            st.button(md(item["button"]), key=f"policies_preview_button_{title}",
                      type="primary", disabled=not item["state"].is_sellable())
            st.markdown(md(item["note"]))
            if item.get("state_reason"):  # why it shows this, not what the mode would
                st.caption(md(item["state_reason"]))
