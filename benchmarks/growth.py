"""How Restock Desk's cost grows with the store: the benchmark at several sizes.

    python benchmarks/growth.py --size 10000:200000 --size 100000:2000000 [--runs 3]
        [--db-template postgresql+psycopg://postgres@127.0.0.1:5432/bench_{skus}]
        [--pages] [--cpu] [--cache bench/]

runs ``benchmarks/run.py`` once per size (SKUs:order lines; each store built once in
the cache folder, or at ``--db-template`` with ``{skus}`` filled in, and reused), then
prints one row per figure (the core queries, the what-if, the allocation, and with
``--pages`` every page cold and warm): its seconds at each size and the *slope*
between two sizes, ``log(t₂ / t₁) / log(n₂ / n₁)``: 1 means the cost grows as the
store does, below 1 slower, above 1 faster. A PostgreSQL database named by the
template must exist (``createdb bench_1000000``).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("query", "whatif", "allocation", "page")


def parse_size(text: str) -> tuple[int, int]:
    """``10000:200000`` → (10000, 200000): SKUs and order lines."""
    skus, _, lines = text.partition(":")
    try:
        return int(skus), int(lines or int(skus) * 20)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a size: write SKUs:lines, e.g. 100000:2000000") from None


def slope(small: tuple[int, float], large: tuple[int, float]) -> float | None:
    """How cost grows from one size to the next: ``log(t₂/t₁) / log(n₂/n₁)``."""
    (n1, t1), (n2, t2) = small, large
    if t1 <= 0 or t2 <= 0 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def growth_table(reports: list[dict], measure: str = "seconds") -> str:
    """A Markdown table: each figure's seconds at each size (``reports`` in the order of
    their sizes, each a report of ``benchmarks/run.py``) and the slope between sizes;
    ``measure`` "cpu_seconds" takes the CPU time (steadier on a busy machine)."""
    sizes = [int(r["parameters"]["skus"]) for r in reports]
    names: list[str] = []
    seconds: dict[str, dict[int, float]] = {}
    for size, report in zip(sizes, reports, strict=True):
        for figure in report["figures"]:
            if figure.get("section") not in SECTIONS or figure.get(measure) is None:
                continue
            if figure["name"] not in seconds:
                names.append(figure["name"])
            seconds.setdefault(figure["name"], {})[size] = float(figure[measure])
    head = ["figure", *(f"{n:,} SKUs" for n in sizes),
            *(f"slope {a:,}→{b:,}" for a, b in zip(sizes, sizes[1:], strict=False))]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in names:
        times = seconds[name]
        cells = [f"{times[n]:.3f} s" if n in times else "" for n in sizes]
        slopes = []
        for a, b in zip(sizes, sizes[1:], strict=False):
            grown = slope((a, times[a]), (b, times[b])) if a in times and b in times else None
            slopes.append("" if grown is None else f"{grown:.2f}")
        rows.append("| " + " | ".join([name, *cells, *slopes]) + " |")
    return "\n".join(rows)


def run_size(skus: int, lines: int, args: argparse.Namespace) -> dict:
    """The benchmark's report at one size (``benchmarks/run.py`` in a process of its own)."""
    out = Path(args.cache) / f"growth-{skus}-{lines}.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--skus", str(skus),
               "--lines", str(lines), "--runs", str(args.runs), "--skip-import", "--quiet",
               "--cache", args.cache, "--out", str(out)]
    if not args.pages:
        command.append("--skip-pages")
    if args.db_template:
        command += ["--db", args.db_template.format(skus=skus, lines=lines)]
    subprocess.run(command, check=True, cwd=ROOT)
    report: dict = json.loads(out.read_text())
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark at each size and print the growth table."""
    parser = argparse.ArgumentParser(prog="python benchmarks/growth.py",
                                     description="The benchmark at several sizes.")
    parser.add_argument("--size", type=parse_size, action="append", required=True,
                        help="SKUs:order lines, e.g. 100000:2000000 (give it per size)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure")
    parser.add_argument("--db-template", help="SQLAlchemy URL with {skus} (default: SQLite "
                        "files in the cache folder)")
    parser.add_argument("--pages", action="store_true", help="time the pages too")
    parser.add_argument("--cache", default=str(ROOT / "bench"), help="folder for the stores")
    parser.add_argument("--cpu", action="store_true",
                        help="compare CPU time, not wall time (steadier on a busy machine)")
    args = parser.parse_args(argv)
    reports = [run_size(skus, lines, args) for skus, lines in sorted(args.size)]
    print(growth_table(reports, "cpu_seconds" if args.cpu else "seconds"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
