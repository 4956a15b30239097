"""The outbox: messages to customers, created once per event, reviewed, sent, exported.

``process`` is the notification step of ``events.refresh``; it looks at the
store as it is now and adds to the outbox:

- **Back in stock**: a back-in-stock sign-up not yet notified whose SKU has
  stock available (on hand − reserved > 0) and is not discontinued, in batches
  sized to that stock, oldest sign-up first (``queries.signups``);
- **Release**: a release sign-up not yet notified whose SKU's release date
  (the policy's, else the product's launch date) is today or past;
- **Order updates** (``customer_notices.updates_due`` and ``composed``, written by
  ``domain.messages``): one message per order whose waiting line's promised date its
  projection now misses (a *delay notice*: at most one per order and promised date)
  or whose backorder line stock now covers (*ready*), telling of every waiting line
  of the order, with alternatives from other products for the late ones.

When a run would add more delay notices than the store's ``delay_review_over``, it
adds none of them: they wait as one batch for the merchant's review
(``held_for_review``, ``release_held``), and the other messages go in as usual.

Each message carries a ``dedupe_key`` (unique in the database) naming its event,
so running the step again creates nothing new; notified sign-ups get
``notified_at``. Sending is by the merchant's mail tool (CSV export) or, when
configured, SMTP (``services.mail``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, or_, select, update

from inventory_core import clock
from inventory_core.domain.access import Actor
from inventory_core.domain.allocation import Allocation
from inventory_core.domain.enums import (
    NotificationKind,
    NotificationStatus,
    SubscriptionKind,
)
from inventory_core.domain.messages import MessageTemplates, signup_message
from inventory_core.domain.settings import StoreSettings, upgraded
from inventory_core.domain.wording import formatting
from inventory_core.queries.promises import allocation
from inventory_core.queries.signups import due_signups
from inventory_core.services.customer_notices import (
    composed,
    load_templates,
    subjects,
    updates_due,
)
from inventory_core.services.settings import (
    SETTINGS_KEY,
    filled,
    setting_on,
)
from inventory_core.store.models import Notification, Subscription, key_chunks


@dataclass(frozen=True)
class Created:
    """How many messages one run of the notification step added, per kind, and how many
    delay notices it held for the merchant's review instead."""

    back_in_stock: int = 0
    release: int = 0
    backorder_delay: int = 0
    backorder_ready: int = 0
    held_for_review: int = 0

    @property
    def total(self) -> int:
        """All messages added."""
        return self.back_in_stock + self.release + self.backorder_delay + self.backorder_ready


def process(connection: Connection, today: dt.date) -> Created:
    """Add to the outbox every message the store's current state calls for, once; when
    more delay notices are due than the store's ``delay_review_over``, they are held for
    review (``held_for_review``) and the rest goes in. Messages are written in the
    store's locale and currency."""
    with formatting(_settings(connection).formatting):
        return _process(connection, today)


def _process(connection: Connection, today: dt.date) -> Created:
    now = clock.now()
    signups = _due_signups(connection, today)
    templates = load_templates(connection)
    due = _due_updates(connection, today)
    delays = due.updates["kind"].eq(NotificationKind.BACKORDER_DELAY)
    held = int(delays.sum()) > _settings(connection).delay_review_over
    updates = _composed(connection, due.of(~delays) if held else due, today, templates)
    fresh = _not_yet_stored(connection, [_signup_message(row, today, templates)
                                         for row in signups.itertuples()]) + updates
    _add(connection, fresh, now, NotificationStatus.PENDING)
    if len(signups):
        for chunk in key_chunks(signups["id"].tolist()):
            connection.execute(update(Subscription).where(Subscription.id.in_(chunk))
                               .values(notified_at=now))
    counts = pd.Series([str(m["kind"]) for m in fresh], dtype=object).value_counts()
    return Created(**{k: int(v) for k, v in counts.items()},
                   held_for_review=int(delays.sum()) if held else 0)


def _settings(connection: Connection) -> StoreSettings:
    return upgraded(filled(StoreSettings, setting_on(connection, SETTINGS_KEY)))


