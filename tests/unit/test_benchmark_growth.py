"""The growth table: each figure's seconds per size and how fast the cost grows."""

from __future__ import annotations

import argparse

import pytest

from benchmarks.growth import growth_table, parse_size, slope


def report(skus: int, **seconds: float) -> dict:
    return {"parameters": {"skus": skus},
            "figures": [{"section": "query", "name": name.replace("_", "."), "seconds": s}
                        for name, s in seconds.items()]
            + [{"section": "floor", "name": "DuckDB: sku_table", "seconds": 0.1}]}


def test_the_slope_says_how_cost_grows_with_the_store():
    assert slope((10_000, 0.1), (100_000, 1.0)) == pytest.approx(1.0)  # as the store
    assert slope((10_000, 0.1), (100_000, 0.1)) == pytest.approx(0.0)  # not at all
    assert slope((10_000, 0.1), (100_000, 10.0)) == pytest.approx(2.0)  # faster
    assert slope((10_000, 0.0), (100_000, 1.0)) is None


def test_the_growth_table_has_a_row_per_figure_and_a_slope_per_step():
    table = growth_table([report(10_000, catalog_sku_table=0.2, overview_kpis=0.01),
                          report(100_000, catalog_sku_table=2.0, overview_kpis=0.01)])
    assert table.splitlines() == [
        "| figure | 10,000 SKUs | 100,000 SKUs | slope 10,000→100,000 |",
        "|---|---|---|---|",
        "| catalog.sku.table | 0.200 s | 2.000 s | 1.00 |",
        "| overview.kpis | 0.010 s | 0.010 s | 0.00 |"]


def test_a_size_is_skus_and_lines():
    assert parse_size("100000:2000000") == (100_000, 2_000_000)
    assert parse_size("10000") == (10_000, 200_000)
    with pytest.raises(argparse.ArgumentTypeError, match="'lots' is not a size"):
        parse_size("lots")
