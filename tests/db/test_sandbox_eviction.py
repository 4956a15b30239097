"""Demo mode under a crowd: 25 visitors, room for 10 sandboxes, and nobody's store vanishes.

Each visitor makes page runs on their own sandbox (a run: check the sandbox out, read
the store twice with a pause between, as a page does), and rests between runs. A
watcher counts the sandbox files all along. No run fails, there are never more than
10 sandboxes, and every run reads a complete store (a removed sandbox would be an
error, never an empty store: its engine does not create the file). Visitors whose
sandbox had to go while they rested get a fresh one.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from inventory_core.io.sandbox import SandboxPool, sandbox_engine
from inventory_core.store.engine import open_database
from inventory_core.store.models import Product
from tests import fixture_store

VISITORS, BOUND, RUNS = 25, 10, 3


def products(url: str) -> int:
    engine = sandbox_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(Product)).scalar_one()
    finally:
        engine.dispose()


def test_twenty_five_visitors_with_room_for_ten_get_no_error_and_the_bound_holds(tmp_path):
    pool = SandboxPool(tmp_path / "demo", max_count=BOUND,
                       in_use_for=dt.timedelta(seconds=1.5), wait_for=dt.timedelta(seconds=60))
    pristine = pool.pristine(fixture_store.TODAY, build=lambda url: open_database(
        url, fill_empty=fixture_store.load))
    expected = products(f"sqlite:///{pristine}")
    errors: list[BaseException] = []
    seen: list[int] = []
    fresh = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(len(pool.sandboxes()))
            time.sleep(0.005)

    def visit(seed: int) -> None:
        rng, sandbox_id = random.Random(seed), pool.new_id()
        try:
            for run in range(RUNS):
                box = pool.checkout(sandbox_id, pristine)
                fresh[0] += int(box.fresh and run > 0)
                assert products(box.url) == expected
                time.sleep(rng.uniform(0.0, 0.05))  # the page draws
                assert products(pool.touch(sandbox_id).url) == expected
                time.sleep(rng.uniform(1.6, 2.4))  # the visitor reads the page
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    watcher = threading.Thread(target=watch)
    watcher.start()
    visitors = [threading.Thread(target=visit, args=(n,)) for n in range(VISITORS)]
    for thread in visitors:
        thread.start()
    for thread in visitors:
        thread.join(timeout=240)
    done.set()
    watcher.join()
    assert errors == []
    assert max(seen) <= BOUND
    assert fresh[0] > 0  # some sandboxes had to go while their visitor rested


def test_a_removed_sandbox_is_an_error_never_an_empty_store(tmp_path):
    pool = SandboxPool(tmp_path / "demo", max_count=2)
    pristine = pool.pristine(fixture_store.TODAY, build=lambda url: open_database(
        url, fill_empty=fixture_store.load))
    box = pool.checkout(pool.new_id(), pristine)
    box.path.unlink()
    with pytest.raises(OperationalError, match="unable to open"):
        products(box.url)
    assert not box.path.exists()
