"""The scenario the Policies page shows: the stored policies with the unsaved edits, what
changed, what the checks say, what blocks a save, and the parts drawn around the grid."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from inventory_core import (
    POLICY_FIELD_LABELS,
    POLICY_FIELDS,
    Actor,
    BulkPreview,
    BulkRule,
    PolicyMode,
    Role,
    StorefrontState,
    changed_fields,
    derive_storefront,
    policy_problems,
    problems_by_sku,
    shown_value,
)
from restock_ui import fmt
from restock_ui.views import policy_edits as edits


@dataclass(frozen=True)
class Scenario:
    """The stored policies with the unsaved edits applied, and what that changes.

    ``frame``: the SKU table with the scenario's policies; ``loaded``: the policies as
    loaded (``sku`` column, fields, version); ``changes``: one row per changed field
    (sku, field, old, new); ``problems``: the checks' findings (sku, field, severity,
    message); ``checks``: each SKU's findings as one line, as the grid's Check column;
    ``stored``: the stored policies as they are (no edits, ``edits.as_stored``), the same
    scenario for every session that shows them: what the page works out from it is
    shared between them (``edits.memo``'s ``share``); ``differing``: the SKUs whose
    policy may differ from the stored one (none when ``stored``; None when any may).
    """

    frame: pd.DataFrame
    loaded: pd.DataFrame
    changes: pd.DataFrame
    problems: pd.DataFrame
    checks: pd.Series
    stored: bool = False
    differing: list[str] | None = None

    def same_as_stored(self, sku: str) -> bool:
        """Whether ``sku``'s policy in the scenario is the stored one."""
        return self.stored or (self.differing is not None and sku not in self.differing)

    @cached_property
    def edited(self) -> int:
        """How many SKUs the edits change."""
        return int(self.changes["sku"].nunique())

    @property
    def touched(self) -> list[str]:
        """The SKUs the edits change, as the changes list them."""
        return list(self.changes["sku"].unique())

    @cached_property
    def blocking(self) -> pd.DataFrame:
        """The errors on changed SKUs: they must be fixed before saving."""
        problems = self.problems
        return problems[(problems["severity"] == "error")
                        & problems["sku"].isin(self.changes["sku"])]

    def count(self, severity: str) -> int:
        """How many findings of ``severity`` ("error" or "warning") the checks made."""
        return int((self.problems["severity"] == severity).sum())


def work_out(base: pd.DataFrame, today: dt.date) -> Scenario:
    """The scenario of ``base`` (a SKU table) with this session's loaded policies and
    unsaved edits, its changes and its checks; worked out again only when the edits or
    the loaded policies change, and once for every session that has neither."""
    if edits.start(base):
        return stored_scenario(base, today)
    return edits.memo("scenario", (base, edits.revision(), today),
                      lambda: _edited(base, today))


def stored_scenario(base: pd.DataFrame, today: dt.date) -> Scenario:
    """The stored policies of ``base`` as they are, checked: one for every session."""
    def check() -> Scenario:
        problems = policy_problems(base, today)
        return Scenario(base, edits.policies_of(base).reset_index(), NO_CHANGES, problems,
                        problems_by_sku(problems), stored=True, differing=[])
    return edits.memo("scenario", (base, today), check, share=True)


def _edited(base: pd.DataFrame, today: dt.date) -> Scenario:
    scenario = edits.working(base)
    loaded = edits.loaded(base).reset_index()
    is_edited = base["sku"].isin(list(edits.pending())).to_numpy()
    changes = (changed_fields(loaded[is_edited],
                              scenario.loc[is_edited, ["sku", *POLICY_FIELDS]],
                              edits.edited_fields())
               if is_edited.any() else NO_CHANGES)
    differing = edits.differing(base)
    if differing is None:
        problems = policy_problems(scenario, today)
    else:  # the checks go row by row: the stored ones hold but for the edited SKUs
        stored = stored_scenario(base, today).problems
        problems = pd.concat([stored[~stored["sku"].isin(differing)],
                              policy_problems(scenario[is_edited], today)], ignore_index=True)
    return Scenario(scenario, loaded, changes, problems, problems_by_sku(problems),
                    differing=differing)


NO_CHANGES = pd.DataFrame(columns=["sku", "field", "old", "new"])
"""The changes of a scenario without edits."""


def save_blockers(scenario: Scenario, actor: Actor, unnamed: str) -> list[str]:
    """Why the scenario cannot be saved yet, one sentence each (none: it can be);
    ``unnamed`` is the name an actor has before giving theirs."""
    reasons = []
    if scenario.changes.empty:
        reasons.append("Nothing to save yet.")
    if actor.name == unnamed:
        reasons.append("Enter your name at the top: every change records who made it.")
    if not scenario.blocking.empty:
        reasons.append(f"Fix the {len(scenario.blocking)} ⛔ problem(s) in the Check column "
                       "first.")
    if actor.role is Role.VIEWER:
        reasons.append("You are signed in as a viewer: you can run what-ifs but not save.")
    return reasons


def bulk_choices(frame: pd.DataFrame) -> list[tuple[str, str, list[str]]]:
    """The parts of a bulk edit's rule, (name, label, options): supplier, category, current
    mode and storefront state, each chosen among what ``frame`` holds."""
    return [
        ("suppliers", "Supplier", sorted(frame["supplier"].dropna().unique())),
        ("categories", "Category", sorted(frame["category"].dropna().unique())),
        ("modes", "Current mode", [m.label for m in PolicyMode]),
        ("states", "Storefront state", [s.label for s in StorefrontState]),
    ]


def bulk_rule(picked: dict[str, list[str]], with_discontinued: bool) -> BulkRule:
    """The bulk edit's rule from what was picked per part (``bulk_choices``' names)."""
    modes = {m.label: m.value for m in PolicyMode}
    states = {s.label: s.value for s in StorefrontState}
    return BulkRule(
        suppliers=tuple(picked.get("suppliers", ())),
        categories=tuple(picked.get("categories", ())),
        modes=tuple(modes[label] for label in picked.get("modes", ())),
        states=tuple(states[label] for label in picked.get("states", ())),
        with_discontinued=with_discontinued)


def bulk_summary(preview: BulkPreview, field: str) -> str:
    """What a bulk edit will change, per current mode, and what it leaves alone."""
    label = POLICY_FIELD_LABELS[field].lower()
    if preview.count:
        modes = ", ".join(f"{count:,} {mode}" for mode, count in preview.by_mode.items())
        text = f"Will change the {label} of {fmt.plural(preview.count, 'SKU')} (now {modes})."
    else:
        text = f"No SKU's {label} would change."
    if preview.same:
        text += f" {preview.same:,} already have that value."
    if preview.discontinued:
        text += (f" {preview.discontinued:,} discontinued left as they are (tick "
                 "“Include discontinued SKUs” to change them too).")
    return text


def preview_choices(scenario: Scenario, grid_skus: list[str], limit: int) -> list[str]:
    """The SKUs the storefront preview offers: the edited ones (at most ``limit``), then
    the grid's rows."""
    return list(dict.fromkeys([*scenario.changes["sku"].unique()[:limit], *grid_skus]))


def storefronts(base: pd.DataFrame, scenario: Scenario, sku: str, today: dt.date,
                low_stock_at: int) -> dict[str, pd.Series]:
    """What the storefront shows for ``sku`` under the stored policy and the scenario."""
    def of(rows: pd.DataFrame) -> pd.Series:
        return derive_storefront(rows[rows["sku"].to_numpy() == sku], today,
                                 low_stock_at).iloc[0]
    stored = edits.memo("storefront_stored", (base, sku, today, low_stock_at),
                        lambda: of(base), share=True)
    edited = stored if scenario.same_as_stored(sku) else edits.memo(
        "storefront_edited", (scenario.frame, sku, today, low_stock_at),
        lambda: of(scenario.frame))
    return {"Stored policy": stored, "Scenario": edited}


def history_table(log: pd.DataFrame) -> pd.DataFrame:
    """The latest policy changes as the History table shows them: numbered as listed
    (1 = the newest), a revert naming the number of the change it put back."""
    number = pd.Series(range(1, len(log) + 1), index=log["id"].to_numpy())
    return pd.DataFrame({
        "#": number.to_numpy(), "When": pd.to_datetime(log["changed_at"]),
        "Who": log["changed_by"], "SKU": log["sku"],
        "Field": log["field"].map(POLICY_FIELD_LABELS),
        "Old": [shown_value(f, v)
                for f, v in zip(log["field"], log["old_value"], strict=True)],
        "New": [shown_value(f, v)
                for f, v in zip(log["field"], log["new_value"], strict=True)],
        "Scenario / reason": [
            reason or "" if pd.isna(reverted) else
            f"revert of #{number[reverted]}" if reverted in number.index
            else "revert of an earlier change"
            for reason, reverted in zip(log["reason"], log["reverts"], strict=True)],
    })


def revert_labels(log: pd.DataFrame, history: pd.DataFrame) -> dict[int, str]:
    """The changes Revert offers (by change id), named as the History table lists them:
    only those still in place (not reverted, not changed again, not reverts)."""
    shown = history.assign(id=log["id"].to_numpy())[log["revertible"].to_numpy(dtype=bool)]
    return {int(r["id"]): f"#{r['#']} · {r['SKU']} · {r['Field']}: {r['Old']} → {r['New']}"
            for _, r in shown.iterrows()}
