"""Browser tests: the app served by Streamlit, driven in Debian's headless Chromium.

Without Chromium (or Playwright) they skip with the reason, except under
``CI=true`` where they must run.
"""

from __future__ import annotations

import os

import pytest

from tests.browser.harness import CHROMIUM, chromium_available, launch_browser

IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    if not chromium_available():
        reason = f"Chromium ({CHROMIUM}) or the playwright package is not installed"
        if IN_CI:
            pytest.fail(f"CI=true needs the browser: {reason}")
        pytest.skip(reason)
    with launch_browser() as chromium:
        yield chromium
