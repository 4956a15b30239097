"""How the app caches what it reads: per store, as of that store's last write.

Every cached read takes a ``StoreKey`` first: the store's URL and its *generation*,
a number kept once per server process for each store (``generations``). A write
bumps the generation of the store it changed (``changed``): that store's reads are
worked out again on the next run, while every other store's cached reads (another
demo visitor's sandbox, say) stay warm. The key of a demo visitor who has not written
yet is the pristine demo store's, whatever their sandbox will be (its ``home``), so
every such visitor shares one set of cached reads; their first write goes ``home``,
and from then on they read their own sandbox. Entries of an old generation are never asked
for again; they leave when their time is up (``TTL``, which also picks up writes made
outside the app, such as the command line's) or when their cache is full. A read whose
time is up is not waited for: the run that finds it gets the value it had, and the read
is worked out again behind it for the next run (``REFRESH``). After a write, the store's
heaviest reads are worked out in the background too (``restock_ui.reads.warm``).

Two kinds of cache:

- ``cached``: small results, copied out of the cache on each call (``st.cache_data``);
- ``shared``: large read-only results (a row per SKU), kept once per server and handed
  out as they are, without a copy per rerun (``st.cache_resource``), so pages must
  never change them in place (derive new frames with ``assign``, ``copy`` or ``merge``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, ParamSpec, TypeVar

import streamlit as st

from restock_ui.engines import engine_for

if TYPE_CHECKING:
    from sqlalchemy import Engine

P = ParamSpec("P")
R = TypeVar("R")

TTL = 600  # seconds; a write in the app refreshes its store's reads at once
ENTRIES = 256  # per read: old generations and other stores' keys leave beyond this
SHARED_ENTRIES = 32  # per shared read: each can be a row per SKU of a large store
REFRESH: Final = "background"  # once TTL is up, the last value is served while it is read again


@dataclass(frozen=True)
class StoreKey:
    """Which store a read is of, and as of which write: the first key of every read.

    ``home`` is the store writes go to when it is not the one read (a demo visitor
    reading the pristine demo store until their first write); it is not part of the
    key: visitors who read the same store share its cached reads.
    """

    url: str
    generation: int
    home: str = ""

    @property
    def engine(self) -> Engine:
        """The engine of the store read."""
        return engine_for(self.url)

    @property
    def writes_to(self) -> str:
        """The URL of the store a write through this session changes."""
        return self.home or self.url

    @property
    def write_engine(self) -> Engine:
        """The engine of the store writes go to (a demo visitor's sandbox is made at the
        first connection)."""
        return engine_for(self.writes_to)


def _key_hash(key: StoreKey) -> tuple[str, int]:
    return key.url, key.generation


HASH_FUNCS: dict[str | type[Any], Callable[[Any], Any]] = {StoreKey: _key_hash}
"""How the caches hash a key: by the store read and its generation, not its ``home``."""


class Generations:
    """Each store's generation: how many writes to it this server process has seen."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def of(self, url: str) -> int:
        """The generation of the store at ``url`` (0 until its first write)."""
        with self._lock:
            return self._counts.get(url, 0)

    def bump(self, url: str) -> int:
        """Count a write to the store at ``url``; returns its new generation."""
        with self._lock:
            self._counts[url] = self._counts.get(url, 0) + 1
            return self._counts[url]


@st.cache_resource(show_spinner=False)
def generations() -> Generations:
    """The generations of every store, one record per server process."""
    return Generations()


def store_key(url: str, home: str = "") -> StoreKey:
    """The key of the store at ``url`` as of its latest write; ``home``: where writes go,
    when not to ``url``."""
    return StoreKey(url, generations().of(url), "" if home == url else home)


def changed(store: StoreKey | str) -> StoreKey:
    """Say that ``store`` (a key, or a URL) was written to: the cached reads of the store
    written (``writes_to``) are read again, other stores' stay. Returns its new key; call
    it after every write to the store."""
    url = store if isinstance(store, str) else store.writes_to
    return StoreKey(url, generations().bump(url))


def cached(spinner: str | bool = False) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache a small read; the caller gets its own copy of the result."""
    def wrap(function: Callable[P, R]) -> Callable[P, R]:
        return st.cache_data(ttl=TTL, max_entries=ENTRIES, show_spinner=spinner,
                             hash_funcs=HASH_FUNCS, refresh_mode=REFRESH)(function)
    return wrap


def shared(spinner: str | bool = False) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache a large read-only result once per server, handed out without a copy."""
    def wrap(function: Callable[P, R]) -> Callable[P, R]:
        return st.cache_resource(ttl=TTL, max_entries=SHARED_ENTRIES,
                                 show_spinner=spinner, hash_funcs=HASH_FUNCS,
                                 refresh_mode=REFRESH)(function)
    return wrap
