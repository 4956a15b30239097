"""What an order update told, written into its outbox key and read back.

An order update's ``dedupe_key`` is ``order:<number>|promised=<dates>|ready=<line
ids>|revised=<date>``: the promised dates it said have moved, the lines it said are
ready to ship, and the latest revised ship date it gave (blank when it could give
none). Earlier versions wrote no ``revised`` part, or one key per line
(``backorder_delay:<line id>:<promised date>``, ``backorder_ready:<line id>``); those
are read too. The outbox writes each key once, so a later refresh tells only what is
new, and the delay-consent rule reads which revised date a customer was given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

ORDER_PREFIX = "order:"
DELAY_PREFIX = "backorder_delay:"
READY_PREFIX = "backorder_ready:"


@dataclass
class Told:
    """What one outbox key told: promised dates moved, ready line ids, the revised date
    given; ``line_id``: the line a per-line key of an earlier version was about."""

    promised: set[str] = field(default_factory=set)
    ready: set[int] = field(default_factory=set)
    revised: dt.date | None = None
    line_id: int | None = None

    @property
    def told_a_delay(self) -> bool:
        """True when the message told a delay (a promised date that moved)."""
        return bool(self.promised)


def order_update_key(order: str, promised: Iterable[str], ready: Iterable[int],
                     revised: dt.date | None) -> str:
    """The outbox key of an order update (see the module)."""
    return (f"{ORDER_PREFIX}{order}|promised={','.join(sorted(promised))}"
            f"|ready={','.join(map(str, sorted(ready)))}"
            f"|revised={revised.isoformat() if revised else ''}")


def read_key(key: str) -> Told:
    """What the outbox key ``key`` told (nothing for a key of another kind)."""
    told = Told()
    if key.startswith(ORDER_PREFIX):
        for part in key.split("|")[1:]:
            name, _, value = part.partition("=")
            if name == "promised":
                told.promised.update(d for d in value.split(",") if d)
            elif name == "ready":
                told.ready.update(int(i) for i in value.split(",") if i.isdigit())
            elif name == "revised" and value:
                told.revised = _date(value)
    elif key.startswith(DELAY_PREFIX):
        _, line, promised = key.split(":", 2)
        told.promised.add(promised)
        told.line_id = int(line) if line.isdigit() else None
    elif key.startswith(READY_PREFIX):
        line = key.rsplit(":", 1)[1]
        if line.isdigit():
            told.ready.add(int(line))
            told.line_id = int(line)
    return told


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
