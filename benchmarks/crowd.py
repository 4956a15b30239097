"""A crowd on the app: N concurrent sessions visiting its pages, on loopback only.

    python benchmarks/crowd.py [--mode store|demo|both] [--sessions 25] [--rounds 2]
                               [--bound 10] [--think 1.0] [--db URL]

Starts the app server (``streamlit run dashboard.py``, headless, on 127.0.0.1 and a
free port), then opens ``--sessions`` sessions at once. Each is a websocket client
speaking Streamlit's own protocol (what a browser tab sends: "run this page"), so the
figures are the server's and not 25 browsers' rendering on the same cores. Each
session opens the app (the Overview), then visits every page of the navigation in
order, ``--rounds`` times, resting ``--think`` seconds (0.5× to 1.5×, at random)
between pages as a visitor reading it would.

A page run is timed from the request to the server's "script finished"; it failed
when the run raised, showed an exception or an error message, did not finish in
60 s, or the connection broke. Prints, per mode, the page runs' median, 95th
percentile and worst, the failed runs, the server's CPU time per page run (its user
and system time over the crowd, divided by the runs: on a machine shared with other
work the figure that varies least), its memory (resident set, at the end and at its
peak), and in demo mode the most sandbox files that existed at once (watched every
20 ms) against the bound; then each page's median.

Modes: ``store``, every session on one store (a fresh copy of the shipped demo store
in a temporary folder, or ``--db``); ``demo``, demo mode (``RESTOCK_DEMO_MODE=1``) with
room for ``--bound`` sandboxes, so every session is a new visitor with a store of
their own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from inventory_core import open_store  # noqa: E402
from tests.browser.harness import running_app  # noqa: E402

RUN_TIMEOUT = 60.0
ERROR = 1  # Alert.Format.ERROR


@dataclass
class Tally:
    """What the sessions measured: every page run's seconds, and the failures."""

    seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)


class Session:
    """One visitor's websocket connection: run a page, wait for its end, judge it."""

    def __init__(self, socket: websockets.ClientConnection) -> None:
        self.socket = socket
        self.pages: dict[str, str] = {}  # url path → page script hash

    async def run(self, page_hash: str = "") -> str | None:
        """Run a page (the default page for ""); None when it went well, else why not."""
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_script_hash = page_hash
        await self.socket.send(message.SerializeToString())
        problem = None
        deadline = time.monotonic() + RUN_TIMEOUT
        while True:
            raw = await asyncio.wait_for(self.socket.recv(), deadline - time.monotonic())
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "navigation":
                self.pages = {page.url_pathname: page.page_script_hash
                              for page in forward.navigation.app_pages}
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                shown = element.WhichOneof("type")
                if shown == "exception":
                    problem = problem or f"exception: {element.exception.message[:200]}"
                elif shown == "alert" and element.alert.format == ERROR:
                    problem = problem or f"error: {element.alert.body[:200]}"
            elif kind == "script_finished":
                status = forward.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the app asked for a rerun: the page run goes on
                if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                    problem = problem or f"finished with status {status}"
                return problem


async def visitor(base: str, rounds: int, think: float, seed: int, tally: Tally) -> None:
    """One session: open the app, then every page ``rounds`` times, resting between."""
    rng = random.Random(seed)
    address = base.replace("http://", "ws://") + "/_stcore/stream"

    async def timed(session: Session, page_hash: str, name: str) -> None:
        started = time.perf_counter()
        try:
            problem = await session.run(page_hash)
        except (TimeoutError, websockets.WebSocketException, OSError) as error:
            problem = f"{type(error).__name__}: {error}"
        took = time.perf_counter() - started
        tally.seconds.append(took)
        tally.by_page.setdefault(name, []).append(took)
        if problem:
            tally.failures.append(f"{name}: {problem}")

    try:
        async with websockets.connect(address, subprotocols=["streamlit"],
                                      origin=base, max_size=None,
                                      open_timeout=RUN_TIMEOUT) as socket:
            session = Session(socket)
            await timed(session, "", "(first page)")
            paths = list(session.pages)
            for _ in range(rounds):
                for path in paths:
                    await asyncio.sleep(think * rng.uniform(0.5, 1.5))
                    await timed(session, session.pages[path], path or "(home)")
    except (TimeoutError, websockets.WebSocketException, OSError) as error:
        tally.failures.append(f"connection: {type(error).__name__}: {error}")


async def crowd(base: str, sessions: int, rounds: int, think: float) -> Tally:
    """Every session at once; what they measured together."""
    tally = Tally()
    await asyncio.gather(*(visitor(base, rounds, think, seed, tally)
                           for seed in range(sessions)))
    return tally


