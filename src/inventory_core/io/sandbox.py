"""Demo mode: every visitor works on a copy of the shipped demo store of their own.

A *pristine* SQLite file holding the demo store is built once per process and per
day, under a lock (``SandboxPool.pristine``): the first visitor of the day builds it,
the others wait for that one build. A visitor who has not changed anything reads the
pristine file itself, read-only (``pristine_engine``), so a crowd of new visitors
shares one store and one set of cached reads. A visitor's own sandbox, a plain file
copy of the pristine one, is made at their first write: the engine of a sandbox given
the pool (``sandbox_engine(url, pool)``) makes the copy when it first connects.

Sandboxes are bounded in number and in idle time: whenever a new one is made, those
unused for longer than ``max_idle`` go, then the least recently used until
``max_count`` remain. Using a sandbox marks it as used (its file's modification
time), so an active visitor keeps theirs: one used within the last ``in_use_for`` (a
page run under way) is never removed. When every sandbox is in use, a new writer
waits for one to become free (``wait_for``), then is told in words that the demo is
full. A visitor whose sandbox had to go reads the pristine store again and gets a
fresh copy at their next write (``restock_ui.demo`` says so). A sandbox's engine
opens the file read-write and never creates it by itself, so a removed sandbox is an
error to recover from, never an empty store.

Demo mode is off by default; it is turned on by ``RESTOCK_DEMO_MODE=1`` or
``demo_mode = true`` in the app's secrets (see ``DemoConfig``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from inventory_core import clock
from inventory_core.errors import InvalidInput
from inventory_core.io.shipped_demo import open_store
from inventory_core.store.engine import make_engine

SIDE_FILES = ("-wal", "-shm", "-journal")
_ID = re.compile(r"^[0-9a-f]{32}$")
_SANDBOX_URL = re.compile(r"^sqlite:///.*[/\\]sandbox-([0-9a-f]{32})\.db$")
_PRISTINE_URL = re.compile(r"^sqlite:///.*[/\\]pristine-\d{4}-\d{2}-\d{2}\.db$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}
IN_USE_FOR = dt.timedelta(seconds=60)
"""A sandbox used this recently is in a page run (or just was) and is never removed."""
WAIT_FOR = dt.timedelta(seconds=90)
"""How long a new visitor waits for a free sandbox when every one is in use."""


@dataclass(frozen=True)
class DemoConfig:
    """Demo-mode settings: environment variable (wins) or secrets key, with defaults.

    | setting | environment | secrets | default |
    |---|---|---|---|
    | on/off | ``RESTOCK_DEMO_MODE`` | ``demo_mode`` | off |
    | most sandboxes | ``RESTOCK_DEMO_MAX_SANDBOXES`` | ``demo_max_sandboxes`` | 50 |
    | idle hours before removal | ``RESTOCK_DEMO_MAX_HOURS`` | ``demo_max_hours`` | 2 |
    | folder | ``RESTOCK_DEMO_DIR`` | ``demo_dir`` | ``<tempdir>/restock-desk-demo`` |
    """

    enabled: bool = False
    max_count: int = 50
    max_idle: dt.timedelta = dt.timedelta(hours=2)
    root: Path = Path(tempfile.gettempdir()) / "restock-desk-demo"

    @classmethod
    def from_settings(cls, environ: Mapping[str, str] | None = None,
                      secrets: Mapping[str, object] | None = None) -> DemoConfig:
        """Read the settings; raise InvalidInput naming a value that is not understood."""
        environ = os.environ if environ is None else environ
        secrets = secrets or {}

        def raw(env: str, key: str) -> object | None:
            value = environ.get(env)
            return value if value not in (None, "") else secrets.get(key)

        enabled = _flag(raw("RESTOCK_DEMO_MODE", "demo_mode"), "demo_mode")
        count = _positive(raw("RESTOCK_DEMO_MAX_SANDBOXES", "demo_max_sandboxes"),
                          "demo_max_sandboxes", cls.max_count)
        hours = _positive(raw("RESTOCK_DEMO_MAX_HOURS", "demo_max_hours"), "demo_max_hours",
                          2.0, number=float)
        folder = raw("RESTOCK_DEMO_DIR", "demo_dir")
        return cls(enabled=enabled, max_count=int(count),
                   max_idle=dt.timedelta(hours=float(hours)),
                   root=Path(str(folder)) if folder else cls.root)


def _flag(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidInput(f"The setting {name} must be true or false, not {value!r}.")


def _positive(value: object, name: str, default: float,
              number: Callable[[Any], float] = int) -> float:
    if value is None or value == "":
        return default
    try:
        parsed = number(value)
    except (TypeError, ValueError):
        parsed = 0
    if parsed <= 0:
        raise InvalidInput(f"The setting {name} must be a number above 0, not {value!r}.")
    return parsed


@dataclass(frozen=True)
class Sandbox:
    """One visitor's store: its id, file and SQLAlchemy URL; ``fresh`` when just made."""

    id: str
    path: Path
    fresh: bool

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"


