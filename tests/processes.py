"""Worker processes for tests that need two or more real processes (races, first starts)."""

from __future__ import annotations

import multiprocessing
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool


@contextmanager
def spawned_pool(processes: int) -> Iterator[Pool]:
    """A pool of freshly spawned interpreters.

    A spawned worker first re-runs its parent's ``__main__``; in a test process that ran
    an AppTest, ``__main__`` can still be the app's page script, which a worker must not
    run. The workers are started with a blank ``__main__`` instead, and find the test's
    functions by their module name.
    """
    saved = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            sys.modules["__main__"] = saved
            yield pool
    finally:
        sys.modules["__main__"] = saved
