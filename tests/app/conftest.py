"""Fixtures of the app tests that run in demo mode."""

from __future__ import annotations

import pytest

from tests.apptest import forget_reads


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """One sandbox folder for the module, so the pristine demo store is built once."""
    return tmp_path_factory.mktemp("demo")


@pytest.fixture
def demo_env(demo_dir, monkeypatch):
    """Demo mode on ``demo_dir``, with no sandbox left from an earlier test."""
    monkeypatch.setenv("RESTOCK_DEMO_MODE", "1")
    monkeypatch.setenv("RESTOCK_DEMO_DIR", str(demo_dir))
    monkeypatch.delenv("INVENTORY_DB_URL", raising=False)
    forget_reads()
    for file in demo_dir.glob("sandbox-*"):
        file.unlink()
    return demo_dir
