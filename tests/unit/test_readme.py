"""The README is a newcomer's five minutes, with the two commands; the formats page
documents every column of the generic CSV format."""

from pathlib import Path

from inventory_core.io.tables import TABLE_SPECS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
FORMATS = (ROOT / "docs" / "formats.md").read_text()
START = "pip install -r requirements.txt && streamlit run dashboard.py"
TESTS = "pip install -r requirements-dev.txt && python -m pytest -n 2"


def test_the_formats_page_documents_every_generic_table_and_column():
    for spec in TABLE_SPECS.values():
        assert f"`{spec.file_name}`" in FORMATS
        for column in spec.columns:
            assert f"| `{column.name}` |" in FORMATS, (spec.name, column.name)


def test_readme_names_the_two_commands():
    assert START in README
    assert TESTS in README


def test_readme_is_read_in_five_minutes():
    assert len(README.splitlines()) < 200


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install -r requirements-dev.txt" in ci
    assert "python -m pytest -n 2" in ci


def test_the_readme_test_command_installs_the_app_too():
    dev = (ROOT / "requirements-dev.txt").read_text().splitlines()
    assert "-r requirements.txt" in dev
    assert any(line.startswith("pytest-xdist") for line in dev)


def test_readme_names_every_setting_the_app_reads():
    for setting in ("INVENTORY_DB_URL", "inventory_db_url", "RESTOCK_DEMO_MODE", "demo_mode",
                    "RESTOCK_DEMO_MAX_SANDBOXES", "demo_max_sandboxes", "RESTOCK_DEMO_MAX_HOURS",
                    "demo_max_hours", "RESTOCK_DEMO_DIR", "demo_dir", "[auth]", "[access]",
                    "editors", "viewers", "viewer_password_hash", "editor_password_hash",
                    "RESTOCK_TODAY", "maxUploadSize", "TEST_DATABASE_URL", "smtp"):
        assert f"`{setting}`" in README, setting
