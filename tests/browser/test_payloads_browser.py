"""Hostile text through every page in a real browser: shown as text, never as markup.

The store's names, categories, suppliers, customers, notes, button labels and the
messages made from them carry Markdown and HTML payloads (a link, an image, emphasis,
tags with an id), and the Customer lookup is opened with a link whose e-mail holds a
Markdown link. On every page, and on the Notifications page's message review, no
link, image, emphasis or tag from a payload appears in the DOM and no dialog opens.
"""

from __future__ import annotations

import urllib.parse

import pytest
from sqlalchemy import update

from inventory_core.domain.access import Actor
from inventory_core.services.events import process_now
from inventory_core.store.bulk_load import insert_frames
from inventory_core.store.engine import make_engine, open_database
from inventory_core.store.models import Policy
from restock_ui.navigation import APP_DIR, SECTIONS
from tests import fixture_store
from tests.browser.harness import running_app, wait_for_page

PAYLOAD = ("[Phish link](https://evil.example/x) ![t](https://evil.example/t.png) "
           "*PWNEM* __PWNSTRONG__ <b id=pwn1>B</b> <img src=https://evil.example/i.png id=pwn2>"
           " <a href=https://evil.example/a id=pwn3>A</a> :red[PWNRED]")
LOOKUP_EMAIL = "[Verify your account](https://evil.example/e)@example.com"
PAGES = [(path, title) for entries in SECTIONS.values() for path, title, _ in entries
         if (APP_DIR / path).exists()]
MARKUP = ('a[href*="evil.example"], img[src*="evil.example"], [id^="pwn"], '
          'em:text-is("PWNEM"), strong:text-is("PWNSTRONG"), span:text-is("PWNRED")')
"""What a payload would make if it were read as markup: its link, image, tags, emphasis
(an element holding exactly the emphasised word) or colour."""


def hostile_frames() -> dict:
    frames = fixture_store.frames()
    frames["products"]["name"] = PAYLOAD + " " + frames["products"]["name"]
    frames["products"].loc[0, "category"] = PAYLOAD
    frames["suppliers"]["name"] = frames["suppliers"]["name"] + " " + PAYLOAD
    frames["purchase_orders"]["supplier"] = frames["purchase_orders"]["supplier"] + " " + PAYLOAD
    frames["products"]["supplier"] = frames["products"]["supplier"].map(
        lambda s: s if s != s or s is None else f"{s} {PAYLOAD}")
    frames["orders"]["customer_name"] = PAYLOAD
    return frames


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'store.db'}"
    open_database(url).dispose()
    engine = make_engine(url)
    fixture_store.clear(engine)
    with engine.begin() as connection:
        insert_frames(connection, hostile_frames())
        connection.execute(update(Policy).values(customer_note=PAYLOAD, button_label=PAYLOAD))
    process_now(engine, actor=Actor(PAYLOAD), today=fixture_store.TODAY)
    engine.dispose()
    with running_app(url) as base:
        yield base


def assert_text_only(page, where: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, where
    found = page.locator(MARKUP)
    assert found.count() == 0, f"{where}: {found.first.evaluate('e => e.outerHTML')}"


def test_payloads_show_as_text_on_every_page(browser, hostile_app):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_app)
    wait_for_page(page)
    assert len(PAGES) >= 9
    for _path, title in PAGES:
        page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
        wait_for_page(page)
        page.mouse.wheel(0, 4000)
        wait_for_page(page)
        assert_text_only(page, title)
    page.get_by_text("Notifications", exact=True).first.click()
    wait_for_page(page)
    assert "Phish link" in page.inner_text("body")  # the review shows the payload, as text
    assert_text_only(page, "Notifications review")
    page.goto(f"{hostile_app}/customer_lookup?email={urllib.parse.quote(LOOKUP_EMAIL)}")
    wait_for_page(page)
    assert_text_only(page, "Customer lookup link")
    assert dialogs == []
    page.close()
