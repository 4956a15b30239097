"""On Notifications, clicking a row of the outbox shows that message in the review box
(issue 17), in a real browser on the hand-worked fixture store."""

from __future__ import annotations

import re

import pytest

from tests.browser.harness import fixture_store_app, wait_for_page

SLOW = 180_000
ROW = 35  # the data grid's header and row height, in pixels


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with fixture_store_app(tmp_path_factory.mktemp("outbox")) as base:
        yield base


def outbox_grid(page):
    """The outbox table: the grid whose headers include Subject and Status."""
    grids = page.locator('[data-testid="stDataFrame"]')
    for i in range(grids.count()):
        headers = grids.nth(i).locator('[role="columnheader"]').all_text_contents()
        if "Subject" in headers and "Status" in headers:
            return grids.nth(i), headers
    raise AssertionError("no outbox table on the page")


def test_clicking_an_outbox_row_shows_its_message_for_review(browser, app):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.set_default_timeout(SLOW)
    page.goto(f"{app}/notifications")
    page.wait_for_selector('[data-testid="stMain"] h1')
    wait_for_page(page, timeout=SLOW)
    page.get_by_role("button", name="Process events now").click()
    page.get_by_text("The first message shown").wait_for()
    wait_for_page(page, timeout=SLOW)
    grid, headers = outbox_grid(page)
    subject_col = headers.index("Subject") + 1  # the a11y cells count from 1
    second = grid.locator(f'[data-testid="glide-cell-{subject_col}-1"]').text_content()
    first = grid.locator(f'[data-testid="glide-cell-{subject_col}-0"]').text_content()
    review = page.locator('[data-testid="stMarkdown"]').filter(has_text="To:").last
    assert review.inner_text().endswith(first)  # nothing selected: the first shown
    canvas = grid.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + ROW + ROW + ROW // 2)  # row 2's tick box
    page.get_by_text(re.compile(r"The message selected in the table \(row 2 of")).wait_for()
    wait_for_page(page, timeout=SLOW)
    review = page.locator('[data-testid="stMarkdown"]').filter(has_text="To:").last
    assert review.inner_text().endswith(second)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
