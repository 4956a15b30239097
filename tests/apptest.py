"""Run the app in-process with Streamlit's AppTest against a given store."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from restock_ui import data

ROOT = Path(__file__).resolve().parents[1]


def app_on(db_url: str, monkeypatch, page: str | None = None) -> AppTest:
    """The app on ``db_url``, run once (on ``page``, a path like ``pages/data.py``)."""
    monkeypatch.setenv("INVENTORY_DB_URL", db_url)
    data.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def metrics(at: AppTest) -> dict[str, str]:
    """Every metric on the page, label → shown value."""
    return {m.label: m.value for m in at.metric}
