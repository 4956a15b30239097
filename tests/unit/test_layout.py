"""The code's layout holds: small modules, private names kept private, pages of one shape.

The layers themselves (pure rules ← store ← queries ← services ← file formats ← command
line; the UI through the public surface only) are import-linter's contracts in
pyproject.toml, run by ``.ci/run``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "src" / "inventory_core"
UI = ROOT / "src" / "restock_ui"
PAGES = sorted((ROOT / "pages").glob("*.py"))
MAX_LINES = 400


def _modules(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py")
                  if "migrations" not in p.parts)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT / "src").with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("path", _modules(CORE, UI) + PAGES, ids=lambda p: p.name)
def test_no_module_of_the_core_the_ui_or_the_pages_is_over_400_lines(path):
    assert len(path.read_text().splitlines()) <= MAX_LINES


def test_no_private_name_is_imported_from_another_module():
    offenders = []
    for path in _modules(CORE, UI) + PAGES + [ROOT / "dashboard.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and (
                    node.module.split(".")[0] in ("inventory_core", "restock_ui")):
                offenders += [f"{path.name}: {node.module}.{alias.name}"
                              for alias in node.names
                              if alias.name.startswith("_") and alias.name != "__version__"]
    assert offenders == []


def test_the_core_imports_at_the_top_of_each_module_never_inside_a_function():
    """An import inside a function hides a cycle; the layers say where each thing lives."""
    offenders = []
    for path in _modules(CORE, UI):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                offenders += [f"{_module_name(path)}.{node.name}"
                              for inner in ast.walk(node)
                              if isinstance(inner, ast.ImportFrom) and inner.module
                              and inner.module.split(".")[0] in ("inventory_core", "restock_ui")]
    assert offenders == []


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_page_is_one_page_function_that_the_module_calls(path):
    """A page: its docstring, its imports, its functions, and ``page()`` as the last line."""
    body = ast.parse(path.read_text()).body
    *head, last = body
    assert isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
    assert getattr(last.value.func, "id", None) == "page"
    allowed = (ast.Import, ast.ImportFrom, ast.FunctionDef)
    logic = [type(node).__name__ for node in head[1:] if not isinstance(node, allowed)]
    assert isinstance(head[0], ast.Expr) and isinstance(head[0].value, ast.Constant)
    assert logic == []
    assert any(isinstance(node, ast.FunctionDef) and node.name == "page" for node in head)


@pytest.mark.parametrize("path", PAGES + [ROOT / "dashboard.py"], ids=lambda p: p.name)
def test_pages_use_the_core_through_its_public_surface_only(path):
    import inventory_core

    public = set(inventory_core.__all__)
    used = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                "inventory_core"):
            assert node.module == "inventory_core", f"{path.name} imports {node.module}"
            used += [alias.name for alias in node.names]
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith("inventory_core.") for a in node.names)
    assert set(used) <= public
