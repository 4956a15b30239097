"""The crowd benchmark against a real app server, at a tiny scale: demo visitors who
only look at every page get no error, and no sandbox of their own."""

from __future__ import annotations

import argparse

from benchmarks import crowd
from restock_ui.navigation import APP_DIR, SECTIONS


def test_three_demo_visitors_who_only_look_run_every_page_with_no_error_and_no_sandbox(
        tmp_path):
    pages = 1 + sum((APP_DIR / path).exists()
                    for entries in SECTIONS.values() for path, _title, _icon in entries)
    args = argparse.Namespace(sessions=3, rounds=1, bound=2, think=0.0, db=None)
    result = crowd.measure("demo", args, tmp_path)
    assert result.tally.failures == []
    assert len(result.tally.seconds) == 3 * (1 + pages)  # the first page, then every page
    assert result.sandboxes == "0 (bound 2)"
    assert result.cpu > 0 and result.peak_mb >= result.rss_mb > 0
    assert result.row().startswith("| demo | 3 | ")
