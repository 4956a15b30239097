"""The app in a real browser: the first page, every page switch cold and warm, and the
bytes each page sends over the websocket.

    python benchmarks/browser.py [--db URL] [--runs 3] [--today YYYY-MM-DD] [--page TITLE]

Starts the app server (``streamlit run dashboard.py``, headless, on 127.0.0.1 and a
free port, ``tests.browser.harness.running_app``) on the store, dated ``--today`` (by
default the store's ``as_of`` in bench/stores.json, else today), and drives it with
Debian's headless Chromium through Playwright. Each figure is the median of
``--runs``:

- **first page**: a fresh server, the browser opens the app; from the navigation's
  start to the Overview idle (its script finished, no "Running" status, nothing
  received for 0.5 s);
- **cold**: a fresh server, the browser opens the Customer lookup (the Data page for
  the Customer lookup itself: pages that read almost nothing), then clicks the page's
  link in the sidebar; from the click to the page idle. Nothing of the store is cached
  yet in that server process but what the sidebar and the landing page read, as after
  a restart, or a write to the store that empties its cached reads;
- **warm**: in the same server, a click back to the landing page and then to the page
  again (visited before, its reads cached);
- **websocket MB**: what the server sent the browser during the warm visit (every
  frame received, ``page.on("websocket")``); the cold visit's in ``extra``;
- **one SKU's mode change → what-if updated**: after the Policies & what-if page's
  warm visit, in the same server, the first SKU of its grid (a ``st.data_editor``) is
  given another mode as a merchant would (its cell selected, the editor opened, the
  mode typed); from the Enter that picks it to the page idle, the what-if redrawn
  with the edit (only when that page is measured).

Idle is read in the page: a ``MutationObserver`` on the app's script state records when
each run starts and ends (the page's clock; a run that starts and ends between two of
its callbacks too, from the changes' old values), and a visit is over when a run started
after the click has ended, no run is going on, no status widget shows, and 0.5 s have
passed with no run and no frame received (that wait is not counted).

``figures(url, today, runs)`` returns the rows (section ``browser``) in the shape of
``benchmarks/run.py``'s figures, for its table.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from benchmarks.crowd import memory_mb, server_pid  # noqa: E402
from benchmarks.run import Figure, app_pages  # noqa: E402
from tests.browser.harness import launch_browser, running_app  # noqa: E402

TARGETS = {"first": 3.0, "cold": 2.0, "warm": 1.0, "mode change": 1.0}  # seconds
WHATIF_PAGE = "Policies & what-if"
MODE_CHANGE = "one SKU's mode change → what-if updated"
ROW = 35  # the data grid's header and row height, in pixels
LANDING = ("Customer lookup", "customer_lookup")
LANDING_ELSE = ("Data", "data")  # where the Customer lookup itself is reached from
QUIET_MS = 500
TIMEOUT_MS = 120_000
VIEWPORT = {"width": 1400, "height": 1000}

WATCH = """
(() => {
  const log = window.__restockRuns = {runs: [], lastFrame: 0};
  const attach = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) { setTimeout(attach, 5); return; }
    let last = app.getAttribute('data-test-script-state');
    if (last === 'running') log.runs.push({start: performance.now(), end: null});
    // every change of a batch counts: a run quick enough to start and end between two
    // callbacks shows only in the records' old values (the state before each change)
    new MutationObserver(records => {
      const now = performance.now();
      const states = records.slice(1).map(record => record.oldValue)
        .concat([app.getAttribute('data-test-script-state')]);
      for (const state of states) {
        if (state === last) continue;
        if (state === 'running') log.runs.push({start: now, end: null});
        else if (last === 'running' && log.runs.length) log.runs[log.runs.length - 1].end = now;
        last = state;
      }
    }).observe(app, {attributes: true, attributeOldValue: true,
                     attributeFilter: ['data-test-script-state']});
  };
  attach();
})();
"""
"""Installed in every document before the app's own scripts: the runs' start and end."""

IDLE = """
([since, quiet, lastFrame]) => {
  const log = window.__restockRuns;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!log || !app || app.getAttribute('data-test-script-state') !== 'notRunning') return null;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return null;
  const runs = log.runs.filter(run => run.start >= since);
  if (runs.some(run => run.end === null)) return null;
  // a run too quick for the app to show as running: over with the last frame it sent
  const end = runs.length ? Math.max(...runs.map(run => run.end)) : lastFrame;
  if (end <= since) return null;
  const now = performance.now();
  if (now - end < quiet || now - lastFrame < quiet) return null;
  return end - since;
}
"""
"""The milliseconds from ``since`` to the end of the last run after it, once idle."""


class Frames:
    """The bytes the server sent the page over its websockets, and when it last did."""

    def __init__(self, page: Any) -> None:
        self.bytes = 0
        self.last = 0.0  # time.perf_counter() of the last frame
        page.on("websocket", lambda socket: socket.on("framereceived", self._received))

    def _received(self, payload: str | bytes) -> None:
        self.bytes += len(payload.encode() if isinstance(payload, str) else payload)
        self.last = time.perf_counter()


def settle(page: Any, frames: Frames, since_ms: float) -> float:
    """Seconds from ``since_ms`` (the page's clock) to the end of the page's last run,
    waiting until the app is idle."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        # the page's clock of the last frame: now, less how long ago it came
        now_ms = page.evaluate("performance.now()")
        last_frame = now_ms - (time.perf_counter() - frames.last) * 1000 if frames.last else 0
        took = page.evaluate(IDLE, [since_ms, QUIET_MS, last_frame])
        if took is not None:
            if page.locator('[data-testid="stException"]').count():
                raise RuntimeError(page.locator('[data-testid="stException"]').first
                                   .inner_text()[:300])
            return took / 1000
        if time.monotonic() > deadline:
            state = page.evaluate("[window.__restockRuns, performance.now(), "
                                  "document.querySelectorAll('[data-testid=stStatusWidget]')"
                                  ".length]")
            raise TimeoutError(f"The page ({page.url}) was not idle within "
                               f"{TIMEOUT_MS / 1000:.0f} s after {since_ms:.0f} ms: {state}")
        page.wait_for_timeout(50)


STARTED = "since => window.__restockRuns.runs.some(run => run.start >= since)"
"""Whether a run started after ``since`` (the page's clock)."""
CLICKS = 3  # a click that lands while the sidebar is still being drawn starts no run


def answered(page: Any, frames: Frames, since: float, clicked: float,
             within: float = 5.0) -> bool:
    """Whether the app answered a click made at ``since`` (the page's clock) and
    ``clicked`` (``time.perf_counter``) within ``within`` seconds: a run started, or a
    frame came (a run too quick to show as running)."""
    deadline = time.perf_counter() + within
    while time.perf_counter() < deadline:
        if frames.last > clicked or page.evaluate(STARTED, since):
            return True
        page.wait_for_timeout(20)
    return False


def visit(page: Any, frames: Frames, title: str) -> tuple[float, int]:
    """Click ``title`` in the sidebar; the seconds until the app is idle, and the bytes
    received meanwhile. A click the app does not answer within 5 s is made again, timed
    from the first."""
    link = page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True)
    frames.bytes = 0
    since, clicked = page.evaluate("performance.now()"), time.perf_counter()
    for _ in range(CLICKS):
        link.click()
        if answered(page, frames, since, clicked):
            break
    seconds = settle(page, frames, since)
    return seconds, frames.bytes


