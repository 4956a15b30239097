"""What pages work out from shared reads, kept once for every session.

A shared read (``restock_ui.reads.cache.shared``) hands every session the same object
until its store changes, so a table, sort or figure a page derives from it is the same
for every session too. ``derived`` keeps such a result under a name and a key (the
shared objects it is worked out from, compared by identity, and plain values, compared
by value): a crowd on one store sorts the SKU table or builds a chart once, not once per
visitor and rerun, and nothing is hashed or copied per run. The key's objects are held
with the result, so an identity is never mistaken for a later object's.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque
from collections.abc import Callable
from typing import TypeVar, cast

import streamlit as st

T = TypeVar("T")
KEPT = 4
"""Per name, how many results are kept: a few stores or selections at once; older ones
(of an earlier write, say) leave first."""


def same(old: object, new: object) -> bool:
    """Whether two parts of a key are the same: numbers, text and dates by value, tuples
    part by part, anything else (frames, results) by identity."""
    if old is new:
        return True
    if isinstance(new, tuple):
        return isinstance(old, tuple) and same_key(old, new)
    return isinstance(new, int | float | str | dt.date) and type(old) is type(new) \
        and old == new


def same_key(old: tuple[object, ...], new: tuple[object, ...]) -> bool:
    """Whether two keys are the same, part by part (``same``)."""
    return len(old) == len(new) and all(
        same(was, now) for was, now in zip(old, new, strict=True))


class Kept:
    """The results kept for every session: per name, the latest keys and values."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._kept: dict[str, deque[tuple[tuple[object, ...], object]]] = {}

    def get_or_compute(self, name: str, key: tuple[object, ...],
                       compute: Callable[[], T]) -> T:
        """The value kept under ``name`` for ``key``, worked out by ``compute`` (once,
        however many sessions ask at the same time) when there is none."""
        with self._guard:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            kept = self._kept.setdefault(name, deque(maxlen=KEPT))
            for old, value in kept:
                if same_key(old, key):
                    return cast(T, value)
            computed = compute()
            kept.append((key, computed))
            return computed


@st.cache_resource(show_spinner=False)
def _kept() -> Kept:
    return Kept()


def derived(name: str, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept for every session under ``name`` until ``key`` changes; one
    session works it out while the others wait for it. ``key`` must name everything
    the result depends on: shared reads' results (or results derived from them) and
    plain values. Never change the result in place."""
    return _kept().get_or_compute(name, key, compute)
