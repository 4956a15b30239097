"""Back-in-stock alerts in proportion to the stock that arrived.

Alerting every sign-up at once sends twenty customers after five units. Instead a
SKU's alerts go out in batches, oldest sign-up first: a batch holds at most
``alerts_per_unit`` alerts for each unit available now (on hand − reserved: the room
to backorder is not stock), less the alerts already sent for it today, so the stock
is checked again before each day's batch. The rest wait for the next one.
"""

from __future__ import annotations

import pandas as pd


def batch_room(available: int, alerts_per_unit: int, alerted_today: int) -> int:
    """How many alerts a SKU's next batch may hold: ``alerts_per_unit`` per available
    unit, less those already sent today; none without stock."""
    return max(0, max(0, available) * alerts_per_unit - alerted_today)


def next_batch(signups: pd.DataFrame, room: pd.Series) -> pd.Series:
    """Which of ``signups`` (columns ``sku`` and ``created_at``) the next batch alerts:
    True for the oldest ``room[sku]`` sign-ups of each SKU (by sign-up time, ties in
    row order), False for those that wait."""
    ordered = signups.sort_values("created_at", kind="stable")
    rank = ordered.groupby("sku", sort=False).cumcount()
    limit = room.reindex(ordered["sku"]).fillna(0).to_numpy()
    chosen = pd.Series(rank.to_numpy() < limit, index=ordered.index, dtype=bool)
    return chosen.reindex(signups.index)