def policy_grid(page: Any) -> tuple[Any, list[str]]:
    """The Policies page's grid (the data grid whose headers include Mode and
    Recommended) once drawn, and the headers of its columns in view."""
    page.locator('[data-testid="stDataFrame"] canvas').first.wait_for(
        state="visible", timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)  # the grid settles once drawn
    grids = page.locator('[data-testid="stDataFrame"]')
    for i in range(grids.count()):
        headers = grids.nth(i).locator('[role="columnheader"]').all_text_contents()
        if "Mode" in headers and "Recommended" in headers:
            return grids.nth(i), headers
    raise RuntimeError(f"No policy grid on the page ({page.url})")


def change_mode(page: Any, frames: Frames) -> tuple[float, int]:
    """On the Policies page, give the grid's first SKU another mode (Out of stock, or
    Backorder if it is out of stock already): its SKU cell clicked, the arrow keys to
    its Mode, Enter opens the editor, the mode typed, Enter picks it. The seconds from
    that Enter to the app idle, and the bytes received meanwhile."""
    grid, headers = policy_grid(page)
    column = headers.index("Mode")  # the SKU (the index) is column 0, no row marker
    cell = grid.locator(f'[data-testid="glide-cell-{column}-0"]')
    wanted = "Backorder" if cell.text_content() == "Out of stock" else "Out of stock"
    canvas = grid.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + ROW + ROW // 2)  # the first row's SKU
    page.wait_for_timeout(300)
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")  # opens the cell's editor: a list of the modes
    page.wait_for_timeout(500)
    page.keyboard.type(wanted)
    page.wait_for_timeout(500)
    frames.bytes = 0
    since = page.evaluate("performance.now()")
    page.keyboard.press("Enter")  # picks the mode: the edit is committed, the page reruns
    page.wait_for_function(STARTED, arg=since, timeout=TIMEOUT_MS)
    seconds = settle(page, frames, since)
    if cell.text_content() != wanted or "1 edited, 1 fields changed" not in \
            page.inner_text('[data-testid="stMain"]'):
        raise RuntimeError(f"The grid's mode change to {wanted} was not taken")
    return seconds, frames.bytes


