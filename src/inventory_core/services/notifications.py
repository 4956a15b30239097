"""The outbox: messages to customers, created once per event, reviewed, sent, exported.

``process`` is the notification step of ``events.refresh``; it looks at the
store as it is now and adds to the outbox:

- **Back in stock**: a back-in-stock sign-up not yet notified whose SKU has
  stock available (on hand − reserved > 0) and is not discontinued, in batches
  sized to that stock, oldest sign-up first (``queries.signups``);
- **Release**: a release sign-up not yet notified whose SKU's release date
  (the policy's, else the product's launch date) is today or past;
- **Order updates** (``customer_notices.order_updates``, written by
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
configured, SMTP (``SmtpSettings``, off by default). The SMTP password is never
stored: it is read from ``RESTOCK_SMTP_PASSWORD`` or ``smtp_password`` in the app's
secrets (``load_smtp``).
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from email.message import EmailMessage
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
from inventory_core.errors import InvalidInput, InventoryError
from inventory_core.queries.promises import allocation
from inventory_core.queries.signups import due_signups
from inventory_core.services.customer_notices import as_rows, load_templates, order_updates
from inventory_core.services.settings import (
    SETTINGS_KEY,
    filled,
    read_setting,
    setting_on,
    write_setting,
)
from inventory_core.store.models import Notification, Subscription, key_chunks

SMTP_KEY = "smtp"
SMTP_PASSWORD_ENV = "RESTOCK_SMTP_PASSWORD"
SMTP_PASSWORD_SECRET = "smtp_password"
NOT_STORED = ("password", "password_from")
"""Fields of ``SmtpSettings`` never written to the database."""


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
    updates = _due_updates(connection, today, templates)
    delays = [m for m in updates if m["kind"] == NotificationKind.BACKORDER_DELAY]
    held = len(delays) > _settings(connection).delay_review_over
    if held:
        updates = [m for m in updates if m["kind"] != NotificationKind.BACKORDER_DELAY]
    fresh = _not_yet_stored(connection, [_signup_message(row, today, templates)
                                         for row in signups.itertuples()]) + updates
    _add(connection, fresh, now, NotificationStatus.PENDING)
    if len(signups):
        for chunk in key_chunks(signups["id"].tolist()):
            connection.execute(update(Subscription).where(Subscription.id.in_(chunk))
                               .values(notified_at=now))
    counts = pd.Series([str(m["kind"]) for m in fresh], dtype=object).value_counts()
    return Created(**{k: int(v) for k, v in counts.items()},
                   held_for_review=len(delays) if held else 0)


def _settings(connection: Connection) -> StoreSettings:
    return upgraded(filled(StoreSettings, setting_on(connection, SETTINGS_KEY)))


def _due_updates(connection: Connection, today: dt.date, templates: MessageTemplates,
                 allocated: Allocation | None = None) -> list[dict[str, object]]:
    """The order updates due now and not yet in the outbox (from ``allocated``, the
    whole store's allocation as of ``today``, when the caller has it)."""
    lines = (allocated or allocation(connection, today)).lines
    return _not_yet_stored(connection, order_updates(
        connection, lines, today, templates, _settings(connection).currency))


def _add(connection: Connection, messages: list[dict[str, object]], now: dt.datetime,
         status: NotificationStatus) -> None:
    if messages:
        connection.execute(insert(Notification), [
            {**m, "created_at": now, "status": status} for m in messages])


def _held(connection: Connection, today: dt.date,
          allocated: Allocation | None = None) -> list[dict[str, object]]:
    delays = [m for m in _due_updates(connection, today, load_templates(connection),
                                      allocated)
              if m["kind"] == NotificationKind.BACKORDER_DELAY]
    return delays if len(delays) > _settings(connection).delay_review_over else []


def held_for_review(engine: Engine, today: dt.date,
                    allocated: Allocation | None = None) -> pd.DataFrame:
    """The delay notices held for the merchant's review: due now, more of them than the
    store's ``delay_review_over``, and not in the outbox (columns of
    ``customer_notices.as_rows``). ``allocated``: the whole store's allocation as of
    ``today``, when the caller has read it already (adding them reads it again, inside
    the write)."""
    with engine.connect() as connection:
        return as_rows(_held(connection, today, allocated))


def release_held(engine: Engine, today: dt.date, *, actor: Actor, send: bool) -> int:
    """The held delay notices into the outbox as one batch: pending (``send``) or
    dismissed (so they are not written again); returns how many."""
    actor.require_editor("review the held delay notices")
    with engine.begin() as connection:
        batch = _held(connection, today)
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
    stored: set[str] = set()
    for chunk in key_chunks(list(unique)):
        stored.update(connection.execute(select(Notification.dedupe_key).where(
            Notification.dedupe_key.in_(chunk))).scalars())
    return [m for k, m in unique.items() if k not in stored]


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


@dataclass(frozen=True)
class SmtpSettings:
    """Sending by SMTP (off by default; stored under the ``smtp`` setting).

    - ``enabled``: send from the Notifications page; otherwise export CSV only;
    - ``host`` / ``port``: the mail server (plain SMTP; ``starttls`` to upgrade);
    - ``sender``: the From address; ``username``: optional login;
    - ``password``: never stored; read from the environment or the secrets, and
      ``password_from`` says where it came from, in words.
    """

    enabled: bool = False
    host: str = "localhost"
    port: int = 25
    sender: str = ""
    starttls: bool = False
    username: str = ""
    password: str = field(default="", repr=False)
    password_from: str = ""


def smtp_password(secrets: Mapping[str, object] | None = None,
                  environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(the SMTP password, where it comes from in words): the environment variable
    ``RESTOCK_SMTP_PASSWORD``, else ``smtp_password`` in the app's secrets, else none."""
    environ = os.environ if environ is None else environ
    if environ.get(SMTP_PASSWORD_ENV):
        return environ[SMTP_PASSWORD_ENV], (
            f"The SMTP password comes from the environment variable {SMTP_PASSWORD_ENV}.")
    secret = str((secrets or {}).get(SMTP_PASSWORD_SECRET) or "")
    if secret:
        return secret, f"The SMTP password comes from {SMTP_PASSWORD_SECRET} in the app's secrets."
    return "", (f"No SMTP password is set: put {SMTP_PASSWORD_SECRET} in the app's secrets or "
                f"set {SMTP_PASSWORD_ENV} to log in to the mail server. It is never stored "
                "in the database.")


def load_smtp(engine: Engine, secrets: Mapping[str, object] | None = None,
              environ: Mapping[str, str] | None = None) -> SmtpSettings:
    """The stored SMTP settings, defaults filling anything missing; the password from
    the environment or the secrets (``smtp_password``), never from the database (one
    stored by an older version is ignored, and dropped at the next save)."""
    stored = {k: v for k, v in read_setting(engine, SMTP_KEY).items() if k not in NOT_STORED}
    password, source = smtp_password(secrets, environ)
    return replace(filled(SmtpSettings, stored), password=password, password_from=source)


def save_smtp(engine: Engine, settings: SmtpSettings, *, actor: Actor) -> None:
    """Store the SMTP settings (replacing the previous ones)."""
    actor.require_editor("change the mail settings")
    sender_ok = bool(settings.sender) and "@" in settings.sender
    if settings.enabled and (not settings.host or not sender_ok):
        raise InvalidInput("SMTP needs a host and a From address like shop@example.com.")
    if not 0 < int(settings.port) < 65536:
        raise InvalidInput(f"SMTP port must be between 1 and 65535 (got {settings.port}).")
    write_setting(engine, SMTP_KEY, {k: v for k, v in asdict(settings).items()
                                     if k not in NOT_STORED})


def send_pending(engine: Engine, smtp: SmtpSettings, *, actor: Actor,
                 ids: list[int] | None = None) -> int:
    """Send pending messages (all, or ``ids``) by SMTP; each one sent is marked sent."""
    actor.require_editor("send messages")
    if not smtp.enabled:
        raise InvalidInput("Sending by SMTP is off: turn it on in the mail settings, or "
                           "export the outbox as CSV for your mail tool.")
    pending = outbox(engine, statuses=(NotificationStatus.PENDING.value,))
    if ids is not None:
        pending = pending[pending["id"].isin(ids)]
    sent: list[int] = []
    try:
        with smtplib.SMTP(smtp.host, int(smtp.port), timeout=15) as server:
            if smtp.starttls:
                server.starttls()
            if smtp.username:
                server.login(smtp.username, smtp.password)
            for row in pending.itertuples():
                message = EmailMessage()
                message["From"], message["To"] = smtp.sender, row.recipient
                message["Subject"] = row.subject
                message.set_content(row.body)
                server.send_message(message)
                sent.append(int(row.id))
    except (OSError, smtplib.SMTPException) as error:
        mark_sent(engine, sent, actor=actor)
        raise InventoryError(f"Sending stopped after {len(sent)} of {len(pending)} messages: "
                             f"the mail server {smtp.host}:{smtp.port} said: {error}") from error
    return mark_sent(engine, sent, actor=actor)
