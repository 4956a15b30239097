"""Policies & what-if: edit each SKU's policy and see the consequences before saving."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple
from functools import partial

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from inventory_core import (
    POLICY_FIELD_LABELS,
    WHATIF_OUTPUTS,
    Filters,
    InventoryError,
    PolicyMode,
    Role,
    bulk_preview,
    revert_policy_change,
    save_policies,
    search_skus,
)
from restock_ui import fmt, reads, session
from restock_ui.charts import whatif as charts
from restock_ui.safe import md
from restock_ui.views import policy_edits as edits
from restock_ui.views import policy_scenario as scenarios
from restock_ui.views import whatif
from restock_ui.views.policy_edits import OUTCOME, REFUSED, REVERTING
from restock_ui.views.policy_grid import READ_ONLY, grid, grid_columns
from restock_ui.views.policy_scenario import Scenario
from restock_ui.widgets import filters, one_sku, tables
from restock_ui.widgets.assumptions import assumptions_asked
from restock_ui.widgets.columns import datetime_column, money_column, with_money
from restock_ui.widgets.figures import show_chart
from restock_ui.widgets.page_parts import empty_state, page_header


def page() -> None:
    """Who edits, the bulk tools, the grid, the what-if, the preview, the save, the history."""
    store, today, selection = session.store(), session.today(), filters.current()
    page_header("Policies & what-if", "Change how each product sells when it runs out, "
                "see what it does over the coming weeks, then save. Nothing is stored "
                "until you press Save.", selection)
    base = reads.skus(store, today, selection)
    if base.empty:
        empty_state("No products match the sidebar filters.",
                    "Clear the filters, or import products on the Data page.")
        return
    who_is_editing()
    edits.fold_grid_edits()
    scenario = scenarios.work_out(base, today)
    recs = reads.recommended(store, today, selection)
    bulk_tools(store, today, selection, base, scenario, recs)
    outcome = st.session_state.pop(OUTCOME, None)
    if outcome:
        getattr(st, outcome[0])(outcome[1], icon=":material/check_circle:")
    grid_tab, one_tab = st.tabs(["All SKUs", "One SKU"])
    with grid_tab:
        grid_skus = policy_grid(base, scenario, recs)
    with one_tab:  # where the grid does not fit (a phone), or to look at one SKU closely
        picked = one_sku.editor(base, scenario, recs)
        one_sku_slot = st.container()
    projected = what_if(store, today, selection, base, scenario)
    if picked is not None:
        one_sku.whatif_of(one_sku_slot, projected, picked, reads.settings(store).currency)
    one_sku.storefront_preview(store, today, base, scenario, grid_skus)
    save(store, today, selection, scenario)
    history(store, today, selection)


def who_is_editing() -> None:
    """The editor's name (where no sign-in gives it) and the scenario's name."""
    who, scenario_col = st.columns(2)
    session.name_input(who, "policies_user_name", placeholder="e.g. Ana Lopez",
                       help="Recorded with every change you save (asked once per browser "
                            "session).")
    scenario_col.text_input("Scenario name", key="policies_scenario", max_chars=200,
                            placeholder="e.g. Stop backorders from Slow Ltd",
                            help="Saved with each change as its reason.")


def bulk_tools(store: reads.StoreKey, today: dt.date, selection: Filters, base: pd.DataFrame,
               scenario: Scenario, recs: pd.DataFrame) -> None:
    """Apply the recommendations, discard the edits, reload; one edit for many SKUs."""
    tools = st.container(horizontal=True)  # each button as wide as its label; wraps on a phone
    if tools.button("Apply recommendations", key="policies_apply_recs",
                       icon=":material/auto_fix_high:",
                       help="Turn every recommendation into an edit you can inspect before "
                            "saving."):
        count = edits.apply_recommendations(scenario.frame, recs)
        st.session_state[OUTCOME] = ("info", f"Recommendations applied to "
                                     f"{fmt.plural(count, 'SKU')} as unsaved edits: check the "
                                     "what-if below, then save.")
        st.rerun()
    if tools.button(f"Discard edits ({scenario.edited:,})", key="policies_discard",
                       icon=":material/undo:", disabled=scenario.changes.empty):
        edits.discard()
        st.rerun()
    if tools.button("Reload", key="policies_reload", icon=":material/refresh:",
                       help="Load the stored policies again (your unsaved edits are kept)."):
        edits.reload(reads.skus(reads.changed(store), today, selection))
        st.rerun()
    with st.expander("Bulk edit: one change for many SKUs", icon=":material/edit_note:"):
        bulk_edit(base, scenario)


def bulk_edit(base: pd.DataFrame, scenario: Scenario) -> None:
    """One change for the SKUs a rule picks (among those of ``base``, the SKU table), told
    per current mode before it is applied."""
    frame = scenario.frame
    st.caption("Pick the SKUs by any mix of supplier, category, current mode and storefront "
               "state (empty = any), then the change. Nothing is applied until you press "
               "Apply; nothing is stored until you save.")
    rule_cols = st.columns(4)
    choices = edits.memo("bulk_choices", (base,), lambda: scenarios.bulk_choices(base),
                         share=True)
    picked = {name: column.multiselect(label, options, key=f"policies_bulk_{name}")
              for column, (name, label, options) in zip(rule_cols, choices, strict=True)}
    field_col, value_col, apply_col = st.columns([1, 1.5, 1])
    field = field_col.selectbox("Field", list(POLICY_FIELD_LABELS),
                                format_func=POLICY_FIELD_LABELS.__getitem__,
                                key="policies_bulk_field")
    value = new_value(value_col, field)
    with_discontinued = st.checkbox(
        "Include discontinued SKUs in a mode change", key="policies_bulk_discontinued",
        help="A mode change leaves discontinued SKUs alone unless you tick this or pick "
             "the storefront state Discontinued.")
    rule = scenarios.bulk_rule(picked, with_discontinued)
    try:
        preview = edits.memo("bulk_preview", (frame, astuple(rule), field, value),
                             lambda: bulk_preview(frame, rule, field, value),
                             share=scenario.stored)
    except InventoryError as error:
        st.error(md(error), icon=":material/error:")
        return
    st.caption(scenarios.bulk_summary(preview, field))
    apply_col.write("")
    if not apply_col.button(f"Apply to {fmt.plural(preview.count, 'SKU')}",
                            key="policies_bulk_apply", disabled=not preview.count,
                            type="primary"):
        return
    count = edits.set_everywhere(frame, preview.changes, field, value)
    st.session_state[OUTCOME] = ("info", f"{POLICY_FIELD_LABELS[field]} set on "
                                 f"{fmt.plural(count, 'SKU')} as unsaved edits.")
    st.rerun()


def new_value(column: DeltaGenerator, field: str) -> object:
    """The bulk edit's new value of ``field``, asked with the control that suits it."""
    if field == "mode":
        return column.selectbox("New value", [m.label for m in PolicyMode],
                                key="policies_bulk_mode")
    if field in ("restock_date", "release_date"):
        return column.date_input("New value", value=None, key=f"policies_bulk_{field}",
                                 format="DD/MM/YYYY")
    if field == "auto_switch":
        return column.toggle("On", key="policies_bulk_auto")
    if field in ("cap", "discount_pct"):
        return column.number_input("New value (empty for none)", value=None, step=1.0,
                                   key=f"policies_bulk_{field}")
    return column.text_input("New value", key=f"policies_bulk_{field}")


