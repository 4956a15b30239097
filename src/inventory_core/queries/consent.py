"""Delay consent over the store: each waiting line's answers, notices and verdict.

``consent_frame`` puts the pure rule (``domain.delay_consent``) over allocated
waiting lines: the delay notices sent for each line (outbox messages of kind
backorder delay, marked sent: ``notices_sent``) and the customer's latest answer from the status
page (``delay_answers``). ``order_status`` is one order as its status page shows it;
``refund_lines`` every line the rule says must be cancelled and refunded.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, select

from inventory_core.domain.allocation import Allocation
from inventory_core.domain.delay_consent import Answer, ConsentStep, consent_steps
from inventory_core.domain.enums import LineKind, LineStatus, NotificationKind, NotificationStatus
from inventory_core.domain.notice_keys import read_key
from inventory_core.domain.settings import DelayConsentSettings
from inventory_core.domain.storefront import as_dates, as_timestamps
from inventory_core.queries.lookup import find_lines
from inventory_core.queries.promises import allocation
from inventory_core.store.frames import read_frame
from inventory_core.store.models import DelayAnswer, Notification, OrderLine, key_chunks

ANSWER_COLUMNS = ["order_number", "line_no", "answer", "promised_on", "answered_by",
                  "answered_at"]
CONSENT_COLUMNS = ["ship_by", "delayed", "step", "consent", "reason", "notices_sent",
                   "answer", "answered_for", "answered_by", "answered_at"]


def answers_of(connection: Connection, orders: list[str] | None) -> pd.DataFrame:
    """Every answer given for ``orders``' lines (None: for every order), oldest first."""
    statement = select(
        DelayAnswer.order_number, DelayAnswer.line_no, DelayAnswer.answer,
        DelayAnswer.promised_on, DelayAnswer.answered_by, DelayAnswer.answered_at
    ).order_by(DelayAnswer.answered_at, DelayAnswer.id)
    statements = [statement] if orders is None else [
        statement.where(DelayAnswer.order_number.in_(chunk)) for chunk in key_chunks(orders)]
    frames = [read_frame(connection, each, ANSWER_COLUMNS, dates=["promised_on", "answered_at"])
              for each in statements]
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


def consent_frame(lines: pd.DataFrame, answers: pd.DataFrame, sent: pd.DataFrame,
                  today: dt.date, settings: DelayConsentSettings) -> pd.DataFrame:
    """``lines`` (waiting lines with order_number, line_no, placed_at,
    promised_on, likely_on) with the rule's verdict (``CONSENT_COLUMNS``) on each: the
    customer's latest answer and the notices sent, looked up by line, then the rule
    over all of them at once."""
    latest = _by_line(answers.drop_duplicates(["order_number", "line_no"], keep="last")
                      .set_index(["order_number", "line_no"]), lines)
    told = _by_line(sent, lines)
    given = latest["answer"].notna().to_numpy()
    count = pd.to_numeric(told["sent"]).fillna(0).astype(int).to_numpy()
    answered_for = _days(latest["promised_on"])
    verdicts = consent_steps(pd.DataFrame({
        "placed_on": _days(lines["placed_at"]), "promised_on": _days(lines["promised_on"]),
        "likely_on": _days(lines["likely_on"]), "notices_sent": count,
        "answer": np.where(given, latest["answer"].to_numpy(dtype=object), ""),
        "answered_for": answered_for, "told_on": _days(told["told_on"]).to_numpy(),
    }, index=lines.index), today, settings)
    step = verdicts["step"]
    out = pd.DataFrame({
        "ship_by": as_dates(verdicts["ship_by"]), "delayed": verdicts["delayed"],
        "step": step.map({s: s.value for s in ConsentStep}),
        "consent": step.map({s: s.label for s in ConsentStep}),
        "reason": verdicts["reason"], "notices_sent": count,
        "answer": np.where(given, latest["answer"].map({a.value: a.label for a in Answer})
                           .fillna("").to_numpy(dtype=object), ""),
        "answered_for": as_dates(answered_for),
        "answered_by": np.where(given, latest["answered_by"].to_numpy(dtype=object), ""),
        "answered_at": latest["answered_at"].astype(object).where(given, None).to_numpy(),
    }, index=lines.index)
    return pd.concat([lines, out[CONSENT_COLUMNS]], axis=1)


def _by_line(found: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """``found`` (indexed by order number and line number) lined up with ``lines``: a row
    per line, on its index, blank where nothing was found. Only the lines of the orders
    in ``found`` are looked up by both keys (answers and notices are on few orders)."""
    if found.empty:
        return pd.DataFrame(index=lines.index, columns=found.columns, dtype=object)
    hit = lines["order_number"].isin(found.index.get_level_values(0)).to_numpy()
    keys = pd.MultiIndex.from_arrays([lines["order_number"].to_numpy()[hit],
                                      lines["line_no"].to_numpy()[hit]])
    return found.reindex(keys).set_axis(np.flatnonzero(hit)) \
        .reindex(np.arange(len(lines))).set_axis(lines.index)


def _days(values: pd.Series) -> pd.Series:
    """A column of dates or timestamps as timestamps at midnight (NaT where none), on
    the index of ``values``: the rule compares days."""
    return as_timestamps(values).dt.normalize()


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


def refund_lines(engine: Engine, today: dt.date, settings: DelayConsentSettings,
                 allocated: Allocation | None = None) -> pd.DataFrame:
    """Every waiting line the rule says must be cancelled and refunded, oldest first;
    ``allocated`` is the store's allocation of today when it was read already."""
    if not settings.enabled:
        return pd.DataFrame(columns=["order_number", "line_no", "sku", "name", "qty",
                                     "email", "placed_at", *CONSENT_COLUMNS])
    with engine.connect() as connection:
        lines = (allocated or allocation(connection, today)).lines
        answers = answers_of(connection, None)
        sent = notices_sent(connection)
    checked = consent_frame(lines, answers, sent, today, settings)
    due = checked[checked["step"].eq("cancel_and_refund")]
    return due.sort_values(["placed_at", "order_number", "line_no"])[
        ["order_number", "line_no", "sku", "name", "qty", "email", "placed_at",
         *CONSENT_COLUMNS]].reset_index(drop=True)
