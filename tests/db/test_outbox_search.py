"""The Notifications search finds what is typed: ``%`` and ``_`` are plain characters."""

from __future__ import annotations

from inventory_core.domain.access import Actor
from inventory_core.services.events import process_now
from inventory_core.services.notifications import outbox


def test_percent_and_underscore_match_only_themselves(store, today):
    process_now(store, actor=Actor("Ana"), today=today)
    everything = outbox(store)
    assert len(everything) == 7
    assert outbox(store, search="%").empty
    assert outbox(store, search="_").empty
    assert outbox(store, search="%@%").empty
    first = everything["recipient"].iloc[0]
    found = outbox(store, search=first.upper())
    assert set(found["recipient"]) == {first}
    assert len(outbox(store, search="@")) == 7
