"""Incoming supply, customer lookup and notifications in a real browser (fixture store)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import running_app, wait_for_page


@pytest.fixture
def app(store, db_url):
    with running_app(db_url) as base:
        yield base


def value(page, label: str):
    """The locator of a metric's value, by the metric's label."""
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    return box.locator('[data-testid="stMetricValue"]')


def metric(page, label: str) -> str:
    return value(page, label).inner_text()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_three_supply_pages_load_and_show_their_numbers(browser, app):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app)  # the entry page first, so the app's own navigation is in charge
    wait_for_page(page)
    page.goto(f"{app}/incoming_supply")
    wait_for_page(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert metric(page, "Open POs") == "4"
    assert metric(page, "Promises at risk") == "7"
    assert page.get_by_text("Incoming supply & promises").count() >= 1

    page.goto(f"{app}/customer_lookup?order=%237")
    wait_for_page(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert metric(page, "Waiting lines") == "1"
    code = page.locator('[data-testid="stCode"]')
    code.wait_for(timeout=15_000)
    message = code.inner_text()  # the one writer's text: greeting, apology, the new date
    assert message.startswith("Hello Buyer 7,\n\nWe are sorry: Gadget × 1 did not ship by ")
    assert "It should now ship around" in message

    page.goto(f"{app}/notifications")
    wait_for_page(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert metric(page, "Pending") == "0"
    page.get_by_role("button", name="Process events now").click()
    expect(value(page, "Pending")).to_have_text("7", timeout=60_000)
    page.close()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_purchase_order_download_holds_every_match_as_the_table_shows_it(browser, app):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app)
    wait_for_page(page)
    page.goto(f"{app}/incoming_supply")
    wait_for_page(page)
    with page.expect_download(timeout=30_000) as download:
        page.get_by_test_id("stDownloadButton").first.get_by_role("button").click()
    rows = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "PO,SKU,Product,Supplier,Units,Ordered,Expected,Received,Status,Days late"
    # open and late POs by expected date: PO-4 (T-3, late), PO-3 (T+5), PO-1, PO-2
    assert [row.split(",")[0] for row in rows[1:]] == ["PO-4", "PO-3", "PO-1", "PO-2"]
    assert rows[1].split(",")[-2:] == ["Late", "3"]
    page.close()