def server_pid() -> int:
    """The app server: the one child of this process running streamlit."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"streamlit" in command:
            return int(entry.name)
    raise RuntimeError("The app server's process was not found.")


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> tuple[float, float]:
    """The process's resident memory now and at its peak, in MB."""
    fields = dict(line.split(":", 1) for line in
                  Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


class FileWatch:
    """The most sandbox files that existed at once in a folder, looked at every 20 ms."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.most = folder, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._done.is_set():
            self.most = max(self.most, len(list(self.folder.glob("sandbox-*.db"))))
            time.sleep(0.02)

    def __enter__(self) -> FileWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()


@dataclass
class Result:
    """One mode's figures, as the table prints them."""

    mode: str
    sessions: int
    tally: Tally
    rss_mb: float
    peak_mb: float
    sandboxes: str
    cpu: float

    def row(self) -> str:
        """The table row of this mode."""
        runs = sorted(self.tally.seconds)
        p95 = runs[max(0, int(round(0.95 * len(runs))) - 1)] if runs else float("nan")
        median = statistics.median(runs) if runs else float("nan")
        worst = runs[-1] if runs else float("nan")
        per_run = self.cpu / len(runs) if runs else float("nan")
        return (f"| {self.mode} | {self.sessions} | {len(runs)} | {median:.2f} s | "
                f"{p95:.2f} s | {worst:.2f} s | {len(self.tally.failures)} | "
                f"{per_run * 1000:.0f} ms | {self.rss_mb:.0f} / {self.peak_mb:.0f} MB | "
                f"{self.sandboxes} |")


def measure(mode: str, args: argparse.Namespace, folder: Path) -> Result:
    """Start the server for ``mode``, send the crowd, and read what it measured."""
    env = {"RESTOCK_DEMO_MODE": "0"}
    url = args.db
    if mode == "demo":
        env.update(RESTOCK_DEMO_MODE="1", RESTOCK_DEMO_MAX_SANDBOXES=str(args.bound),
                   RESTOCK_DEMO_DIR=str(folder / "demo"))
    elif url is None:
        url = f"sqlite:///{folder / 'restock.db'}"
        open_store(url).dispose()  # the shipped demo store, as a first start builds it
    with running_app(url, env=env, timeout=120) as base:
        pid = server_pid()
        (folder / "demo").mkdir(exist_ok=True)
        started = cpu_seconds(pid)
        # the sessions on a thread of their own: the caller may run an event loop already
        with FileWatch(folder / "demo") as watch, ThreadPoolExecutor(max_workers=1) as pool:
            tally = pool.submit(asyncio.run, crowd(base, args.sessions, args.rounds,
                                                   args.think)).result()
        cpu = cpu_seconds(pid) - started
        rss, peak = memory_mb(pid)
    sandboxes = f"{watch.most} (bound {args.bound})" if mode == "demo" else ""
    return Result(mode, args.sessions, tally, rss, peak, sandboxes, cpu)


def main() -> None:
    """Run the crowd in each mode asked for and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("store", "demo", "both"), default="both")
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--bound", type=int, default=10,
                        help="demo mode: the most sandboxes (RESTOCK_DEMO_MAX_SANDBOXES)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="seconds a visitor rests between pages (0.5× to 1.5×)")
    parser.add_argument("--db", help="store mode: this store instead of a demo copy")
    args = parser.parse_args()
    if min(args.sessions, args.rounds, args.bound) < 1 or args.think < 0:
        parser.error("--sessions, --rounds and --bound must be at least 1, --think ≥ 0")
    modes = ("store", "demo") if args.mode == "both" else (args.mode,)
    results = []
    for mode in modes:
        with tempfile.TemporaryDirectory(prefix="restock-crowd-") as folder:
            results.append(measure(mode, args, Path(folder)))
    print(f"{args.rounds} rounds of every page, {args.think:g} s rest between pages")
    print("| mode | sessions | page runs | median | p95 | worst | failed | "
          "server CPU per run | server memory (end / peak) | most sandboxes at once |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for result in results:
        print(result.row())
    for result in results:
        print(f"{result.mode}, median per page: " + ", ".join(
            f"{name} {statistics.median(runs):.2f} s"
            for name, runs in result.tally.by_page.items()))
    for result in results:
        for failure in sorted(set(result.tally.failures))[:10]:
            print(f"{result.mode}: {failure}")


if __name__ == "__main__":
    main()
