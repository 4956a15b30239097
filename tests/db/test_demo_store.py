"""The demo store: deterministic, believable, and the shipped copy is what it generates."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from inventory_core.cli import main
from inventory_core.domain.access import Actor, Role
from inventory_core.domain.enums import StorefrontState as S
from inventory_core.domain.settings import StoreSettings
from inventory_core.io.demo import generate
from inventory_core.io.imports import import_file
from inventory_core.io.shipped_demo import DEMO_DIR, load_shipped_demo, read_demo
from inventory_core.queries.catalog import sku_table
from inventory_core.services.settings import is_demo_store
from inventory_core.store.engine import make_engine, upgrade_schema

AS_OF = dt.date.fromisoformat(json.loads((DEMO_DIR / "manifest.json").read_text())["as_of"])


@pytest.fixture(scope="module")
def demo():
    return generate(500, 40_000, 7, AS_OF)


def test_the_same_seed_gives_the_same_store(demo):
    again = generate(500, 40_000, 7, AS_OF)
    for name, frame in demo.items():
        pd.testing.assert_frame_equal(frame, again[name])


def test_the_shipped_csv_files_are_the_generated_store(demo):
    shipped = read_demo(DEMO_DIR, today=AS_OF)
    for name in ("products", "order_lines", "purchase_orders", "policies"):
        assert len(shipped[name]) == len(demo[name]), name
        assert list(shipped[name].iloc[:, 0]) == list(demo[name].iloc[:, 0]), name


def test_catalog_has_about_500_skus_in_8_categories_and_6_suppliers(demo):
    assert len(demo["products"]) == 500
    assert demo["products"]["category"].nunique() == 8
    assert len(demo["suppliers"]) == 6


def test_a_few_dozen_young_backorders_of_which_a_few_are_overdue(demo):
    """The story the demo tells: a store with a few problems to find, not one in crisis.
    Counted on the generated store as of its manifest's day: 85 open backorder lines
    (109 units) on 17 SKUs, the oldest placed 26 days before, 4 of them past their
    promise (Northwind's and Harbor & Pine's, whose lead times are shortest)."""
    lines = demo["order_lines"].merge(demo["orders"], on="order_number")
    backorders = lines[(lines.kind == "backorder") & (lines.status == "open")]
    assert (len(backorders), backorders.qty.sum(), backorders.sku.nunique()) == (85, 109, 17)
    age = (pd.Timestamp(AS_OF) - backorders.placed_at.dt.normalize()).dt.days
    assert age.max() == 26
    overdue = backorders[pd.to_datetime(backorders.promised_on) < pd.Timestamp(AS_OF)]
    assert len(overdue) == 4
    assert set(demo["products"].set_index("sku").supplier[overdue.sku]) <= {
        "Northwind Textiles", "Harbor & Pine Goods"}


def test_most_products_are_on_sale_from_stock(demo):
    modes = demo["policies"]["mode"].value_counts()
    assert modes.to_dict() == {"stock": 434, "backorder": 24, "out_of_stock": 19,
                               "discontinued": 18, "preorder": 5}


def test_orders_span_18_months_with_busier_weekends_and_december(demo):
    placed = demo["orders"]["placed_at"]
    assert (placed.max() - placed.min()).days >= 540
    by_weekday = placed.dt.dayofweek.value_counts()
    assert by_weekday[5] > by_weekday[1]
    by_month = placed[placed.dt.year == AS_OF.year - 1].dt.month.value_counts()
    assert by_month[12] > by_month[6]


def test_supplier_on_time_rates_range_from_about_60_to_98_percent(demo):
    po = demo["purchase_orders"]
    received = po[po.status == "received"]
    on_time = (pd.to_datetime(received.received_on) <= pd.to_datetime(received.expected_on))
    rates = on_time.groupby(received.supplier).mean()
    assert rates.min() < 0.72 and rates.max() > 0.9


def test_store_has_a_handful_of_preorders_one_late_supplier_and_signups(demo):
    lines, po = demo["order_lines"], demo["purchase_orders"]
    preorders = lines[(lines.kind == "preorder") & (lines.status == "open")]
    assert (len(preorders), preorders.sku.nunique()) == (28, 5)
    assert demo["products"]["discontinued"].sum() > 5
    late = po[(po.status == "open") & (pd.to_datetime(po.expected_on) < pd.Timestamp(AS_OF))]
    assert len(late) == 11 and set(late.supplier) == {"Kettle & Crumb Kitchenware"}
    assert (po.status == "received").sum() > 0
    assert len(demo["subscriptions"]) > 100


def test_shipped_demo_loads_with_every_storefront_state(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    upgrade_schema(engine)
    load_shipped_demo(engine)
    states = set(sku_table(engine, dt.date.today(), StoreSettings())["state"])
    assert states == set(S)


def test_demo_command_builds_a_store_of_the_size_asked(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["demo", "--db", url, "--skus", "300", "--lines", "5000", "--seed", "3"]) == 0
    assert "300 products" in capsys.readouterr().out
    engine = make_engine(url)
    with engine.connect() as connection:
        lines = connection.exec_driver_sql("SELECT count(*) FROM order_lines").scalar()
    assert 4000 < lines < 6000


def test_the_store_is_the_demo_until_a_file_is_imported(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    upgrade_schema(engine)
    assert not is_demo_store(engine)  # a store that never said is the merchant's own
    load_shipped_demo(engine)
    assert is_demo_store(engine)
    import_file(engine, b"name,lead_time_days,email\nOwn Supplier,12,\n",
                actor=Actor("Owner", Role.EDITOR), today=AS_OF, name="suppliers.csv")
    assert not is_demo_store(engine)
