"""Demo mode under many visitors: those who have not written share the pristine demo
store and its cached reads; a first write makes the visitor's own sandbox; a visitor
whose sandbox had to go is told so and reads the shipped store again (AppTest).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from inventory_core.domain.status_links import TOKEN_PARAM, make_token
from inventory_core.io.sandbox import SandboxPool, sandbox_engine
from inventory_core.services.settings import load_settings
from restock_ui.demo import NOTICE_KEY, SANDBOX_KEY
from restock_ui.reads import catalog
from tests.apptest import ROOT, metrics, shown

SETTINGS = "pages/settings.py"
OVERVIEW = "pages/overview.py"
SAVE = "FormSubmitter:settings_form-Save settings"
THRESHOLD = "settings_low_stock_at"


@pytest.fixture
def settings_read(monkeypatch):
    """How often each store's settings were read from the database, by store URL."""
    counts = Counter()
    load = catalog.load_settings

    def counted(engine):
        counts[str(engine.url).removeprefix("sqlite:///file:").split("?")[0]] += 1
        return load(engine)

    monkeypatch.setattr(catalog, "load_settings", counted)
    return counts


def _visitor(page: str = SETTINGS) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page(page).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def _save_threshold(at: AppTest, units: int) -> None:
    at.number_input(key=THRESHOLD).set_value(units)
    at.button(key=SAVE).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]


def _sandboxes(demo_dir) -> list[str]:
    return sorted(file.name for file in demo_dir.glob("sandbox-*.db"))


def _threshold_in(path) -> int:
    engine = sandbox_engine(f"sqlite:///{path}")
    try:
        return load_settings(engine).low_stock_at
    finally:
        engine.dispose()


def test_visitors_share_the_pristine_stores_reads_until_their_first_write(
        demo_env, settings_read):
    pristine = SandboxPool(demo_env).pristine(dt.date.today())
    ann, bob, cat = _visitor(), _visitor(), _visitor(OVERVIEW)
    # three visitors, no sandbox yet: one store read, once, for all three
    assert _sandboxes(demo_env) == []
    assert settings_read == {str(pristine): 1}
    assert ann.number_input(key=THRESHOLD).value == bob.number_input(key=THRESHOLD).value == 5

    _save_threshold(ann, 9)  # Ann's first write makes her sandbox, and goes there
    ann_box = demo_env / f"sandbox-{ann.session_state['demo.sandbox_id']}.db"
    assert _sandboxes(demo_env) == [ann_box.name]
    assert ann.number_input(key=THRESHOLD).value == 9 and _threshold_in(ann_box) == 9
    assert settings_read[str(ann_box)] == 1  # from now on Ann reads her own store

    # Bob and Cat read on from the pristine store's cache, which Ann's write left alone
    bob.run()
    cat.switch_page(SETTINGS).run()
    assert bob.number_input(key=THRESHOLD).value == cat.number_input(key=THRESHOLD).value == 5
    assert settings_read[str(pristine)] == 1
    assert _threshold_in(pristine) == 5
    assert _sandboxes(demo_env) == [ann_box.name]


def test_a_visitor_whose_sandbox_had_to_go_is_told_and_starts_again_from_the_shipped_store(
        demo_env):
    ann = _visitor()
    _save_threshold(ann, 0)
    assert len(_sandboxes(demo_env)) == 1
    # three hours on, the demo removes idle sandboxes: Ann's goes
    later = SandboxPool(demo_env, clock=lambda: time.time() + 3 * 3600)
    assert later.prune() == [ann.session_state["demo.sandbox_id"]]
    ann.switch_page(OVERVIEW).run()
    assert not ann.exception and not ann.error
    # AppTest runs the page alone; in the app, dashboard.py's banner shows this as a toast
    assert "was removed while you were away" in ann.session_state[NOTICE_KEY]
    assert metrics(ann)["Low stock"] != "0"  # the shipped numbers again
    del ann.session_state[NOTICE_KEY]  # shown
    ann.switch_page(SETTINGS).run()
    assert ann.number_input(key=THRESHOLD).value == 5 and _sandboxes(demo_env) == []
    assert NOTICE_KEY not in ann.session_state  # said once
    _save_threshold(ann, 3)  # the next change makes a fresh copy
    (box,) = _sandboxes(demo_env)
    assert _threshold_in(demo_env / box) == 3
    assert ann.number_input(key=THRESHOLD).value == 3


def test_the_status_link_of_a_visitor_who_changed_nothing_opens_the_shipped_order(
        demo_env, monkeypatch):
    monkeypatch.setenv("RESTOCK_STATUS_SECRET", "a secret for the test")
    pristine = SandboxPool(demo_env).pristine(dt.date.today())
    engine = sandbox_engine(f"sqlite:///{pristine}")
    with engine.connect() as connection:
        order = connection.execute(text(
            "SELECT order_number FROM orders ORDER BY order_number LIMIT 1")).scalar_one()
    engine.dispose()
    merchant = _visitor(OVERVIEW)  # has a sandbox id, but no sandbox: changed nothing
    token = make_token(order, b"a secret for the test", dt.date.today(),
                       scope=merchant.session_state[SANDBOX_KEY])
    customer = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    customer.query_params[TOKEN_PARAM] = token
    customer.run()
    assert not customer.exception and not customer.error, [e.value for e in customer.error]
    assert [shown(t.value) for t in customer.title] == [f"Order {order}"]
    assert _sandboxes(demo_env) == []  # reading the order made no sandbox
