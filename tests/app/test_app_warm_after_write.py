"""A save does not make every page cold: after a write, the store's heaviest reads are
worked out again in the background, and the next page finds them ready, with the
numbers a fresh read gives."""

from __future__ import annotations

import importlib
import threading
from collections import Counter

from restock_ui import reads
from restock_ui.reads import catalog as catalog_reads
from restock_ui.reads import outbox as outbox_reads
from restock_ui.reads import policies as policy_reads
from restock_ui.reads import warm
from tests.apptest import app_on, counting, forget_reads, metrics

SETTINGS = "pages/settings.py"
SAVE = "FormSubmitter:settings_form-Save settings"
# the module, not the read of the same name that the package exports
allocation_reads = importlib.import_module("restock_ui.reads.allocation")


def test_after_a_save_the_next_pages_find_the_sku_table_and_allocation_ready(
        store, db_url, monkeypatch):
    monkeypatch.setenv(warm.SWITCH, "1")
    calls = Counter()
    counting(monkeypatch, catalog_reads, "sku_table", calls)
    counting(monkeypatch, allocation_reads, "allocation_for", calls)
    counting(monkeypatch, policy_reads, "load_whatif_inputs", calls)
    counting(monkeypatch, outbox_reads, "held_for_review", calls)
    at = app_on(db_url, monkeypatch, page=SETTINGS)
    before = reads.store_key(db_url)

    # a new low-stock threshold: a write, so a new generation of the store's reads
    at.number_input(key="settings_low_stock_at").set_value(9)
    at.button(key=SAVE).click().run()
    assert not at.exception
    reads.settle(60)
    assert reads.store_key(db_url).generation == before.generation + 1
    read_after_save = calls.copy()
    assert set(read_after_save) == {"sku_table", "allocation_for", "load_whatif_inputs",
                                    "held_for_review"}

    # the Overview, Incoming supply, Policies and Notifications: drawn from what was
    # warmed, nothing read again
    at.switch_page("dashboard.py").run()
    assert not at.exception
    warmed = metrics(at)
    for page in ("pages/incoming_supply.py", "pages/policies.py", "pages/notifications.py"):
        at.switch_page(page).run()
        assert not at.exception
    assert calls == read_after_save

    # the same numbers as a fresh read of the saved store
    forget_reads(db_url)
    fresh = app_on(db_url, monkeypatch)
    assert metrics(fresh) == warmed
    assert warmed["Low stock"] == metrics(fresh)["Low stock"]


def test_writes_that_land_while_warming_are_warmed_once_as_of_the_newest(
        db_url, monkeypatch):
    monkeypatch.setenv(warm.SWITCH, "1")
    first_started, release = threading.Event(), threading.Event()
    warmed: list[int] = []

    def recorded(store, today):
        warmed.append(store.generation)
        first_started.set()
        release.wait(30)

    monkeypatch.setattr(warm, "warm", recorded)
    first = reads.changed(db_url)
    assert first_started.wait(30)
    reads.changed(db_url)  # replaced by the next write before its turn comes
    newest = reads.changed(db_url)
    release.set()
    reads.settle(30)
    assert warmed == [first.generation, newest.generation]


def test_warming_can_be_turned_off(db_url, monkeypatch):
    monkeypatch.setenv(warm.SWITCH, "0")
    warmed: list[int] = []
    monkeypatch.setattr(warm, "warm", lambda store, today: warmed.append(store.generation))
    reads.changed(db_url)
    reads.settle(30)
    assert warmed == []
    assert not warm.enabled()
