"""Start the app on a free loopback port and drive it with headless Chromium.

Playwright cannot download a browser here; it drives Debian's Chromium at
``/usr/bin/chromium`` (or ``CHROMIUM_PATH``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from inventory_core.store.engine import make_engine, upgrade_schema
from tests import fixture_store

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_available() -> bool:
    """True when the Chromium binary and the Playwright package are both here."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


def free_port() -> int:
    """A TCP port nobody listens on, on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_app(db_url: str | None = None, env: dict[str, str] | None = None,
                timeout: float = 60) -> Iterator[str]:
    """Serve ``dashboard.py`` on a free port (on ``db_url``); yield its base URL."""
    port = free_port()
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    if db_url:
        environment["INVENTORY_DB_URL"] = db_url
    environment.update(env or {})
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - read after the server stops
        prefix="streamlit-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Streamlit did not start: {Path(log.name).read_text()}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def fixture_store_app(folder: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """The app served on the hand-worked fixture store (tests/fixture_store.py), a SQLite
    file in ``folder``; yield its base URL."""
    url = f"sqlite:///{folder / 'store.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    fixture_store.load(engine)
    engine.dispose()
    with running_app(url, env=env) as base:
        yield base


@contextlib.contextmanager
def launch_browser():
    """A headless Chromium browser driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_page(page, timeout: float = 30_000) -> None:
    """Wait until the app has finished running the page (no spinner, app idle)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const state = app && app.getAttribute('data-test-script-state');
            const running = document.querySelector('[data-testid="stStatusWidget"]');
            return state === 'notRunning' && !running;
        }""",
        timeout=timeout,
    )
    page.wait_for_timeout(400)