class SandboxPool:
    """The sandboxes in ``root``: made from the pristine store, bounded, oldest removed."""

    _lock = threading.Lock()

    def __init__(self, root: Path, *, max_count: int = 50,
                 max_idle: dt.timedelta = dt.timedelta(hours=2),
                 clock: Callable[[], float] = time.time,
                 in_use_for: dt.timedelta = IN_USE_FOR,
                 wait_for: dt.timedelta = WAIT_FOR) -> None:
        self.root = Path(root)
        self.max_count = max_count
        self.max_idle = max_idle
        self.clock = clock
        self.in_use_for = in_use_for
        self.wait_for = wait_for

    @classmethod
    def from_config(cls, config: DemoConfig) -> SandboxPool:
        return cls(config.root, max_count=config.max_count, max_idle=config.max_idle)

    # the pristine store ---------------------------------------------------------------
    def pristine(self, today: dt.date, build: Callable[[str], Engine] = open_store) -> Path:
        """The pristine demo store dated ``today``, built now if this day has none yet.

        ``build(url)`` fills an empty SQLite file and returns its engine (default:
        ``open_store``, which loads the shipped demo). Older days' files are removed.
        """
        target = self.root / f"pristine-{today.isoformat()}.db"
        if target.exists():
            return target
        with self._lock:
            if target.exists():
                return target
            self.root.mkdir(parents=True, exist_ok=True)
            partial = self.root / f".building-{uuid.uuid4().hex}.db"
            engine = build(f"sqlite:///{partial}")
            with engine.connect() as connection:  # fold the write-ahead log into the file
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            engine.dispose()
            _remove_side_files(partial)
            os.replace(partial, target)
            for old in self.root.glob("pristine-*.db"):
                if old != target:
                    _remove(old)
        return target

    # sandboxes ------------------------------------------------------------------------
    @staticmethod
    def new_id() -> str:
        """A fresh, unguessable sandbox id."""
        return uuid.uuid4().hex

    def path(self, sandbox_id: str) -> Path:
        """The file of sandbox ``sandbox_id`` (refusing anything but an id we made)."""
        if not _ID.match(sandbox_id or ""):
            raise InvalidInput(f"{sandbox_id!r} is not a demo sandbox id.")
        return self.root / f"sandbox-{sandbox_id}.db"

    def touch(self, sandbox_id: str) -> Sandbox | None:
        """Sandbox ``sandbox_id`` marked as used now, or None when it does not exist."""
        path = self.path(sandbox_id)
        with self._lock:  # never between a prune's look and its removal
            try:
                now = self.clock()
                os.utime(path, (now, now))
            except FileNotFoundError:
                return None
        return Sandbox(sandbox_id, path, fresh=False)

    def checkout(self, sandbox_id: str, pristine: Path) -> Sandbox:
        """Sandbox ``sandbox_id``, made from ``pristine`` if it is missing; marks it used."""
        found = self.touch(sandbox_id)
        if found is not None:
            return found
        path = self.path(sandbox_id)
        deadline = time.monotonic() + self.wait_for.total_seconds()
        while True:
            with self._lock:
                self.prune(keep=path)
                if len([i for i, _ in self.sandboxes() if self.path(i) != path]) \
                        < self.max_count:
                    self._copy(pristine, path)
                    return Sandbox(sandbox_id, path, fresh=True)
            if time.monotonic() > deadline:
                raise InvalidInput(
                    f"All {self.max_count} demo stores are in use right now: try again in a "
                    "minute.")
            time.sleep(0.05)  # every sandbox is in a page run: wait for one to be free

    def reset(self, sandbox_id: str, pristine: Path) -> Sandbox:
        """Put the shipped store back in sandbox ``sandbox_id`` (for that visitor only)."""
        path = self.path(sandbox_id)
        with self._lock:
            self._copy(pristine, path)
        return Sandbox(sandbox_id, path, fresh=True)

    def sandboxes(self) -> list[tuple[str, float]]:
        """(id, last used as a POSIX time) of every sandbox, least recently used first."""
        found = []
        for file in self.root.glob("sandbox-*.db"):
            try:
                found.append((file.stem.removeprefix("sandbox-"), file.stat().st_mtime))
            except FileNotFoundError:  # removed meanwhile by another process
                continue
        return sorted(found, key=lambda item: (item[1], item[0]))

    def prune(self, keep: Path | None = None) -> list[str]:
        """Remove idle sandboxes, then the least recently used beyond the bound.

        Room is left for one more (the one about to be made, ``keep``). A sandbox used
        within ``in_use_for`` stays whatever the bound says. Returns the ids removed,
        oldest first.
        """
        now, removed = self.clock(), list[str]()
        others = [(i, used) for i, used in self.sandboxes()
                  if keep is None or self.path(i) != keep]
        limit = max(self.max_count - (0 if keep is None else 1), 0)
        for sandbox_id, used in others:
            too_old = now - used > self.max_idle.total_seconds()
            too_many = len(others) - len(removed) > limit
            in_use = now - used < self.in_use_for.total_seconds()
            if (too_old or too_many) and not in_use:
                _remove(self.path(sandbox_id))
                removed.append(sandbox_id)
        return removed

    def _copy(self, pristine: Path, path: Path) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".copy-{uuid.uuid4().hex}.db")
        shutil.copyfile(pristine, partial)
        _remove_side_files(path)
        os.replace(partial, path)
        now = self.clock()
        os.utime(path, (now, now))


