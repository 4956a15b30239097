"""The customer's order-status link: a token that names one order, signed, with an expiry.

A token is ``<order>.<scope>.<expires>.<signature>``: the order number and the scope
(the demo sandbox the order lives in, empty elsewhere) in URL-safe base64, the last
day the link opens (``YYYYMMDD``), and an HMAC-SHA256 of the three under the store's
secret. ``read_token`` gives the order back only when the signature matches under
that secret (compared in constant time) and the day has not passed; a changed,
expired or foreign token gives ``None`` and nothing else.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

LINK_DAYS = 180
"""How long a status link opens, in days from the day it was made."""

TOKEN_PARAM = "status"
"""The query parameter that carries the token (``?status=<token>``)."""

MAX_TOKEN = 600
"""The longest token read, in characters; anything longer is refused unread."""


@dataclass(frozen=True)
class StatusLink:
    """What a valid token names: the order, its scope, and the last day it opens."""

    order_number: str
    scope: str
    expires_on: dt.date


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(part: str) -> str:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode()


def _signature(secret: bytes, body: str) -> str:
    digest = hmac.new(secret, body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make_token(order_number: str, secret: bytes, today: dt.date, *, scope: str = "") -> str:
    """The signed token of ``order_number``, opening until ``LINK_DAYS`` after ``today``."""
    if not secret:
        raise ValueError("A status link needs a secret to sign with.")
    expires = today + dt.timedelta(days=LINK_DAYS)
    body = f"{_encode(order_number)}.{_encode(scope)}.{expires:%Y%m%d}"
    return f"{body}.{_signature(secret, body)}"


def read_token(token: str, secret: bytes, today: dt.date) -> StatusLink | None:
    """The order ``token`` names, or None when it was changed, signed with another
    secret, malformed, or has expired."""
    if not secret or not token or len(token) > MAX_TOKEN:
        return None
    body, _dot, signature = token.rpartition(".")
    if not hmac.compare_digest(_signature(secret, body).encode(), signature.encode()):
        return None
    parts = body.split(".")
    if len(parts) != 3:
        return None
    try:
        order_number, scope = _decode(parts[0]), _decode(parts[1])
        expires = dt.datetime.strptime(parts[2], "%Y%m%d").date()
    except (ValueError, binascii.Error):
        return None
    if expires < today or not order_number:
        return None
    return StatusLink(order_number, scope, expires)


def status_url(base_url: str, token: str) -> str:
    """The address of the status page for ``token`` under the app's ``base_url``."""
    return f"{base_url.rstrip('/')}/?{TOKEN_PARAM}={token}"
