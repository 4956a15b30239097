"""History numbers what it lists and Revert offers only changes still in place: not one
reverted already, changed again since, or a revert itself (on both engines)."""

from __future__ import annotations

from inventory_core import load_settings
from inventory_core.domain.access import Actor
from inventory_core.queries import catalog
from inventory_core.services.policies import (
    policy_history,
    revert_policy_change,
    save_policies,
)
from restock_ui.views.policy_scenario import history_table, revert_labels

ANA, BEA = Actor("Ana"), Actor("Bea")


def save(engine, today, sku, **values):
    loaded = catalog.sku_table(engine, today, load_settings(engine))
    edited = loaded.copy()
    for name, value in values.items():
        edited[name] = edited[name].astype(object)
        edited.loc[edited["sku"] == sku, name] = value
    save_policies(engine, loaded, edited, actor=ANA, scenario="Try", today=today)


def offered(engine) -> list[str]:
    log = policy_history(engine)
    return list(revert_labels(log, history_table(log)).values())


def test_revert_offers_only_changes_still_in_place_and_history_numbers_its_rows(
        store, today):
    save(store, today, "A-RED", mode="backorder")            # change a
    save(store, today, "A-RED", cap=4)                      # change b
    save(store, today, "B-BLUE", discount_pct=10)           # change c
    save(store, today, "B-BLUE", discount_pct=20)           # change d: c is changed again
    log = policy_history(store)
    view = history_table(log)
    assert list(view["#"]) == [1, 2, 3, 4]  # newest first, numbered as listed
    assert list(zip(view["SKU"], view["Field"], view["New"], strict=True)) == [
        ("B-BLUE", "Discount %", "20%"), ("B-BLUE", "Discount %", "10%"),
        ("A-RED", "Cap (units)", "4"), ("A-RED", "Mode", "Backorder")]
    assert offered(store) == ["#1 · B-BLUE · Discount %: 10% → 20%",
                              "#3 · A-RED · Cap (units): — → 4",
                              "#4 · A-RED · Mode: Sell from stock → Backorder"]

    mode_change = int(log.loc[log["field"] == "mode", "id"].iloc[0])
    revert_policy_change(store, mode_change, actor=BEA, today=today)
    log = policy_history(store)
    view = history_table(log)
    assert list(view["#"]) == [1, 2, 3, 4, 5]
    # the revert is listed first and names the number of the change it put back
    assert (view.iloc[0]["Field"], view.iloc[0]["New"], view.iloc[0]["Scenario / reason"]) \
        == ("Mode", "Sell from stock", "revert of #5")
    # neither the reverted change nor the revert itself is offered again
    assert offered(store) == ["#2 · B-BLUE · Discount %: 10% → 20%",
                              "#4 · A-RED · Cap (units): — → 4"]


def test_a_change_made_again_by_hand_is_offered_once_more(store, today):
    save(store, today, "A-RED", mode="backorder")
    change = int(policy_history(store)["id"].iloc[0])
    revert_policy_change(store, change, actor=BEA, today=today)
    assert offered(store) == []
    save(store, today, "A-RED", mode="backorder")  # Ana saves it again: a new change
    assert offered(store) == ["#1 · A-RED · Mode: Sell from stock → Backorder"]
