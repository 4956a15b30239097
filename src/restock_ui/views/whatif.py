"""The what-if as the Policies page shows it: the scenario projected against the stored
policies, its totals, and each SKU's outputs under both."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from inventory_core import (
    WHATIF_OUTPUTS,
    Assumptions,
    PolicyMode,
    Projection,
    ProjectionInputs,
    ProjectionRange,
    compare_projections,
    each_distinct,
    policy_arrays,
    project_changes,
    project_range,
)
from restock_ui import fmt

if TYPE_CHECKING:
    from inventory_core.domain.whatif_arrays import PolicyArrays

MONEY_OUTPUTS = {"revenue", "margin", "cash_up_front"}
HEADLINE = ["units_sold", "revenue", "margin", "demand_lost", "cash_up_front",
            "promises_missed"]
WORSE_WHEN_UP = {"demand_lost", "promises_missed"}
SHARES = ("acceptance", "cancel_rate_per_day", "notify_signup_share", "notify_buy_share",
          "preorder_take_up")
"""The assumptions that are shares: the page asks for them in per cent."""
MODE_LABELS = {mode.value: mode.label for mode in PolicyMode}
WAITS_UNTIL_SET = "no release date: waits until set"
"""A wait with no end: a pre-order without a release date takes orders that wait until
one is set."""
WAIT_LABEL = WHATIF_OUTPUTS["longest_wait_days"]
SHORT_LABEL = WHATIF_OUTPUTS["runs_short_day"]
NOT_SHORT = "not within the horizon"
"""A SKU whose stock meets its demand to the end of the horizon."""
TEXT_COLUMNS = (WAIT_LABEL, f"Δ {WAIT_LABEL}", SHORT_LABEL, f"Δ {SHORT_LABEL}")
"""The per-SKU columns shown as text: the longest wait may have no end, and a SKU may
not run short at all."""
DAY_OUTPUTS = {"longest_wait_days", "runs_short_day"}
"""The outputs that count days (a wait, the day stock first falls short)."""
PER_SKU_ONLY = {"runs_short_day"}
"""Outputs read per SKU: over the store the earliest is nearly always today."""
TOTAL_ONLY = {"skus_running_short"}
"""Outputs read over the store: per SKU, a count of one or none."""
PER_SKU_OUTPUTS = {o: label for o, label in WHATIF_OUTPUTS.items() if o not in TOTAL_ONLY}


@dataclass(frozen=True)
class WhatIf:
    """The scenario's projection, its totals against the stored policies' (``comparison``:
    output, baseline, scenario, change), each SKU's outputs under both as the table
    shows them (``per_sku``), and for each of those rows whether its policy changed."""

    result: Projection
    comparison: pd.DataFrame
    per_sku: pd.DataFrame
    policy_changed: np.ndarray


def project_scenario(inputs: ProjectionInputs, baseline: Projection, stored: PolicyArrays,
                     base: pd.DataFrame, scenario: pd.DataFrame, horizon: int,
                     assumptions: Assumptions, as_stored: WhatIf | None = None,
                     differing: list[str] | None = None) -> WhatIf:
    """Project ``scenario`` (the SKU table with the scenario's policies; ``base`` itself
    when they are the stored ones) against ``base`` (the stored policies, ``stored`` as
    arrays, whose projection is ``baseline``) over ``horizon`` days.

    ``differing``: the SKUs whose policies may differ from ``base``'s (None: any may);
    ``as_stored``: this projection of ``base`` itself, whose rows serve the SKUs whose
    policy the scenario leaves as it is (an edit then writes the rows of its SKUs only).
    """
    if scenario is base:
        proposed = stored
    elif differing is not None:
        proposed = policy_arrays(inputs, scenario[scenario["sku"].isin(differing)],
                                 like=stored)
    else:
        proposed = policy_arrays(inputs, scenario)
    result = project_changes(inputs, baseline, stored, proposed, horizon, assumptions)
    changed = proposed.differs(stored)
    # both projections list the SKUs of ``inputs`` in the same order
    if as_stored is None or scenario is base:
        view = _per_sku_view(result.per_sku, baseline.per_sku, base, scenario)
    else:
        rows = np.flatnonzero(changed)
        part = _per_sku_view(result.per_sku.iloc[rows], baseline.per_sku.iloc[rows], base,
                             scenario)
        view = as_stored.per_sku.copy()
        for column in view.columns:
            values = view[column].to_numpy(copy=True)
            values[rows] = part[column].to_numpy()
            view[column] = values
    return WhatIf(result, compare_projections(baseline, result), view, changed)


def _per_sku_view(after: pd.DataFrame, before: pd.DataFrame, base: pd.DataFrame,
                  scenario: pd.DataFrame) -> pd.DataFrame:
    """Each SKU's outputs as the table shows them: under the scenario, and the change."""
    skus = after["sku"]
    if len(skus) < len(base):  # a few SKUs: pick their rows before indexing them
        base, scenario = base[base["sku"].isin(skus)], scenario[scenario["sku"].isin(skus)]
    stored_rows = base[["sku", "name", "mode"]].set_index("sku").reindex(skus)
    scenario_mode = scenario[["sku", "mode"]].set_index("sku")["mode"].reindex(skus)
    view = pd.DataFrame({
        "SKU": after["sku"].to_numpy(), "Product": stored_rows["name"].to_numpy(),
        "Stored mode": stored_rows["mode"].astype(str).map(MODE_LABELS).to_numpy(),
        "Scenario mode": scenario_mode.astype(str).map(MODE_LABELS).to_numpy(),
        **{label: after[output].to_numpy() for output, label in PER_SKU_OUTPUTS.items()},
        **{f"Δ {label}": (after[output] - before[output]).to_numpy()  # rows aligned
           for output, label in PER_SKU_OUTPUTS.items()},
    })
    for column in TEXT_COLUMNS:  # a wait without end reads as text, not as a number
        output = "runs_short_day" if SHORT_LABEL in column else "longest_wait_days"
        write = signed if column.startswith("Δ ") else output_text
        view[column] = each_distinct(view[column].to_numpy(),
                                     partial(write, output=output, currency=""))
    return view