def policy_grid(base: pd.DataFrame, scenario: Scenario, recs: pd.DataFrame) -> list[str]:
    """The grid of the scenario's policies for the SKUs of ``base`` (the SKU table) that
    the search finds (its edits become pending edits); returns the SKUs of its rows."""
    search = st.text_input("Find SKUs", key="policies_search",
                           placeholder="SKU or product name", label_visibility="collapsed")
    # a search reads codes and names, never a policy: the stored table's rows serve
    matches = edits.memo("grid_matches", (base, search), lambda: search_skus(base, search),
                         share=True)
    if matches.empty:
        st.session_state[edits.ROWS] = []
        empty_state(f"No SKU matches “{md(search.strip())}”.",
                    f"Change the search (the grid holds {len(scenario.frame):,} SKUs), or "
                    "clear it to see them all.")
        return []
    listed = tables.first_rows(matches, "SKUs", hint=(
        "narrow them with the search or the sidebar, or change them all with a bulk edit"))
    table = edits.memo("grid", (matches, scenario.frame, recs, scenario.checks),
                       lambda: grid(scenario.frame.loc[listed.index], recs, scenario.checks),
                       share=scenario.stored)
    st.session_state[edits.ROWS] = list(table.index)
    st.data_editor(table, key=edits.editor_key(), num_rows="fixed", width="stretch",
                   height=420, column_config=grid_columns(), disabled=READ_ONLY,
                   placeholder=tables.EMPTY)
    counted = (f"{len(matches):,} of {len(scenario.frame):,} SKUs match “{md(search.strip())}”"
               if search.strip() else f"{len(scenario.frame):,} SKUs")
    st.caption(f"{counted} · {scenario.edited:,} edited, "
               f"{len(scenario.changes):,} fields changed · {scenario.count('error')} errors, "
               f"{scenario.count('warning')} warnings")
    tables.download_table(table.reset_index(), "policies", key="policies_download",
                          label="Download policies (CSV)")
    return list(table.index)


