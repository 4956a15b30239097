"""Policies & what-if: edit each SKU's policy and see the consequences before saving."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pandas as pd
import streamlit as st

from inventory_core.domain import storefront
from inventory_core.domain import whatif as projection
from inventory_core.domain.access import Role
from inventory_core.domain.enums import PolicyMode, StorefrontState
from inventory_core.errors import InventoryError
from inventory_core.queries.stock_levels import search as find_skus
from inventory_core.services import policies as core
from inventory_core.services.policies import FIELD_LABELS, BulkRule
from restock_ui import data, filters, fmt, session, widgets
from restock_ui import policies_charts as charts
from restock_ui import policies_data as cached
from restock_ui import policies_edit as edit
from restock_ui.monitor_widgets import money_column
from restock_ui.safe import md

OUTCOME, REFUSED = "policies.outcome", "policies.refused"
MONEY_OUTPUTS = {"revenue", "margin", "cash_up_front"}
MODE_LABELS = {mode.value: mode.label for mode in PolicyMode}
SHARES = ("acceptance", "cancel_rate_per_day", "notify_signup_share", "notify_buy_share",
          "preorder_take_up")

url, today, selection = session.db_url(), session.today(), filters.current()
currency = data.settings(url).currency
widgets.page_header("Policies & what-if", "Change how each product sells when it runs out, "
                    "see what it does over the coming weeks, then save. Nothing is stored "
                    "until you press Save.", selection)

base = data.sku_table(url, today, selection)
if base.empty:
    widgets.empty_state("No products match the sidebar filters.",
                        "Clear the filters, or import products on the Data page.")
    st.stop()


def number(value: float, output: str) -> str:
    """An output of the projection as a merchant reads it."""
    if output in MONEY_OUTPUTS:
        return fmt.money(value, currency)
    if output == "longest_wait_days":
        return fmt.days(round(value))
    return fmt.number(value, 0 if abs(value) >= 100 else 1)


def plural(count: int, word: str) -> str:
    """``1 SKU`` / ``3 SKUs``."""
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def signed(value: float, output: str) -> str:
    """A change with its sign in ASCII (``+$120``, ``-3.5``), as st.metric reads deltas."""
    return ("-" if value < 0 else "+") + number(abs(value), output)


# --- who is editing ------------------------------------------------------------------------

who, scenario_col = st.columns(2)
session.name_input(who, "policies_user_name", placeholder="e.g. Ana Lopez",
                   help="Recorded with every change you save (asked once per browser session).")
scenario_col.text_input("Scenario name", key="policies_scenario", max_chars=200,
                        placeholder="e.g. Stop backorders from Slow Ltd",
                        help="Saved with each change as its reason.")

# --- the scenario: loaded policies + unsaved edits ----------------------------------------



def work_out_scenario() -> tuple:
    """The scenario, its policies as loaded, the changed fields and their checks."""
    scenario = edit.working(base)
    loaded = edit.loaded(base).reset_index()
    is_edited = base["sku"].isin(list(edit.pending())).to_numpy()
    changes = core.diff(loaded[is_edited], scenario.loc[is_edited, ["sku", *core.FIELDS]]) \
        if is_edited.any() \
        else pd.DataFrame(columns=["sku", "field", "old", "new"])
    problems = core.validate(scenario, today)
    return scenario, loaded, changes, problems, core.messages_by_sku(problems)


edit.fold_grid_edits()
scenario, loaded, changes, problems, checks = edit.memo(
    "scenario", (base, edit.revision(), today), work_out_scenario)
recs = cached.recommended(url, today, selection)
blocking = problems[(problems["severity"] == "error")
                    & problems["sku"].isin(changes["sku"])]

# --- bulk edits ----------------------------------------------------------------------------

tools = st.columns([1.2, 1.2, 0.8, 2.8])
if tools[0].button("Apply recommendations", key="policies_apply_recs",
                   icon=":material/auto_fix_high:",
                   help="Turn every recommendation into an edit you can inspect before "
                        "saving."):
    count = edit.apply_recommendations(scenario, recs)
    st.session_state[OUTCOME] = ("info", f"Recommendations applied to {plural(count, 'SKU')} "
                                 "as unsaved edits: check the what-if below, then save.")
    st.rerun()
if tools[1].button(f"Discard edits ({changes['sku'].nunique():,})",
                   key="policies_discard", icon=":material/undo:", disabled=changes.empty):
    edit.discard()
    st.rerun()
if tools[2].button("Reload", key="policies_reload", icon=":material/refresh:",
                   help="Load the stored policies again (your unsaved edits are kept)."):
    data.clear()
    edit.reload(data.sku_table(url, today, selection))
    st.rerun()

with st.expander("Bulk edit: one change for many SKUs", icon=":material/edit_note:"):
    rule_col, values_col = st.columns(2)
    rule = rule_col.selectbox("Which SKUs", ["Every SKU in the selection", "By supplier",
                                             "By category", "By storefront state"],
                              key="policies_bulk_rule")
    options = {
        "By supplier": sorted(base["supplier"].dropna().unique()),
        "By category": sorted(base["category"].dropna().unique()),
        "By storefront state": [s.label for s in StorefrontState],
    }.get(rule, [])
    chosen = values_col.multiselect("Which ones", options, key="policies_bulk_values",
                                    disabled=not options)
    field_col, value_col, apply_col = st.columns([1, 1.5, 1])
    field = field_col.selectbox("Field", list(FIELD_LABELS), format_func=FIELD_LABELS.get,
                                key="policies_bulk_field")
    if field == "mode":
        value = value_col.selectbox("New value", [m.label for m in PolicyMode],
                                    key="policies_bulk_mode")
    elif field in ("restock_date", "release_date"):
        value = value_col.date_input("New value", value=None, key=f"policies_bulk_{field}",
                                     format="DD/MM/YYYY")
    elif field == "auto_switch":
        value = value_col.toggle("On", key="policies_bulk_auto")
    elif field in ("cap", "discount_pct"):
        value = value_col.number_input("New value (empty for none)", value=None, step=1.0,
                                       key=f"policies_bulk_{field}")
    else:
        value = value_col.text_input("New value", key=f"policies_bulk_{field}")
    by_state = {s.label: s.value for s in StorefrontState}
    bulk = BulkRule(
        suppliers=tuple(chosen) if rule == "By supplier" else (),
        categories=tuple(chosen) if rule == "By category" else (),
        states=tuple(by_state[c] for c in chosen) if rule == "By storefront state" else ())
    mask = bulk.mask(base)
    needs_choice = rule != "Every SKU in the selection" and not chosen
    apply_col.write("")
    if apply_col.button(f"Apply to {int(mask.sum()):,} SKUs", key="policies_bulk_apply",
                        disabled=needs_choice or not mask.any(), type="primary"):
        try:
            count = edit.set_everywhere(scenario, mask, field, value)
        except (TypeError, ValueError) as error:
            st.error(f"{FIELD_LABELS[field]}: {error}", icon=":material/error:")
        else:
            st.session_state[OUTCOME] = ("info", f"{FIELD_LABELS[field]} set on "
                                         f"{plural(count, 'SKU')} as unsaved edits.")
            st.rerun()

outcome = st.session_state.pop(OUTCOME, None)
if outcome:
    getattr(st, outcome[0])(outcome[1], icon=":material/check_circle:")

# --- the grid ------------------------------------------------------------------------------

search = st.text_input("Find SKUs", key="policies_search", placeholder="SKU or product name",
                       label_visibility="collapsed")
shown = widgets.first_rows(find_skus(scenario, search), "SKUs", hint=(
    "narrow them with the search or the sidebar, or change them all with a bulk edit"))
table = edit.grid(shown, recs, checks)
st.session_state[edit.ROWS] = list(table.index)
config = {
    "Product": st.column_config.TextColumn(width="medium", pinned=True),
    "Check": st.column_config.TextColumn(
        width="medium", help="⛔ must be fixed before saving · ⚠ worth a look"),
    "Today": st.column_config.TextColumn("Today", width="small",
                                         help="What the storefront shows now"),
    FIELD_LABELS["mode"]: st.column_config.SelectboxColumn(
        options=[m.label for m in PolicyMode], required=True, width="medium"),
    FIELD_LABELS["cap"]: st.column_config.NumberColumn(
        step=1, format="%d", help="Most units to take beyond stock; empty = no cap"),
    FIELD_LABELS["restock_date"]: st.column_config.DateColumn(format="D MMM YYYY"),
    FIELD_LABELS["release_date"]: st.column_config.DateColumn(format="D MMM YYYY"),
    FIELD_LABELS["button_label"]: st.column_config.TextColumn(max_chars=100),
    FIELD_LABELS["customer_note"]: st.column_config.TextColumn(
        max_chars=500, width="medium", help="{date} is filled in with the promised date"),
    FIELD_LABELS["discount_pct"]: st.column_config.NumberColumn(step=0.5, format="%.1f%%"),
    FIELD_LABELS["auto_switch"]: st.column_config.CheckboxColumn(
        help="Switch between stock, backorder and out of stock as stock and supply change"),
    "Recommended": st.column_config.TextColumn(width="small"),
    "Why": st.column_config.TextColumn(width="large"),
}
st.data_editor(table, key=edit.editor_key(), num_rows="fixed", width="stretch", height=420,
               column_config=config, disabled=["Product", "Check", "Today", "Recommended",
                                               "Why"])
errors = int((problems["severity"] == "error").sum())
warnings = int((problems["severity"] == "warning").sum())
st.caption(f"{len(scenario):,} SKUs · {changes['sku'].nunique():,} edited, "
           f"{len(changes):,} fields changed · {errors} errors, {warnings} warnings")
widgets.download_table(table.reset_index(), "policies", key="policies_download",
                       label="Download policies (CSV)")

# --- what-if -------------------------------------------------------------------------------

st.subheader("What-if: stored policies vs. this scenario")
horizon_col, _ = st.columns([1, 3])
horizon = int(horizon_col.number_input("Horizon (days)", min_value=7, max_value=365, value=60,
                                       step=1, key="policies_horizon"))
defaults = projection.Assumptions()
with st.expander("Assumptions of the model", icon=":material/science:"):
    st.caption("Expected values, one step per day (see the README). Change them to test "
               "how sensitive the answer is.")
    cells = st.columns(3)
    chosen_values = {}
    for i, f in enumerate(fields(projection.Assumptions)):
        default = getattr(defaults, f.name)
        label = projection.ASSUMPTION_LABELS[f.name]
        if f.name in SHARES:
            value = cells[i % 3].number_input(f"{label} (%)", 0.0, 100.0, default * 100, 1.0,
                                              key=f"policies_assume_{f.name}")
            chosen_values[f.name] = value / 100
        else:
            chosen_values[f.name] = cells[i % 3].number_input(
                label, 1.0, 365.0, default, 1.0, key=f"policies_assume_{f.name}")
assumptions = projection.Assumptions(**chosen_values)

inputs = cached.inputs(url, today, selection)
baseline = cached.baseline(url, today, selection, horizon, assumptions)


def project_scenario() -> tuple:
    """The scenario's projection, its totals against the stored policies', each SKU's
    outputs under both as the table shows them, and whether its policy changed."""
    stored = projection.policy_arrays(inputs, base)
    proposed = projection.policy_arrays(inputs, scenario)
    result = projection.project_changes(inputs, baseline, stored, proposed, horizon,
                                        assumptions)
    # both projections list the SKUs of ``inputs`` in the same order
    after, before = result.per_sku, baseline.per_sku
    stored_rows = base[["sku", "name", "mode"]].set_index("sku").reindex(after["sku"])
    view = pd.DataFrame({
        "SKU": after["sku"].to_numpy(), "Product": stored_rows["name"].to_numpy(),
        "Stored mode": stored_rows["mode"].astype(str).map(MODE_LABELS).to_numpy(),
        "Scenario mode": scenario[["sku", "mode"]].set_index("sku")["mode"].reindex(after["sku"])
        .astype(str).map(MODE_LABELS).to_numpy(),
        **{label: after[output].to_numpy() for output, label in projection.OUTPUTS.items()},
        **{f"Δ {label}": (after[output] - before[output]).to_numpy()
           for output, label in projection.OUTPUTS.items()},
    })
    return result, projection.compare(baseline, result), view, proposed.differs(stored)


result, comparison, per_sku_view, policy_changed = edit.memo(
    "projection", (inputs, baseline, scenario), project_scenario)

headline = ["units_sold", "revenue", "margin", "demand_lost", "cash_up_front",
            "promises_missed"]
for chunk in (headline[:3], headline[3:]):
    for column, output in zip(st.columns(3), chunk, strict=True):
        line = comparison.set_index("output").loc[output]
        change = line["change"]
        column.metric(projection.OUTPUTS[output], number(line["scenario"], output),
                      delta=None if abs(change) < 0.05 else signed(change, output),
                      delta_color="inverse" if output in ("demand_lost", "promises_missed")
                      else "normal", border=True,
                      help=f"Over {horizon} days; with the stored policies: "
                           f"{number(line['baseline'], output)}")
totals = pd.DataFrame({
    "Over the horizon": [projection.OUTPUTS[o] for o in comparison["output"]],
    "Stored policies": [number(v, o) for v, o in zip(comparison["baseline"],
                                                     comparison["output"], strict=True)],
    "Scenario": [number(v, o) for v, o in zip(comparison["scenario"], comparison["output"],
                                              strict=True)],
    "Change": [signed(v, o) if abs(v) >= 0.05 else "—"
               for v, o in zip(comparison["change"], comparison["output"], strict=True)],
})
st.dataframe(totals, hide_index=True, width="stretch", key="policies_totals",
             height=35 * (len(totals) + 1) + 3,
             column_config={"Over the horizon": st.column_config.TextColumn(width="medium")})
left, right = st.columns(2)
left.plotly_chart(charts.backlog(baseline.daily, result.daily), width="stretch",
                  key="policies_chart_backlog")
right.plotly_chart(charts.sales(baseline.daily, result.daily), width="stretch",
                   key="policies_chart_sales")

only_edited = st.toggle("Only SKUs whose policy changed", value=True,
                        key="policies_only_edited")
if only_edited:
    per_sku_view = per_sku_view[policy_changed]
if per_sku_view.empty:
    widgets.empty_state("No policy differs from the stored one yet.",
                        "Edit the grid, use a bulk edit or apply the recommendations.")
else:
    money_cols = {projection.OUTPUTS[o] for o in MONEY_OUTPUTS}
    revenue_change = per_sku_view[f"Δ {projection.OUTPUTS['revenue']}"].abs()
    per_sku_view = per_sku_view.iloc[np.argsort(-revenue_change.to_numpy(), kind="stable")]
    biggest = widgets.first_rows(per_sku_view, "SKUs (largest revenue change first)")
    st.dataframe(biggest, hide_index=True, width="stretch", key="policies_per_sku",
                 column_config={c: money_column(c, currency) if c.removeprefix("Δ ") in money_cols
                                else st.column_config.NumberColumn(format="%.1f")
                                for c in biggest.columns[4:]})
    widgets.download_table(per_sku_view, "what-if-per-sku", key="policies_download_whatif",
                           label="Download the what-if per SKU (CSV)")

# --- storefront preview --------------------------------------------------------------------

st.subheader("Storefront preview")
# edited SKUs first, then the grid's rows: at most two screens' worth to choose from
skus_list = list(dict.fromkeys([*changes["sku"].unique()[:widgets.TABLE_ROWS],
                                 *table.index]))
names = scenario.loc[scenario["sku"].isin(skus_list)].set_index("sku")["name"].to_dict()
picked = st.selectbox("SKU", skus_list, key="policies_preview",
                      format_func=lambda s: f"{s} · {names.get(s, '')}",
                      help="The SKUs you edited, then those in the grid (use the search above "
                           "the grid to find another).")
if picked is None:
    widgets.empty_state("No SKU to preview: no SKU is edited and the search above the grid "
                        "finds none.")
else:
    low_stock_at = data.settings(url).low_stock_at
    views = {"Stored policy": storefront.derive(base[base["sku"] == picked], today, low_stock_at),
             "Scenario": storefront.derive(scenario[scenario["sku"] == picked], today,
                                           low_stock_at)}
    for column, (title, view) in zip(st.columns(2), views.items(), strict=True):
        item = view.iloc[0]
        with column.container(border=True):
            st.caption(title)
            st.markdown(f"**{md(item['name'])}**  \n"
                        f"{fmt.money(float(item['price']), currency, 2)}")
            st.markdown(storefront.availability_line(item["state"], item["promised_date"],
                                                     int(item["available"])))
            st.button(md(item["button"]), key=f"policies_preview_button_{title}",
                      type="primary", disabled=not item["state"].is_sellable())
            st.markdown(md(item["note"]))

# --- save ----------------------------------------------------------------------------------

st.subheader("Save")
actor = session.actor()
reasons = []
if changes.empty:
    reasons.append("Nothing to save yet.")
if actor.name == session.LOCAL_NAME:
    reasons.append("Enter your name at the top: every change records who made it.")
if not blocking.empty:
    reasons.append(f"Fix the {len(blocking)} ⛔ problem(s) in the Check column first.")
if actor.role is Role.VIEWER:
    reasons.append("You are signed in as a viewer: you can run what-ifs but not save.")
for reason in reasons:
    st.caption(reason)
if st.button(f"Save {plural(changes['sku'].nunique(), 'SKU')} "
             f"({plural(len(changes), 'change')})",
             key="policies_save", type="primary", disabled=bool(reasons),
             icon=":material/save:"):
    touched = list(changes["sku"].unique())
    try:
        saved = core.save_policies(
            session.engine(), loaded[loaded["sku"].isin(touched)],
            scenario[scenario["sku"].isin(touched)], actor=actor,
            scenario=st.session_state.get("policies_scenario"), today=today)
    except InventoryError as error:
        st.error(str(error), icon=":material/error:")
    else:
        edit.forget(saved.saved)
        edit.reset_editor()
        data.clear()
        st.session_state[REFUSED] = [(e.changes[0]["sku"] if e.changes else "", str(e))
                                     for e in saved.refused]
        message = (f"Saved {plural(len(saved.saved), 'SKU')} "
                   f"({plural(saved.changes, 'change')}).")
        if saved.switched:
            message += f" Auto-switch then moved {', '.join(saved.switched)}."
        st.session_state[OUTCOME] = ("success", message)
        st.rerun()

refused = st.session_state.get(REFUSED) or []
if refused:
    for _sku, message in refused:
        st.error(message, icon=":material/group:")
    if st.button("Load their version and keep my edits", key="policies_take_theirs",
                 icon=":material/sync:"):
        data.clear()
        edit.reload(data.sku_table(url, today, selection), [s for s, _ in refused])
        edit.reset_editor()
        st.session_state[REFUSED] = []
        st.rerun()

# --- history -------------------------------------------------------------------------------

st.subheader("History")
log = cached.history(url, selection)
if log.empty:
    widgets.empty_state("No policy has been changed yet.",
                        "Saved edits, reverts and auto-switch moves appear here.")
else:
    view = pd.DataFrame({
        "#": log["id"], "When": pd.to_datetime(log["changed_at"]), "Who": log["changed_by"],
        "SKU": log["sku"], "Field": log["field"].map(FIELD_LABELS),
        "Old": [core.shown(f, v) for f, v in zip(log["field"], log["old_value"], strict=True)],
        "New": [core.shown(f, v) for f, v in zip(log["field"], log["new_value"], strict=True)],
        "Scenario / reason": log["reason"].fillna(""),
    })
    st.dataframe(view, hide_index=True, width="stretch", key="policies_history", height=300,
                 column_config={"When": st.column_config.DatetimeColumn(
                     format="D MMM YYYY, HH:mm")})
    widgets.download_table(view, "policy-history", key="policies_download_history",
                           label="Download history (CSV)")
    pick_col, button_col = st.columns([3, 1])
    labels = {int(r["#"]): f"#{r['#']} · {r['SKU']} · {r['Field']}: {r['Old']} → {r['New']}"
              for _, r in view.iterrows()}
    change_id = pick_col.selectbox("Change to revert", list(labels), format_func=labels.get,
                                   key="policies_revert_pick")
    button_col.write("")
    if button_col.button("Revert", key="policies_revert", icon=":material/history:",
                         disabled=actor.role is Role.VIEWER or change_id is None):
        try:
            core.revert(session.engine(), int(change_id), actor=actor, today=today)
        except InventoryError as error:
            st.error(str(error), icon=":material/error:")
        else:
            data.clear()
            sku_reverted = log.set_index("id").at[change_id, "sku"]
            edit.reload(data.sku_table(url, today, selection), [sku_reverted])
            edit.reset_editor()
            st.session_state[OUTCOME] = ("success", f"Change #{change_id} reverted (recorded "
                                         "as a new change).")
            st.rerun()
