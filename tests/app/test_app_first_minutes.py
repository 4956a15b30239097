"""A merchant's first five minutes (issue 17): the answer first in the tables, the
Overview's four numbers, refusals in words, and lists that follow the selection — on the
seven-SKU fixture store, whose figures are worked out in tests/fixture_store.py."""

from __future__ import annotations

import pytest

from inventory_core.services.settings import load_settings
from restock_ui.views.outbox import reviewed
from tests.apptest import app_on, metrics, shown

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def infos(at) -> list[str]:
    return [shown(i.value) for i in at.info]


def captions(at) -> list[str]:
    return [shown(c.value) for c in at.caption]


@SQLITE_ONLY
def test_the_overview_leads_with_four_numbers_and_keeps_the_rest_behind_an_expander(
        store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch)
    assert not at.exception
    lead = [m.label for m in at.main.metric][:4]
    assert lead == ["Out of stock", "Open backorder units", "Promises overdue",
                    "Oldest backorder"]
    # G-GONE is out of stock; C-GADGET's 9 units wait, 4 lines past their promise;
    # order #7 has waited 100 days
    assert [m.value for m in at.main.metric][:4] == ["1", "9", "4", "100 days"]
    inside = [m.label for m in at.expander[0].metric]
    assert "Open pre-order value" in inside and "In stock" in inside
    assert "Out of stock" not in inside  # each number once
    assert metrics(at)["Open pre-order value"] == "$270.00"


@SQLITE_ONLY
def test_needs_attention_gives_the_sku_and_product_then_the_answer(store, db_url,
                                                                   monkeypatch):
    at = app_on(db_url, monkeypatch)
    table = at.dataframe[0].value
    assert list(table.columns) == ["SKU", "Product", "Issue", "Why",
                                   "At stake (units × days)"]


@SQLITE_ONLY
def test_a_setting_out_of_range_is_refused_naming_the_setting_and_its_range(
        store, db_url, monkeypatch, engine):
    at = app_on(db_url, monkeypatch, page="pages/settings.py")
    before = load_settings(engine)
    at.number_input(key="settings_low_stock_at").set_value(250_000)
    at.button(key="FormSubmitter:settings_form-Save settings").click().run()
    assert not at.exception
    errors = [shown(e.value) for e in at.error]
    assert len(errors) == 1
    assert "Low-stock threshold must be a whole number of units from 0 to 100,000, " \
           "not 250000." in errors[0]
    assert load_settings(engine) == before  # nothing saved


@SQLITE_ONLY
def test_the_add_po_refusal_goes_once_a_sku_is_chosen(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/incoming_supply.py")
    at.text_input(key="supply_add_number").set_value("PO-77")
    at.button(key="supply_add_submit").click().run()
    refusal = "Purchase order not added: choose or type a SKU."
    assert refusal in [shown(e.value) for e in at.error]
    at.selectbox(key="supply_add_sku").set_value("C-GADGET").run()
    assert not at.exception
    assert refusal not in [shown(e.value) for e in at.error]


@SQLITE_ONLY
def test_the_outbox_row_selected_is_the_message_reviewed(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/notifications.py")
    at.button(key="notif_process").click().run()
    table = next(d.value for d in at.dataframe if "Subject" in d.value.columns
                 and "Created" in d.value.columns)
    assert len(table) >= 2
    assert any(c.startswith("The first message shown") for c in captions(at))
    at.session_state["notif_table"] = {"selection": {"rows": [1], "columns": []}}
    at.run()
    assert not at.exception
    assert any(c.startswith(f"The message selected in the table (row 2 of {len(table)})")
               for c in captions(at))
    review = next(m.value for m in at.markdown if m.value.startswith("**To:**"))
    assert shown(review).endswith(f"**Subject:** {table.iloc[1]['Subject']}")


def test_the_review_follows_the_last_row_selected_and_ignores_rows_gone():
    import pandas as pd

    box = pd.DataFrame({"id": [11, 12, 13], "subject": ["a", "b", "c"]})
    assert reviewed(box, [])[0]["id"] == 11
    assert reviewed(box, [0, 2])[0]["id"] == 13
    assert reviewed(box, [1, 7])[0]["id"] == 12  # row 7 no longer shown
    assert reviewed(box, [2])[1] == ("The message selected in the table (row 3 of 3); "
                                     "click another row to read it.")


@SQLITE_ONLY
def test_a_policies_search_without_a_match_says_so_and_the_caption_counts_matches(
        store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/policies.py")
    at.text_input(key="policies_search").set_value("NOPE").run()
    assert not at.exception
    assert "No SKU matches “NOPE”." in " ".join(infos(at))
    assert at.session_state["policies.rows"] == []
    at.text_input(key="policies_search").set_value("GADGET").run()  # in SKUs and categories
    assert any(c.startswith("3 of 7 SKUs match “GADGET” · 0 edited") for c in captions(at))
    assert at.session_state["policies.rows"] == ["C-GADGET", "D-NEW", "F-AUTO"]


@SQLITE_ONLY
def test_history_tells_no_change_yet_from_no_change_under_the_filters(
        store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/policies.py")
    assert "No policy has been changed yet." in " ".join(infos(at))
    at.session_state["policies_one_sku"] = "C-GADGET"  # Gadgets
    at.run()
    at.selectbox(key="policies_one_C-GADGET_mode").set_value(
        next(o for o in at.selectbox(key="policies_one_C-GADGET_mode").options
             if o == "Out of stock"))
    at.button(key="FormSubmitter:policies_one_form_C-GADGET-Apply to C-GADGET").click().run()
    at.text_input(key="policies_user_name").input("Ana").run()
    at.button(key="policies_save").click().run()
    assert [shown(s.value) for s in at.success] == ["Saved 1 SKU (1 change)."]
    at.session_state["filters.categories"] = ["Widgets"]  # as the sidebar keeps it
    at.run()
    assert not at.exception
    assert "No policy change matches the sidebar filters." in " ".join(infos(at))


@SQLITE_ONLY
def test_the_one_sku_editor_edits_a_sku_and_shows_its_what_if(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page="pages/policies.py")
    at.selectbox(key="policies_one_sku").set_value("C-GADGET").run()
    assert not at.exception
    # C-GADGET: backorder today; the form starts from its stored policy
    mode = at.selectbox(key="policies_one_C-GADGET_mode")
    assert mode.value.label == "Backorder"
    mode.set_value(next(o for o in mode.options if o == "Out of stock"))
    at.button(key="FormSubmitter:policies_one_form_C-GADGET-Apply to C-GADGET").click().run()
    assert not at.exception
    assert at.session_state["policies.pending"] == {"C-GADGET": {"mode": "out_of_stock"}}
    assert any("1 edited, 1 fields changed" in c for c in captions(at))
    one = next(d.value for d in at.dataframe if "This scenario" in d.value.columns)
    by_output = one.set_index("Over the horizon")["Change"]
    # it stops taking backorders: fewer new backorders, more demand lost
    assert by_output["New backorders"].startswith("-")
    assert by_output["Demand lost"].startswith("+")
