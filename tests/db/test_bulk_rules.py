"""Bulk edits that ask first: a rule combines supplier, category, current mode and
storefront state; the preview counts the SKUs that will change per current mode; a mode
change leaves discontinued SKUs alone unless they are chosen. Hand-worked on the fixture
store (tests/fixture_store.py):

SKU       supplier     category  mode           state         discontinued
A-RED     Reliable Co  Widgets   stock          in_stock
B-BLUE    Reliable Co  Widgets   stock          low_stock
C-GADGET  Slow Ltd     Gadgets   backorder      backorder
D-NEW     Slow Ltd     Gadgets   preorder       preorder
E-OLD     Reliable Co  Widgets   discontinued   discontinued  yes
F-AUTO    Slow Ltd     Gadgets   stock          backorder     (auto-switch, PO T+5)
G-GONE    Slow Ltd     Widgets   out_of_stock   out_of_stock
"""

from __future__ import annotations

import pandas as pd
import pytest

from inventory_core import load_settings
from inventory_core.domain.policy_rules import BulkRule, bulk_preview, changed_fields
from inventory_core.errors import InvalidInput
from inventory_core.queries import catalog


@pytest.fixture
def skus(store, today) -> pd.DataFrame:
    return catalog.sku_table(store, today, load_settings(store))


def changed(skus: pd.DataFrame, rule: BulkRule, field: str, value) -> set[str]:
    """The SKUs the preview says will change."""
    return set(skus.loc[bulk_preview(skus, rule, field, value).changes, "sku"])


def test_stop_backorders_for_one_supplier_changes_only_its_backorder_skus(skus):
    rule = BulkRule(suppliers=("Slow Ltd",), modes=("backorder",))
    preview = bulk_preview(skus, rule, "mode", "Out of stock")
    # Slow Ltd: C-GADGET (backorder), D-NEW (pre-order), F-AUTO (stock, shows
    # Backorder by auto-switch), G-GONE (out of stock): only C-GADGET is in backorder mode
    assert set(skus.loc[preview.changes, "sku"]) == {"C-GADGET"}
    assert (preview.count, preview.by_mode, preview.same, preview.discontinued) == (
        1, {"Backorder": 1}, 0, 0)
    # applied as the page applies it: one field of one SKU changes
    edited = skus.copy()
    edited["mode"] = edited["mode"].astype(object)
    edited.loc[preview.changes, "mode"] = "out_of_stock"
    assert changed_fields(skus, edited).values.tolist() == [
        ["C-GADGET", "mode", "backorder", "out_of_stock"]]


def test_the_storefront_state_picks_what_shows_backorder_whatever_the_mode(skus):
    rule = BulkRule(suppliers=("Slow Ltd",), states=("backorder",))
    preview = bulk_preview(skus, rule, "mode", "Out of stock")
    assert set(skus.loc[preview.changes, "sku"]) == {"C-GADGET", "F-AUTO"}
    assert preview.by_mode == {"Sell from stock": 1, "Backorder": 1}


def test_a_mode_change_leaves_discontinued_skus_alone_unless_chosen(skus):
    supplier = BulkRule(suppliers=("Reliable Co",))
    preview = bulk_preview(skus, supplier, "mode", "Out of stock")
    assert set(skus.loc[preview.changes, "sku"]) == {"A-RED", "B-BLUE"}
    assert (preview.by_mode, preview.discontinued) == ({"Sell from stock": 2}, 1)
    chosen = BulkRule(suppliers=("Reliable Co",), with_discontinued=True)
    assert changed(skus, chosen, "mode", "Out of stock") == {"A-RED", "B-BLUE", "E-OLD"}
    by_state = BulkRule(states=("discontinued",))
    assert changed(skus, by_state, "mode", "Out of stock") == {"E-OLD"}
    # other fields than the mode: discontinued SKUs are edited like any
    assert changed(skus, supplier, "discount_pct", 10) == {"A-RED", "B-BLUE", "E-OLD"}


def test_every_sku_counts_the_change_per_current_mode(skus):
    preview = bulk_preview(skus, BulkRule(), "mode", "Out of stock")
    # A, B, F sell from stock; C backorder; D pre-order; G already; E discontinued
    assert preview.by_mode == {"Sell from stock": 3, "Backorder": 1, "Pre-order": 1}
    assert (preview.count, preview.same, preview.discontinued) == (5, 1, 1)


def test_rules_combine_category_and_mode(skus):
    rule = BulkRule(categories=("Gadgets",), modes=("stock", "backorder"))
    assert changed(skus, rule, "mode", "Pre-order") == {"C-GADGET", "F-AUTO"}
    assert changed(skus, rule, "cap", 4) == {"C-GADGET", "F-AUTO"}
    nothing = bulk_preview(skus, BulkRule(categories=("Gadgets",), modes=("preorder",)),
                           "mode", "Pre-order")
    assert (nothing.count, nothing.same, nothing.by_mode) == (0, 1, {})


def test_a_value_that_cannot_be_read_is_refused_naming_the_field(skus):
    with pytest.raises(InvalidInput, match="Mode “sometimes” cannot be read"):
        bulk_preview(skus, BulkRule(), "mode", "sometimes")