def open_page(browser: Any, address: str) -> tuple[Any, Any, Frames, float, int]:
    """A new browser context opening ``address``: its context, page and frames, and the
    seconds from the navigation's start to the app idle, and the bytes received."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(WATCH)
    page = context.new_page()
    frames = Frames(page)
    page.goto(address, timeout=TIMEOUT_MS)
    seconds = settle(page, frames, 0.0)
    return context, page, frames, seconds, frames.bytes


@dataclass
class Samples:
    """What the runs measured: seconds and bytes per figure, the server's memory."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    bytes: dict[str, list[int]] = field(default_factory=dict)
    peak_mb: list[float] = field(default_factory=list)

    def add(self, name: str, seconds: float, sent: int) -> None:
        """One visit's seconds and bytes under ``name``."""
        self.seconds.setdefault(name, []).append(seconds)
        self.bytes.setdefault(name, []).append(sent)


def measure(browser: Any, url: str, env: dict[str, str], pages: list[str],
            samples: Samples, progress: Any = None) -> None:
    """One run: the first page of a fresh server, then every page of ``pages``, each in
    a fresh server of its own, cold and then warm (and on the Policies page, one SKU's
    mode change then)."""
    with running_app(url, env=env, timeout=TIMEOUT_MS / 1000) as base:
        context, _page, _frames, seconds, sent = open_page(browser, base)
        samples.add("first page", seconds, sent)
        context.close()
        samples.peak_mb.append(memory_mb(server_pid())[1])
    if progress:
        progress(f"first page {seconds:.2f} s")
    for title in pages:
        landing, landing_path = LANDING if title != LANDING[0] else LANDING_ELSE
        with running_app(url, env=env, timeout=TIMEOUT_MS / 1000) as base:
            context, page, frames, _seconds, _sent = open_page(browser,
                                                               f"{base}/{landing_path}")
            cold = visit(page, frames, title)
            visit(page, frames, landing)
            warm = visit(page, frames, title)
            if title == WHATIF_PAGE:
                samples.add("mode change", *change_mode(page, frames))
            context.close()
            samples.peak_mb.append(memory_mb(server_pid())[1])
        samples.add(f"{title}, cold", *cold)
        samples.add(f"{title}, warm", *warm)
        if progress:
            progress(f"{title}: cold {cold[0]:.2f} s ({cold[1] / 1e6:.2f} MB), "
                     f"warm {warm[0]:.2f} s ({warm[1] / 1e6:.2f} MB)"
                     + (f", mode change {samples.seconds['mode change'][-1]:.2f} s"
                        if title == WHATIF_PAGE else ""))


