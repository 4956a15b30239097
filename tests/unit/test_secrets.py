"""Secrets stay secret: passwords in database URLs are masked in every message, and the
SMTP password comes from the environment or the secrets, saying which."""

from __future__ import annotations

import pytest

from inventory_core.errors import StoreUnavailable
from inventory_core.services.mail import smtp_password
from inventory_core.store.engine import mask_passwords, open_database, without_password

SECRET = "hunter2-Secret"


@pytest.mark.parametrize("url", [
    f"postgresql+psycopg://shop:{SECRET}@db.example.com:5432/restock",
    f"postgresql+psycopg://shop:{SECRET}@db.example.com:54x32/restock",  # a bad port
    f"postgresql://shop:{SECRET}@with@at.example.com/restock",  # an unescaped @
    f"mysql://shop:{SECRET}@/restock",
])
def test_a_password_in_a_database_url_is_masked_parsed_or_not(url):
    shown = without_password(url)
    assert SECRET not in shown
    assert shown.startswith(url.split(":")[0]) and "shop:***@" in shown


def test_connection_strings_and_messages_with_urls_are_masked():
    message = (f"could not connect: host=db password={SECRET} user=shop; "
               f"tried postgresql://shop:{SECRET}@db/x")
    masked = mask_passwords(message)
    assert SECRET not in masked
    assert masked == ("could not connect: host=db password=*** user=shop; "
                      "tried postgresql://shop:***@db/x")


def test_a_store_that_cannot_be_opened_names_it_without_its_password():
    with pytest.raises(StoreUnavailable) as refused:
        open_database(f"postgresql+psycopg://shop:{SECRET}@127.0.0.1:54x32/restock")
    assert SECRET not in str(refused.value)
    assert "Cannot open the store at postgresql+psycopg://shop:***@127.0.0.1" in str(
        refused.value)


def test_the_smtp_password_comes_from_the_environment_then_the_secrets():
    assert smtp_password({"smtp_password": "s"}, {"RESTOCK_SMTP_PASSWORD": "e"}) == (
        "e", "The SMTP password comes from the environment variable RESTOCK_SMTP_PASSWORD.")
    assert smtp_password({"smtp_password": "s"}, {}) == (
        "s", "The SMTP password comes from smtp_password in the app's secrets.")
    password, source = smtp_password({}, {})
    assert password == "" and source.startswith("No SMTP password is set")