def what_if(store: reads.StoreKey, today: dt.date, selection: Filters, base: pd.DataFrame,
            scenario: Scenario) -> whatif.WhatIf:
    """The scenario projected against the stored policies: headline, totals, charts, SKUs;
    returns the projection."""
    settings = reads.settings(store)
    currency = settings.currency
    st.subheader("What-if: stored policies vs. this scenario")
    horizon_col, _ = st.columns([1, 3])
    horizon = int(horizon_col.number_input("Horizon (days)", min_value=7, max_value=365,
                                           value=60, step=1, key="policies_horizon"))
    assumptions = assumptions_asked(reads.measured(store, today))
    inputs = reads.whatif_inputs(store, today, selection)
    baseline = reads.baseline(store, today, selection, horizon, assumptions)
    stored = reads.stored_policies(store, today, selection)
    as_stored = edits.memo("projection_stored", (inputs, baseline, base),
                           lambda: whatif.project_scenario(inputs, baseline, stored, base, base,
                                                           horizon, assumptions), share=True)
    projected = as_stored if scenario.stored else edits.memo(
        "projection", (inputs, baseline, scenario.frame),
        lambda: whatif.project_scenario(inputs, baseline, stored, base, scenario.frame,
                                        horizon, assumptions, as_stored, scenario.differing))
    spread = edits.memo("range", (inputs, baseline, scenario.frame),
                        lambda: whatif.scenario_range(inputs, scenario.frame, horizon,
                                                      assumptions),
                        share=scenario.stored) \
        if st.toggle("Show the range (p10–p90)", key="policies_range",
                     help="A slow and a busy case: each SKU's demand at the ends of its 80 % "
                          "interval, supply on its typical and its late (p90) delay.") else None
    by_output = projected.comparison.set_index("output")
    for chunk in (whatif.HEADLINE[:3], whatif.HEADLINE[3:]):
        for column, output in zip(st.columns(3), chunk, strict=True):
            line = by_output.loc[output]
            change = line["change"]
            column.metric(WHATIF_OUTPUTS[output],
                          whatif.output_text(line["scenario"], output, currency),
                          delta=None if abs(change) < 0.05
                          else whatif.signed(change, output, currency),
                          delta_color="inverse" if output in whatif.WORSE_WHEN_UP else "normal",
                          border=True, help=f"Over {horizon} days; with the stored policies: "
                          f"{whatif.output_text(line['baseline'], output, currency)}")
    totals = whatif.totals_table(projected.comparison, currency, spread)
    tables.show_table(st, totals, key="policies_totals",
                      height=35 * (len(totals) + 1) + 3,
                      column_config={
                          "Over the horizon": st.column_config.TextColumn(width="medium")})
    left, right = st.columns(2)
    band = None if spread is None else (spread.slow.daily, spread.busy.daily)
    for column, chart in ((left, charts.backlog), (right, charts.sales)):
        figure = edits.memo(f"chart_{chart.__name__}", (baseline, projected, spread),
                            partial(chart, baseline.daily, projected.result.daily, band),
                            share=scenario.stored)
        show_chart(column, figure, key=f"policies_chart_{chart.__name__}")
    only_changed = st.toggle("Only SKUs whose policy changed", value=True,
                             key="policies_only_edited")
    per_sku = edits.memo("per_sku", (projected, only_changed),
                         lambda: whatif.largest_revenue_change_first(
                             projected.per_sku[projected.policy_changed] if only_changed
                             else projected.per_sku), share=scenario.stored)
    if per_sku.empty:
        empty_state("No policy differs from the stored one yet.",
                    "Edit the grid, use a bulk edit or apply the recommendations.")
        return projected
    biggest = tables.first_rows(per_sku, "SKUs (largest revenue change first)")
    money = [c for c in biggest.columns if whatif.is_money(c)]
    shown = edits.memo("per_sku_shown", (per_sku, settings.currency, settings.locale),
                       lambda: with_money(biggest, money), share=scenario.stored)
    tables.show_table(st, shown, key="policies_per_sku",
                      column_config={c: money_column(c) if whatif.is_money(c)
                                     else st.column_config.NumberColumn(format="%.1f")
                                     for c in biggest.columns[4:] if c not in whatif.TEXT_COLUMNS})
    tables.download_table(per_sku, "what-if-per-sku", key="policies_download_whatif",
                          label="Download the what-if per SKU (CSV)")
    return projected


