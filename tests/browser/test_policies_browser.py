"""Policies & what-if in a real browser: a grid edit saved, and two editors at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from inventory_core.store.models import Change, Policy
from tests.browser.harness import running_app, wait_for_page

SLOW = 90_000  # ms; the grid's script loads slowly on a busy machine


@pytest.fixture
def app(store, db_url):
    with running_app(db_url) as base:
        yield base


def open_policies(browser, base: str, name: str):
    """A fresh browser session on the Policies page, with the editor's name given."""
    page = browser.new_context(viewport={"width": 1440, "height": 1200}).new_page()
    page.set_default_timeout(SLOW)
    page.goto(base)
    wait_for_page(page, SLOW)
    page.goto(f"{base}/policies")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=SLOW)
    wait_for_page(page, SLOW)
    page.get_by_role("textbox", name="Your name").fill(name)
    page.keyboard.press("Enter")
    wait_for_page(page, SLOW)
    return page


def wait_for_text(page, text: str) -> None:
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=text,
                           timeout=SLOW)
    wait_for_page(page, SLOW)


def edit_cap(page, sku: str, value: int) -> None:
    """Type a new cap for ``sku`` into the grid, as a merchant would."""
    page.get_by_placeholder("SKU or product name").fill(sku)
    page.keyboard.press("Enter")
    wait_for_text(page, "Download policies")
    canvas = page.locator('[data-testid="stDataFrame"]').first.locator("canvas").first
    canvas.wait_for(state="visible", timeout=SLOW)
    page.wait_for_timeout(1000)  # the grid settles after the search narrowed it
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 150, box["y"] + 35 + 17)  # the only row's Product cell
    page.wait_for_timeout(300)
    # Product → Mode → Recommended → Check → Today → Why → Changes → Today: why → Cap
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")  # opens the cell's editor
    page.wait_for_timeout(500)
    page.keyboard.type(str(value))
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    wait_for_text(page, "1 edited, 1 fields changed")


def save(page) -> None:
    page.locator('[data-testid="stButton"] button', has_text="SKU (1 change)").click()


def cap_and_audit(engine, sku: str):
    with engine.connect() as connection:
        cap = connection.execute(select(Policy.cap).where(Policy.sku == sku)).scalar()
        audit = connection.execute(select(Change.field, Change.old_value, Change.new_value,
                                          Change.changed_by)
                                   .where(Change.entity_key == sku).order_by(Change.id)).all()
    return cap, audit


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_grid_edit_followed_by_save_changes_the_database(browser, app, engine):
    page = open_policies(browser, app, "Ana")
    edit_cap(page, "C-GADGET", 3)
    assert page.locator('[data-testid="stException"]').count() == 0
    save(page)
    wait_for_text(page, "Saved 1 SKU (1 change).")
    assert cap_and_audit(engine, "C-GADGET") == (3, [("cap", None, "3", "Ana")])
    assert page.locator('[data-testid="stException"]').count() == 0
    page.context.close()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_second_editor_of_the_same_sku_is_told_and_loses_nothing(browser, app, engine):
    ana, bea = open_policies(browser, app, "Ana"), open_policies(browser, app, "Bea")
    edit_cap(ana, "C-GADGET", 3)
    edit_cap(bea, "C-GADGET", 4)
    save(ana)
    wait_for_text(ana, "Saved 1 SKU (1 change).")
    save(bea)
    wait_for_text(bea, "C-GADGET was changed by Ana")
    body = bea.inner_text("body")
    assert "cap (units): — → 3" in body
    assert "Your edit (cap (units) → 4) was not saved and is kept here" in body
    assert "1 edited, 1 fields changed" in body  # Bea's edit is still there
    assert cap_and_audit(engine, "C-GADGET") == (3, [("cap", None, "3", "Ana")])
    # Bea takes Ana's version as her base and saves her edit knowingly.
    bea.locator('[data-testid="stButton"] button',
                has_text="Load their version and keep my edits").click()
    wait_for_page(bea, SLOW)
    save(bea)
    wait_for_text(bea, "Saved 1 SKU (1 change).")
    assert cap_and_audit(engine, "C-GADGET") == (4, [("cap", None, "3", "Ana"),
                                                     ("cap", "3", "4", "Bea")])
    for page in (ana, bea):
        assert page.locator('[data-testid="stException"]').count() == 0
        page.context.close()
