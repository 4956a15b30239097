"""Recommendations, checks, bulk edits, audited saves, concurrent edits and reverts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import select

from inventory_core import load_settings
from inventory_core.domain.access import Actor, Role
from inventory_core.domain.enums import PolicyMode
from inventory_core.domain.policy_rules import (
    POLICY_FIELDS,
    BulkRule,
    audit_text,
    changed_fields,
    checked_value,
    policy_problems,
    problems_by_sku,
)
from inventory_core.domain.recommendations import recommend
from inventory_core.domain.wording import format_date
from inventory_core.errors import ConcurrentEdit, InvalidInput, PermissionDenied
from inventory_core.queries import catalog
from inventory_core.queries.suppliers import supplier_reliability
from inventory_core.services.policies import (
    _update_policies,
    policy_history,
    revert_policy_change,
    save_policies,
)
from inventory_core.store.models import Change, Policy
from tests.fixture_store import day

ANA, BEA = Actor("Ana"), Actor("Bea")


def load(engine, today) -> pd.DataFrame:
    """What an editor loads: the SKU table with every policy field and its version."""
    return catalog.sku_table(engine, today, load_settings(engine))


def policy_row(engine, sku):
    with engine.connect() as connection:
        return connection.execute(select(Policy.__table__).where(Policy.sku == sku)) \
            .mappings().one()


def audit(engine, sku):
    with engine.connect() as connection:
        return connection.execute(
            select(Change.field, Change.old_value, Change.new_value, Change.changed_by,
                   Change.reason).where(Change.entity_key == sku).order_by(Change.id)).all()


def edit(frame: pd.DataFrame, sku: str, **values) -> pd.DataFrame:
    out = frame.copy()
    for name, value in values.items():
        out[name] = out[name].astype(object)
        out.loc[out["sku"] == sku, name] = pd.Series([value], index=out.index[
            out["sku"] == sku], dtype=object)
    return out


def bulk_edit(frame: pd.DataFrame, rule: BulkRule, name: str, value) -> pd.DataFrame:
    """What the Policies page's bulk edit does: the SKUs ``rule`` selects get ``value``,
    read as the field stores it."""
    stored = checked_value(name, value)
    out = frame.copy()
    out[name] = out[name].astype(object)
    mask = rule.mask(out)
    out.loc[mask, name] = pd.Series([stored] * int(mask.sum()), index=out.index[mask],
                                    dtype=object)
    return out


# --- recommendations ------------------------------------------------------------------


def test_each_sku_gets_the_rule_merchants_use_with_its_reason(store, today):
    skus = load(store, today)
    recs = recommend(skus, supplier_reliability(store), today).set_index("sku")
    assert recs["recommended_mode"].to_dict() == {
        "A-RED": "stock",          # 33 available
        "B-BLUE": "stock",         # 4 available
        "C-GADGET": "out_of_stock",  # 9 waiting ≥ the 5 units on PO-1
        "D-NEW": "preorder",       # launches T+20
        "E-OLD": "discontinued",
        "F-AUTO": "backorder",     # Slow Ltd: no record yet, not judged; 10 due T+5
        "G-GONE": "out_of_stock",  # no purchase order
    }
    assert recs.at["C-GADGET", "reason"] == (
        "The 9 units already waiting take all 5 units on order: stop taking backorders.")
    # F-AUTO's promise: PO-3 (T+5) moved by the store-wide 2-day delay (PO-5 came 2 days
    # late), as the what-if expects it, since Slow Ltd has no record yet
    launch, due, likely = day(20), day(5), day(7)
    assert recs["reason"].drop("C-GADGET").to_dict() == {
        "A-RED": "33 available: sell from stock.",
        "B-BLUE": "4 available: sell from stock.",
        "D-NEW": f"Not released until {format_date(launch)}: take pre-orders without a "
                 "cap: the 3 already waiting take all 2 units on order, so order more for "
                 "the launch.",
        "E-OLD": "Discontinued: it will not be restocked, so point customers to alternatives.",
        "F-AUTO": f"Slow Ltd has no delivery record yet; 10 units are due "
                  f"{format_date(due)}: take backorders up to 10 units waiting at once (0 already "
                  f"waiting, 10 more), promising {format_date(likely)} (with the "
                  "typical 2-day delay).",
        "G-GONE": "Out of stock with no purchase order open: stop taking backorders and offer "
                  "notify-me.",
    }
    assert recs.at["F-AUTO", "recommended_cap"] == 10
    assert recs.at["F-AUTO", "recommended_restock"] == day(7)
    # D-NEW: 2 units on PO-2, 3 already pre-ordered → no cap (a cap of 2 would stop it)
    assert pd.isna(recs.at["D-NEW", "recommended_cap"])
    assert recs.at["D-NEW", "recommended_release"] == day(20)
    assert pd.isna(recs.at["A-RED", "recommended_cap"])


def test_unreliable_supplier_or_far_or_overdue_supply_means_stop_taking_backorders(
        store, today):
    skus = load(store, today).set_index("sku")
    skus.loc["F-AUTO", "supplier"] = "Reliable Co"  # on time 0 of 1
    reliability = supplier_reliability(store)
    recs = recommend(skus.reset_index(), reliability, today).set_index("sku")
    assert recs.at["F-AUTO", "recommended_mode"] == "out_of_stock"
    assert recs.at["F-AUTO", "reason"].startswith("Reliable Co delivered only 0% of its")
    skus.loc["F-AUTO", ["supplier", "next_expected"]] = ["Slow Ltd", day(90)]
    recs = recommend(skus.reset_index(), reliability, today).set_index("sku")
    assert "more than 60 days away" in recs.at["F-AUTO", "reason"]
    skus.loc["F-AUTO", "next_expected"] = day(-2)
    recs = recommend(skus.reset_index(), reliability, today).set_index("sku")
    assert recs.at["F-AUTO", "reason"].startswith("Its purchase order is overdue")


def test_popular_item_low_on_cover_with_nothing_on_order_says_reorder_now(store, today):
    skus = load(store, today).set_index("sku")
    # B-BLUE: 4 available at 0.25 a day = 16 days of cover < a 20-day lead time
    skus.loc["B-BLUE", ["lead_time_days", "incoming_qty", "net_position"]] = [20, 0, 4]
    recs = recommend(skus.reset_index(), supplier_reliability(store), today).set_index("sku")
    assert recs.at["B-BLUE", "reason"] == (
        "Only 16 days of cover against a 20-day lead time and nothing on order: reorder now.")


# --- checks and bulk edits ------------------------------------------------------------


def test_validation_names_each_problem_next_to_its_row(store, today):
    skus = load(store, today)
    skus = edit(skus, "D-NEW", release_date=day(-1))
    skus = edit(skus, "A-RED", cap=-3)
    skus = edit(skus, "G-GONE", mode="backorder")
    skus = edit(skus, "C-GADGET", customer_note="Ships {when}, on {date}")
    problems = policy_problems(skus, today)
    found = {(s, f, sev) for s, f, sev in zip(problems["sku"], problems["field"],
                                              problems["severity"], strict=True)}
    assert found == {("D-NEW", "release_date", "error"), ("A-RED", "cap", "error"),
                     ("G-GONE", "restock_date", "warning"),
                     ("C-GADGET", "customer_note", "error")}
    lines = problems_by_sku(problems)
    assert lines["A-RED"] == ("⛔ Cap -3 is negative: enter 0 or more units, or leave it "
                              "empty for no cap.")
    assert lines["C-GADGET"].startswith("⛔ The note uses {when}, which cannot be filled")
    assert lines["G-GONE"].startswith("⚠ Backorder with no restock date and no purchase")
    assert "has passed" in lines["D-NEW"]


def test_bulk_edit_by_supplier_touches_only_that_suppliers_skus(store, today):
    skus = load(store, today)
    out = bulk_edit(skus, BulkRule(suppliers=("Slow Ltd",)), "mode", "Out of stock")
    changed = set(out.loc[out["mode"] == "out_of_stock", "sku"])
    assert changed == {"C-GADGET", "D-NEW", "F-AUTO", "G-GONE"}
    by_state = bulk_edit(skus, BulkRule(states=("backorder",)), "cap", 4)
    # backorder today: C-GADGET, and F-AUTO (auto-switch with a PO due T+5)
    assert set(by_state.loc[by_state["cap"] == 4, "sku"]) == {"C-GADGET", "F-AUTO"}
    with pytest.raises(InvalidInput, match="Mode “sometimes” cannot be read"):
        bulk_edit(skus, BulkRule(), "mode", "sometimes")


# --- saving, audit and concurrency ----------------------------------------------------


def test_save_writes_each_changed_field_and_its_audit_row_in_one_go(store, today):
    loaded = load(store, today)
    edited = edit(loaded, "G-GONE", mode="backorder", restock_date=day(9), cap=6)
    result = save_policies(store, loaded, edited, actor=ANA, scenario="Restart G",
                           today=today)
    assert (result.saved, result.changes, result.refused) == (["G-GONE"], 3, [])
    row = policy_row(store, "G-GONE")
    assert (row["mode"], row["cap"], row["restock_date"], row["version"],
            row["updated_by"]) == ("backorder", 6, day(9), 2, "Ana")
    assert sorted(audit(store, "G-GONE")) == [
        ("cap", None, "6", "Ana", "Restart G"),
        ("mode", "out_of_stock", "backorder", "Ana", "Restart G"),
        ("restock_date", None, day(9).isoformat(), "Ana", "Restart G")]


def test_saving_nothing_changed_writes_nothing(store, today):
    loaded = load(store, today)
    result = save_policies(store, loaded, loaded.copy(), actor=ANA, scenario="x", today=today)
    assert (result.saved, result.changes, result.refused) == ([], 0, [])
    assert no_change_written(store)


def no_change_written(engine) -> bool:
    """No audit row, and every policy still at its first version."""
    with engine.connect() as connection:
        audits = connection.execute(select(Change.id)).all()
        versions = set(connection.execute(select(Policy.version)).scalars())
    return audits == [] and versions == {1}


def test_second_editor_of_the_same_sku_is_refused_with_the_first_ones_change(store, today):
    ana_loaded, bea_loaded = load(store, today), load(store, today)
    save_policies(store, ana_loaded, edit(ana_loaded, "C-GADGET", mode="out_of_stock"),
                  actor=ANA, scenario="Stop C", today=today)
    bea_edit = edit(bea_loaded, "C-GADGET", cap=3)
    bea_edit = edit(bea_edit, "A-RED", discount_pct=5)
    result = save_policies(store, bea_loaded, bea_edit, actor=BEA, scenario="Tweak",
                           today=today)
    # A-RED (untouched by Ana) is saved; C-GADGET is refused and says what Ana did
    assert result.saved == ["A-RED"]
    [refusal] = result.refused
    assert isinstance(refusal, ConcurrentEdit)
    message = str(refusal)
    assert message.startswith("C-GADGET was changed by Ana")
    assert "mode: Backorder → Out of stock" in message
    assert "Your edit (cap (units) → 3) was not saved" in message
    assert refusal.changes == [{"sku": "C-GADGET", "field": "mode", "old": "backorder",
                                "new": "out_of_stock"}]
    row = policy_row(store, "C-GADGET")
    assert (row["mode"], row["cap"], row["version"]) == ("out_of_stock", None, 2)
    assert [a[:3] for a in audit(store, "C-GADGET")] == [("mode", "backorder",
                                                          "out_of_stock")]
    assert policy_row(store, "A-RED")["discount_pct"] == 5


def test_after_reloading_the_refused_edit_saves(store, today):
    ana_loaded, bea_loaded = load(store, today), load(store, today)
    save_policies(store, ana_loaded, edit(ana_loaded, "C-GADGET", mode="out_of_stock"),
                  actor=ANA, scenario=None, today=today)
    reloaded = load(store, today)
    result = save_policies(store, reloaded, edit(reloaded, "C-GADGET", cap=3), actor=BEA,
                           scenario=None, today=today)
    assert result.saved == ["C-GADGET"]
    assert policy_row(store, "C-GADGET")["version"] == 3
    assert len(bea_loaded) == 7


def test_an_invalid_edit_refuses_the_whole_save(store, today):
    loaded = load(store, today)
    edited = edit(edit(loaded, "A-RED", cap=-1), "B-BLUE", discount_pct=5)
    with pytest.raises(InvalidInput, match="Nothing was saved.*A-RED: Cap -1 is negative"):
        save_policies(store, loaded, edited, actor=ANA, scenario=None, today=today)
    assert policy_row(store, "B-BLUE")["discount_pct"] == 0


def test_a_viewer_cannot_save(store, today):
    loaded = load(store, today)
    with pytest.raises(PermissionDenied, match="cannot save policies"):
        save_policies(store, loaded, edit(loaded, "A-RED", cap=1),
                      actor=Actor("Val", Role.VIEWER), scenario=None, today=today)
    assert policy_row(store, "A-RED")["cap"] is None
    assert no_change_written(store)


def test_turning_auto_switch_on_applies_it_at_once_to_that_sku_only(store, today):
    loaded = load(store, today)
    # G-GONE put on backorder with auto-switch on: nothing available and no purchase
    # order, so auto-switch moves it straight to out of stock (audited as auto-switch).
    # F-AUTO (auto-switch on, not part of this save) is left for the next refresh.
    edited = edit(loaded, "G-GONE", mode="backorder", auto_switch=True)
    result = save_policies(store, loaded, edited, actor=ANA, scenario=None, today=today)
    assert (result.saved, result.switched) == (["G-GONE"], ["G-GONE"])
    row = policy_row(store, "G-GONE")
    assert (row["mode"], row["auto_switch"], row["version"]) == ("out_of_stock", True, 3)
    assert audit(store, "G-GONE")[-1] == ("mode", "backorder", "out_of_stock",
                                          "auto-switch", "auto-switch")
    assert policy_row(store, "F-AUTO")["mode"] == "stock"


def test_history_lists_changes_and_revert_is_itself_audited(store, today):
    loaded = load(store, today)
    save_policies(store, loaded, edit(loaded, "A-RED", mode="backorder", cap=2),
                  actor=ANA, scenario="Try", today=today)
    changes = policy_history(store, sku="A-RED")
    assert set(changes["field"]) == {"mode", "cap"}
    mode_change = int(changes.loc[changes["field"] == "mode", "id"].iloc[0])
    revert_policy_change(store, mode_change, actor=BEA, today=today)
    row = policy_row(store, "A-RED")
    assert (row["mode"], row["cap"], row["version"]) == ("stock", 2, 3)
    latest = policy_history(store, sku="A-RED").iloc[0]
    assert (latest["field"], latest["old_value"], latest["new_value"], latest["changed_by"],
            latest["reason"]) == ("mode", "backorder", "stock", "Bea",
                                  f"revert of change #{mode_change}")
    # reverting the same change again would overwrite Bea's revert: refused
    with pytest.raises(ConcurrentEdit, match="Mode of A-RED is now Sell from stock"):
        revert_policy_change(store, mode_change, actor=ANA, today=today)


def test_every_policy_field_round_trips_through_the_audit(store, today):
    loaded = load(store, today)
    before = policy_row(store, "E-OLD")
    values = {"mode": "preorder", "cap": 7, "restock_date": day(3), "release_date": day(30),
              "button_label": "Reserve", "customer_note": "Out {date}",
              "discount_pct": 12.5, "auto_switch": True}
    assert set(values) == set(POLICY_FIELDS)
    result = save_policies(store, loaded, edit(loaded, "E-OLD", **values), actor=ANA,
                           scenario=None, today=today)
    assert result.changes == 8
    for change_id in policy_history(store, sku="E-OLD")["id"]:
        revert_policy_change(store, int(change_id), actor=ANA, today=today)
    row = policy_row(store, "E-OLD")
    assert {f: row[f] for f in POLICY_FIELDS} == {f: before[f] for f in POLICY_FIELDS}
    assert (row["mode"], row["cap"], row["restock_date"], row["release_date"],
            row["button_label"], row["customer_note"], float(row["discount_pct"]),
            row["auto_switch"]) == ("discontinued", None, None, None, None, None, 0.0, False)


def test_reverting_auto_switch_back_on_applies_it_at_once(store, today):
    # F-AUTO: auto-switch on, nothing available, PO-3 due T+5 (the next refresh would
    # make it a backorder); Ana turns auto-switch off, Bea reverts that
    loaded = load(store, today)
    save_policies(store, loaded, edit(loaded, "F-AUTO", auto_switch=False), actor=ANA,
                  scenario=None, today=today)
    change_id = int(policy_history(store, sku="F-AUTO")["id"].iloc[0])
    revert_policy_change(store, change_id, actor=BEA, today=today)
    row = policy_row(store, "F-AUTO")
    assert (row["auto_switch"], row["mode"], row["restock_date"]) == (True, "backorder", day(5))


def test_a_bulk_change_over_every_sku_saves_each_at_its_own_version(store, today):
    loaded = load(store, today)
    edited = bulk_edit(loaded, BulkRule(), "discount_pct", 15)
    edited = edit(edited, "A-RED", cap=2)  # one SKU changes two fields
    result = save_policies(store, loaded, edited, actor=ANA, scenario="Sale", today=today)
    assert result.saved == sorted(loaded["sku"]) and result.changes == 8
    for sku in loaded["sku"]:
        row = policy_row(store, sku)
        assert (float(row["discount_pct"]), row["version"], row["updated_by"]) == (15, 2, "Ana")
    assert policy_row(store, "A-RED")["cap"] == 2
    assert sorted(a[:3] for a in audit(store, "A-RED")) == [("cap", None, "2"),
                                                            ("discount_pct", "0", "15")]


def test_a_save_racing_another_is_rolled_back_whole(store, today):
    loaded = load(store, today)
    # Bea saves B-BLUE after Ana's versions were read but before Ana's update ran:
    # Ana's update finds B-BLUE at a newer version, so nothing of Ana's is kept.
    stale = loaded.assign(version=loaded["version"].where(loaded["sku"] != "B-BLUE", 0))
    with (pytest.raises(ConcurrentEdit, match="at the same moment, so nothing was saved"),
          store.begin() as connection):
        _update_policies(connection, ("cap",), [
            {"b_sku": sku, "b_version": int(v), "b_cap": 1}
            for sku, v in zip(stale["sku"], stale["version"], strict=True)],
            dt.datetime(2026, 1, 1), ANA)
    assert {policy_row(store, sku)["cap"] for sku in ("A-RED", "C-GADGET")} == {None}


def test_values_equal_in_another_type_are_not_changes(store, today):
    loaded = load(store, today)
    same = loaded.copy()
    same["restock_date"] = pd.to_datetime(same["restock_date"])  # Timestamps, not dates
    same["mode"] = same["mode"].map(PolicyMode)  # enum members, not text
    same["cap"] = same["cap"].astype(float)
    assert changed_fields(loaded, same).empty
    changed = edit(same, "C-GADGET", restock_date=pd.Timestamp(day(40)))
    assert changed_fields(loaded, changed).to_dict("records") == [
        {"sku": "C-GADGET", "field": "restock_date",
         "old": audit_text("restock_date", loaded.set_index("sku").at["C-GADGET",
                                                                    "restock_date"]),
         "new": day(40).isoformat()}]


def test_only_the_fields_named_are_compared(store, today):
    loaded = load(store, today)
    changed = edit(edit(loaded, "C-GADGET", cap=7), "A-RED", mode="preorder")
    assert sorted(changed_fields(loaded, changed)["field"]) == ["cap", "mode"]
    assert changed_fields(loaded, changed, ["mode"])[["sku", "field"]].values.tolist() == [
        ["A-RED", "mode"]]
    assert changed_fields(loaded, changed, []).empty
