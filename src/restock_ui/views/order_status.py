"""One order as its customer's status page shows it: a card per line, in plain words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from inventory_core import format_date

INVALID = "This link is not valid."
"""All a changed, expired or foreign link is told."""

ANSWERED = {"Wait": "You chose to wait", "Cancel": "You asked to cancel this item"}


@dataclass(frozen=True)
class LineCard:
    """What the customer reads about one line, and whether they may answer a delay."""

    line_no: int
    product: str
    units: int
    status: str
    promised: str
    likely: str
    delay: str
    answered: str
    asks_answer: bool
    revised_on: dt.date | None


def _day(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def delay_sentence(revised_on: dt.date | None) -> str:
    """The delay notice in one sentence: the revised date (or why none), and the choice."""
    when = (f"it is now expected to ship around {format_date(revised_on)}" if revised_on
            else "our supplier has not given us a date yet, so we cannot give you one")
    return (f"This item is delayed: {when}. You may wait for it, or cancel it for a full "
            "refund.")


def line_cards(lines: pd.DataFrame) -> list[LineCard]:
    """A card per line of the order (``reads.status_lines``), in the page's order."""
    cards = []
    for row in lines.itertuples():
        delayed = bool(row.delayed) if pd.notna(row.delayed) else False
        revised = _day(row.likely_on)
        answered = ""
        if isinstance(row.answer, str) and row.answer:
            answered = (f"{ANSWERED[row.answer]} on {format_date(row.answered_at)}"
                        + (f", for {format_date(row.answered_for)}."
                           if _day(row.answered_for) else "."))
        cards.append(LineCard(
            line_no=int(row.line_no), product=str(row.name), units=int(row.qty),
            status=str(row.projection or ""), promised=format_date(_day(row.promised_on)),
            likely=format_date(revised), delay=delay_sentence(revised) if delayed else "",
            answered=answered, asks_answer=delayed, revised_on=revised))
    return cards
