"""Demo sandboxes: one copy of the shipped store per visitor, bounded in number and age."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from inventory_core import clock as core_clock
from inventory_core.errors import InvalidInput
from inventory_core.io.sandbox import (
    DemoConfig,
    SandboxPool,
    is_pristine_url,
    is_sandbox_url,
    sandbox_engine,
)
from inventory_core.queries.catalog import sku_table
from inventory_core.services.settings import load_settings

HOUR = 3600.0


class Clock:
    """A clock the test moves by hand (POSIX seconds)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _tiny_store(url: str):
    """A stand-in 'demo store': one table holding the shipped number 42."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE numbers (value INTEGER)"))
        connection.execute(text("INSERT INTO numbers VALUES (42)"))
    return engine


def _value(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        value = connection.execute(text("SELECT value FROM numbers")).scalar()
    engine.dispose()
    return value


def _set(url: str, value: int) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE numbers SET value = :v"), {"v": value})
    engine.dispose()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def pool(tmp_path, clock):
    return SandboxPool(tmp_path / "demo", max_count=3, max_idle=dt.timedelta(hours=2),
                       clock=clock)


@pytest.fixture
def pristine(pool):
    return pool.pristine(dt.date(2026, 11, 26), build=_tiny_store)


def test_the_pristine_store_is_built_once_per_day(pool, pristine):
    built = []
    again = pool.pristine(dt.date(2026, 11, 26), build=lambda url: built.append(url))
    assert again == pristine and built == []
    tomorrow = pool.pristine(dt.date(2026, 11, 27), build=_tiny_store)
    assert tomorrow.name == "pristine-2026-11-27.db"
    assert not pristine.exists()  # yesterday's is gone


def test_each_visitor_edits_a_copy_of_their_own_and_reset_restores_theirs_only(
        pool, pristine):
    ann, bob = pool.new_id(), pool.new_id()
    ann_url = pool.checkout(ann, pristine).url
    bob_url = pool.checkout(bob, pristine).url
    assert is_sandbox_url(ann_url) and ann_url != bob_url
    _set(ann_url, 7)
    _set(bob_url, 9)
    assert (_value(ann_url), _value(bob_url), _value(f"sqlite:///{pristine}")) == (7, 9, 42)
    pool.reset(ann, pristine)
    assert (_value(ann_url), _value(bob_url)) == (42, 9)


def test_checkout_of_an_existing_sandbox_keeps_its_edits(pool, pristine):
    ann = pool.new_id()
    assert pool.checkout(ann, pristine).fresh
    _set(pool.checkout(ann, pristine).url, 5)
    again = pool.checkout(ann, pristine)
    assert not again.fresh and _value(again.url) == 5


def test_beyond_the_bound_the_least_recently_used_sandbox_goes_first(pool, pristine, clock):
    # a, b, c made at hours 0, 0.1, 0.2; a used again at 0.3, so b is now the oldest
    ids = [pool.new_id() for _ in range(4)]
    for i in range(3):
        clock.now += 0.1 * HOUR
        pool.checkout(ids[i], pristine)
    clock.now += 0.1 * HOUR
    pool.checkout(ids[0], pristine)
    clock.now += 0.1 * HOUR
    pool.checkout(ids[3], pristine)  # a fourth with room for three: b goes
    assert [i for i, _ in pool.sandboxes()] == [ids[2], ids[0], ids[3]]


def test_sandboxes_idle_longer_than_the_limit_are_removed(pool, pristine, clock):
    old, recent, new = pool.new_id(), pool.new_id(), pool.new_id()
    pool.checkout(old, pristine)
    clock.now += 1.5 * HOUR
    pool.checkout(recent, pristine)
    clock.now += 1.0 * HOUR  # old idle 2.5 h (> 2 h), recent idle 1 h
    pool.checkout(new, pristine)
    assert {i for i, _ in pool.sandboxes()} == {recent, new}
    assert not list(pool.root.glob(f"sandbox-{old}*"))


def test_a_removed_sandbox_comes_back_as_the_shipped_store(pool, pristine, clock):
    ann = pool.new_id()
    _set(pool.checkout(ann, pristine).url, 1)
    clock.now += 3 * HOUR
    pool.prune()
    again = pool.checkout(ann, pristine)
    assert again.fresh and _value(again.url) == 42


def test_sandbox_ids_cannot_name_other_files(pool):
    for bad in ("../../etc/passwd", "pristine-2026-11-26", "", "ABC"):
        with pytest.raises(InvalidInput):
            pool.path(bad)


def test_demo_mode_is_off_by_default_and_read_from_environment_or_secrets():
    assert DemoConfig.from_settings({}, {}) == DemoConfig()
    assert not DemoConfig().enabled
    on = DemoConfig.from_settings({"RESTOCK_DEMO_MODE": "1"}, {})
    assert on.enabled and on.max_count == 50 and on.max_idle == dt.timedelta(hours=2)
    secrets = {"demo_mode": True, "demo_max_sandboxes": 10, "demo_max_hours": 0.5,
               "demo_dir": "/srv/demo"}
    config = DemoConfig.from_settings({}, secrets)
    assert (config.enabled, config.max_count, config.max_idle, config.root) == (
        True, 10, dt.timedelta(minutes=30), Path("/srv/demo"))
    assert not DemoConfig.from_settings({"RESTOCK_DEMO_MODE": "0"}, secrets).enabled


@pytest.mark.parametrize(("env", "named"), [
    ({"RESTOCK_DEMO_MODE": "maybe"}, "demo_mode"),
    ({"RESTOCK_DEMO_MAX_SANDBOXES": "-3"}, "demo_max_sandboxes"),
    ({"RESTOCK_DEMO_MAX_HOURS": "soon"}, "demo_max_hours"),
])
def test_a_demo_setting_that_is_not_understood_is_named(env, named):
    with pytest.raises(InvalidInput, match=named):
        DemoConfig.from_settings(env, {})


def test_the_real_demo_store_copies_into_a_working_sandbox(tmp_path):
    pool = SandboxPool(tmp_path)
    pristine = pool.pristine(dt.date.today())
    engine = sandbox_engine(pool.checkout(pool.new_id(), pristine).url)
    skus = sku_table(engine, dt.date.today(), load_settings(engine))
    engine.dispose()
    assert len(skus) == 500


def _engine_value(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT value FROM numbers")).scalar_one()


def test_the_pristine_store_is_read_by_every_visitor_and_written_by_none(pool, pristine):
    url = f"sqlite:///{pristine}"
    assert is_pristine_url(url) and not is_sandbox_url(url)
    engine = sandbox_engine(url)
    assert _engine_value(engine) == 42
    with pytest.raises(OperationalError, match="readonly"), engine.begin() as connection:
        connection.execute(text("UPDATE numbers SET value = 1"))
    engine.dispose()
    assert _value(url) == 42


def test_a_visitors_sandbox_is_made_at_its_first_connection_not_before(pool, clock):
    pool.pristine(core_clock.today(), build=_tiny_store)
    ann = pool.new_id()
    url = f"sqlite:///{pool.path(ann)}"
    engine = sandbox_engine(url, pool)
    assert pool.sandboxes() == []  # an engine alone makes nothing
    with engine.begin() as connection:  # the first write
        connection.execute(text("UPDATE numbers SET value = 7"))
    assert [i for i, _ in pool.sandboxes()] == [ann]
    assert _engine_value(engine) == 7  # the next connection finds it and keeps it
    engine.dispose()


def test_a_first_write_when_every_sandbox_is_in_use_is_refused_in_words(tmp_path, clock):
    pool = SandboxPool(tmp_path / "demo", max_count=1, clock=clock,
                       wait_for=dt.timedelta(seconds=0.2))
    pristine = pool.pristine(core_clock.today(), build=_tiny_store)
    busy = pool.checkout(pool.new_id(), pristine)
    engine = sandbox_engine(f"sqlite:///{pool.path(pool.new_id())}", pool)
    with pytest.raises(InvalidInput, match="All 1 demo stores are in use"):
        engine.connect()
    assert [i for i, _ in pool.sandboxes()] == [busy.id]


def test_concurrent_first_writes_keep_the_bound_and_never_remove_a_live_sandbox(
        tmp_path, clock):
    """Twelve visitors make their sandbox at the same moment with room for four, all in
    use: four get one, eight are told the demo is full, and nobody's store vanishes;
    once the four have rested past ``in_use_for``, a newcomer takes the place of the least
    recently used."""
    pool = SandboxPool(tmp_path / "demo", max_count=4, clock=clock,
                       in_use_for=dt.timedelta(seconds=60),
                       wait_for=dt.timedelta(seconds=0.3))
    pristine = pool.pristine(dt.date(2026, 11, 26), build=_tiny_store)
    start, done = threading.Barrier(12), threading.Event()
    made, refused, seen = [], [], []

    def watch() -> None:
        while not done.is_set():
            seen.append(len(pool.sandboxes()))
            time.sleep(0.001)

    def visit() -> None:
        sandbox_id = pool.new_id()
        start.wait()
        try:
            made.append(pool.checkout(sandbox_id, pristine).id)
        except InvalidInput as error:
            refused.append(str(error))

    watcher = threading.Thread(target=watch)
    watcher.start()
    visitors = [threading.Thread(target=visit) for _ in range(12)]
    for thread in visitors:
        thread.start()
    for thread in visitors:
        thread.join()
    done.set()
    watcher.join()
    assert (len(made), len(refused)) == (4, 8)
    assert max(seen) <= 4
    assert sorted(i for i, _ in pool.sandboxes()) == sorted(made)
    assert all(_value(f"sqlite:///{pool.path(i)}") == 42 for i in made)
    clock.now += 61  # the four rest
    oldest = pool.sandboxes()[0][0]
    newcomer = pool.checkout(pool.new_id(), pristine)
    assert newcomer.fresh and oldest not in {i for i, _ in pool.sandboxes()}
    assert len(pool.sandboxes()) == 4
