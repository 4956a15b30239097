"""The package's public names change only on purpose."""

import inventory_core


def test_public_api_is_sorted_and_importable():
    assert inventory_core.__all__ == sorted(inventory_core.__all__)
    for name in inventory_core.__all__:
        assert getattr(inventory_core, name) is not None


def test_core_never_imports_streamlit():
    from pathlib import Path

    core = Path(inventory_core.__file__).parent
    offenders = [p.name for p in core.rglob("*.py") if "import streamlit" in p.read_text()]
    assert offenders == []
