"""The benchmark's browser section on the hand-worked store, one page: a fresh server's
first page, the page cold and warm (click → idle), and the bytes it sent."""

from __future__ import annotations

from benchmarks import browser as bench
from inventory_core.store.engine import make_engine, upgrade_schema
from tests import fixture_store


def test_the_browser_section_times_the_first_page_and_a_page_cold_and_warm(browser, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    fixture_store.load(engine)
    engine.dispose()
    found = {f["name"]: f for f in bench.figures(url, fixture_store.TODAY, runs=1,
                                                  pages=["Stock levels"], browser=browser)}
    assert list(found) == ["first page after the server starts",
                           "Stock levels, cold (click → idle)",
                           "Stock levels, warm (click → idle)", "Stock levels, websocket MB"]
    first = found["first page after the server starts"]
    assert first["seconds"] > 0 and first["extra"]["server_peak_mb"] > 0
    for kind in ("cold", "warm"):
        figure = found[f"Stock levels, {kind} (click → idle)"]
        assert figure["section"] == "browser" and len(figure["runs"]) == 1
        assert figure["status"] == ("pass" if figure["seconds"] <= bench.TARGETS[kind]
                                    else "miss")
        assert figure["extra"]["bytes"] > 0  # the page's own elements came over the socket
    sent = found["Stock levels, websocket MB"]
    assert sent["status"] == "info" and sent["seconds"] == sent["extra"]["bytes"] / 1e6
