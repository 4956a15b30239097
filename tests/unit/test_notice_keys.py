"""What an order update told, written into its outbox key and read back."""

from __future__ import annotations

import datetime as dt

from inventory_core.domain.notice_keys import Told, order_update_key, read_key


def test_an_order_update_key_reads_back_what_it_told():
    key = order_update_key("#1001", ["2026-12-10", "2026-12-03"], [42, 7],
                           dt.date(2026, 12, 24))
    assert key == "order:#1001|promised=2026-12-03,2026-12-10|ready=7,42|revised=2026-12-24"
    assert read_key(key) == Told({"2026-12-03", "2026-12-10"}, {7, 42}, dt.date(2026, 12, 24))
    assert read_key(key).told_a_delay


def test_an_update_that_gave_no_revised_date_or_told_only_ready_lines():
    none_given = read_key(order_update_key("#7", ["2026-11-01"], [], None))
    assert (none_given.revised, none_given.told_a_delay) == (None, True)
    ready = read_key(order_update_key("#8", [], [5], None))
    assert (ready.ready, ready.told_a_delay) == ({5}, False)


def test_keys_of_earlier_versions_are_read_too():
    assert read_key("order:#7|promised=2026-11-11|ready=") == Told({"2026-11-11"})
    assert read_key("backorder_delay:12:2026-11-11") == Told({"2026-11-11"}, line_id=12)
    assert read_key("backorder_ready:13") == Told(ready={13}, line_id=13)
    assert read_key("back_in_stock:SKU-1:a@example.com") == Told()
