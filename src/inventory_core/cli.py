"""Command line: ``python -m inventory_core COMMAND``.

    demo            build a generated store: --db URL --skus N --lines M --seed S
    import          import a store export or a generic CSV/.xlsx:
                    FILE [--format NAME | --mapping FILE.toml] [--create-products]
                    --db URL
    export          write policies in a platform's import format:
                    --format shopify|woocommerce|magento [--changed-only] --db URL -o FILE
    empty-store     delete every product, order, purchase order, policy and sign-up
                    (settings kept), so the store holds only what is imported next:
                    --db URL --yes
    hash-password   print the hash of a role's password for the app's secrets
                    (asks twice; --stdin reads one line instead)
    bench           the scale benchmark (runs ``benchmarks/run.py``; ``bench --help``)
    report          print one of the product's tables (skus, recommendations,
                    waiting-lines): NAME --db URL [--format csv|json]
                    [--today YYYY-MM-DD] [-o FILE]
    forecast        forecast every SKU's demand and store it for the pages:
                    --db URL [--today YYYY-MM-DD]
    backtest        forecast the last N days from the history before them and print
                    WAPE, sMAPE, MASE and bias per method: --db URL --holdout-days N
                    [--today YYYY-MM-DD] [--format text|json]

Exit status: 0 when done, 1 when a file was refused or the store said no
(the problems are printed, one per line, on standard error), 2 for bad arguments.
Like the pages, the command line uses the core through its public surface only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import TextIO

from inventory_core import (
    EXPORT_PLATFORMS,
    IMPORT_FORMATS,
    REPORT_FORMATS,
    REPORTS,
    Actor,
    ImportProgress,
    ImportRefused,
    InventoryError,
    backtest,
    build_demo,
    check_new_password,
    clock,
    csv_bytes,
    empty_store,
    excel_bytes,
    hash_password,
    import_file,
    open_store,
    platform_policy_file,
    read_mapping_file,
    refresh_forecasts,
    report_bytes,
    report_table,
    resolve_db_url,
    save_backtest,
)


def _demo(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    engine = open_store(args.db, seed_demo=False)
    counts = build_demo(engine, skus=args.skus, lines=args.lines, seed=args.seed,
                        today=args.today)
    summary = ", ".join(f"{n:,} {table.replace('_', ' ')}" for table, n in counts.items())
    print(f"Built a demo store in {time.perf_counter() - started:.1f} s: {summary}.")
    return 0


class ProgressLine:
    """An import's progress as one line rewritten in place on a terminal; nothing when
    the output is piped or redirected."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.on_terminal = stream.isatty()
        self.shown = 0

    def show(self, progress: ImportProgress) -> None:
        """Rewrite the line with ``progress``."""
        text = progress.line()
        self.stream.write("\r" + text.ljust(self.shown))
        self.stream.flush()
        self.shown = len(text)

    def end(self) -> None:
        """End the line (once), so what follows starts on a line of its own."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = 0


BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"


def _bench(argv: list[str]) -> int:
    """Run the benchmark script in its own process (it drives Streamlit; this package doesn't)."""
    if not BENCHMARK.exists():
        print(f"error: the benchmark needs a checkout of the project ({BENCHMARK} is missing)",
              file=sys.stderr)
        return 1
    return subprocess.call([sys.executable, str(BENCHMARK), *argv])


def _hash_password(args: argparse.Namespace) -> int:
    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("error: the two passwords differ; nothing was printed.", file=sys.stderr)
            return 1
    check_new_password(password)
    encoded = hash_password(password)
    print(f'{args.role}_password_hash = "{encoded}"')
    print("# paste this line under [access] in .streamlit/secrets.toml", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    if not Path(args.file).is_file():
        print(f"error: there is no file '{args.file}'.", file=sys.stderr)
        return 2
    mapping = read_mapping_file(args.mapping) if args.mapping else None
    engine = open_store(args.db, seed_demo=False)
    today = args.today or clock.today()
    started = time.perf_counter()
    line = ProgressLine(sys.stderr)
    try:
        result = import_file(engine, args.file, actor=Actor(args.actor), today=today,
                             format_name=args.format, mapping=mapping,
                             progress=line.show if line.on_terminal else None,
                             create_products=args.create_products)
    except ImportRefused as refused:
        line.end()
        print(f"error: {refused}", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    finally:
        line.end()
    print(f"{result.summary()} ({time.perf_counter() - started:.1f} s)")
    for warning in result.warnings:
        print(f"warning: {warning}")
    if result.switched_skus:
        print(f"Auto-switch moved {len(result.switched_skus):,} SKUs.")
    return 0


def _export(args: argparse.Namespace) -> int:
    engine = open_store(args.db, seed_demo=False)
    policy_file = platform_policy_file(engine, args.format, changed_only=args.changed_only)
    frame = policy_file.frame
    data = excel_bytes(frame) if args.output.lower().endswith(".xlsx") else csv_bytes(frame)
    if not _write_output(args.output, data):
        return 1
    which = " changed since the last import" if args.changed_only else ""
    print(f"Wrote {len(frame):,} SKUs' policies{which} for {args.format} to {args.output}.")
    for note in policy_file.notes:
        print(f"note: {note}.")
    return 0


def _empty_store(args: argparse.Namespace) -> int:
    if not args.yes:
        print("error: this deletes every product, order, purchase order, policy and "
              "sign-up of the store; run again with --yes to do it.", file=sys.stderr)
        return 2
    engine = open_store(args.db, seed_demo=False)
    held = empty_store(engine, actor=Actor(args.actor))
    print(f"The store is empty (it held {held['products']:,} products, {held['orders']:,} "
          f"orders and {held['purchase_orders']:,} purchase orders); settings and "
          "remembered mappings are kept.")
    return 0


def _report(args: argparse.Namespace) -> int:
    engine = open_store(args.db, seed_demo=False)
    data = report_bytes(report_table(engine, args.name, args.today or clock.today()),
                        args.format)
    if args.output is None:  # standard output: no byte-order mark for scripts
        sys.stdout.buffer.write(data.removeprefix("\ufeff".encode()))
        sys.stdout.flush()
        return 0
    return 0 if _write_output(args.output, data) else 1


def _write_output(path: str, data: bytes) -> bool:
    """Write ``data`` to the file ``path``; False, said in words, when it cannot be written."""
    try:
        Path(path).write_bytes(data)
    except OSError as error:
        print(f"error: cannot write '{path}': {error.strerror}. Nothing was written.",
              file=sys.stderr)
        return False
    return True


def _forecast(args: argparse.Namespace) -> int:
    engine = open_store(args.db, seed_demo=False)
    started = time.perf_counter()
    count = refresh_forecasts(engine, args.today or clock.today())
    print(f"Forecast {count:,} SKUs in {time.perf_counter() - started:.1f} s.")
    return 0


def _backtest(args: argparse.Namespace) -> int:
    engine = open_store(args.db, seed_demo=False)
    result = backtest(engine, args.holdout_days, args.today)
    save_backtest(engine, result)  # the Stock levels page shows its accuracy per category
    if args.format == "json":
        print(json.dumps(result.as_json()))
    else:
        print("\n".join(result.lines()))
    return 0


def _date(text: str) -> dt.date:
    """A ``--today`` value: a date written YYYY-MM-DD (argparse reports anything else)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(prog="python -m inventory_core",
                                     description="Restock Desk from the command line.")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="replace the store with a generated demo store")
    demo.add_argument("--db", default=None, help="SQLAlchemy URL (default: INVENTORY_DB_URL "
                      "or the embedded SQLite store)")
    demo.add_argument("--skus", type=int, default=500, help="number of SKUs (default 500)")
    demo.add_argument("--lines", type=int, default=40_000,
                      help="approximate number of order lines (default 40,000)")
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    demo.add_argument("--today", type=_date, help="date the store is generated as of "
                      "(YYYY-MM-DD)")
    demo.set_defaults(run=_demo)
    commands.add_parser("bench", add_help=False,
                        help="measure pages and queries at scale (benchmarks/run.py)")
    hashing = commands.add_parser("hash-password",
                                  help="print a password hash for the app's secrets")
    hashing.add_argument("--role", choices=["viewer", "editor"], default="editor",
                         help="the role the password opens (default editor)")
    hashing.add_argument("--stdin", action="store_true",
                         help="read the password from one line of standard input")
    hashing.set_defaults(run=_hash_password)
    load = commands.add_parser("import", help="import a store export or a generic CSV/.xlsx, "
                               "all or nothing")
    load.add_argument("file", help="the CSV or .xlsx file")
    layout = load.add_mutually_exclusive_group()
    layout.add_argument("--format", choices=list(IMPORT_FORMATS), default=None,
                        help="the file's layout (default: recognised from its header)")
    layout.add_argument("--mapping", default=None, metavar="FILE.toml",
                        help="a mapping file saying which columns feed which tables "
                        "(docs/formats.md)")
    load.add_argument("--db", default=None, help="SQLAlchemy URL (default: INVENTORY_DB_URL "
                      "or the embedded SQLite store)")
    load.add_argument("--create-products", action="store_true",
                      help="an orders file's SKUs the store lacks become products (named "
                      "and priced from the line items) instead of refusing the file")
    load.add_argument("--actor", default="command line", help="name recorded in the audit")
    load.add_argument("--today", type=_date,
                      help="date the import is made as of (YYYY-MM-DD)")
    load.set_defaults(run=_import)
    export = commands.add_parser("export", help="write policies in a platform's import format")
    export.add_argument("--format", required=True, choices=EXPORT_PLATFORMS)
    export.add_argument("--db", default=None, help="SQLAlchemy URL (default: INVENTORY_DB_URL "
                        "or the embedded SQLite store)")
    export.add_argument("-o", "--output", required=True,
                        help="file to write (.csv, or .xlsx for a workbook)")
    export.add_argument("--changed-only", action="store_true",
                        help="only the SKUs whose policy differs from what the last import "
                        "said the store had")
    export.set_defaults(run=_export)
    emptying = commands.add_parser("empty-store", help="delete everything stored but the "
                                   "settings, so imports are not mixed with the demo")
    emptying.add_argument("--db", default=None, help="SQLAlchemy URL (default: "
                          "INVENTORY_DB_URL or the embedded SQLite store)")
    emptying.add_argument("--yes", action="store_true", help="yes, delete it all")
    emptying.add_argument("--actor", default="command line", help="name recorded in the audit")
    emptying.set_defaults(run=_empty_store)
    report = commands.add_parser("report", help="print one of the product's tables, as the "
                                 "pages' downloads hold it")
    report.add_argument("name", choices=list(REPORTS), help="the table")
    report.add_argument("--db", default=None, help="SQLAlchemy URL (default: INVENTORY_DB_URL "
                        "or the embedded SQLite store)")
    report.add_argument("--format", choices=REPORT_FORMATS, default="csv",
                        help="csv (default) or json")
    report.add_argument("--today", type=_date,
                        help="the day the numbers are worked out for (YYYY-MM-DD)")
    report.add_argument("-o", "--output", default=None,
                        help="file to write (default: standard output)")
    report.set_defaults(run=_report)
    forecasting = commands.add_parser("forecast", help="forecast every SKU's demand and "
                                      "store it for the pages")
    forecasting.add_argument("--db", default=None, help="SQLAlchemy URL (default: "
                             "INVENTORY_DB_URL or the embedded SQLite store)")
    forecasting.add_argument("--today", type=_date, help="the first day forecast "
                             "(YYYY-MM-DD; default today)")
    forecasting.set_defaults(run=_forecast)
    testing = commands.add_parser("backtest", help="forecast the last N days from the "
                                  "history before them and measure the error")
    testing.add_argument("--db", default=None, help="SQLAlchemy URL (default: "
                         "INVENTORY_DB_URL or the embedded SQLite store)")
    testing.add_argument("--holdout-days", type=int, required=True,
                         help="the last N days held out and forecast")
    testing.add_argument("--today", type=_date, help="the day after the held-out days "
                         "(YYYY-MM-DD; default: the day after the latest order)")
    testing.add_argument("--format", choices=["text", "json"], default="text",
                         help="text (default) or json")
    testing.set_defaults(run=_backtest)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; errors are printed as one message and exit with status 1."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:
        return _bench(argv[1:])
    args = build_parser().parse_args(argv)
    if getattr(args, "db", "x") is None:
        args.db = resolve_db_url()
    try:
        status: int = args.run(args)
        return status
    except InventoryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