@dataclass(frozen=True)
class _Due:
    """The order updates due now and not yet in the outbox (``updates_due``'s rows),
    and the allocation's lines they were judged on."""

    updates: pd.DataFrame
    lines: pd.DataFrame

    def of(self, rows: pd.Series) -> _Due:
        """Only the updates where ``rows`` is True."""
        return _Due(self.updates[rows], self.lines)


def _due_updates(connection: Connection, today: dt.date,
                 allocated: Allocation | None = None) -> _Due:
    """The order updates due now and not yet in the outbox (from ``allocated``, the
    whole store's allocation as of ``today``, when the caller has it)."""
    lines = (allocated or allocation(connection, today)).lines
    due = updates_due(connection, lines)
    stored = _stored_keys(connection, due["dedupe_key"].to_list())
    return _Due(due[~due["dedupe_key"].isin(stored)], lines)


def _composed(connection: Connection, due: _Due, today: dt.date,
              templates: MessageTemplates) -> list[dict[str, object]]:
    return composed(connection, due.updates, due.lines, today, templates,
                    _settings(connection).currency)


def _add(connection: Connection, messages: list[dict[str, object]], now: dt.datetime,
         status: NotificationStatus) -> None:
    if messages:
        connection.execute(insert(Notification), [
            {**m, "created_at": now, "status": status} for m in messages])


def _held(connection: Connection, today: dt.date, allocated: Allocation | None = None) -> _Due:
    due = _due_updates(connection, today, allocated)
    delays = due.of(due.updates["kind"].eq(NotificationKind.BACKORDER_DELAY))
    if len(delays.updates) > _settings(connection).delay_review_over:
        return delays
    return _Due(delays.updates.iloc[:0], delays.lines)


@dataclass(frozen=True)
class HeldNotices:
    """The delay notices held for the merchant's review: ``notices``, one row each
    (kind, recipient, sku, order_number, dedupe_key, subject) by order number, and
    ``first``, the first written in full as the customer will read it (None when none
    is held)."""

    notices: pd.DataFrame
    first: dict[str, object] | None

    @property
    def empty(self) -> bool:
        """True when no delay notice is held."""
        return len(self.notices) == 0

    def __len__(self) -> int:
        return len(self.notices)


def held_for_review(engine: Engine, today: dt.date,
                    allocated: Allocation | None = None) -> HeldNotices:
    """The delay notices held for the merchant's review: due now, more of them than the
    store's ``delay_review_over``, and not in the outbox. Only the first is written in
    full; adding them writes every one (``release_held``). ``allocated``: the whole
    store's allocation as of ``today``, when the caller has read it already (adding
    them reads it again, inside the write)."""
    with engine.connect() as connection, formatting(_settings(connection).formatting):
        held = _held(connection, today, allocated)
        templates = load_templates(connection)
        first = _composed(connection, _Due(held.updates.head(1), held.lines), today, templates)
        notices = held.updates.assign(subject=subjects(held.updates, held.lines, templates))
    return HeldNotices(notices.reset_index(drop=True), first[0] if first else None)


def release_held(engine: Engine, today: dt.date, *, actor: Actor, send: bool) -> int:
    """The held delay notices into the outbox as one batch: pending (``send``) or
    dismissed (so they are not written again); returns how many."""
    actor.require_editor("review the held delay notices")
    with engine.begin() as connection:
        with formatting(_settings(connection).formatting):
            batch = _composed(connection, _held(connection, today), today,
                              load_templates(connection))
        _add(connection, batch, clock.now(),
             NotificationStatus.PENDING if send else NotificationStatus.DISMISSED)
    return len(batch)


def _due_signups(connection: Connection, today: dt.date) -> pd.DataFrame:
    """The sign-ups to tell now: releases due, and the next batch of back-in-stock alerts."""
    due = due_signups(connection, today, _settings(connection).alerts_per_unit)
    return due[due["in_batch"]]


def _signup_message(row: Any, today: dt.date, templates: MessageTemplates) -> dict[str, object]:
    release = SubscriptionKind(row.kind) is SubscriptionKind.RELEASE
    kind = NotificationKind.RELEASE if release else NotificationKind.BACK_IN_STOCK
    message = signup_message(kind.value, row.name, row.release_on if release else today,
                             templates)
    return {"kind": kind, "recipient": row.email, "sku": row.sku, "order_number": None,
            "dedupe_key": f"{kind.value}:{row.id}", "subject": message.subject,
            "body": message.body}


