"""The benchmark's browser section on the hand-worked store, one page: a fresh server's
first page, the page cold and warm (click → idle), the bytes it sent, and (the page
being Policies & what-if) one SKU's mode change until the what-if is redrawn."""

from __future__ import annotations

from benchmarks import browser as bench
from inventory_core.store.engine import make_engine, upgrade_schema
from tests import fixture_store

PAGE = bench.WHATIF_PAGE


def test_the_browser_section_times_the_first_page_a_page_and_a_mode_change(browser, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    fixture_store.load(engine)
    engine.dispose()
    found = {f["name"]: f for f in bench.figures(url, fixture_store.TODAY, runs=1,
                                                  pages=[PAGE], browser=browser)}
    assert list(found) == ["first page after the server starts",
                           f"{PAGE}, cold (click → idle)", f"{PAGE}, warm (click → idle)",
                           f"{PAGE}, websocket MB", "one SKU's mode change → what-if updated"]
    first = found["first page after the server starts"]
    assert first["seconds"] > 0 and first["extra"]["server_peak_mb"] > 0
    for kind in ("cold", "warm"):
        figure = found[f"{PAGE}, {kind} (click → idle)"]
        assert figure["section"] == "browser" and len(figure["runs"]) == 1
        assert figure["status"] == ("pass" if figure["seconds"] <= bench.TARGETS[kind]
                                    else "miss")
        assert figure["extra"]["bytes"] > 0  # the page's own elements came over the socket
    sent = found[f"{PAGE}, websocket MB"]
    assert sent["status"] == "info" and sent["seconds"] == sent["extra"]["bytes"] / 1e6
    changed = found["one SKU's mode change → what-if updated"]
    assert changed["section"] == "browser" and len(changed["runs"]) == 1
    assert isinstance(changed["seconds"], float) and changed["seconds"] > 0
    assert changed["target"] == bench.TARGETS["mode change"] == 1.0
    assert changed["status"] == ("pass" if changed["seconds"] <= 1.0 else "miss")
    assert changed["extra"]["bytes"] > 0  # the redrawn what-if came over the socket
