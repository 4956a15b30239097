"""A write refreshes the cached reads of the store it changed, and only that store's:
another store's cached reads (another demo visitor's sandbox, say) stay warm."""

from __future__ import annotations

from collections import Counter

from inventory_core import Filters
from inventory_core.store.engine import make_engine, upgrade_schema
from restock_ui import reads
from restock_ui.reads import catalog, supply
from tests import fixture_store
from tests.apptest import app_on

SETTINGS = "pages/settings.py"
SAVE = "FormSubmitter:settings_form-Save settings"


def fixture_store_in(folder) -> str:
    """The URL of a new SQLite store in ``folder`` holding the fixture store."""
    folder.mkdir()
    url = f"sqlite:///{folder / 'store.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    fixture_store.load(engine)
    engine.dispose()
    return url


def test_a_write_to_one_store_reads_it_again_and_leaves_the_other_stores_reads_cached(
        tmp_path, monkeypatch, today):
    url_a, url_b = fixture_store_in(tmp_path / "a"), fixture_store_in(tmp_path / "b")
    settings_read = Counter()
    load_settings = catalog.load_settings

    def counted(engine):
        settings_read[str(engine.url)] += 1
        return load_settings(engine)

    monkeypatch.setattr(catalog, "load_settings", counted)
    visitor_b = app_on(url_b, monkeypatch, page=SETTINGS)
    visitor_a = app_on(url_a, monkeypatch, page=SETTINGS)
    assert settings_read == {url_a: 1, url_b: 1}
    b_before, a_before = reads.store_key(url_b), reads.store_key(url_a)
    skus_b = reads.skus(b_before, today, Filters())
    skus_a = reads.skus(a_before, today, Filters())
    assert reads.skus(b_before, today, Filters()) is skus_b  # held in the shared cache

    # A's editor saves a new low-stock threshold: a write to store A
    visitor_a.number_input(key="settings_low_stock_at").set_value(9)
    visitor_a.button(key=SAVE).click().run()
    assert not visitor_a.exception
    assert [s.value for s in visitor_a.success] == ["Settings saved. Every page now uses them."]
    assert visitor_a.number_input(key="settings_low_stock_at").value == 9
    assert settings_read[url_a] == 2  # A's settings were read again after its write
    a_after = reads.store_key(url_a)
    assert a_after.generation == a_before.generation + 1
    assert reads.skus(a_after, today, Filters()) is not skus_a

    # B's visitor carries on: B's reads come from the cache, as they were
    monkeypatch.setenv("INVENTORY_DB_URL", url_b)
    visitor_b.run()
    assert not visitor_b.exception
    assert visitor_b.number_input(key="settings_low_stock_at").value == 5
    assert settings_read[url_b] == 1
    assert reads.store_key(url_b) == b_before
    assert reads.skus(b_before, today, Filters()) is skus_b


def test_the_settings_preview_reads_its_order_once_until_the_store_is_written(
        store, db_url, monkeypatch):
    lines_read = Counter()
    find_lines = supply.find_lines

    def counted(engine, today, **query):
        lines_read[query["order"]] += 1
        return find_lines(engine, today, **query)

    monkeypatch.setattr(supply, "find_lines", counted)
    at = app_on(db_url, monkeypatch, page=SETTINGS)
    at.run()
    previewed = at.selectbox(key="settings_msg_order").value
    assert previewed == "#7"  # the oldest open backorder's order
    assert lines_read == {"#7": 1}  # the rerun's preview came from the cache
    at.button(key="FormSubmitter:consent_form-Save delay consent").click().run()
    assert not at.exception
    assert lines_read == {"#7": 2}  # read again after the write
