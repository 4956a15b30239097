"""The Data page in a real browser: a file dropped on the uploader is imported."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from inventory_core.store.models import Policy
from tests.browser.harness import running_app, wait_for_page
from tests.import_files import SHOPIFY_CLASSIC, csv_text, utf8_bom


@pytest.fixture
def app(store, db_url):
    with running_app(db_url) as base:
        yield base


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_shopify_export_uploaded_on_the_data_page_changes_the_store(browser, app, store,
                                                                      tmp_path):
    export = tmp_path / "products_export_1.csv"
    export.write_bytes(utf8_bom(csv_text(SHOPIFY_CLASSIC, [
        {"Handle": "widget", "Title": "Widget", "Option1 Name": "Colour",
         "Option1 Value": "Blue", "Variant SKU": "B-BLUE", "Variant Inventory Tracker": "shopify",
         "Variant Inventory Qty": "4", "Variant Inventory Policy": "continue",
         "Variant Price": "20.00"}])))
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app}/data")
    wait_for_page(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        str(export))
    page.get_by_text("Detected format:").wait_for(timeout=30_000)
    wait_for_page(page)
    assert "Shopify products export" in page.inner_text("body")
    page.get_by_role("button", name="Import this file").click()
    page.get_by_text("Imported Shopify products export").wait_for(timeout=60_000)
    wait_for_page(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    with store.connect() as c:
        mode = c.execute(select(Policy.mode).where(Policy.sku == "B-BLUE")).scalar_one()
    assert str(getattr(mode, "value", mode)) == "backorder"
    page.close()
