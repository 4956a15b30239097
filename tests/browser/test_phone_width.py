"""Every page at a phone's 390 px and a laptop's 1440 px, in a real browser, on the
hand-worked fixture store: the page body never scrolls sideways, and the column that
carries each table's answer is in view (issue 17).

A table's columns in view are the headers of the grid's accessible table, which the data
grid keeps to the columns it draws.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from restock_ui.navigation import APP_DIR, OVERVIEW, SECTIONS
from tests.browser.harness import fixture_store_app, wait_for_page

PHONE, LAPTOP = 390, 1440
PAGES = [("", OVERVIEW[1])] + [(path.removeprefix("pages/").removesuffix(".py"), title)
                               for entries in SECTIONS.values()
                               for path, title, _ in entries if (APP_DIR / path).exists()]
VERDICT = {  # the page → the answer column its main table must show first
    "": "Issue",
    "stock_levels": "State",
    "backorder_aging": "Days overdue",
    "preorder_demand": "Supply",
    "policies": "Mode",
    "incoming_supply": "Status",
}
ALL_VERDICTS = {  # at 1440 px every verdict column of the table is in view
    "": ["SKU", "Product", "Issue", "Why"],
    "stock_levels": ["SKU", "Product", "State", "Reorder now", "Days of cover"],
    "backorder_aging": ["SKU", "Product", "Days overdue", "Promised", "Age (days)"],
    "preorder_demand": ["SKU", "Product", "Supply", "Release date", "Cap used"],
    "policies": ["SKU", "Product", "Mode", "Recommended", "Check", "Today", "Why"],
    "incoming_supply": ["SKU", "Product", "Status", "Days late", "Expected", "PO"],
}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with fixture_store_app(tmp_path_factory.mktemp("phone")) as base:
        yield base


def opened(browser, base: str, path: str, width: int):
    """``path`` at ``width`` px, once its run is done and its title is drawn."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{base}/{path}")
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=180_000)
    wait_for_page(page, timeout=120_000)
    page.wait_for_timeout(800)  # charts and grids draw after the run
    assert page.locator('[data-testid="stException"]').count() == 0
    return page


def sideways_scroll(page) -> int:
    """How many pixels the page body is wider than the window (0: no sideways scroll)."""
    return page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")


def headers_in_view(page) -> list[list[str]]:
    """For each table on the page, the headers of the columns it draws."""
    page.wait_for_selector('[data-testid="stDataFrame"] [role="columnheader"]',
                           state="attached", timeout=60_000)  # drawn on a canvas: no box
    return page.evaluate("""() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
        .map(t => [...t.querySelectorAll('[role="columnheader"]')]
                  .map(h => h.textContent.trim()))""")


@pytest.mark.parametrize(("path", "title"), PAGES, ids=[p or "overview" for p, _ in PAGES])
def test_at_phone_width_no_page_scrolls_sideways_and_the_answer_column_shows(
        browser, app, path, title):
    page = opened(browser, app, path, PHONE)
    assert page.locator("h1").first.inner_text().strip() == title
    assert sideways_scroll(page) <= 0, title
    if path in VERDICT:
        assert answer_column_drawn(page, VERDICT[path]), headers_in_view(page)
    page.close()


def answer_column_drawn(page, header: str) -> bool:
    """Whether a table draws the column ``header`` (the tables of a page are drawn one
    after the other: a busy machine draws the last a moment after the first)."""
    try:
        page.wait_for_function(
            """header => [...document.querySelectorAll(
                '[data-testid="stDataFrame"] [role="columnheader"]')]
                .some(h => h.textContent.trim() === header)""", arg=header, timeout=60_000)
    except PlaywrightTimeout:
        return False
    return True


@pytest.mark.parametrize("path", list(ALL_VERDICTS), ids=[p or "overview" for p in ALL_VERDICTS])
def test_at_laptop_width_every_verdict_column_is_in_view(browser, app, path):
    page = opened(browser, app, path, LAPTOP)
    assert sideways_scroll(page) <= 0
    wanted = ALL_VERDICTS[path]
    assert table_draws(page, wanted), (wanted, headers_in_view(page))
    page.close()


def table_draws(page, wanted: list[str]) -> bool:
    """Whether some table on the page draws every header in ``wanted``, given up to a
    minute: a grid fills its accessible table a moment after the run ends."""
    try:
        page.wait_for_function("""wanted => [...document.querySelectorAll(
                '[data-testid="stDataFrame"]')].some(t => {
            const shown = [...t.querySelectorAll('[role="columnheader"]')]
                .map(h => h.textContent.trim());
            return wanted.every(w => shown.includes(w));
        })""", arg=wanted, timeout=60_000)
    except PlaywrightTimeout:
        return False
    return True
