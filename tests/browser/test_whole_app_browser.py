"""Every page of the app in a real browser, on PostgreSQL, through the sidebar navigation."""

from __future__ import annotations

import pytest

from restock_ui.navigation import APP_DIR, SECTIONS
from tests.browser.harness import running_app, wait_for_page

EXISTING = [(path, title) for entries in SECTIONS.values() for path, title, _ in entries
            if (APP_DIR / path).exists()]


@pytest.fixture(scope="module")
def postgres_app(postgres_url):
    from inventory_core.store.engine import make_engine
    from tests import fixture_store

    engine = make_engine(postgres_url)
    fixture_store.load(engine)
    engine.dispose()
    with running_app(postgres_url) as base:
        yield base


def _open_page(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    wait_for_page(page)


@pytest.mark.postgres
def test_every_page_loads_on_postgresql_without_an_exception(browser, postgres_app):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(postgres_app)
    wait_for_page(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert len(EXISTING) == 10  # every page of the navigation has its file
    for _path, title in EXISTING:
        _open_page(page, title)
        assert page.locator('[data-testid="stException"]').count() == 0, title
        assert page.locator("h1").first.inner_text().strip() == title  # it navigated there
    page.close()


@pytest.mark.postgres
def test_sidebar_filters_stay_chosen_when_switching_pages(browser, postgres_app):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(postgres_app)
    wait_for_page(page)
    category = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    category.click()
    page.get_by_role("option", name="Widgets").click()
    page.keyboard.press("Escape")
    wait_for_page(page)
    units = page.locator('[data-testid="stMetric"]').filter(has_text="Open backorder units")
    assert units.locator('[data-testid="stMetricValue"]').inner_text() == "0"
    _open_page(page, EXISTING[0][1])
    chosen = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    assert "Widgets" in chosen.inner_text()
    _open_page(page, "Overview")
    units = page.locator('[data-testid="stMetric"]').filter(has_text="Open backorder units")
    assert units.locator('[data-testid="stMetricValue"]').inner_text() == "0"
    page.close()