def save(store: reads.StoreKey, today: dt.date, selection: Filters,
         scenario: Scenario) -> None:
    """Save the edited SKUs (what someone else changed meanwhile is refused, and kept)."""
    st.subheader("Save")
    actor = session.actor()
    reasons = scenarios.save_blockers(scenario, actor, session.LOCAL_NAME)
    for reason in reasons:
        st.caption(reason)
    if st.button(f"Save {fmt.plural(scenario.edited, 'SKU')} "
                 f"({fmt.plural(len(scenario.changes), 'change')})",
                 key="policies_save", type="primary", disabled=bool(reasons),
                 icon=":material/save:"):
        touched = scenario.touched
        try:
            saved = save_policies(
                session.engine(), scenario.loaded[scenario.loaded["sku"].isin(touched)],
                scenario.frame[scenario.frame["sku"].isin(touched)], actor=actor,
                scenario=st.session_state.get("policies_scenario"), today=today)
        except InventoryError as error:
            st.error(md(error), icon=":material/error:")
        else:
            edits.forget(saved.saved)
            edits.reset_editor()
            reads.changed(store)
            st.session_state[REFUSED] = [(e.changes[0]["sku"] if e.changes else "", str(e))
                                         for e in saved.refused]
            message = (f"Saved {fmt.plural(len(saved.saved), 'SKU')} "
                       f"({fmt.plural(saved.changes, 'change')}).")
            if saved.switched:
                message += f" Auto-switch then moved {', '.join(saved.switched)}."
            st.session_state[OUTCOME] = ("success", message)
            st.rerun()
    refused = st.session_state.get(REFUSED) or []
    if not refused:
        return
    for _sku, message in refused:
        st.error(md(message), icon=":material/group:")
    if st.button("Load their version and keep my edits", key="policies_take_theirs",
                 icon=":material/sync:"):
        edits.reload(reads.skus(reads.changed(store), today, selection),
                     [s for s, _ in refused])
        edits.reset_editor()
        st.session_state[REFUSED] = []
        st.rerun()


def history(store: reads.StoreKey, today: dt.date, selection: Filters) -> None:
    """The latest policy changes, and reverting one of them."""
    st.subheader("History")
    log = reads.history(store, selection)
    if log.empty:
        if selection.is_empty or reads.history(store, Filters()).empty:
            empty_state("No policy has been changed yet.",
                        "Saved edits, reverts and auto-switch moves appear here.")
        else:
            empty_state("No policy change matches the sidebar filters.",
                        "Clear or widen the filters to see the changes of other products.")
        return
    view = scenarios.history_table(log)
    tables.show_table(st, view, key="policies_history", height=300,
                      column_config={"When": datetime_column()})
    tables.download_table(view, "policy-history", key="policies_download_history",
                          label="Download history (CSV)")
    revert(store, today, selection, log, view)


def revert(store: reads.StoreKey, today: dt.date, selection: Filters, log: pd.DataFrame,
           view: pd.DataFrame) -> None:
    """Put back one change still in place, after the merchant confirms it."""
    labels = scenarios.revert_labels(log, view)
    if not labels:
        st.caption("No change to revert: each listed change was reverted or changed again "
                   "since.")
        return
    pick_col, button_col = st.columns([3, 1])
    change_id = pick_col.selectbox("Change to revert", list(labels), index=None,
                                   format_func=labels.__getitem__, key="policies_revert_pick",
                                   placeholder="Choose a change to put back")
    button_col.write("")
    actor = session.actor()
    if button_col.button("Revert…", key="policies_revert", icon=":material/history:",
                         disabled=actor.role is Role.VIEWER or change_id is None):
        st.session_state[REVERTING] = change_id
    if change_id is None or st.session_state.get(REVERTING) != change_id:
        return
    st.warning(f"Revert {md(labels[change_id])}? The old value is put back as a new "
               "change, recorded with your name.", icon=":material/help:")
    yes, no, _ = st.columns([1, 1, 3])
    if no.button("Cancel", key="policies_revert_cancel"):
        st.session_state.pop(REVERTING, None)
        st.rerun()
    if not yes.button("Yes, revert", key="policies_revert_confirm", type="primary"):
        return
    st.session_state.pop(REVERTING, None)
    try:
        revert_policy_change(session.engine(), int(change_id), actor=actor, today=today)
    except InventoryError as error:
        st.error(md(error), icon=":material/error:")
        return
    reverted = log.set_index("id").at[change_id, "sku"]
    edits.reload(reads.skus(reads.changed(store), today, selection), [reverted])
    edits.reset_editor()
    what = labels[change_id].split(" · ", 1)[1]  # without its number: the list grows by one
    st.session_state[OUTCOME] = ("success", f"Reverted {what} (recorded as a new change).")
    st.rerun()

page()
