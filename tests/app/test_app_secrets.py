"""A database URL that cannot be used is named on the page with its password masked; a
store whose schema a newer version made says so."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import text

from inventory_core.store.engine import make_engine, upgrade_schema
from tests.apptest import app_on

SECRET = "hunter2-Secret"


@pytest.mark.parametrize("url", [
    f"postgresql+psycopg://shop:{SECRET}@127.0.0.1:54x32/restock",  # a bad port
    f"postgresql+psycopg://shop:{SECRET}@127.0.0.1:1/restock",  # nobody listens
])
def test_a_store_that_cannot_be_opened_never_shows_its_password(url, monkeypatch, caplog):
    monkeypatch.delenv("RESTOCK_DEMO_MODE", raising=False)
    with caplog.at_level(logging.DEBUG):
        at = app_on(url, monkeypatch)
    assert not at.exception
    shown = " ".join(e.value for e in at.error).replace("\\", "").replace("\u2060", "")
    assert "Cannot open the store at postgresql+psycopg://shop:***@127.0.0.1" in shown
    everything = " ".join(str(element.value) for element in at.main if hasattr(element, "value"))
    assert SECRET not in shown + everything + caplog.text


def test_a_store_a_newer_version_opened_says_so_instead_of_a_traceback(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    with engine.begin() as connection:  # as a later version of the app leaves it
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    monkeypatch.delenv("RESTOCK_DEMO_MODE", raising=False)
    at = app_on(url, monkeypatch)
    assert not at.exception
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert re.search(r"The store's schema is at version 9999, which this version of "
                     r"Restock Desk does not know \(it knows up to \d{4}\)", shown)
    assert "opened by a newer version" in shown
