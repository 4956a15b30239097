"""What a page derives from the shared reads (a sorted table, a chart's input, the rows
to order) is worked out once for every visitor of the store, and changes with what
they ask for and with the store."""

from __future__ import annotations

from collections import Counter

import pytest

from inventory_core.queries import suppliers as supplier_queries
from restock_ui.views import replenishment as replenishment_view
from restock_ui.views import stock as stock_view
from restock_ui.views import supply as supply_view
from tests.apptest import another_visitor, app_on, counting, forget_reads

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
STOCK = "pages/stock_levels.py"


@SQLITE_ONLY
def test_a_second_visitor_of_stock_levels_sorts_nothing_again_and_sees_the_same_table(
        store, db_url, monkeypatch):
    calls = Counter()
    counting(monkeypatch, stock_view, "found", calls)
    counting(monkeypatch, stock_view, "table_view", calls)
    first = app_on(db_url, monkeypatch, page=STOCK)
    second = another_visitor(db_url, monkeypatch, STOCK)
    assert calls == {"found": 1, "table_view": 1}
    table = first.dataframe(key="stock_levels_table").value
    assert second.dataframe(key="stock_levels_table").value.equals(table)

    # what one visitor searches is found for them (and kept for the next who asks)
    second.text_input(key="stock_levels_search").input("gadget").run()
    assert list(second.dataframe(key="stock_levels_table").value["SKU"]) == [
        "C-GADGET", "D-NEW", "F-AUTO"]
    first.run()
    assert first.dataframe(key="stock_levels_table").value.equals(table)
    assert calls == {"found": 2, "table_view": 2}

    # a write to the store: the next run derives from the new read
    forget_reads(db_url)
    first.run()
    assert calls == {"found": 3, "table_view": 3}
    assert first.dataframe(key="stock_levels_table").value.equals(table)


@SQLITE_ONLY
def test_a_second_visitor_of_incoming_supply_and_replenishment_derives_nothing_again(
        store, db_url, monkeypatch):
    calls = Counter()
    for name in ("per_sku_table", "supplies", "lines_table", "matching"):
        counting(monkeypatch, supply_view, name, calls)
    first = app_on(db_url, monkeypatch, page="pages/incoming_supply.py")
    assert calls == {"per_sku_table": 1, "supplies": 1, "lines_table": 1, "matching": 1}
    second = another_visitor(db_url, monkeypatch, "pages/incoming_supply.py")
    assert not second.exception
    assert calls == {"per_sku_table": 1, "supplies": 1, "lines_table": 1, "matching": 1}
    assert [d.value.shape for d in second.dataframe] == [d.value.shape for d in first.dataframe]

    counting(monkeypatch, replenishment_view, "by_supplier", calls)
    first.switch_page("pages/replenishment.py")
    first.run()
    second.switch_page("pages/replenishment.py")
    second.run()
    assert not second.exception
    assert calls["by_supplier"] == 1
    assert [d.value["sku"].tolist() for d in second.dataframe] == \
        [d.value["sku"].tolist() for d in first.dataframe]


@SQLITE_ONLY
def test_the_suppliers_delivery_record_is_read_once_for_every_page_that_uses_it(
        store, db_url, monkeypatch):
    # the SKU table, the allocation, the suppliers' table and the recommendations each
    # use it; a store's received purchase orders are grouped once, not once per read
    calls = Counter()
    counting(monkeypatch, supplier_queries, "received_statement", calls)
    at = app_on(db_url, monkeypatch)  # the Overview: the SKU table and the allocation
    for page in ("pages/incoming_supply.py", "pages/policies.py", "pages/replenishment.py"):
        at.switch_page(page)
        at.run()
        assert not at.exception
    assert calls == {"received_statement": 1}
    forget_reads(db_url)  # a write: read once again
    at.run()
    assert calls == {"received_statement": 2}
