"""The order-status link: a signed token opens its own order only, until it expires."""

from __future__ import annotations

import datetime as dt

from inventory_core.domain.status_links import LINK_DAYS, make_token, read_token, status_url

SECRET = b"a secret of the store"
TODAY = dt.date(2026, 12, 1)


def test_a_token_opens_its_order_until_it_expires():
    token = make_token("#1042", SECRET, TODAY, scope="box-7")
    link = read_token(token, SECRET, TODAY + dt.timedelta(days=LINK_DAYS))
    assert link is not None
    assert (link.order_number, link.scope) == ("#1042", "box-7")
    assert link.expires_on == dt.date(2027, 5, 30)
    assert read_token(token, SECRET, TODAY + dt.timedelta(days=LINK_DAYS + 1)) is None


def test_a_token_with_one_character_changed_is_refused():
    token = make_token("#1042", SECRET, TODAY)
    for position in range(len(token)):
        if token[position] == ".":
            continue
        changed = "A" if token[position] != "A" else "B"
        tampered = token[:position] + changed + token[position + 1:]
        assert read_token(tampered, SECRET, TODAY) is None, position


def test_another_orders_number_cannot_be_put_in_a_token():
    token = make_token("#1042", SECRET, TODAY)
    other = make_token("#1043", SECRET, TODAY)
    forged = other.split(".")[0] + "." + ".".join(token.split(".")[1:])
    assert read_token(forged, SECRET, TODAY) is None


def test_a_token_signed_with_another_secret_is_refused():
    foreign = make_token("#1042", b"another store's secret", TODAY)
    assert read_token(foreign, SECRET, TODAY) is None
    assert read_token("", SECRET, TODAY) is None
    assert read_token("not.a.token", SECRET, TODAY) is None
    assert read_token("x" * 5000, SECRET, TODAY) is None


def test_the_link_carries_the_token_to_the_status_page():
    assert status_url("https://shop.example/", "abc.def") == \
        "https://shop.example/?status=abc.def"