def _not_yet_stored(connection: Connection,
                    messages: list[dict[str, object]]) -> list[dict[str, object]]:
    """The messages whose dedupe key is neither stored nor repeated in ``messages``."""
    unique = {str(m["dedupe_key"]): m for m in messages}
    stored = _stored_keys(connection, list(unique))
    return [m for k, m in unique.items() if k not in stored]


def _stored_keys(connection: Connection, keys: list[str]) -> set[str]:
    """Those of ``keys`` the outbox holds."""
    stored: set[str] = set()
    for chunk in key_chunks(keys):
        stored.update(connection.execute(select(Notification.dedupe_key).where(
            Notification.dedupe_key.in_(chunk))).scalars())
    return stored


OUTBOX_COLUMNS = ["id", "kind", "status", "recipient", "sku", "order_number", "subject",
                  "body", "created_at", "sent_at"]


def outbox(engine: Engine, kinds: tuple[str, ...] = (), statuses: tuple[str, ...] = (),
           search: str = "") -> pd.DataFrame:
    """The outbox, newest first, narrowed by kinds, statuses and a recipient/SKU/order text."""
    statement = select(Notification.id, Notification.kind, Notification.status,
                       Notification.recipient, Notification.sku, Notification.order_number,
                       Notification.subject, Notification.body, Notification.created_at,
                       Notification.sent_at).order_by(Notification.created_at.desc(),
                                                      Notification.id.desc())
    if kinds:
        statement = statement.where(Notification.kind.in_(list(kinds)))
    if statuses:
        statement = statement.where(Notification.status.in_(list(statuses)))
    text = (search or "").strip()
    if text:
        wanted = text.lower()  # found as typed: % and _ are plain characters here
        statement = statement.where(or_(*(
            func.lower(column).contains(wanted, autoescape=True)
            for column in (Notification.recipient, Notification.sku,
                           Notification.order_number))))
    with engine.connect() as connection:
        frame = pd.DataFrame(connection.execute(statement).all(), columns=OUTBOX_COLUMNS)
    frame["kind"] = frame["kind"].astype(str)
    frame["status"] = frame["status"].astype(str)
    return frame


def outbox_counts(engine: Engine) -> dict[str, int]:
    """Messages per status (pending, sent, dismissed), counted by the database."""
    with engine.connect() as connection:
        rows = connection.execute(select(Notification.status, func.count())
                                  .group_by(Notification.status)).all()
    counts = {s.value: 0 for s in NotificationStatus}
    counts.update({str(NotificationStatus(s).value): int(n) for s, n in rows})
    return counts


def outbox_export(outbox_frame: pd.DataFrame) -> pd.DataFrame:
    """The columns a mail tool imports: email, SKU, subject, message."""
    return pd.DataFrame({"email": outbox_frame["recipient"], "sku": outbox_frame["sku"],
                         "subject": outbox_frame["subject"], "message": outbox_frame["body"]})


def _set_status(engine: Engine, ids: list[int], status: NotificationStatus, actor: Actor,
                action: str) -> int:
    actor.require_editor(action)
    if not ids:
        return 0
    values: dict[str, object] = {"status": status}
    if status is NotificationStatus.SENT:
        values["sent_at"] = clock.now()
    changed = 0
    with engine.begin() as connection:
        for chunk in key_chunks([int(i) for i in ids]):
            changed += connection.execute(
                update(Notification)
                .where(Notification.id.in_(chunk),
                       Notification.status == NotificationStatus.PENDING)
                .values(**values)).rowcount
    return changed


def mark_sent(engine: Engine, ids: list[int], *, actor: Actor) -> int:
    """Mark pending messages sent (e.g. after the CSV went to the mail tool)."""
    return _set_status(engine, ids, NotificationStatus.SENT, actor, "mark messages sent")


def dismiss(engine: Engine, ids: list[int], *, actor: Actor) -> int:
    """Dismiss pending messages: they will not be sent."""
    return _set_status(engine, ids, NotificationStatus.DISMISSED, actor, "dismiss messages")
