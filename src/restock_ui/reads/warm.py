"""After a write, the store's heaviest reads are worked out again in the background.

A write gives its store a new generation (``cache.changed``), so every cached read of
that store is missed once. Most pages start from the same few reads of the whole store
(the SKU table, the allocation of supply to waiting lines, the lines to refund, the
delay notices held for review, the Overview's list and KPIs, the what-if's inputs and
the recommendations): ``changed`` here counts the write and then works those out for
the new generation on a thread of its own, so the next page the merchant (or a
colleague) opens finds them ready instead of waiting for them. A page that asks for one
while it is being worked out waits for that one computation (the caches let one caller
compute a key at a time); nothing is read twice.

One thread per store at most: writes that land while it runs are coalesced, and it
warms the newest generation once more before it stops. A generation that a later write
has already replaced is skipped. ``RESTOCK_WARM_AFTER_WRITE=0`` turns warming off (the
tests do, but for the tests of warming itself); ``settle`` waits for every warming
thread to finish.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading

from inventory_core import Filters, clock
from restock_ui.reads.allocation import allocation
from restock_ui.reads.cache import StoreKey, generations
from restock_ui.reads.cache import changed as count_write
from restock_ui.reads.catalog import attention, overview_kpis, stock_table
from restock_ui.reads.consent import lines_to_refund
from restock_ui.reads.outbox import held_notices
from restock_ui.reads.policies import recommended, whatif_inputs

SWITCH = "RESTOCK_WARM_AFTER_WRITE"
LOG = logging.getLogger(__name__)
WHOLE_STORE = Filters()  # the selection every page opens on


def enabled() -> bool:
    """True unless ``RESTOCK_WARM_AFTER_WRITE`` is set to 0 (or false, no, off)."""
    return os.environ.get(SWITCH, "1").strip().lower() not in {"0", "false", "no", "off"}


def warm(store: StoreKey, today: dt.date) -> None:
    """Work out the whole store's shared reads for ``store`` as of ``today``: the SKU
    table (with its cover bands), the allocation, the lines to refund, the delay notices
    held for review, the Overview's needs-attention list and its KPIs, the what-if's
    inputs and the recommendations."""
    stock_table(store, today, WHOLE_STORE)
    allocation(store, today, WHOLE_STORE)
    lines_to_refund(store, today)
    held_notices(store, today)
    attention(store, today, WHOLE_STORE)
    overview_kpis(store, today, WHOLE_STORE)
    whatif_inputs(store, today, WHOLE_STORE)
    recommended(store, today, WHOLE_STORE)


class Warmer:
    """The warming threads of this server process, at most one per store."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wanted: dict[str, tuple[StoreKey, dt.date]] = {}
        self._threads: dict[str, threading.Thread] = {}

    def ask(self, store: StoreKey, today: dt.date) -> None:
        """Warm ``store``'s reads as of ``today`` on the store's thread, started if none
        runs; a thread already running warms it once it is done with the one before."""
        with self._lock:
            self._wanted[store.url] = (store, today)
            if store.url in self._threads:
                return
            thread = threading.Thread(target=self._run, args=(store.url,), daemon=True,
                                      name="restock-desk-warm")
            self._threads[store.url] = thread
        thread.start()

    def _run(self, url: str) -> None:
        while True:
            with self._lock:
                job = self._wanted.pop(url, None)
                if job is None:
                    del self._threads[url]
                    return
            store, today = job
            if generations().of(url) != store.generation:
                continue  # a later write replaced it: its own job is on the way
            try:
                warm(store, today)
            except Exception:  # noqa: BLE001 - a page reading it will show the error
                LOG.warning("Warming the reads of a store after a write failed",
                            exc_info=True)

    def settle(self, timeout: float | None = None) -> None:
        """Wait for every warming thread to finish (at most ``timeout`` seconds each)."""
        with self._lock:
            running = list(self._threads.values())
        for thread in running:
            thread.join(timeout)


WARMER = Warmer()


def changed(store: StoreKey | str) -> StoreKey:
    """Say that ``store`` (a key, or a URL) was written to, as ``cache.changed`` does, and
    warm the new generation's heaviest reads in the background. Returns its new key;
    call it after every write to the store."""
    key = count_write(store)
    if enabled():
        WARMER.ask(key, clock.today())
    return key


def settle(timeout: float | None = None) -> None:
    """Wait until the reads being warmed after writes are ready."""
    WARMER.settle(timeout)
