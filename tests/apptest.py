"""Run the app in-process with Streamlit's AppTest against a given store."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from restock_ui import reads

ROOT = Path(__file__).resolve().parents[1]


def app_on(db_url: str, monkeypatch, page: str | None = None) -> AppTest:
    """The app on ``db_url``, run once (on ``page``, a path like ``pages/data.py``)."""
    monkeypatch.setenv("INVENTORY_DB_URL", db_url)
    forget_reads(db_url)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def counting(monkeypatch, module, name: str, calls: Counter) -> None:
    """Count in ``calls`` the calls of ``module.name`` (a core function a cached read
    calls, or a view a page calls), as the app calls it."""
    function = getattr(module, name)

    def counted(*args, **kwargs):
        calls[name] += 1
        return function(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)


def another_visitor(db_url: str, monkeypatch, page: str | None = None) -> AppTest:
    """A new session on ``db_url`` (on ``page``), the store's cached reads kept as they
    are: a visitor after the first."""
    monkeypatch.setenv("INVENTORY_DB_URL", db_url)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def forget_reads(db_url: str | None = None) -> None:
    """Forget what earlier tests cached in this process: the reads of the store at
    ``db_url`` (its fixture was just written under the app, as a write the app did not
    make), or, without a URL, everything the app cached (reads, figures, engines)."""
    if db_url is not None:
        reads.changed(db_url)
        return
    st.cache_data.clear()
    st.cache_resource.clear()


def metrics(at: AppTest) -> dict[str, str]:
    """Every metric on the page, label → shown value."""
    return {m.label: m.value for m in at.metric}


def shown(markdown: str) -> str:
    """Markdown text as the merchant reads it: the page escapes what it did not write and
    keeps bare addresses from turning into links with an invisible word joiner."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
