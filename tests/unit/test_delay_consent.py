"""The delay-consent rule (16 CFR 435) worked out by hand, line by line."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from inventory_core.domain.delay_consent import (
    LINE_COLUMNS,
    REASONS,
    Answer,
    ConsentStep,
    LineDelay,
    consent,
    consent_steps,
)
from inventory_core.domain.settings import DelayConsentSettings

US = DelayConsentSettings()
T = dt.date(2026, 12, 1)


def day(offset: int) -> dt.date:
    return T + dt.timedelta(days=offset)


def test_no_promised_date_25_days_in_and_no_supply_a_notice_is_due():
    verdict = consent(LineDelay(placed_on=day(-25), promised_on=None, likely_on=None), T, US)
    assert verdict.ship_by == day(5)  # placed T-25 + 30 days
    assert verdict.delayed and verdict.step is ConsentStep.NOTICE_DUE


def test_a_line_expected_by_its_date_needs_nothing():
    line = LineDelay(placed_on=day(-25), promised_on=None, likely_on=day(4))
    assert consent(line, T, US).step is ConsentStep.ON_TIME


def test_first_delay_of_20_days_to_a_definite_date_silence_is_consent():
    # promised T-2, now likely T+18: 20 days late; notice sent, no answer
    line = LineDelay(placed_on=day(-20), promised_on=day(-2), likely_on=day(18),
                     notices_sent=1)
    assert consent(line, T, US).step is ConsentStep.CONSENT_BY_SILENCE


def test_first_delay_of_45_days_without_an_answer_is_cancelled_and_refunded():
    # promised T-2, likely T+43: 45 days late, beyond the 30-day silence window
    line = LineDelay(placed_on=day(-20), promised_on=day(-2), likely_on=day(43),
                     notices_sent=1)
    verdict = consent(line, T, US)
    assert verdict.step is ConsentStep.CANCEL_AND_REFUND and verdict.needs_refund
    before = consent(line, day(-3), US)  # before the promised date: still waiting
    assert before.step is ConsentStep.AWAITING_ANSWER


def test_a_first_delay_with_no_date_needs_an_express_answer():
    line = LineDelay(placed_on=day(-40), promised_on=None, likely_on=None, notices_sent=1)
    assert consent(line, T, US).step is ConsentStep.CANCEL_AND_REFUND  # due T-10 passed


def test_a_second_missed_date_is_cancelled_unless_the_customer_chose_wait():
    line = LineDelay(placed_on=day(-40), promised_on=day(-10), likely_on=day(5),
                     notices_sent=2)
    assert consent(line, T, US).step is ConsentStep.CANCEL_AND_REFUND
    waits = LineDelay(placed_on=day(-40), promised_on=day(-10), likely_on=day(5),
                      notices_sent=2, answer=Answer.WAIT, answered_for=day(5))
    assert consent(waits, T, US).step is ConsentStep.WAITS


def test_a_wait_for_a_date_that_slips_again_no_longer_counts():
    line = LineDelay(placed_on=day(-40), promised_on=day(-10), likely_on=day(12),
                     notices_sent=1, answer=Answer.WAIT, answered_for=day(5))
    assert consent(line, T, US).step is ConsentStep.CANCEL_AND_REFUND


def test_cancel_is_cancel_and_refund():
    line = LineDelay(placed_on=day(-5), promised_on=day(3), likely_on=day(9),
                     notices_sent=1, answer=Answer.CANCEL, answered_for=day(9))
    assert consent(line, T, US).step is ConsentStep.CANCEL_AND_REFUND


def test_the_rules_numbers_are_settings():
    line = LineDelay(placed_on=day(-25), promised_on=None, likely_on=day(10))
    assert consent(line, T, US).step is ConsentStep.NOTICE_DUE  # due T+5
    longer = DelayConsentSettings(ship_within_days=40)
    assert consent(line, T, longer).step is ConsentStep.ON_TIME  # due T+15
    narrow = DelayConsentSettings(silence_window_days=10)
    late20 = LineDelay(placed_on=day(-20), promised_on=day(-2), likely_on=day(18),
                       notices_sent=1)
    assert consent(late20, T, narrow).step is ConsentStep.CANCEL_AND_REFUND


def test_the_rule_over_many_lines_at_once_gives_each_its_own_verdict():
    lines = [  # (line, its step on T) from the cases above, blank dates mixed with set ones
        (LineDelay(placed_on=day(-25), promised_on=None, likely_on=None),
         ConsentStep.NOTICE_DUE),
        (LineDelay(placed_on=day(-25), promised_on=None, likely_on=day(4)),
         ConsentStep.ON_TIME),
        (LineDelay(placed_on=day(-20), promised_on=day(-2), likely_on=day(18), notices_sent=1),
         ConsentStep.CONSENT_BY_SILENCE),
        (LineDelay(placed_on=day(-40), promised_on=day(-10), likely_on=day(5), notices_sent=2,
                   answer=Answer.WAIT, answered_for=day(5)), ConsentStep.WAITS),
        (LineDelay(placed_on=day(-5), promised_on=day(3), likely_on=day(9), notices_sent=1,
                   answer=Answer.CANCEL, answered_for=day(9)), ConsentStep.CANCEL_AND_REFUND),
        (LineDelay(placed_on=day(-10), promised_on=day(5), likely_on=None, notices_sent=1,
                   told_on=day(-1)), ConsentStep.CANCEL_AND_REFUND),  # told date passed
        (LineDelay(placed_on=day(-10), promised_on=day(5), likely_on=None, notices_sent=1),
         ConsentStep.AWAITING_ANSWER),
    ]
    frame = pd.DataFrame([{name: getattr(line, name) for name in LINE_COLUMNS}
                          for line, _step in lines])
    for name in ("placed_on", "promised_on", "likely_on", "answered_for", "told_on"):
        frame[name] = pd.to_datetime(frame[name])
    frame["answer"] = frame["answer"].map(lambda a: a.value if a else "")
    verdicts = consent_steps(frame, T, US)
    assert verdicts["step"].tolist() == [step for _line, step in lines]
    assert verdicts["ship_by"].dt.date.tolist()[:3] == [day(5), day(5), day(-2)]
    assert verdicts["delayed"].tolist() == [True, False, True, True, True, True, True]
    assert verdicts["reason"].iloc[5] == REASONS["missed_again"]
