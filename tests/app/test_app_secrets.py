"""A database URL that cannot be used is named on the page with its password masked."""

from __future__ import annotations

import logging

import pytest

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