def is_sandbox_url(url: str) -> bool:
    """True when ``url`` names a demo sandbox file."""
    return bool(_SANDBOX_URL.match(url or ""))


def is_pristine_url(url: str) -> bool:
    """True when ``url`` names a pristine demo store (``SandboxPool.pristine``)."""
    return bool(_PRISTINE_URL.match(url or ""))


def sandbox_engine(url: str, pool: SandboxPool | None = None) -> Engine:
    """An engine on a demo store: a sandbox, or a pristine store read-only.

    A sandbox's engine holds no connection open between uses and opens the file
    read-write without ever creating it (a removed sandbox is not a new empty store).
    Given its ``pool``, a connection that finds the sandbox missing first makes it from
    today's pristine store, within the pool's bound (``SandboxPool.checkout``): that is
    how a visitor's first write gets them a sandbox. A pristine store's engine opens
    the file read-only and immutable (it is replaced whole, never changed in place), its
    connections pooled, since every visitor who has not written yet reads it.
    """
    path = url.removeprefix("sqlite:///")
    if is_pristine_url(url):
        return make_engine(f"sqlite:///file:{path}?mode=ro&immutable=1&uri=true")
    engine = make_engine(f"sqlite:///file:{path}?mode=rw&uri=true", pooled=False)
    found = _SANDBOX_URL.match(url)
    if pool is not None and found:
        sandbox_id = found.group(1)

        def make_if_missing(*_: object) -> None:
            pool.checkout(sandbox_id, pool.pristine(clock.today()))

        event.listen(engine, "do_connect", make_if_missing)
    return engine


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    _remove_side_files(path)


def _remove_side_files(path: Path) -> None:
    for suffix in SIDE_FILES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
