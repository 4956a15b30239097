"""On the demo store, "Apply recommendations" on the Policies page and the what-if it
shows: every SKU told to take backorders or pre-orders still takes them, every SKU told
to stop takes none (the cap means the same in the recommendations and the what-if)."""

from __future__ import annotations

import datetime as dt

import pytest

from inventory_core.domain.recommendations import recommend, recommended_changes
from inventory_core.domain.settings import StoreSettings
from inventory_core.io.shipped_demo import load_shipped_demo
from inventory_core.queries.catalog import sku_table
from inventory_core.queries.suppliers import supplier_reliability
from inventory_core.store.engine import make_engine, upgrade_schema
from tests.apptest import app_on

PAGE = "pages/policies.py"


@pytest.fixture
def demo_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    load_shipped_demo(engine)
    engine.dispose()
    return url


def test_applied_recommendations_take_the_orders_their_reasons_promise(demo_url, monkeypatch):
    at = app_on(demo_url, monkeypatch, page=PAGE)
    at.button(key="policies_apply_recs").click().run()
    assert not at.exception
    engine, today = make_engine(demo_url), dt.date.today()
    skus = sku_table(engine, today, StoreSettings())
    changes = recommended_changes(skus, recommend(skus, supplier_reliability(engine), today))
    # the grid's Changes column marks the rows the button changes
    assert f"Recommendations applied to {int(changes.sum())} SKUs" in at.info[0].value
    per_sku = next(d.value for d in at.dataframe if "Scenario mode" in d.value.columns) \
        .set_index("SKU")
    assert sorted(per_sku.index) == sorted(changes.index[changes])
    selling = skus.set_index("sku")["demand_rate"] > 0
    sells = selling.reindex(per_sku.index).fillna(False).astype(bool)
    backorder = per_sku[(per_sku["Scenario mode"] == "Backorder") & sells]
    preorder = per_sku[(per_sku["Scenario mode"] == "Pre-order") & sells]
    stop = per_sku[per_sku["Scenario mode"] == "Out of stock"]
    assert len(backorder) > 5 and len(stop) > 5
    assert (backorder["New backorders"] > 0).all(), list(backorder.index[
        backorder["New backorders"] <= 0])
    assert (preorder["New pre-orders"] > 0).all(), list(preorder.index[
        preorder["New pre-orders"] <= 0])
    assert (stop[["New backorders", "New pre-orders"]].to_numpy() == 0).all()
