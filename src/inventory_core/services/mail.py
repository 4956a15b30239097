"""Sending the outbox by SMTP: the mail settings (off by default; stored under the
``smtp`` setting) and the sending of pending messages, each one sent marked sent.

The SMTP password is never stored: it is read from ``RESTOCK_SMTP_PASSWORD`` or
``smtp_password`` in the app's secrets (``load_smtp``).
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from email.message import EmailMessage

from sqlalchemy import Engine

from inventory_core.domain.access import Actor
from inventory_core.domain.enums import NotificationStatus
from inventory_core.errors import InvalidInput, InventoryError
from inventory_core.services.notifications import mark_sent, outbox
from inventory_core.services.settings import filled, read_setting, write_setting

SMTP_KEY = "smtp"
SMTP_PASSWORD_ENV = "RESTOCK_SMTP_PASSWORD"
SMTP_PASSWORD_SECRET = "smtp_password"
NOT_STORED = ("password", "password_from")
"""Fields of ``SmtpSettings`` never written to the database."""


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