def output_text(value: float, output: str, currency: str) -> str:
    """An output of the projection as a merchant reads it."""
    if output in MONEY_OUTPUTS:
        return fmt.money(value, currency)
    if output == "longest_wait_days":
        return wait_text(value)
    if output == "runs_short_day":
        return short_text(value)
    return fmt.number(value, 0 if abs(value) >= 100 else 1)


def short_text(day: float) -> str:
    """When stock first falls short of demand: ``today``, ``in 12 days``, or
    ``NOT_SHORT`` when it does not within the horizon."""
    if not math.isfinite(day):
        return NOT_SHORT
    return "today" if day < 0.5 else f"in {fmt.days(round(day))}"


def wait_text(days: float, signed: bool = False) -> str:
    """A wait in days as a merchant reads it (``12 days``, ``+3 days``); a wait without
    end (no release date), or a change to or from one, reads ``WAITS_UNTIL_SET``."""
    if signed and (math.isnan(days) or abs(days) < 0.5):
        return "—"  # no change (or no end on both sides)
    if not math.isfinite(days):
        return WAITS_UNTIL_SET
    sign = ("-" if days < 0 else "+") if signed else ""
    return sign + fmt.days(abs(round(days)) if signed else round(days))


def signed(value: float, output: str, currency: str) -> str:
    """A change with its sign in ASCII (``+$120``, ``-3.5``), as st.metric reads deltas."""
    if output in DAY_OUTPUTS:
        if output == "runs_short_day" and math.isinf(value):  # short on one side only
            return "later than the horizon" if value > 0 else "now within the horizon"
        return wait_text(value, signed=True)
    return ("-" if value < 0 else "+") + output_text(abs(value), output, currency)


RANGE_COLUMN = "Scenario range (p10–p90)"


def totals_table(comparison: pd.DataFrame, currency: str,
                 spread: ProjectionRange | None = None) -> pd.DataFrame:
    """Every output over the horizon: stored policies, scenario and the change; with
    ``spread`` (the scenario's range), the scenario's slow and busy case beside it."""
    rows = [row for row in zip(comparison["output"], comparison["baseline"],
                               comparison["scenario"], comparison["change"], strict=True)
            if row[0] not in PER_SKU_ONLY]
    table = pd.DataFrame({
        "Over the horizon": [WHATIF_OUTPUTS[o] for o, *_ in rows],
        "Stored policies": [output_text(b, o, currency) for o, b, _, _ in rows],
        "Scenario": [output_text(s, o, currency) for o, _, s, _ in rows],
        "Change": [signed(c, o, currency) if abs(c) >= 0.05 else "—" for o, _, _, c in rows],
    })
    if spread is not None:
        table.insert(3, RANGE_COLUMN, [range_text(spread, o, currency) for o, *_ in rows])
    return table


def range_text(spread: ProjectionRange, output: str, currency: str) -> str:
    """An output's p10–p90 range as a merchant reads it (``$1,200 – $1,850``): the lower
    and the higher of its slow and busy case."""
    ends = sorted((float(spread.slow.totals[output]), float(spread.busy.totals[output])))
    low, high = (output_text(end, output, currency) for end in ends)
    return low if low == high else f"{low} – {high}"


def scenario_range(inputs: ProjectionInputs, scenario: pd.DataFrame, horizon: int,
                   assumptions: Assumptions) -> ProjectionRange:
    """The scenario's p10–p90 range (``inventory_core.project_range``)."""
    return project_range(inputs, policy_arrays(inputs, scenario), horizon, assumptions)


def one_sku_table(per_sku: pd.DataFrame, sku: str, currency: str) -> pd.DataFrame | None:
    """``sku``'s outputs over the horizon, stored policy against this scenario, one row per
    output as text (None when the projection does not hold the SKU)."""
    by_sku = per_sku.set_index("SKU")
    if sku not in by_sku.index:
        return None
    row = by_sku.loc[sku]
    outputs = list(PER_SKU_OUTPUTS.items())
    scenario = [row[label] if label in TEXT_COLUMNS else output_text(row[label], o, currency)
                for o, label in outputs]
    change = [row[f"Δ {label}"] if label in TEXT_COLUMNS
              else signed(row[f"Δ {label}"], o, currency)
              if abs(row[f"Δ {label}"]) >= 0.05 else "—" for o, label in outputs]
    return pd.DataFrame({"Over the horizon": [label for _, label in outputs],
                         "This scenario": scenario, "Change": change})


def largest_revenue_change_first(per_sku: pd.DataFrame) -> pd.DataFrame:
    """The per-SKU outputs, the largest change of revenue first (ties keep their order)."""
    change = per_sku[f"Δ {WHATIF_OUTPUTS['revenue']}"].abs()
    return per_sku.iloc[np.argsort(-change.to_numpy(), kind="stable")]


def is_money(column: str) -> bool:
    """True when a per-SKU column (an output or its change) is an amount of money."""
    return column.removeprefix("Δ ") in {WHATIF_OUTPUTS[o] for o in MONEY_OUTPUTS}
