"""Delay consent (US FTC Mail, Internet, or Telephone Order Merchandise Rule, 16 CFR 435),
line by line.

An order must ship by the date stated (the line's promise), or within
``ship_within_days`` of being placed when none was. A line whose likely ship date is
later, or that no supply reaches, is *delayed*: the customer must be sent a delay
notice with the revised date (or why none can be given) and the right to cancel for
a full refund. Silence counts as consent only to a *first* delay to a *definite*
date at most ``silence_window_days`` after the date the rule gives; any other delay,
and a revised date missed again, needs the customer's express "Wait". Without it,
once the date the rule gives has passed, the line must be cancelled and refunded, as
it must when the customer chose Cancel.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from inventory_core.domain.settings import DelayConsentSettings


class Answer(enum.StrEnum):
    """The customer's answer to a delay, given on the status page."""

    WAIT = "wait"
    CANCEL = "cancel"

    @property
    def label(self) -> str:
        """The answer as the customer and the merchant read it."""
        return {"wait": "Wait", "cancel": "Cancel"}[self.value]


class ConsentStep(enum.StrEnum):
    """Where a waiting line stands under the rule."""

    ON_TIME = "on_time"
    NOTICE_DUE = "notice_due"
    AWAITING_ANSWER = "awaiting_answer"
    CONSENT_BY_SILENCE = "consent_by_silence"
    WAITS = "waits"
    CANCEL_AND_REFUND = "cancel_and_refund"

    @property
    def label(self) -> str:
        """The step as the merchant reads it."""
        return STEP_LABELS[self]


STEP_LABELS = {
    ConsentStep.ON_TIME: "On time",
    ConsentStep.NOTICE_DUE: "Delay notice due",
    ConsentStep.AWAITING_ANSWER: "Waiting for the customer's answer",
    ConsentStep.CONSENT_BY_SILENCE: "Consent by silence",
    ConsentStep.WAITS: "Customer chose Wait",
    ConsentStep.CANCEL_AND_REFUND: "Cancel and refund",
}


@dataclass(frozen=True)
class LineDelay:
    """What the rule needs of one waiting line.

    ``likely_on`` is the projected ship date (None: no supply planned, so no definite
    date); ``notices_sent`` counts the delay notices sent for it (a second one means a
    revised date was missed again); ``told_on`` is the latest revised ship date a
    notice gave (once it has passed, that revised date was missed too); ``answer`` /
    ``answered_for`` are the customer's latest answer and the ship date they were
    shown when they gave it.
    """

    placed_on: dt.date
    promised_on: dt.date | None
    likely_on: dt.date | None
    notices_sent: int = 0
    answer: Answer | None = None
    answered_for: dt.date | None = None
    told_on: dt.date | None = None


@dataclass(frozen=True)
class Consent:
    """The rule's verdict on one line: the date it gives, the step, and why."""

    ship_by: dt.date
    delayed: bool
    step: ConsentStep
    reason: str

    @property
    def needs_refund(self) -> bool:
        """True when the line must be cancelled and refunded."""
        return self.step is ConsentStep.CANCEL_AND_REFUND


def ship_by(line: LineDelay, settings: DelayConsentSettings) -> dt.date:
    """The date the rule gives: the promise, else the order date + ``ship_within_days``."""
    if line.promised_on is not None:
        return line.promised_on
    return line.placed_on + dt.timedelta(days=settings.ship_within_days)


def silence_allowed(line: LineDelay, due: dt.date, settings: DelayConsentSettings) -> bool:
    """True when silence counts as consent: a first delay to a definite date at most
    ``silence_window_days`` after ``due``."""
    return (line.notices_sent <= 1 and line.likely_on is not None
            and (line.likely_on - due).days <= settings.silence_window_days)


def consent(line: LineDelay, today: dt.date, settings: DelayConsentSettings) -> Consent:
    """Where ``line`` stands under the delay-consent rule on ``today``."""
    due = ship_by(line, settings)
    if line.likely_on is not None and line.likely_on <= due:
        return Consent(due, False, ConsentStep.ON_TIME, "Expected to ship by the date given.")
    if line.answer is Answer.CANCEL:
        return Consent(due, True, ConsentStep.CANCEL_AND_REFUND, "The customer chose Cancel.")
    covered = line.answered_for is None or (
        line.likely_on is not None and line.likely_on <= line.answered_for)
    if line.answer is Answer.WAIT and covered:
        return Consent(due, True, ConsentStep.WAITS, "The customer agreed to wait.")
    missed_again = line.answer is Answer.WAIT or line.notices_sent >= 2 or (
        line.told_on is not None and today > line.told_on)
    if missed_again:
        return Consent(due, True, ConsentStep.CANCEL_AND_REFUND,
                       "A revised date was missed again and the customer has not agreed "
                       "to wait for the new one.")
    if line.notices_sent == 0:
        if today > due:
            return Consent(due, True, ConsentStep.CANCEL_AND_REFUND,
                           "No delay notice was sent before the date the rule gives.")
        return Consent(due, True, ConsentStep.NOTICE_DUE,
                       "Send a delay notice with the revised date and the right to cancel.")
    if silence_allowed(line, due, settings):
        return Consent(due, True, ConsentStep.CONSENT_BY_SILENCE,
                       "A first delay to a definite date within the silence window: "
                       "no answer counts as consent.")
    if today > due:
        return Consent(due, True, ConsentStep.CANCEL_AND_REFUND,
                       "The delay needs the customer's consent and none was given by the "
                       "date the rule gives.")
    return Consent(due, True, ConsentStep.AWAITING_ANSWER,
                   "The delay needs the customer's consent: wait for their answer.")
