"""Results derived from shared reads are worked out once for every session."""

from __future__ import annotations

import datetime as dt
import threading

import pandas as pd

from restock_ui import derived


def test_a_result_is_worked_out_once_however_many_sessions_ask_at_once():
    kept, calls, results = derived.Kept(), [], []
    key = (pd.DataFrame({"sku": ["A"]}), 3)

    def compute():
        calls.append(1)
        threading.Event().wait(0.05)  # the others arrive meanwhile and wait for it
        return object()

    threads = [threading.Thread(target=lambda: results.append(
        kept.get_or_compute("sorted", key, compute))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(results) == 8
    assert all(result is results[0] for result in results)


def test_frames_are_told_apart_by_identity_and_plain_values_by_value():
    kept = derived.Kept()
    frame = pd.DataFrame({"sku": ["A"]})
    first = kept.get_or_compute("sorted", (frame, "Days of cover", dt.date(2026, 3, 1)),
                                object)
    assert kept.get_or_compute("sorted", (frame, "Days of cover", dt.date(2026, 3, 1)),
                               object) is first
    # an equal frame is another read's result: worked out again
    assert kept.get_or_compute("sorted", (frame.copy(), "Days of cover",
                                          dt.date(2026, 3, 1)), object) is not first
    assert kept.get_or_compute("sorted", (frame, "SKU", dt.date(2026, 3, 1)),
                               object) is not first
    assert kept.get_or_compute("sorted", (frame, 1), object) is not \
        kept.get_or_compute("sorted", (frame, 1.0), object)  # 1 and 1.0: other types
    assert kept.get_or_compute("other name", (frame, "Days of cover",
                                              dt.date(2026, 3, 1)), object) is not first


def test_only_the_latest_keys_of_a_name_are_kept():
    kept = derived.Kept()
    oldest = kept.get_or_compute("sorted", ("oldest",), object)
    for n in range(derived.KEPT - 1):
        kept.get_or_compute("sorted", (n,), object)
    assert kept.get_or_compute("sorted", ("oldest",), object) is oldest
    for n in range(derived.KEPT):
        kept.get_or_compute("sorted", (f"newer {n}",), object)
    assert kept.get_or_compute("sorted", ("oldest",), object) is not oldest


def test_a_key_holding_frames_in_a_tuple_compares_them_by_identity():
    frame = pd.DataFrame({"sku": ["A", "B"]})
    assert derived.same_key((("Open", frame),), (("Open", frame),))
    # an equal frame in a tuple is not the same, and comparing it raises nothing
    assert not derived.same_key((("Open", frame),), (("Open", frame.copy()),))
    assert not derived.same_key(((1, 2),), ((1, 2, 3),))
