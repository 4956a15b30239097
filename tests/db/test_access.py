"""Roles, passwords and the core refusing a viewer's writes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import select

from inventory_core.domain.access import (
    SIGN_IN_REFUSED,
    AccessConfig,
    Actor,
    Role,
    hash_password,
    sign_in_with_password,
    verify_password,
)
from inventory_core.domain.settings import StoreSettings
from inventory_core.errors import InvalidInput, PermissionDenied
from inventory_core.services.autoswitch import switch_policies
from inventory_core.services.settings import (
    SETTINGS_KEY,
    last_saved,
    load_settings,
    save_settings,
    write_setting,
)
from inventory_core.store.models import Change, Policy
from tests.apptest import ROOT

VIEWER = Actor("vera@shop.example", Role.VIEWER)
EDITOR = Actor("eddie@shop.example", Role.EDITOR)
EDITOR_HASH = hash_password("editor-password-1", salt=b"0123456789abcdef")
VIEWER_HASH = hash_password("viewer-password-1", salt=b"fedcba9876543210")
PASSWORDS = AccessConfig.from_secrets(
    {"access": {"editor_password_hash": EDITOR_HASH, "viewer_password_hash": VIEWER_HASH}})


def test_a_password_hash_is_salted_scrypt_and_verifies_only_its_password():
    assert EDITOR_HASH.startswith("scrypt$16384$8$1$")
    assert hash_password("editor-password-1") != hash_password("editor-password-1")
    assert verify_password("editor-password-1", EDITOR_HASH)
    assert not verify_password("editor-password-2", EDITOR_HASH)
    assert not verify_password("", EDITOR_HASH)


def test_the_password_opens_its_role_and_names_the_actor():
    assert sign_in_with_password(PASSWORDS, "  Dana   Ng ", "editor-password-1") == Actor(
        "Dana Ng", Role.EDITOR)
    assert sign_in_with_password(PASSWORDS, "Vic", "viewer-password-1").role is Role.VIEWER


@pytest.mark.parametrize(("name", "password"), [
    ("Dana", "editor-password-2"),   # wrong password
    ("Dana", ""),                    # no password
    ("", "editor-password-1"),       # right password, no name
    ("Dana", "EDITOR-PASSWORD-1"),   # case matters
])
def test_a_refused_sign_in_says_one_message_whatever_was_wrong(name, password):
    with pytest.raises(PermissionDenied) as refused:
        sign_in_with_password(PASSWORDS, name, password)
    assert str(refused.value) == SIGN_IN_REFUSED
    assert "password is wrong" not in str(refused.value)


def test_nothing_configured_means_open_access():
    assert AccessConfig.from_secrets({}).mode == "open"
    assert AccessConfig.from_secrets({"inventory_db_url": "sqlite://"}).mode == "open"
    assert PASSWORDS.mode == "password"


def test_login_gives_listed_emails_edit_rights_and_others_view():
    config = AccessConfig.from_secrets({
        "auth": {"redirect_uri": "http://localhost:8501/oauth2callback"},
        "access": {"editors": ["Eddie@Shop.example"]}})
    assert config.mode == "login"
    assert config.role_for_email("eddie@shop.example") is Role.EDITOR
    assert config.role_for_email("someone@gmail.example") is Role.VIEWER
    assert config.role_for_email("") is None


def test_a_viewer_list_keeps_everyone_else_out_and_accepts_whole_domains():
    config = AccessConfig.from_secrets({
        "auth": {"redirect_uri": "x"},
        "access": {"editors": ["eddie@shop.example"], "viewers": ["@shop.example"]}})
    assert config.role_for_email("vera@shop.example") is Role.VIEWER
    assert config.role_for_email("eddie@shop.example") is Role.EDITOR
    assert config.role_for_email("mallory@elsewhere.example") is None


def test_a_malformed_hash_in_the_secrets_is_named():
    config = AccessConfig.from_secrets({"access": {"editor_password_hash": "hunter2"}})
    assert (config.mode, config.editor_password_hash) == ("password", None)
    assert len(config.problems) == 1 and "hash-password" in config.problems[0]


def test_the_command_line_prints_a_hash_that_verifies():
    done = subprocess.run(
        [sys.executable, "-m", "inventory_core", "hash-password", "--role", "viewer", "--stdin"],
        input="a long enough password\n", capture_output=True, text=True, cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src")}, check=True)
    key, _, value = done.stdout.strip().partition(" = ")
    assert key == "viewer_password_hash"
    assert verify_password("a long enough password", value.strip('"'))


def test_the_command_line_refuses_a_short_password():
    done = subprocess.run(
        [sys.executable, "-m", "inventory_core", "hash-password", "--stdin"],
        input="short\n", capture_output=True, text=True, cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 1 and done.stdout == ""
    assert "12 characters" in done.stderr


def test_a_viewer_cannot_save_settings_and_nothing_changes(store):
    with pytest.raises(PermissionDenied, match="vera@shop.example signed in as a viewer"):
        save_settings(store, StoreSettings(low_stock_at=9), actor=VIEWER)
    assert load_settings(store) == StoreSettings()
    assert last_saved(store) is None


def test_an_editor_saves_settings_and_the_save_names_them(store):
    save_settings(store, StoreSettings(low_stock_at=9, currency=" eur ", locale="de-DE"),
                  actor=EDITOR)
    assert load_settings(store) == StoreSettings(low_stock_at=9, currency="EUR",
                                                 locale="de_DE")
    assert last_saved(store)[0] == "eddie@shop.example"


@pytest.mark.parametrize(("change", "named"), [
    ({"low_stock_at": -1}, "Low-stock threshold"),
    ({"demand_window_days": 3}, "Demand window"),
    ({"safety_days": 400}, "Safety stock"),
    ({"currency": "<b>"}, "Currency"),
    ({"currency": ""}, "Currency"),
    ({"currency": "XYZ"}, "Currency must be an ISO 4217 code"),
    ({"locale": "xx_QQ"}, "Locale must be a language and country"),
])
def test_settings_out_of_range_are_refused_naming_the_setting(store, change, named):
    with pytest.raises(InvalidInput, match=named):
        save_settings(store, StoreSettings(**change), actor=EDITOR)
    assert load_settings(store) == StoreSettings()


def test_a_viewer_cannot_run_auto_switch_and_no_policy_moves(store, today):
    with store.begin() as connection, pytest.raises(PermissionDenied):
        switch_policies(connection, today, actor=VIEWER)
    with store.connect() as connection:
        assert connection.execute(select(Policy.mode).where(Policy.sku == "F-AUTO")).scalar() \
            == "stock"
        assert connection.execute(select(Change.id)).first() is None


def test_auto_switch_run_by_an_editor_is_audited_under_their_name(store, today):
    with store.begin() as connection:
        assert switch_policies(connection, today, actor=EDITOR) == ["F-AUTO"]
    with store.connect() as connection:
        assert set(connection.execute(select(Change.changed_by)).scalars()) == {
            "eddie@shop.example"}


def test_a_currency_stored_as_a_symbol_reads_as_its_iso_code(store):
    """Before the store had a locale, the currency was a symbol: "€" stored then is EUR."""
    write_setting(store, SETTINGS_KEY, {"currency": "€", "low_stock_at": 4})
    assert load_settings(store) == StoreSettings(low_stock_at=4, currency="EUR")
