"""The Policies & what-if page: grid edits preview the what-if, save audits them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from inventory_core.domain.wording import format_date
from inventory_core.store.models import Change, Policy
from restock_ui.views import policy_scenario
from restock_ui.widgets import tables
from tests.apptest import another_visitor, app_on, metrics
from tests.fixture_store import day

PAGE = "pages/policies.py"
# Grid rows are the SKUs in order: 0 A-RED, 1 B-BLUE, 2 C-GADGET, 3 D-NEW, 4 E-OLD,
# 5 F-AUTO, 6 G-GONE.
C_GADGET = 2
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def edit_grid(at, rows: dict) -> None:
    """Seed the grid's edit state, as the browser would send it, and rerun."""
    at.session_state[at.session_state["policies.editor_key"]] = {
        "edited_rows": rows, "added_rows": [], "deleted_rows": []}
    at.run()


def table_with(at, column: str):
    """The first table on the page that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


@SQLITE_ONLY
def test_page_shows_the_stored_policies_and_their_recommendations(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    assert not at.exception
    grid = at.session_state["policies.rows"]
    assert grid == ["A-RED", "B-BLUE", "C-GADGET", "D-NEW", "E-OLD", "F-AUTO", "G-GONE"]
    shown = metrics(at)
    # Nothing edited: the scenario equals the stored policies, so no delta is shown.
    assert [m.delta for m in at.metric] == [""] * len(at.metric)
    assert list(shown) == ["Units sold", "Revenue", "Margin", "Demand lost",
                           "Cash taken up front", "Promises likely missed"]
    assert "0 edited, 0 fields changed" in " ".join(c.value for c in at.caption)


def test_editing_the_grid_previews_the_what_if_then_save_writes_it_with_its_audit(
        store, db_url, monkeypatch, engine):
    at = app_on(db_url, monkeypatch, page=PAGE)
    before = metrics(at)
    # C-GADGET (demand 10/28 a day, nothing in stock, 5 due on day 12) stops taking
    # backorders: fewer backorders, less cash up front, more demand lost.
    edit_grid(at, {C_GADGET: {"Mode": "Out of stock"}})
    assert not at.exception
    after = {m.label: m for m in at.metric}
    assert after["Cash taken up front"].value != before["Cash taken up front"]
    assert after["Cash taken up front"].delta.startswith("-$")
    assert after["Demand lost"].delta.startswith("+")
    assert "1 edited, 1 fields changed" in " ".join(c.value for c in at.caption)
    per_sku = table_with(at, "Scenario mode")
    assert list(per_sku["SKU"]) == ["C-GADGET"]
    assert per_sku.iloc[0]["Scenario mode"] == "Out of stock"
    assert per_sku.iloc[0]["Δ New backorders"] < 0

    # Saving needs a name, given once per browser session.
    assert at.button(key="policies_save").disabled
    at.text_input(key="policies_user_name").input("Ana").run()
    at.text_input(key="policies_scenario").input("Stop C").run()
    assert at.session_state["user.name"] == "Ana"
    at.button(key="policies_save").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Saved 1 SKU (1 change)."]
    with engine.connect() as connection:
        mode, version = connection.execute(
            select(Policy.mode, Policy.version).where(Policy.sku == "C-GADGET")).one()
        audit = connection.execute(select(
            Change.entity, Change.entity_key, Change.field, Change.old_value,
            Change.new_value, Change.changed_by, Change.reason)).all()
    assert (mode, version) == ("out_of_stock", 2)
    assert audit == [("policy", "C-GADGET", "mode", "backorder", "out_of_stock", "Ana",
                      "Stop C")]
    history = table_with(at, "Scenario / reason")
    assert history.iloc[0][["Who", "SKU", "Old", "New"]].tolist() == [
        "Ana", "C-GADGET", "Backorder", "Out of stock"]
    # After the save the scenario is the stored policies again: nothing left to save.
    assert "0 edited" in " ".join(c.value for c in at.caption)


@SQLITE_ONLY
def test_a_note_with_an_unknown_placeholder_is_flagged_and_blocks_the_save(
        store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    at.text_input(key="policies_user_name").input("Ana").run()
    edit_grid(at, {C_GADGET: {"Customer note": "Ships {when}"}})
    checks = table_with(at, "Check")["Check"].tolist()
    assert checks[C_GADGET] == ("⛔ The note uses {when}, which cannot be filled: only {date} "
                                "is known.")
    assert checks[:C_GADGET] + checks[C_GADGET + 1:] == [""] * 6
    captions = " ".join(c.value for c in at.caption)
    assert "Fix the 1 ⛔ problem(s) in the Check column first." in captions
    assert at.button(key="policies_save").disabled


@SQLITE_ONLY
def test_bulk_edit_by_supplier_and_the_storefront_preview(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    at.multiselect(key="policies_bulk_suppliers").set_value(["Slow Ltd"]).run()
    at.selectbox(key="policies_bulk_mode").set_value("Out of stock").run()
    # C-GADGET, F-AUTO and D-NEW change (G-GONE already is out of stock), told first
    assert ("Will change the mode of 3 SKUs (now 1 Sell from stock, 1 Backorder, "
            "1 Pre-order). 1 already have that value.") in [c.value for c in at.caption]
    assert at.button(key="policies_bulk_apply").label == "Apply to 3 SKUs"
    at.button(key="policies_bulk_apply").click().run()
    assert not at.exception
    assert "Mode set on 3 SKUs as unsaved edits." in [i.value for i in at.info]
    assert "3 edited, 3 fields changed" in " ".join(c.value for c in at.caption)
    at.selectbox(key="policies_preview").set_value("C-GADGET").run()
    lines = [m.value for m in at.markdown]
    assert f"Backorder: ships by {format_date(day(12), 'restock')}" in lines  # stored
    assert "Out of stock" in lines  # the scenario
    assert not at.button(key="policies_preview_button_Stored policy").disabled
    assert at.button(key="policies_preview_button_Scenario").disabled


@SQLITE_ONLY
def test_apply_recommendations_makes_a_scenario_to_inspect(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    at.button(key="policies_apply_recs").click().run()
    assert not at.exception
    # C-GADGET → out of stock, F-AUTO → backorder (cap 10, T+7), D-NEW → no cap: the
    # three rows the grid marks in its Changes column (tests/db/test_one_meaning.py)
    assert "Recommendations applied to 3 SKUs" in at.info[0].value
    per_sku = table_with(at, "Scenario mode")
    assert dict(zip(per_sku["SKU"], per_sku["Scenario mode"], strict=True)) == {
        "C-GADGET": "Out of stock", "D-NEW": "Pre-order", "F-AUTO": "Backorder"}


@SQLITE_ONLY
def test_a_rerun_without_changes_reuses_the_scenario_and_an_edit_works_it_out_again(
        store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    edit_grid(at, {C_GADGET: {"Mode": "Out of stock"}})
    scenario = at.session_state["policies.memo.scenario"]
    projected = at.session_state["policies.memo.projection"]
    at.run()
    assert at.session_state["policies.memo.scenario"] is scenario
    assert at.session_state["policies.memo.projection"] is projected
    edit_grid(at, {C_GADGET: {"Mode": "Out of stock"}, 0: {"Cap (units)": 3}})
    assert at.session_state["policies.memo.scenario"] is not scenario
    assert "2 edited, 2 fields changed" in " ".join(c.value for c in at.caption)


@SQLITE_ONLY
def test_a_search_that_finds_no_sku_leaves_nothing_to_preview(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=PAGE)
    at.text_input(key="policies_search").set_value("zzzz-no-such").run()
    assert not at.exception
    assert at.session_state["policies.rows"] == []
    assert [i.value for i in at.info if "No SKU to preview" in i.value] == [
        "No SKU to preview: no SKU is edited and the search above the grid finds none."]


@SQLITE_ONLY
def test_a_grid_longer_than_a_table_shows_its_first_rows_and_says_how_to_reach_the_rest(
        store, db_url, monkeypatch):
    monkeypatch.setattr(tables, "TABLE_ROWS", 3)
    at = app_on(db_url, monkeypatch, page=PAGE)
    assert not at.exception
    assert at.session_state["policies.rows"] == ["A-RED", "B-BLUE", "C-GADGET"]
    assert ("Showing the first 3 of 7 SKUs: narrow them with the search or the sidebar, or "
            "change them all with a bulk edit.") in [c.value for c in at.caption]
    at.text_input(key="policies_search").set_value("c-gad").run()
    assert at.session_state["policies.rows"] == ["C-GADGET"]


@SQLITE_ONLY
def test_sessions_showing_the_stored_policies_share_their_scenario_and_what_if(
        store, db_url, monkeypatch):
    checked = []
    problems = policy_scenario.policy_problems

    def counted(scenario, today):
        checked.append(len(scenario))
        return problems(scenario, today)

    monkeypatch.setattr(policy_scenario, "policy_problems", counted)
    first = app_on(db_url, monkeypatch, page=PAGE)
    second = another_visitor(db_url, monkeypatch, PAGE)
    assert not first.exception and not second.exception
    assert checked == [7]  # the second visitor took the first's stored scenario
    shared = first.session_state["policies.memo.scenario"][1]
    assert shared.stored
    for name in ("scenario", "projection_stored", "grid", "chart_backlog", "policies_of"):
        assert second.session_state[f"policies.memo.{name}"][1] is \
            first.session_state[f"policies.memo.{name}"][1]
    assert metrics(second) == metrics(first)

    # The second edits: its scenario is its own, and the first still shows the stored one.
    edit_grid(second, {C_GADGET: {"Mode": "Out of stock"}, 0: {"Cap (units)": -1}})
    assert checked == [7, 2]  # only the edited SKUs are checked again
    edited = second.session_state["policies.memo.scenario"][1]
    assert edited is not shared and not edited.stored
    # … and the checks read as if every SKU had been checked again
    everything = problems(edited.frame, day(0))
    assert edited.checks.to_dict() == policy_scenario.problems_by_sku(everything).to_dict()
    assert (edited.count("error"), edited.count("warning")) == (
        (everything["severity"] == "error").sum(), (everything["severity"] == "warning").sum())
    assert edited.checks["A-RED"].startswith("⛔ Cap -1 is negative")
    assert set(table_with(second, "Scenario mode")["SKU"]) == {"C-GADGET", "A-RED"}
    first.run()
    assert first.session_state["policies.memo.scenario"][1] is shared
    assert "0 edited, 0 fields changed" in " ".join(c.value for c in first.caption)
    assert table_with(first, "Mode")["Mode"].iloc[C_GADGET] == "Backorder"

    # Once the second discards its edits it shares the stored scenario again.
    second.button(key="policies_discard").click().run()
    assert second.session_state["policies.memo.scenario"][1] is shared
    assert checked == [7, 2]