def row(name: str, seconds: list[float], target: float | None, **extra: Any) -> dict[str, Any]:
    """One figure of the browser section, judged against its target (in seconds)."""
    median = statistics.median(seconds)
    status = "info" if target is None else ("pass" if median <= target else "miss")
    return asdict(Figure("browser", name, median, list(seconds), target=target,
                         target_text="" if target is None else f"≤ {target:g} s",
                         status=status, extra=extra))


def rows(samples: Samples, pages: list[str]) -> list[dict[str, Any]]:
    """The figures: the first page, then each page cold, warm and its websocket MB (and
    after the Policies page's, its mode change)."""
    first = samples.seconds["first page"]
    out = [row("first page after the server starts", first, TARGETS["first"],
               megabytes=statistics.median(samples.bytes["first page"]) / 1e6,
               server_peak_mb=max(samples.peak_mb))]
    for title in pages:
        for kind in ("cold", "warm"):
            name = f"{title}, {kind}"
            out.append(row(f"{name} (click → idle)", samples.seconds[name], TARGETS[kind],
                           bytes=statistics.median(samples.bytes[name])))
        sent = samples.bytes[f"{title}, warm"]
        out.append(row(f"{title}, websocket MB", [b / 1e6 for b in sent], None,
                       bytes=statistics.median(sent),
                       cold_bytes=statistics.median(samples.bytes[f"{title}, cold"])))
        if title == WHATIF_PAGE:
            out.append(row(MODE_CHANGE, samples.seconds["mode change"],
                           TARGETS["mode change"],
                           bytes=statistics.median(samples.bytes["mode change"])))
    return out


def figures(url: str, today: dt.date | None, runs: int, pages: list[str] | None = None,
            progress: Any = None, browser: Any = None) -> list[dict[str, Any]]:
    """The browser section on the store at ``url`` dated ``today`` (None: today), the
    median of ``runs`` runs: the first page, and each page of the navigation (or only
    ``pages``, by title) cold, warm and the websocket bytes of its warm visit, and one
    SKU's mode change on the Policies page (when it is one of them). In
    ``browser`` (a Playwright browser) if given, else in a headless Chromium of its own."""
    titles = pages or [title for title, _path in app_pages()]
    env = {"RESTOCK_DEMO_MODE": "0"}
    if today is not None:
        env["RESTOCK_TODAY"] = today.isoformat()
    samples = Samples()
    with contextlib.nullcontext(browser) if browser else launch_browser() as chromium:
        for _ in range(runs):
            measure(chromium, url, env, titles, samples, progress)
    return rows(samples, titles)


def store_date(url: str) -> dt.date | None:
    """The date of the benchmark's store at ``url`` (bench/stores.json), if it is one."""
    manifest = ROOT / "bench" / "stores.json"
    if not manifest.exists():
        return None
    store = json.loads(manifest.read_text()).get(url)
    return dt.date.fromisoformat(store["as_of"]) if store else None


def shown(found: list[dict[str, Any]]) -> str:
    """The figures as a plain-text table, as ``benchmarks/run.py`` prints its own."""
    header = ("section", "figure", "median", "target", "result")
    lines = [header]
    for f in found:
        value = (f"{f['seconds']:.2f} MB" if f["name"].endswith("MB")
                 else f"{f['seconds']:.2f} s")
        lines.append((f["section"], f["name"], value, f["target_text"], f["status"]))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True))
                     for line in [lines[0], tuple("-" * w for w in widths), *lines[1:]])


def main(argv: list[str] | None = None) -> int:
    """Measure the browser section and print its table."""
    parser = argparse.ArgumentParser(prog="python benchmarks/browser.py",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=f"sqlite:///{ROOT / 'bench/store-100000-2000000-7.db'}",
                        help="SQLAlchemy URL of the store (default: the benchmark's store)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--today", type=dt.date.fromisoformat,
                        help="the store's date (default: its as_of in bench/stores.json)")
    parser.add_argument("--page", action="append", dest="pages",
                        help="only this page (its title); again for more")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    today = args.today or store_date(args.db)
    found = figures(args.db, today, args.runs, args.pages,
                    progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(shown(found))
    print(f"\nserver peak memory {found[0]['extra']['server_peak_mb']:.0f} MB; "
          f"first page sent {found[0]['extra']['megabytes']:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
