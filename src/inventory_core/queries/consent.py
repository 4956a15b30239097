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
from inventory_core.domain.settings import DelayConsentSettings
from inventory_core.queries.lookup import find_lines
from inventory_core.queries.promises import allocation
from inventory_core.store.frames import read_frame
from inventory_core.store.models import DelayAnswer, Notification, OrderLine, key_chunks

ANSWER_COLUMNS = ["order_number", "line_no", "answer", "promised_on", "answered_by",
                  "answered_at"]
CONSENT_COLUMNS = ["ship_by", "delayed", "step", "consent", "reason", "notices_sent",
                   "answer", "answered_for", "answered_by", "answered_at"]
DELAY_PREFIX = f"{NotificationKind.BACKORDER_DELAY.value}:"
ORDER_PREFIX = "order:"


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


def notices_sent(connection: Connection) -> pd.Series:
    """How many delay notices were sent per line, indexed by (order_number, line_no): an
    order's update that told a delay (``order:<n>|promised=<dates>|…``) counts for each of
    its lines, a notice of an earlier version (``backorder_delay:<line>:<date>``) for its
    line."""
    rows = connection.execute(select(Notification.order_number, Notification.dedupe_key).where(
        Notification.kind == NotificationKind.BACKORDER_DELAY,
        Notification.status == NotificationStatus.SENT)).tuples().all()
    per_order = pd.Series([str(order) for order, key in rows
                           if key.startswith(ORDER_PREFIX) and "|promised=|" not in key],
                          dtype=object).value_counts()
    per_line = pd.Series([int(key.split(":")[1]) for _order, key in rows
                          if key.startswith(DELAY_PREFIX) and key.split(":")[1].isdigit()],
                         dtype="int64").value_counts()
    found: list[tuple[int, str, int]] = []
    for column, keys in ((OrderLine.order_number, per_order.index.tolist()),
                         (OrderLine.id, per_line.index.tolist())):
        for chunk in key_chunks(keys):
            found += connection.execute(select(
                OrderLine.id, OrderLine.order_number, OrderLine.line_no)
                .where(column.in_(chunk))).tuples().all()
    lines = pd.DataFrame(found, columns=["line_id", "order_number", "line_no"]) \
        .drop_duplicates("line_id")
    lines["sent"] = (per_order.reindex(lines["order_number"]).fillna(0).to_numpy()
                     + per_line.reindex(lines["line_id"]).fillna(0).to_numpy())
    return lines.set_index(["order_number", "line_no"])["sent"]


def _day(value: object) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    day: dt.date = pd.Timestamp(value).date()
    return day


def consent_frame(lines: pd.DataFrame, answers: pd.DataFrame, sent: pd.Series,
                  today: dt.date, settings: DelayConsentSettings) -> pd.DataFrame:
    """``lines`` (waiting lines with order_number, line_no, placed_at,
    promised_on, likely_on) with the rule's verdict (``CONSENT_COLUMNS``) on each."""
    latest = answers.drop_duplicates(["order_number", "line_no"], keep="last") \
        .set_index(["order_number", "line_no"])
    rows = []
    for line in lines.itertuples():
        key = (line.order_number, line.line_no)
        given = latest.loc[key] if key in latest.index else None
        delay = LineDelay(
            placed_on=pd.Timestamp(line.placed_at).date(), promised_on=_day(line.promised_on),
            likely_on=_day(line.likely_on), notices_sent=int(sent.get(key, 0)),
            answer=Answer(given["answer"]) if given is not None else None,
            answered_for=_day(given["promised_on"]) if given is not None else None)
        verdict = consent(delay, today, settings)
        rows.append({"ship_by": verdict.ship_by, "delayed": verdict.delayed,
                     "step": verdict.step.value, "consent": verdict.step.label,
                     "reason": verdict.reason, "notices_sent": delay.notices_sent,
                     "answer": Answer(delay.answer).label if delay.answer else "",
                     "answered_for": delay.answered_for,
                     "answered_by": given["answered_by"] if given is not None else "",
                     "answered_at": given["answered_at"] if given is not None else None})
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
