"""A customer's order_status page in a real browser at phone width (390 px).

The merchant finds order #4 in Customer lookup and copies the message, which carries
the order's status link; the customer opens it on a phone, sees each line with no
merchant navigation or sidebar, presses Wait, and the merchant sees the answer on
the order. A link with one character changed shows only that it is not valid.
"""

from __future__ import annotations

import re

import pytest

from inventory_core.domain.wording import format_date
from tests import fixture_store
from tests.browser.harness import fixture_store_app, wait_for_page

PHONE = {"width": 390, "height": 844}
LINK = re.compile(r"https?://\S+/\?status=[\w.\-]+")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with fixture_store_app(tmp_path_factory.mktemp("status"),
                           env={"RESTOCK_STATUS_SECRET": "a secret for the browser test"}) \
            as base:
        yield base


def lookup(browser, base: str):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{base}/customer_lookup?order=%234")
    page.get_by_text(re.compile(r"/\?status=")).first.wait_for(timeout=180_000)
    wait_for_page(page, timeout=120_000)
    return page


def test_the_customer_presses_wait_on_a_phone_and_the_merchant_sees_it(browser, app):
    merchant = lookup(browser, app)
    link = LINK.search(merchant.inner_text("body")).group(0)
    assert "Answers to delays" not in merchant.inner_text("body")

    phone = browser.new_page(viewport=PHONE)
    phone.goto(link)
    phone.get_by_text("Gadget × 1").wait_for(timeout=120_000)
    wait_for_page(phone)
    body = phone.inner_text("body")
    assert "Order #4" in body and "Status: No supply planned" in body
    assert f"Date promised: {format_date(fixture_store.day(2))}" in body
    assert "You may wait for it, or cancel it for a full refund" in body
    assert phone.locator('[data-testid="stSidebar"]').count() == 0
    assert phone.locator('[data-testid="stSidebarNav"]').count() == 0
    assert "Overview" not in body and "Customer lookup" not in body
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    phone.get_by_role("button", name="Wait").click()
    phone.get_by_text("Thank you: we will wait for your item.").wait_for(timeout=60_000)
    phone.get_by_text("You chose to wait on").wait_for(timeout=60_000)
    phone.close()

    merchant.reload()
    merchant.get_by_text("Answers to delays").wait_for(timeout=120_000)
    wait_for_page(merchant)
    assert (f"Order #4, line 1: Wait, by buyer4@example.com on "
            f"{format_date(fixture_store.day(0))} " in merchant.inner_text("body"))
    merchant.close()


def test_a_link_with_one_character_changed_shows_nothing(browser, app):
    merchant = lookup(browser, app)
    link = LINK.search(merchant.inner_text("body")).group(0)
    merchant.close()
    last = link[-1]
    tampered = link[:-1] + ("A" if last != "A" else "B")
    phone = browser.new_page(viewport=PHONE)
    phone.goto(tampered)
    phone.get_by_text("This link is not valid.").wait_for(timeout=120_000)
    wait_for_page(phone)
    body = phone.inner_text("body")
    assert "Gadget" not in body and "#4" not in body
    assert phone.locator('[data-testid="stSidebar"]').count() == 0
    phone.close()
