"""The documents stay true: their links lead to a file and a heading that exist, and
the functions that ARCHITECTURE.md names as defining each number exist."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
NAME = re.compile(r"`(inventory_core(?:\.\w+)+)`")


def _relative_links(path: Path) -> list[str]:
    """The link targets of a Markdown file that point into the repository."""
    targets = LINK.findall(path.read_text())
    return [t for t in targets if not re.match(r"^[a-z][a-z+.-]*:", t) and not t.startswith("#")]


def _anchors(path: Path) -> set[str]:
    """The anchors of a Markdown file's headings, as GitHub makes them."""
    headings = re.findall(r"^#+ (.+)$", path.read_text(), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def _number_table() -> list[tuple[str, str]]:
    """(number, dotted name) for each function named in "Where each number is defined"
    (the rule, and its SQL form where a query needs one)."""
    text = ARCHITECTURE.read_text()
    section = text.split("## Where each number is defined", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows += [(cells[0], name) for cell in cells[1:] for name in NAME.findall(cell)]
    return rows


def _resolve(dotted: str) -> tuple[str, object]:
    """The longest importable module of a dotted name, and the object the rest names in it."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return ".".join(parts[:cut]), found
    raise ModuleNotFoundError(dotted)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_every_relative_link_points_at_a_file_that_exists(path):
    missing = []
    for target in _relative_links(path):
        file, _, anchor = target.partition("#")
        found = path.parent / file
        if not found.exists() or (anchor and anchor not in _anchors(found)):
            missing.append(target)
    assert missing == []


def test_the_architecture_lists_where_each_number_is_defined():
    assert len(_number_table()) >= 20


def test_every_function_that_defines_a_number_exists_in_the_module_named():
    """Each name is a function defined in its module (not one it imports from elsewhere)."""
    missing = []
    for number, dotted in _number_table():
        try:
            module, found = _resolve(dotted)
        except (ImportError, AttributeError) as error:
            missing.append(f"{number}: {dotted} ({error})")
            continue
        if not callable(found):
            missing.append(f"{number}: {dotted} is not a function")
        elif getattr(found, "__module__", module) != module:
            missing.append(f"{number}: {dotted} is defined in {found.__module__}")
    assert missing == []
