"""Cached reads of the outbox of customer messages and the mail settings."""

from __future__ import annotations

import pandas as pd

from inventory_core import SmtpSettings, load_smtp, outbox, outbox_counts
from restock_ui.config import secrets
from restock_ui.reads.cache import StoreKey, cached


@cached()
def messages(store: StoreKey, kinds: tuple[str, ...], statuses: tuple[str, ...],
             search: str) -> pd.DataFrame:
    """The outbox, narrowed."""
    return outbox(store.engine, kinds, statuses, search)


@cached()
def message_counts(store: StoreKey) -> dict[str, int]:
    """Messages per status."""
    return outbox_counts(store.engine)


@cached()
def smtp_settings(store: StoreKey) -> SmtpSettings:
    """The stored SMTP settings, the password from the environment or the secrets."""
    return load_smtp(store.engine, secrets())
