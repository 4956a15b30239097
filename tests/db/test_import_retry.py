"""An import that meets another writer is tried again, then refused in words.

On PostgreSQL a policy save and an import can deadlock, or wait past the lock
timeout, each holding rows the other needs. The import is one transaction: when it
meets such contention it is rolled back and tried again (``store.engine.retried``),
and after the last try it is refused saying why, with nothing changed. Here another
connection holds the policies table locked while the import runs with a lock timeout
of 300 ms.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import create_engine, select, text

from inventory_core.domain.access import Actor
from inventory_core.errors import ConcurrentEdit
from inventory_core.io.imports import import_file
from inventory_core.store.engine import make_engine
from inventory_core.store.models import Policy
from tests import fixture_store

pytestmark = pytest.mark.postgres
POLICIES = b"sku,mode\r\nA-RED,backorder\r\n"


@pytest.fixture
def store(postgres_url):
    """The hand-worked fixture store on this run's PostgreSQL database."""
    engine = make_engine(postgres_url)
    fixture_store.clear(engine)
    fixture_store.load(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def impatient(store, postgres_url):
    """An engine on the fixture store that gives up waiting for a lock after 300 ms."""
    engine = create_engine(postgres_url, connect_args={"options": "-c lock_timeout=300"})
    yield engine
    engine.dispose()


def mode_of(engine, sku: str) -> str:
    with engine.connect() as c:
        return c.execute(select(Policy.mode).where(Policy.sku == sku)).scalar_one()


def run(engine):
    return import_file(engine, POLICIES, actor=Actor("Importer"), today=dt.date.today(),
                       name="policies.csv")


def test_an_import_that_waits_too_long_for_a_lock_is_tried_again_and_goes_through(
        store, impatient):
    before = mode_of(store, "A-RED")
    blocker = store.connect()
    blocker.begin()
    blocker.execute(text('LOCK TABLE "policies" IN EXCLUSIVE MODE'))
    release = threading.Timer(0.5, blocker.commit)  # after the first tries timed out
    release.start()
    try:
        result = run(impatient)
    finally:
        release.join()
        blocker.close()
    assert before != "backorder"
    assert result.written["policies"] == 1
    assert mode_of(store, "A-RED") == "backorder"


def test_an_import_that_never_gets_the_lock_is_refused_in_words_with_nothing_changed(
        store, impatient):
    before = mode_of(store, "A-RED")
    with store.connect() as blocker, blocker.begin():
        blocker.execute(text('LOCK TABLE "policies" IN EXCLUSIVE MODE'))
        with pytest.raises(ConcurrentEdit, match=r"The store was busy with other changes, "
                                                 r"so importing 'policies.csv' did not go "
                                                 r"through after 4 tries and nothing was "
                                                 r"changed"):
            run(impatient)
    assert mode_of(store, "A-RED") == before
