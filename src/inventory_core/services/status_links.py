"""The status-page link the outbox puts in an order's update, from the environment.

Messages written outside a browser (the refresh step, the command line) know the
app's address and the store's secret only from the environment: with both
``RESTOCK_STATUS_SECRET`` and ``RESTOCK_APP_URL`` set, each order update carries its
order's signed link (``domain.status_links``); without them it carries none.
"""

from __future__ import annotations

import datetime as dt
import os

from inventory_core.domain.status_links import make_token, status_url

STATUS_SECRET_ENV = "RESTOCK_STATUS_SECRET"
APP_URL_ENV = "RESTOCK_APP_URL"


def outbox_link(order_number: str, today: dt.date) -> str:
    """``order_number``'s status-page link, or "" when the environment does not say the
    app's address and the secret."""
    secret = os.environ.get(STATUS_SECRET_ENV, "").strip()
    base = os.environ.get(APP_URL_ENV, "").strip()
    if not (secret and base):
        return ""
    return status_url(base, make_token(order_number, secret.encode(), today))
