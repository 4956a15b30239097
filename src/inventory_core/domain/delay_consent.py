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

import numpy as np
import pandas as pd

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


LINE_COLUMNS = ["placed_on", "promised_on", "likely_on", "notices_sent", "answer",
                "answered_for", "told_on"]
"""What ``consent_steps`` reads of each line: ``LineDelay``'s fields as columns."""

REASONS = {
    "on_time": "Expected to ship by the date given.",
    "chose_cancel": "The customer chose Cancel.",
    "chose_wait": "The customer agreed to wait.",
    "missed_again": "A revised date was missed again and the customer has not agreed to "
                    "wait for the new one.",
    "no_notice_in_time": "No delay notice was sent before the date the rule gives.",
    "notice_due": "Send a delay notice with the revised date and the right to cancel.",
    "silence": "A first delay to a definite date within the silence window: no answer "
               "counts as consent.",
    "no_consent_in_time": "The delay needs the customer's consent and none was given by "
                          "the date the rule gives.",
    "awaiting": "The delay needs the customer's consent: wait for their answer.",
}
"""Why a line stands where it does, by the branch of the rule that placed it there."""


def consent_steps(lines: pd.DataFrame, today: dt.date,
                  settings: DelayConsentSettings) -> pd.DataFrame:
    """Where each line stands under the rule on ``today`` (see the module), all lines at
    once: ``ship_by`` (the date the rule gives: the promise, else the order date +
    ``ship_within_days``), ``delayed``, ``step`` (a ``ConsentStep``) and ``reason``.

    ``lines`` holds ``LINE_COLUMNS``: dates as timestamps (NaT where there is none),
    ``notices_sent`` counts, ``answer`` an ``Answer`` value or blank. The first branch
    that holds decides, in this order: on time; the customer chose Cancel; chose Wait
    for a date that still holds; a revised date missed again; no notice sent (too late,
    or due now); silence allowed (a first delay to a definite date at most
    ``silence_window_days`` after the date given); the date given passed without
    consent; else waiting for the answer.
    """
    now = pd.Timestamp(today)
    promised, likely = lines["promised_on"], lines["likely_on"]
    due = promised.fillna(lines["placed_on"] + pd.Timedelta(days=settings.ship_within_days))
    notices = lines["notices_sent"].to_numpy()
    answer = lines["answer"].astype(object).to_numpy()
    on_time = (likely <= due).to_numpy()  # no likely date (NaT): never on time
    covered = (lines["answered_for"].isna() | (likely <= lines["answered_for"])).to_numpy()
    chose_wait = answer == Answer.WAIT.value
    missed_again = chose_wait | (notices >= 2) | (now > lines["told_on"]).to_numpy()
    late = (now > due).to_numpy()
    silence = (notices <= 1) & ((likely - due).dt.days <= settings.silence_window_days
                                ).to_numpy()
    no_notice = notices == 0
    branches = [  # (condition, step, reason) in the rule's order
        (on_time, ConsentStep.ON_TIME, "on_time"),
        (answer == Answer.CANCEL.value, ConsentStep.CANCEL_AND_REFUND, "chose_cancel"),
        (chose_wait & covered, ConsentStep.WAITS, "chose_wait"),
        (missed_again, ConsentStep.CANCEL_AND_REFUND, "missed_again"),
        (no_notice & late, ConsentStep.CANCEL_AND_REFUND, "no_notice_in_time"),
        (no_notice, ConsentStep.NOTICE_DUE, "notice_due"),
        (silence, ConsentStep.CONSENT_BY_SILENCE, "silence"),
        (late, ConsentStep.CANCEL_AND_REFUND, "no_consent_in_time"),
    ]
    conditions = [condition for condition, _step, _reason in branches]
    steps = np.array([step for _c, step, _r in branches] + [ConsentStep.AWAITING_ANSWER],
                     dtype=object)
    reasons = np.array([REASONS[r] for _c, _s, r in branches] + [REASONS["awaiting"]],
                       dtype=object)
    branch = np.select(conditions, list(range(len(branches))), len(branches))
    return pd.DataFrame({"ship_by": due, "delayed": ~on_time, "step": steps[branch],
                         "reason": reasons[branch]}, index=lines.index)


def consent(line: LineDelay, today: dt.date, settings: DelayConsentSettings) -> Consent:
    """Where ``line`` stands under the delay-consent rule on ``today`` (``consent_steps``
    on one line)."""
    fields = {name: getattr(line, name) for name in LINE_COLUMNS}
    row = pd.DataFrame({name: [pd.Timestamp(value) if isinstance(value, dt.date) else value]
                        for name, value in fields.items()})
    for name in ("placed_on", "promised_on", "likely_on", "answered_for", "told_on"):
        row[name] = pd.to_datetime(row[name])
    row["answer"] = row["answer"].map(lambda a: a.value if a is not None else "")
    verdict = consent_steps(row, today, settings).iloc[0]
    return Consent(verdict["ship_by"].date(), bool(verdict["delayed"]), verdict["step"],
                   verdict["reason"])
