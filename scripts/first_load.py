"""How soon a fresh install shows its first usable page: the Overview's first figure.

    python scripts/first_load.py [--runs 3]

Each run clones this repository into a temporary folder (no store built yet, no
compiled modules, no configuration), starts ``streamlit run dashboard.py`` there, opens
it in Debian's headless Chromium as soon as the server answers, and times two spans:
from the server's start to the page opening, and from opening the page to the first
``stMetric`` value drawn (the first start builds the demo store meanwhile). Prints each
run and the medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from tests.browser.harness import free_port, launch_browser  # noqa: E402


def one_run(browser, clone: Path) -> tuple[float, float]:
    """(server start → page open, page open → first figure) in seconds, on ``clone``."""
    port = free_port()
    environment = {**os.environ, "PYTHONPATH": f"{clone / 'src'}{os.pathsep}{clone}"}
    environment.pop("INVENTORY_DB_URL", None)
    started = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless",
         "true", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.fileWatcherType", "none"],
        cwd=clone, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}", timeout=2_000)
                break
            except Exception:  # noqa: BLE001 - the server is not listening yet
                time.sleep(0.05)
        opened = time.monotonic()
        page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=120_000)
        shown = time.monotonic()
        page.close()
        return opened - started, shown - opened
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    """Clone, start, open and time ``--runs`` times; print the runs and the medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = []
    with launch_browser() as browser:
        for run in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="restock-fresh-") as folder:
                clone = Path(folder) / "app"
                subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
                start, first = one_run(browser, clone)
            runs.append((start, first))
            print(f"run {run + 1}: server start → page open {start:.1f} s, "
                  f"page open → first figure {first:.1f} s")
    print(f"median: page open → first figure {statistics.median(f for _, f in runs):.1f} s, "
          f"server start → first figure {statistics.median(s + f for s, f in runs):.1f} s "
          f"(load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
