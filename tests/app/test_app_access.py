"""Demo mode, roles and identity as the pages show them (AppTest).

AppTest runs a switched-to page file by itself (without dashboard.py's sign-in
gate, banner and sidebar); what dashboard.py draws is checked on the Overview.

Demo-mode tests run on the real shipped demo store: each visitor's numbers are
compared with the pristine copy's, which the test works out through the core.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from inventory_core.domain.access import SIGN_IN_REFUSED, hash_password
from inventory_core.domain.enums import StorefrontState
from inventory_core.domain.settings import StoreSettings
from inventory_core.io.sandbox import SandboxPool, sandbox_engine
from inventory_core.queries.catalog import sku_table
from inventory_core.services.settings import last_saved, load_settings
from tests.apptest import ROOT, app_on, forget_reads, metrics

SETTINGS = "pages/settings.py"
SAVE = "FormSubmitter:settings_form-Save settings"
VIEWER_PASSWORD, EDITOR_PASSWORD = "look-but-do-not-touch", "change-all-the-things"
PASSWORD_SECRETS = {"access": {
    "viewer_password_hash": hash_password(VIEWER_PASSWORD),
    "editor_password_hash": hash_password(EDITOR_PASSWORD)}}


# --- demo mode ---------------------------------------------------------------------------

def _visitor(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    return at


def _sandbox_url(demo_dir, at: AppTest) -> str:
    return SandboxPool(demo_dir).checkout(at.session_state["demo.sandbox_id"],
                                          SandboxPool(demo_dir).pristine(dt.date.today())).url


def _state_of(url: str, sku: str) -> StorefrontState:
    engine = sandbox_engine(url)
    skus = sku_table(engine, dt.date.today(), load_settings(engine)).set_index("sku")
    engine.dispose()
    return skus.at[sku, "state"]


def _shipped_low_stock(demo_dir) -> tuple[int, str]:
    """Low-stock SKUs in the shipped store, and one of them with no threshold of its own."""
    engine = sandbox_engine(f"sqlite:///{SandboxPool(demo_dir).pristine(dt.date.today())}")
    skus = sku_table(engine, dt.date.today(), load_settings(engine))
    engine.dispose()
    low = skus[skus["state"] == StorefrontState.LOW_STOCK]
    return len(low), low["sku"].iloc[0]


def _low_stock_in(url: str) -> int:
    """Low-stock SKUs of a sandbox, worked out from its own store and settings."""
    engine = sandbox_engine(url)
    skus = sku_table(engine, dt.date.today(), load_settings(engine))
    engine.dispose()
    return int((skus["state"] == StorefrontState.LOW_STOCK).sum())


def _save_threshold(at: AppTest, units: int) -> None:
    at.number_input(key="settings_low_stock_at").set_value(units)
    at.button(key=SAVE).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]


def test_two_demo_visitors_change_the_same_setting_and_each_sees_only_their_own(demo_env):
    shipped_low, sku = _shipped_low_stock(demo_env)
    assert shipped_low > 0
    ann, bob = _visitor(SETTINGS), _visitor(SETTINGS)
    ann_url, bob_url = _sandbox_url(demo_env, ann), _sandbox_url(demo_env, bob)
    assert ann_url != bob_url
    # Ann: nothing counts as low stock (threshold 0); Bob: everything up to 1,000 units does
    _save_threshold(ann, 0)
    _save_threshold(bob, 1000)
    ann.switch_page("dashboard.py").run()
    bob.switch_page("dashboard.py").run()
    assert metrics(ann)["Low stock"] == "0"
    bob_low = _low_stock_in(bob_url)
    assert bob_low > shipped_low and metrics(bob)["Low stock"] == f"{bob_low:,}"
    # the same SKU, low stock when shipped, reads differently in each sandbox
    assert _state_of(ann_url, sku) is StorefrontState.IN_STOCK
    assert _state_of(bob_url, sku) is StorefrontState.LOW_STOCK
    # Ann's reset brings back the shipped numbers for Ann only
    ann.button(key="demo_reset").click().run()
    assert metrics(ann)["Low stock"] == str(shipped_low)
    assert metrics(bob)["Low stock"] == f"{bob_low:,}"
    assert load_settings(sandbox_engine(ann_url)) == StoreSettings()


def test_a_demo_visitor_is_an_editor_under_the_name_they_give(demo_env):
    at = _visitor(SETTINGS)
    assert metrics(at)["Acting as"] == "Demo visitor"
    at.text_input(key="settings_user_name").input("Dana from Ops").run()
    _save_threshold(at, 3)
    assert metrics(at)["Acting as"] == "Dana from Ops"
    assert last_saved(sandbox_engine(_sandbox_url(demo_env, at)))[0] == "Dana from Ops"


# --- roles ---------------------------------------------------------------------------------

def _app_with(db_url, monkeypatch, secrets: dict, user: dict | None = None) -> AppTest:
    monkeypatch.setenv("INVENTORY_DB_URL", db_url)
    monkeypatch.delenv("RESTOCK_DEMO_MODE", raising=False)
    forget_reads(db_url)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets.update(secrets)
    if user is not None:
        at.user = user
    return at.run()


def _sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    return at.button(key="FormSubmitter:gate_password_form-Sign in").click().run()


def test_with_passwords_nothing_shows_until_signed_in(store, db_url, monkeypatch):
    at = _app_with(db_url, monkeypatch, PASSWORD_SECRETS)
    assert not at.exception
    assert metrics(at) == {}
    assert [t.value for t in at.title] == ["Restock Desk"]


@pytest.mark.parametrize(("name", "password"), [
    ("Dana", "wrong-password"), ("Dana", ""), ("", EDITOR_PASSWORD)])
def test_a_wrong_sign_in_is_refused_with_one_message(store, db_url, monkeypatch, name,
                                                    password):
    forget_reads()  # a throttle of its own: earlier failures of the same name are not counted
    at = _sign_in(_app_with(db_url, monkeypatch, PASSWORD_SECRETS), name, password)
    assert [e.value for e in at.error] == [SIGN_IN_REFUSED]
    assert metrics(at) == {}


def test_a_viewer_sees_the_pages_but_every_saving_control_is_disabled(store, db_url,
                                                                       monkeypatch):
    at = _sign_in(_app_with(db_url, monkeypatch, PASSWORD_SECRETS), "Vic", VIEWER_PASSWORD)
    assert not at.error
    assert metrics(at)["Open backorder units"] == "9"
    at.switch_page(SETTINGS).run()
    assert metrics(at)["Role"] == "Viewer" and metrics(at)["Acting as"] == "Vic"
    assert at.button(key=SAVE).disabled
    assert [n.key for n in at.number_input] == [
        "settings_low_stock_at", "settings_demand_window_days", "settings_safety_days",
        "settings_service_level_pct", "settings_delay_review_over",
        "settings_alerts_per_unit", "consent_ship_within_days",
        "consent_silence_window_days"]
    assert all(n.disabled for n in at.number_input)
    assert at.toggle(key="consent_enabled").disabled
    assert at.selectbox(key="settings_locale").disabled
    assert at.selectbox(key="settings_currency").disabled


def test_a_form_drawn_for_an_editor_but_sent_by_a_viewer_changes_nothing(
        store, db_url, monkeypatch):
    # the session turns viewer between drawing the form and sending it: the controls are
    # disabled on that run, and the core would refuse the write (tests/db/test_access.py)
    at = _sign_in(_app_with(db_url, monkeypatch, PASSWORD_SECRETS), "Eddie", EDITOR_PASSWORD)
    at.switch_page(SETTINGS).run()
    at.session_state["access.signed_in"] = ("Vic", "viewer")
    at.number_input(key="settings_low_stock_at").set_value(0)
    at.button(key=SAVE).click().run()
    assert not at.exception and not at.success
    assert at.button(key=SAVE).disabled
    assert load_settings(store) == StoreSettings()
    assert last_saved(store) is None


def test_an_editor_saves_and_the_audit_names_the_name_given_at_sign_in(store, db_url,
                                                                        monkeypatch):
    at = _sign_in(_app_with(db_url, monkeypatch, PASSWORD_SECRETS), "Eddie", EDITOR_PASSWORD)
    at.switch_page(SETTINGS).run()
    assert metrics(at)["Role"] == "Editor"
    _save_threshold(at, 2)
    assert load_settings(store).low_stock_at == 2
    assert last_saved(store)[0] == "Eddie"
    # the sign-in names the user: no page offers a box to type another name
    assert "settings_user_name" not in [t.key for t in at.text_input]
    at.switch_page("pages/policies.py").run()
    assert "policies_user_name" not in [t.key for t in at.text_input]
    at.switch_page(SETTINGS).run()
    at.button(key="settings_sign_out").click().run()
    at.switch_page("dashboard.py").run()
    assert metrics(at) == {}  # back at the sign-in screen
    assert at.text_input(key="signin_password").value == ""


LOGIN_SECRETS = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x" * 32, "client_id": "id",
                          "client_secret": "secret",
                          "server_metadata_url": "https://id.example/.well-known/openid"},
                 "access": {"editors": ["eddie@shop.example"]}}


def test_with_login_an_account_not_listed_as_editor_is_a_viewer_named_by_email(
        store, db_url, monkeypatch):
    at = _app_with(db_url, monkeypatch, LOGIN_SECRETS,
                   {"is_logged_in": True, "email": "vera@shop.example", "name": "Vera"})
    at.switch_page(SETTINGS).run()
    assert not at.exception
    assert metrics(at)["Acting as"] == "vera@shop.example"
    assert metrics(at)["Role"] == "Viewer"
    assert at.button(key=SAVE).disabled


def test_with_login_a_listed_editor_may_save(store, db_url, monkeypatch):
    at = _app_with(db_url, monkeypatch, LOGIN_SECRETS,
                   {"is_logged_in": True, "email": "Eddie@shop.example", "name": "Eddie"})
    at.switch_page(SETTINGS).run()
    assert metrics(at)["Role"] == "Editor"
    _save_threshold(at, 4)
    assert last_saved(store)[0] == "Eddie@shop.example"


def test_with_login_a_visitor_not_signed_in_gets_the_sign_in_button(store, db_url,
                                                                     monkeypatch):
    at = _app_with(db_url, monkeypatch, LOGIN_SECRETS, {"is_logged_in": False})
    assert metrics(at) == {}
    assert [b.label for b in at.button] == ["Sign in"]


def test_unconfigured_local_app_makes_the_single_user_an_editor(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch, page=SETTINGS)
    assert metrics(at)["Role"] == "Editor" and metrics(at)["Acting as"] == "Local user"
    assert not at.button(key=SAVE).disabled
