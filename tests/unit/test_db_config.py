"""Where the store lives: one setting, with the embedded SQLite file as default."""

from __future__ import annotations

import pytest

from inventory_core.errors import StoreUnavailable
from inventory_core.io.shipped_demo import open_store
from inventory_core.store.engine import ENV_VAR, embedded_url, resolve_db_url


def test_environment_variable_wins_over_secrets(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "sqlite:///env.db")
    assert resolve_db_url({"inventory_db_url": "sqlite:///secret.db"}) == "sqlite:///env.db"


def test_secrets_are_used_without_the_environment_variable(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_db_url({"inventory_db_url": "sqlite:///secret.db"}) == "sqlite:///secret.db"


def test_default_is_the_embedded_sqlite_file_in_data(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_db_url({}).endswith("/data/restock.db")
    assert embedded_url(tmp_path) == f"sqlite:///{tmp_path / 'restock.db'}"


def test_read_only_data_folder_falls_back_to_a_temporary_directory(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    assert "restock-desk" in embedded_url(blocker / "data")


def test_an_empty_store_is_filled_with_the_demo_on_first_open(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'new.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM products").scalar() == 500


def test_an_unreachable_database_is_reported_without_its_password():
    with pytest.raises(StoreUnavailable) as caught:
        open_store("postgresql+psycopg://shop:s3cret@127.0.0.1:1/shop")
    assert "s3cret" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)
