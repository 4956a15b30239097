"""The sign-in screen: an unusable hash is a configuration error on the page and the other
role signs in; failed attempts are slowed, said in words; the right password then waits."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from inventory_core.domain.access import SIGN_IN_REFUSED, hash_password
from tests.apptest import ROOT, forget_reads

VIEWER_PASSWORD = "look-but-do-not-touch"
SECRETS = {"access": {"viewer_password_hash": hash_password(VIEWER_PASSWORD),
                      "editor_password_hash": "scrypt$1$8$1$AAAA$AAAA"}}


def app_with(db_url, monkeypatch) -> AppTest:
    monkeypatch.setenv("INVENTORY_DB_URL", db_url)
    monkeypatch.delenv("RESTOCK_DEMO_MODE", raising=False)
    forget_reads()  # a throttle of its own for this test
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets.update(SECRETS)
    return at.run()


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    return at.button(key="FormSubmitter:gate_password_form-Sign in").click().run()


def errors(at: AppTest) -> list[str]:
    """The error messages shown, as read (the Markdown source has every mark escaped)."""
    return [e.value.replace("\\", "") for e in at.error]


def test_an_unusable_hash_is_shown_as_a_configuration_error_and_the_viewer_signs_in(
        store, db_url, monkeypatch):
    at = app_with(db_url, monkeypatch)
    assert not at.exception
    shown = errors(at)
    assert len(shown) == 1 and shown[0].startswith("Configuration error: the editor password")
    assert "cost n = 1 is not a power of two" in shown[0]
    at = sign_in(at, "Vera", VIEWER_PASSWORD)
    assert not at.exception
    assert "viewer" in " ".join(c.value for c in at.sidebar.caption).lower()


def test_wrong_passwords_are_slowed_and_the_right_one_waits_its_turn(store, db_url, monkeypatch):
    at = app_with(db_url, monkeypatch)
    for _ in range(3):
        at = sign_in(at, "Vera", "not-the-password")
    said = [e for e in errors(at) if "Configuration error" not in e]
    assert said == [f"{SIGN_IN_REFUSED} Too many failed sign-ins: wait 2 seconds before "
                    "trying again."]
    at = sign_in(at, "Vera", VIEWER_PASSWORD)
    said = [e for e in errors(at) if "Configuration error" not in e]
    assert len(said) == 1 and said[0].startswith("Too many failed sign-ins: wait")
    assert not at.sidebar.caption  # still not signed in
