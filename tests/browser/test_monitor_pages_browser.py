"""The three Monitor pages in a real browser, on the hand-worked fixture store.

One app serves the module's three tests (SQLite fixture store loaded once).
"""

from __future__ import annotations

import pytest

from tests.browser.harness import fixture_store_app, wait_for_page


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with fixture_store_app(tmp_path_factory.mktemp("monitor")) as base:
        yield base


def metric_value(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def open_page(browser, base: str, path: str, first_metric: str):
    """Open ``path`` and wait until the page has run and shows ``first_metric``.

    ``wait_for_page`` alone can pass before a fresh server has started the run.
    """
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{base}/{path}")
    page.locator('[data-testid="stMetric"]').filter(has_text=first_metric).first.wait_for(
        timeout=180_000)
    wait_for_page(page, timeout=120_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    return page


def test_stock_levels_page_shows_its_table_and_charts(browser, app):
    page = open_page(browser, app, "stock_levels", "SKUs")
    assert metric_value(page, "SKUs") == "7"
    assert metric_value(page, "Reorder now") == "2"
    page.locator('[data-testid="stPlotlyChart"]').nth(1).wait_for(timeout=120_000)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)  # drawn last
    assert page.locator('[data-testid="stDataFrame"]').count() == 1
    assert "Stock vs reorder point" in page.inner_text("body")
    page.close()


def test_backorder_aging_page_shows_the_overdue_lines(browser, app):
    page = open_page(browser, app, "backorder_aging", "Open backorder units")
    assert metric_value(page, "Open backorder units") == "9"
    assert metric_value(page, "Overdue lines") == "4"
    assert metric_value(page, "Oldest line") == "100 days"
    page.close()


def test_preorder_demand_page_shows_the_shortfall(browser, app):
    page = open_page(browser, app, "preorder_demand", "Pre-ordered units")
    assert metric_value(page, "Pre-ordered units") == "3"
    assert metric_value(page, "Pre-order value") == "$270"
    page.get_by_text("Upcoming releases").first.wait_for(timeout=120_000)
    assert metric_value(page, "Short of supply") == "1"
    page.close()
