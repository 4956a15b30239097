"""Revert on the Policies page asks first, then offers nothing already reverted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from inventory_core.store.models import Policy
from tests.apptest import app_on

PAGE = "pages/policies.py"
C_GADGET = 2


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_revert_asks_for_confirmation_and_is_not_offered_again(store, db_url, monkeypatch,
                                                                engine):
    at = app_on(db_url, monkeypatch, page=PAGE)
    at.session_state[at.session_state["policies.editor_key"]] = {
        "edited_rows": {C_GADGET: {"Mode": "Out of stock"}}, "added_rows": [],
        "deleted_rows": []}
    at.run()
    at.text_input(key="policies_user_name").input("Ana").run()
    at.button(key="policies_save").click().run()
    assert not at.exception, at.exception
    pick = at.selectbox(key="policies_revert_pick")
    assert pick.value is None  # nothing chosen for the merchant
    assert pick.options == ["#1 · C-GADGET · Mode: Backorder → Out of stock"]
    assert at.button(key="policies_revert").disabled
    at.selectbox(key="policies_revert_pick").select_index(0).run()
    at.button(key="policies_revert").click().run()
    # asked first: nothing is changed yet
    assert [w.value.replace("\\", "") for w in at.warning] == [  # shown as text
        "Revert #1 · C-GADGET · Mode: Backorder → Out of stock? The old value is put back "
        "as a new change, recorded with your name."]
    at.button(key="policies_revert_cancel").click().run()
    assert not at.warning
    with engine.connect() as connection:
        assert connection.execute(select(Policy.mode).where(
            Policy.sku == "C-GADGET")).scalar_one() == "out_of_stock"

    at.selectbox(key="policies_revert_pick").select_index(0).run()
    at.button(key="policies_revert").click().run()
    at.button(key="policies_revert_confirm").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [
        "Reverted C-GADGET · Mode: Backorder → Out of stock (recorded as a new change)."]
    with engine.connect() as connection:
        assert connection.execute(select(Policy.mode).where(
            Policy.sku == "C-GADGET")).scalar_one() == "backorder"
    history = next(d.value for d in at.dataframe if "Scenario / reason" in d.value.columns)
    assert list(history["#"]) == [1, 2]
    assert list(history["Scenario / reason"]) == ["revert of #2", ""]
    # neither the reverted change nor its revert is offered
    assert "No change to revert: each listed change was reverted or changed again since." \
        in [c.value for c in at.caption]
