"""Every page survives its caches and its session state being emptied: Streamlit's
"Clear caches" (``st.cache_data.clear()``, ``st.cache_resource.clear()``) and a session
that forgot everything, with the sidebar's filters in use, then the next run."""

from __future__ import annotations

import pytest
import streamlit as st

from restock_ui.navigation import OVERVIEW, SECTIONS
from tests.apptest import app_on

PAGES = [OVERVIEW[0], *(path for entries in SECTIONS.values() for path, *_ in entries)]
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def empty_everything(at) -> None:
    """What "Clear caches" and a forgotten session leave: no cached read, no engine, no
    entry the app keeps in the session (the browser still holds its widgets' values)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    widgets = at.session_state._state._state._key_id_mapper  # the widgets' own keys
    for key in [k for k in at.session_state if k not in widgets]:
        del at.session_state[key]


@SQLITE_ONLY
@pytest.mark.parametrize("page", PAGES)
def test_a_page_runs_after_its_caches_and_session_state_are_emptied(
        store, db_url, monkeypatch, page):
    at = app_on(db_url, monkeypatch)
    # the filter's widget sends a change to a session emptied meanwhile
    empty_everything(at)
    at.multiselect(key="sidebar_categories").set_value(["Widgets"]).run()
    assert not at.exception, at.exception
    at.switch_page(page).run()
    assert not at.exception, at.exception
    empty_everything(at)
    at.run()
    assert not at.exception, at.exception
    at.run()
    assert not at.exception, at.exception


# --- a pre-order without a release date ---------------------------------------------------

POLICIES = "pages/policies.py"
C_GADGET = 2  # the grid's third row


def longest_wait(at) -> dict[str, str]:
    """The what-if's totals row of the longest expected wait."""
    totals = next(d.value for d in at.dataframe if "Over the horizon" in d.value.columns)
    return totals.set_index("Over the horizon").loc["Longest expected wait (days)"].to_dict()


@SQLITE_ONLY
def test_a_preorder_without_release_date_in_the_grid_reads_as_waiting_until_set(
        store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=POLICIES)
    at.session_state[at.session_state["policies.editor_key"]] = {
        "edited_rows": {C_GADGET: {"Mode": "Pre-order"}}, "added_rows": [],
        "deleted_rows": []}
    at.run()
    assert not at.exception, at.exception
    wait = longest_wait(at)
    assert wait["Scenario"] == "no release date: waits until set"
    assert wait["Change"] == "no release date: waits until set"
    assert wait["Stored policies"].endswith("days")
    per_sku = next(d.value for d in at.dataframe if "Scenario mode" in d.value.columns)
    row = per_sku.set_index("SKU").loc["C-GADGET"]
    assert row["Longest expected wait (days)"] == "no release date: waits until set"
    assert at.metric  # the headline still reads


@SQLITE_ONLY
def test_a_bulk_preorder_by_category_without_release_date_leaves_the_what_if_working(
        store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=POLICIES)
    at.multiselect(key="policies_bulk_categories").set_value(["Gadgets"]).run()
    at.selectbox(key="policies_bulk_mode").set_value("Pre-order").run()
    # C-GADGET and F-AUTO change; D-NEW already takes pre-orders
    assert ("Will change the mode of 2 SKUs (now 1 Sell from stock, 1 Backorder). "
            "1 already have that value.") in [c.value for c in at.caption]
    at.button(key="policies_bulk_apply").click().run()
    assert not at.exception, at.exception
    assert longest_wait(at)["Scenario"] == "no release date: waits until set"
    checks = " ".join(str(v) for d in at.dataframe if "Check" in d.value.columns
                      for v in d.value["Check"])
    assert "Pre-order without a release date" in checks
