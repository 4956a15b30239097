"""The Overview's first-visit guide: shown on an empty store and on the demo store, with
which exports to bring in and in which order; hidden for the session once dismissed;
never shown on a merchant's own store."""

from __future__ import annotations

import pytest

from inventory_core.domain.access import Actor, Role
from inventory_core.io.shipped_demo import load_shipped_demo
from inventory_core.services.empty_store import empty_store
from inventory_core.store.engine import make_engine, upgrade_schema
from tests.apptest import app_on, shown

OWNER = Actor("Owner", Role.EDITOR)


def guide_text(at) -> str:
    return "\n".join(shown(m.value) for m in at.markdown)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("first-visit") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    load_shipped_demo(engine)
    engine.dispose()
    return path


def test_the_demo_store_shows_the_three_steps_and_hides_them_when_asked(
        demo_file, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    (tmp_path / "demo.db").write_bytes(demo_file.read_bytes())
    at = app_on(url, monkeypatch)
    assert not at.exception
    text = guide_text(at)
    # folded above the figures, under its title
    assert [e.label for e in at.expander][0] == \
        "This is the demo store: bring in your own, in three steps"
    assert "1. Start an empty store" in text
    # the exports, products first, in the order the importers want them
    shopify = text[text.index("Shopify"):text.index("WooCommerce")]
    assert shopify.index("products export") < shopify.index("inventory export") \
        < shopify.index("orders export")
    assert "catalog product export" in text and "product CSV" in text
    assert "3. Look first at" in text and "Needs attention" in text
    at.button(key="first_visit_hide").click().run()
    assert "three steps" not in guide_text(at)
    at.run()
    assert "three steps" not in guide_text(at)  # hidden for the rest of the session


def test_an_empty_store_shows_the_guide_without_the_empty_store_step(store, db_url,
                                                                      monkeypatch):
    empty_store(store, actor=OWNER)
    at = app_on(db_url, monkeypatch)
    assert not at.exception
    text = guide_text(at)
    assert "Your store is empty: bring it in, in three steps" in text
    assert "Start an empty store" not in text and "2. Import your store's exports" in text


def test_a_merchants_own_store_shows_no_guide(store, db_url, monkeypatch):
    at = app_on(db_url, monkeypatch)
    assert not at.exception
    assert "three steps" not in guide_text(at)
    assert not [b for b in at.button if b.key == "first_visit_hide"]
