"""Delay consent over the store: each waiting line's answers, notices and verdict.

``consent_frame`` puts the pure rule (``domain.delay_consent``) over allocated
waiting lines: the delay notices sent for each line (outbox messages of kind
backorder delay, marked sent: ``notices_sent``) and the customer's latest answer from the status
page (``delay_answers``). ``order_status`` is one order as its status page shows it;
``refund_lines`` every line the rule says must be cancelled and refunded.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, select

from inventory_core.domain.delay_consent import Answer, LineDelay, consent
from inventory_core.domain.enums import LineKind, LineStatus, NotificationKind, NotificationStatus
from inventory_core.domain.notice_keys import read_key
from inventory_core.domain.settings import DelayConsentSettings
from inventory_core.queries.lookup import find_lines
from inventory_core.queries.promises import allocation
from inventory_core.store.frames import read_frame
from inventory_core.store.models import DelayAnswer, Notification, OrderLine, key_chunks

ANSWER_COLUMNS = ["order_number", "line_no", "answer", "promised_on", "answered_by",
                  "answered_at"]
CONSENT_COLUMNS = ["ship_by", "delayed", "step", "consent", "reason", "notices_sent",
                   "answer", "answered_for", "answered_by", "answered_at"]


def answers_of(connection: Connection, orders: list[str]) -> pd.DataFrame:
    """Every answer given for ``orders``' lines, oldest first."""
    frames = [read_frame(connection, select(
        DelayAnswer.order_number, DelayAnswer.line_no, DelayAnswer.answer,
        DelayAnswer.promised_on, DelayAnswer.answered_by, DelayAnswer.answered_at)
        .where(DelayAnswer.order_number.in_(chunk)).order_by(DelayAnswer.answered_at,
                                                              DelayAnswer.id),
        ANSWER_COLUMNS, dates=["promised_on", "answered_at"]) for chunk in key_chunks(orders)]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=ANSWER_COLUMNS)
    answers = pd.concat(frames, ignore_index=True)
    answers["answer"] = answers["answer"].astype(str)
    return answers


def order_answers(engine: Engine, orders: list[str]) -> pd.DataFrame:
    """The answers given on ``orders``' status pages, oldest first."""
    with engine.connect() as connection:
        return answers_of(connection, orders)


def notices_sent(connection: Connection) -> pd.DataFrame:
    """The delay notices sent per line, indexed by (order_number, line_no): ``sent``, how
    many (an order's update that told a delay counts for each of its lines, a per-line
    notice of an earlier version for its line), and ``told_on``, the latest revised ship
    date they gave (None where none gave one)."""
    rows = connection.execute(select(Notification.order_number, Notification.dedupe_key).where(
        Notification.kind == NotificationKind.BACKORDER_DELAY,
        Notification.status == NotificationStatus.SENT)).tuples().all()
    per_order: dict[str, list[dt.date | None]] = {}
    per_line: dict[int, list[dt.date | None]] = {}
    for order, key in rows:
        told = read_key(key)
        if not told.told_a_delay:
            continue
        if told.line_id is not None:
            per_line.setdefault(told.line_id, []).append(told.revised)
        else:
            per_order.setdefault(str(order), []).append(told.revised)
    found: list[tuple[int, str, int]] = []
    for column, keys in ((OrderLine.order_number, list(per_order)),
                         (OrderLine.id, list(per_line))):
        for chunk in key_chunks(keys):
            found += connection.execute(select(
                OrderLine.id, OrderLine.order_number, OrderLine.line_no)
                .where(column.in_(chunk))).tuples().all()
    records = []
    for line_id, order, line_no in dict.fromkeys(found):
        revised = per_order.get(order, []) + per_line.get(line_id, [])
        dates = [d for d in revised if d is not None]
        records.append((order, line_no, len(revised), max(dates) if dates else None))
    frame = pd.DataFrame(records, columns=["order_number", "line_no", "sent", "told_on"])
    return frame.drop_duplicates(["order_number", "line_no"]) \
        .set_index(["order_number", "line_no"])


def _day(value: object) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    day: dt.date = pd.Timestamp(value).date()
    return day


def consent_frame(lines: pd.DataFrame, answers: pd.DataFrame, sent: pd.DataFrame,
                  today: dt.date, settings: DelayConsentSettings) -> pd.DataFrame:
    """``lines`` (waiting lines with order_number, line_no, placed_at,
    promised_on, likely_on) with the rule's verdict (``CONSENT_COLUMNS``) on each."""
    latest = {(a.order_number, a.line_no): a for a in answers.drop_duplicates(
        ["order_number", "line_no"], keep="last").itertuples(index=False)}
    told = {key: (int(count), revised) for key, count, revised in zip(
        sent.index, sent["sent"], sent["told_on"], strict=True)}
    rows = []
    for line in lines.itertuples():
        key = (line.order_number, line.line_no)
        given = latest.get(key)
        count, revised = told.get(key, (0, None))
        delay = LineDelay(
            placed_on=pd.Timestamp(line.placed_at).date(), promised_on=_day(line.promised_on),
            likely_on=_day(line.likely_on), notices_sent=count, told_on=_day(revised),
            answer=Answer(given.answer) if given is not None else None,
            answered_for=_day(given.promised_on) if given is not None else None)
        verdict = consent(delay, today, settings)
        rows.append((verdict.ship_by, verdict.delayed, verdict.step.value,
                     verdict.step.label, verdict.reason, count,
                     Answer(delay.answer).label if delay.answer else "", delay.answered_for,
                     given.answered_by if given is not None else "",
                     given.answered_at if given is not None else None))
    verdicts = pd.DataFrame(rows, columns=CONSENT_COLUMNS, index=lines.index)
    return pd.concat([lines, verdicts], axis=1)


def order_status(engine: Engine, today: dt.date, order_number: str,
                 settings: DelayConsentSettings) -> pd.DataFrame:
    """Every line of ``order_number`` (Customer lookup's ``find_lines``) with, on its open
    waiting lines, the rule's verdict; raises NotFound when the order is not stored."""
    lines = find_lines(engine, today, order=order_number)
    with engine.connect() as connection:
        answers = answers_of(connection, lines["order_number"].unique().tolist())
        sent = notices_sent(connection)
    waiting = lines["status"].map(lambda s: LineStatus(s).is_open()).astype(bool) \
        & lines["kind"].map(lambda k: LineKind(k).is_waiting()).astype(bool)
    checked = consent_frame(lines[waiting], answers, sent, today, settings)
    return lines.join(checked[CONSENT_COLUMNS])


def refund_lines(engine: Engine, today: dt.date,
                 settings: DelayConsentSettings) -> pd.DataFrame:
    """Every waiting line the rule says must be cancelled and refunded, oldest first."""
    if not settings.enabled:
        return pd.DataFrame(columns=["order_number", "line_no", "sku", "name", "qty",
                                     "email", "placed_at", *CONSENT_COLUMNS])
    with engine.connect() as connection:
        lines = allocation(connection, today).lines
        answers = answers_of(connection, lines["order_number"].unique().tolist())
        sent = notices_sent(connection)
    checked = consent_frame(lines, answers, sent, today, settings)
    due = checked[checked["step"].eq("cancel_and_refund")]
    return due.sort_values(["placed_at", "order_number", "line_no"])[
        ["order_number", "line_no", "sku", "name", "qty", "email", "placed_at",
         *CONSENT_COLUMNS]].reset_index(drop=True)
