"""The README documents every column of the generic CSV format."""

from pathlib import Path

from inventory_core.io.tables import TABLES

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_readme_documents_every_generic_table_and_column():
    for spec in TABLES.values():
        assert f"`{spec.file_name}`" in README
        for column in spec.columns:
            assert f"| `{column.name}` |" in README, (spec.name, column.name)


def test_readme_names_the_two_commands():
    assert "pip install -r requirements.txt && streamlit run dashboard.py" in README
    assert "pip install -r requirements-dev.txt && python -m pytest -n 2" in README
