"""The package's public names change only on purpose: they are exactly the names the
pages, the UI helpers, the entry point and the command line import from it."""

from __future__ import annotations

import ast
from pathlib import Path

import inventory_core

ROOT = Path(__file__).resolve().parents[2]
USERS = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "src" / "restock_ui").rglob("*.py"),
                ROOT / "dashboard.py", ROOT / "src" / "inventory_core" / "cli.py"])


def imported_from_the_package(path: Path) -> set[str]:
    """The names ``path`` imports with ``from inventory_core import …``."""
    return {alias.name for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.ImportFrom) and node.module == "inventory_core"
            for alias in node.names}


def test_public_api_is_sorted_and_importable():
    assert inventory_core.__all__ == sorted(inventory_core.__all__)
    assert len(set(inventory_core.__all__)) == len(inventory_core.__all__)
    for name in inventory_core.__all__:
        assert getattr(inventory_core, name) is not None


def test_the_public_names_are_the_ones_the_app_and_the_command_line_use():
    used = set().union(*(imported_from_the_package(path) for path in USERS))
    public = set(inventory_core.__all__)
    assert sorted(public - used) == [], "public but used by neither the app nor the CLI"
    assert sorted(used - public) == [], "used by the app or the CLI but not public"


def test_core_never_imports_streamlit():
    core = Path(inventory_core.__file__).parent
    offenders = [p.name for p in core.rglob("*.py") if "import streamlit" in p.read_text()]
    assert offenders == []
