"""Access in a real browser: HTML-named products stay text; demo visitors stay apart."""

from __future__ import annotations

import re
import time

import pandas as pd
import pytest

from inventory_core.store.bulk_load import insert_frames
from tests.browser.harness import running_app, wait_for_page

HOSTILE = "<img src=x onerror=alert(1)>"
SLOW = 180_000  # ms: generous, for a busy machine (and the first demo visitor, who
#                waits for the pristine store to be built)


@pytest.fixture
def hostile_app(store, db_url):
    """The fixture store plus one product whose name and category are an HTML payload
    (50 units in stock: the Overview counts 2 SKUs in stock instead of 1)."""
    with store.begin() as connection:
        insert_frames(connection, {
            "products": pd.DataFrame([{"sku": "X-HTML", "name": HOSTILE, "category": HOSTILE,
                                       "price": 10.0, "supplier": "Reliable Co"}]),
            "stock": pd.DataFrame([{"sku": "X-HTML", "location": "Main", "on_hand": 50,
                                    "reserved": 0}]),
            "policies": pd.DataFrame([{"sku": "X-HTML", "mode": "stock", "auto_switch": False,
                                       "discount_pct": 0.0}]),
        })
    with running_app(db_url) as base:
        yield base


def _open_every_figure(page) -> None:
    """Open the Overview's *Every figure* expander (it holds all but the four leading
    numbers), when the page has it closed."""
    closed = page.locator('[data-testid="stExpander"] details:not([open]) > summary').filter(
        has_text="Every figure")
    if closed.count():
        closed.first.click()
        page.locator('[data-testid="stExpander"] details[open]').first.wait_for()


def _metric(page, label: str) -> str:
    _open_every_figure(page)
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.get_by_text(label, exact=True))
    return card.locator('[data-testid="stMetricValue"]').first.inner_text()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_an_html_named_product_shows_as_text_and_runs_nothing(browser, hostile_app):
    page = browser.new_page()
    page.set_default_timeout(SLOW)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_app)
    wait_for_page(page, timeout=SLOW)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert _metric(page, "In stock") == "2"
    # the category chart's axis shows the name literally, as SVG text
    chart_text = page.locator(".js-plotly-plot").nth(1).text_content()
    assert HOSTILE in chart_text
    # the name given for the audit is shown as text on the Settings page and sidebar
    page.get_by_role("link", name="Settings").click()
    wait_for_page(page, timeout=SLOW)
    name = page.get_by_role("textbox", name="Your name")
    name.fill(HOSTILE)
    name.press("Enter")
    wait_for_page(page, timeout=SLOW)
    assert _metric(page, "Acting as") == HOSTILE
    assert HOSTILE in page.locator('[data-testid="stSidebar"]').inner_text()
    assert page.locator('img[src="x"]').count() == 0
    assert dialogs == []
    page.close()


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-sandboxes")
    with running_app(env={"RESTOCK_DEMO_MODE": "1", "RESTOCK_DEMO_DIR": str(folder)},
                     timeout=90) as base:
        yield base


def _wait_for_metric(page, label: str, value: str, timeout: float = 120) -> str:
    """The metric once it shows ``value`` (the page may still be rerunning), else as is."""
    deadline = time.monotonic() + timeout
    while _metric(page, label) != value and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    return _metric(page, label)


def _visit(browser, base):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(SLOW)
    page = context.new_page()
    page.goto(base)
    wait_for_page(page, timeout=SLOW)
    return context, page


def _go(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    wait_for_page(page, timeout=SLOW)


def test_two_demo_visitors_edits_stay_apart_and_reset_restores_the_shipped_numbers(
        browser, demo_app):
    ann_context, ann = _visit(browser, demo_app)
    bob_context, bob = _visit(browser, demo_app)
    banner = ann.locator(".st-key-demo_banner")
    assert "Demo mode" in banner.inner_text()
    shipped = _metric(ann, "Low stock")
    assert int(shipped) > 0 and _metric(bob, "Low stock") == shipped
    # Ann sets the low-stock threshold to 0 on the Settings page
    _go(ann, "Settings")
    threshold = ann.get_by_role("spinbutton", name="Low-stock threshold (units)")
    threshold.fill("0")
    ann.get_by_role("button", name=re.compile("Save settings")).click()
    ann.get_by_text("Settings saved").wait_for()
    _go(ann, "Overview")
    assert _wait_for_metric(ann, "Low stock", "0") == "0"
    # Bob, in another browser context, still sees the shipped numbers
    _go(bob, "Settings")
    assert bob.get_by_role("spinbutton", name="Low-stock threshold (units)").input_value() == "5"
    _go(bob, "Overview")
    assert _metric(bob, "Low stock") == shipped
    # Ann's reset brings the shipped numbers back
    ann.get_by_role("button", name=re.compile("Reset my demo")).first.click()
    wait_for_page(ann, timeout=SLOW)
    assert _wait_for_metric(ann, "Low stock", shipped) == shipped
    assert ann.locator('[data-testid="stException"]').count() == 0
    ann_context.close()
    bob_context.close()


@pytest.fixture
def password_app(store, db_url, tmp_path):
    """The fixture store behind a viewer and an editor password (a secrets file)."""
    from inventory_core.domain.access import hash_password

    secrets = tmp_path / ".streamlit" / "secrets.toml"  # the user-level secrets file
    secrets.parent.mkdir()
    secrets.write_text(
        "[access]\n"
        f'viewer_password_hash = "{hash_password("viewer-pass-123")}"\n'
        f'editor_password_hash = "{hash_password("editor-pass-123")}"\n')
    with running_app(db_url, env={"HOME": str(tmp_path)}) as base:
        yield base


def _sign_in(page, name: str, password: str) -> None:
    page.get_by_role("textbox", name="Your name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name=re.compile("Sign in")).click()
    wait_for_page(page, timeout=SLOW)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_with_passwords_a_viewer_signs_in_and_cannot_save(browser, password_app):
    page = browser.new_page()
    page.set_default_timeout(SLOW)
    page.goto(f"{password_app}/settings")  # a page's own address still asks to sign in
    wait_for_page(page, timeout=SLOW)
    page.get_by_role("textbox", name="Password").wait_for()
    assert page.locator('[data-testid="stMetric"]').count() == 0
    _sign_in(page, "Vic", "editor-pass-12")
    page.get_by_text("Sign-in failed: the name or password is not right.").wait_for()
    _sign_in(page, "Vic", "viewer-pass-123")
    assert _wait_for_metric(page, "Open backorder units", "9") == "9"  # the Overview
    _go(page, "Settings")
    assert _metric(page, "Role") == "Viewer"
    assert page.get_by_role("button", name=re.compile("Save settings")).is_disabled()
    assert page.get_by_role("spinbutton", name="Low-stock threshold (units)").is_disabled()
    assert "Vic · Viewer" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.close()
