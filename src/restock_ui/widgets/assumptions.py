"""The what-if's assumptions as the merchant sets them, beside what the store measured.

Each assumption starts at its default, or, when the merchant chooses *Measured from
this store*, at the store's own measurement where it has one
(``inventory_core.measured_assumptions``: the value and the number of cases it rests
on). Each field says what the store measured, or why it could not.
"""

from __future__ import annotations

from dataclasses import fields

import streamlit as st

from inventory_core import (
    ASSUMPTION_LABELS,
    MIN_MEASURED_CASES,
    Assumptions,
    MeasuredAssumption,
)
from restock_ui import fmt
from restock_ui.views.whatif import SHARES

SOURCES = ("Defaults", "Measured from this store")


def measured_note(measured: MeasuredAssumption) -> str:
    """What the store's history says of one assumption, in a sentence."""
    if measured.value is None:
        return (f"Not enough history to measure: {fmt.number(measured.cases)} "
                f"{measured.unit}, {MIN_MEASURED_CASES} needed.")
    return (f"Measured from this store: {fmt.number(measured.value * 100)}% "
            f"({fmt.number(measured.cases)} {measured.unit}).")


def assumptions_asked(measured: dict[str, MeasuredAssumption]) -> Assumptions:
    """The what-if model's assumptions, as the merchant set them (see the module)."""
    defaults = Assumptions()
    with st.expander("Assumptions of the model", icon=":material/science:"):
        st.caption("Expected values, one step per day (see the README). Change them to test "
                   "how sensitive the answer is. Backorder acceptance and sign-ups who buy "
                   "are measured from the store's history where it has enough cases; the "
                   "store's files do not show the others.")
        usable = any(m.value is not None for m in measured.values())
        source = st.radio("Start from", SOURCES, horizontal=True, key="policies_assume_source",
                          disabled=not usable,
                          help="The store's own history, where it has enough cases; the "
                               "defaults for the rest.")
        use_measured = usable and source == SOURCES[1]
        cells = st.columns(3)
        chosen: dict[str, float] = {}
        for i, f in enumerate(fields(Assumptions)):
            found = measured.get(f.name)
            start = found.value if use_measured and found is not None \
                and found.value is not None else getattr(defaults, f.name)
            label = ASSUMPTION_LABELS[f.name]
            key = f"policies_assume_{'measured_' if use_measured else ''}{f.name}"
            cell = cells[i % 3]
            if f.name in SHARES:
                chosen[f.name] = cell.number_input(f"{label} (%)", 0.0, 100.0,
                                                   round(start * 100, 1), 1.0, key=key) / 100
                if found is not None:
                    cell.caption(measured_note(found))
            else:
                chosen[f.name] = cell.number_input(label, 1.0, 365.0, start, 1.0, key=key)
    return Assumptions(**chosen)
