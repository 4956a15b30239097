"""The Overview in a real browser, on the hand-worked fixture store."""

from __future__ import annotations

import pytest

from tests.browser.harness import running_app, wait_for_page


@pytest.fixture
def app(store, db_url):
    with running_app(db_url) as base:
        yield base


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_overview_shows_kpis_without_an_exception(browser, app):
    page = browser.new_page()
    page.goto(app)
    wait_for_page(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
    metrics = page.locator('[data-testid="stMetric"]')
    backorder_units = metrics.filter(has_text="Open backorder units")
    assert backorder_units.locator('[data-testid="stMetricValue"]').inner_text() == "9"
    page.get_by_role("heading", name="Needs attention").wait_for(timeout=60_000)
    page.close()
