"""Restock Desk at scale: every page, every core query, against their floors.

    python benchmarks/run.py [--db URL] [--skus N] [--lines M] [--runs R] [--small]
    python -m inventory_core bench [same options]     (runs this file)

Builds (or reuses, keyed by its parameters) a generated store of 100,000 SKUs and
about 2,000,000 order lines, then measures, each as the median of ``--runs`` runs
after one warm-up:

- every page of the app as a whole AppTest run, cold (data caches emptied) and
  warm (the cached rerun), against the floor of an empty Streamlit page;
- every core query behind the pages (``QUERIES`` below), against the same
  aggregates computed by DuckDB over the same rows (the compute floor);
- the what-if projection (all SKUs over 60 days, and one SKU), the allocation of
  all open lines and the refresh of every SKU's forecast, when those modules exist
  (``HOOKS`` below);
- the import of a 1,000,000-line Shopify orders CSV (``python -m inventory_core
  import``) in a subprocess: wall time and peak memory.

Prints a table (figure, median, target, ratio to its floor, pass/miss) and writes
the same as JSON (``--out``, default ``bench/results.json``). The store and the
CSV live in ``--cache`` (default ``bench/``, git-ignored).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sqlalchemy import Engine, text  # noqa: E402

from inventory_core import clock  # noqa: E402
from inventory_core.domain.settings import StoreSettings  # noqa: E402
from inventory_core.io import demo  # noqa: E402
from inventory_core.io.demo_catalog import BACKLOG  # noqa: E402
from inventory_core.queries import catalog, overview  # noqa: E402
from inventory_core.services.settings import load_settings  # noqa: E402
from inventory_core.store import bulk_load as bulk  # noqa: E402
from inventory_core.store.engine import make_engine, upgrade_schema  # noqa: E402
from inventory_core.store.models import DemandForecast  # noqa: E402

FULL = {"skus": 100_000, "lines": 2_000_000, "import_lines": 1_000_000}
SMALL = {"skus": 2_000, "lines": 40_000, "import_lines": 20_000}
WHATIF_HORIZON_DAYS = 60

TARGETS = {  # seconds unless named otherwise
    "page_warm": 0.3, "page_cold": 1.5, "whatif_all": 1.0, "whatif_one": 0.05,
    "allocation": 2.0, "import": 60.0, "import_peak_mb": 1536.0, "floor_ratio": 3.0,
    "bulk_preview": 2.0,  # a bulk change of every SKU, previewed
    "forecast_all": 60.0,  # every SKU's forecast refreshed and stored
    "after_save": 1.5,  # a page's first run after a write, once its store is warmed again
}


# --------------------------------------------------------------------------------------
# What is measured
# --------------------------------------------------------------------------------------


@dataclass
class Context:
    """What every measured call gets: the store, its date, its settings."""

    engine: Engine
    url: str
    today: dt.date
    settings: StoreSettings
    skus: pd.DataFrame | None = None  # catalog.sku_table, for queries built on it
    one_sku: str | None = None  # a SKU with open backorders, for one-SKU figures
    # run after a hook's figure: a hook that writes puts the store back as it was
    undo: list[Callable[[], object]] = field(default_factory=list)


@dataclass(frozen=True)
class Query:
    """A core query behind a page, and the DuckDB floor it is compared with."""

    name: str
    call: Callable[[Context], object]
    floor: str | None  # a key of FLOOR_SQL, or None when no floor is defined


# Every core query behind the pages. Add a page's queries here (with a DuckDB floor in
# FLOOR_SQL when it is an aggregate) and they are measured on the next run.
QUERIES: list[Query] = [
    Query("catalog.sku_table",
          lambda c: catalog.sku_table(c.engine, c.today, c.settings), "sku_table"),
    Query("overview.waiting_lines_totals",
          lambda c: overview.waiting_lines_totals(c.engine, c.today), "waiting_lines_totals"),
    Query("overview.kpis",
          lambda c: overview.kpis(c.engine, c.skus, c.today), "waiting_lines_totals"),
    Query("overview.needs_attention",
          lambda c: overview.needs_attention(c.engine, c.skus, c.today), "needs_attention"),
    Query("catalog.filter_options", lambda c: catalog.filter_options(c.engine), None),
]

# The same aggregates in DuckDB, over the same rows loaded once ($start/$end: the
# demand window; $today: the store's date).
FLOOR_SQL = {
    "sku_table": """
        WITH s AS (SELECT sku, sum(on_hand) AS on_hand, sum(reserved) AS reserved
                   FROM stock GROUP BY sku),
             w AS (SELECT sku,
                          sum(CASE WHEN kind = 'backorder' THEN qty ELSE 0 END) AS bo,
                          sum(CASE WHEN kind = 'preorder' THEN qty ELSE 0 END) AS pre
                   FROM order_lines WHERE status = 'open' AND kind IN ('backorder', 'preorder')
                   GROUP BY sku),
             i AS (SELECT sku, sum(qty) AS incoming, min(expected_on) AS next_expected
                   FROM purchase_orders WHERE status = 'open' GROUP BY sku),
             d AS (SELECT l.sku, sum(l.qty) AS units
                   FROM order_lines l JOIN orders o ON o.order_number = l.order_number
                   WHERE o.placed_at >= $start AND o.placed_at < $end
                     AND l.status <> 'cancelled'
                   GROUP BY l.sku)
        SELECT p.sku, p.name, p.category, sup.name AS supplier, p.price, p.cost,
               sup.lead_time_days, p.launch_date, p.discontinued, p.low_stock_at,
               pol.mode, pol.cap, pol.restock_date, pol.release_date,
               coalesce(s.on_hand, 0), coalesce(s.reserved, 0), coalesce(w.bo, 0),
               coalesce(w.pre, 0), coalesce(i.incoming, 0), i.next_expected,
               coalesce(d.units, 0)
        FROM products p
        LEFT JOIN suppliers sup ON sup.id = p.supplier_id
        LEFT JOIN policies pol ON pol.sku = p.sku
        LEFT JOIN s ON s.sku = p.sku LEFT JOIN w ON w.sku = p.sku
        LEFT JOIN i ON i.sku = p.sku LEFT JOIN d ON d.sku = p.sku
        ORDER BY p.sku""",
    "waiting_lines_totals": """
        SELECT sum(CASE WHEN l.kind = 'backorder' THEN l.qty ELSE 0 END),
               sum(CASE WHEN l.kind = 'backorder' THEN l.qty * l.unit_price ELSE 0 END),
               sum(CASE WHEN l.kind = 'preorder' THEN l.qty ELSE 0 END),
               sum(CASE WHEN l.kind = 'preorder' THEN l.qty * l.unit_price ELSE 0 END),
               sum(CASE WHEN l.promised_on < $today THEN 1 ELSE 0 END),
               min(CASE WHEN l.kind = 'backorder' THEN o.placed_at END)
        FROM products p JOIN order_lines l ON l.sku = p.sku
        JOIN orders o ON o.order_number = l.order_number
        WHERE l.status = 'open' AND l.kind <> 'stock'""",
    "needs_attention": """
        SELECT 'overdue' AS issue, p.sku, p.name, count(*) AS n, sum(l.qty) AS units,
               min(l.promised_on) AS day
        FROM products p JOIN order_lines l ON l.sku = p.sku
        WHERE l.status = 'open' AND l.kind = 'backorder' AND l.promised_on < $today
        GROUP BY p.sku, p.name
        UNION ALL
        SELECT 'late po', p.sku, p.name, 1, po.qty, po.expected_on
        FROM products p JOIN purchase_orders po ON po.sku = p.sku
        LEFT JOIN suppliers sup ON sup.id = po.supplier_id
        WHERE po.status = 'open' AND po.expected_on < $today""",
}

FLOOR_TABLES = {
    "suppliers": "id, name, lead_time_days",
    "products": "sku, name, category, price, cost, supplier_id, launch_date, discontinued, "
                "low_stock_at",
    "policies": "sku, mode, cap, restock_date, release_date",
    "stock": "sku, on_hand, reserved",
    "purchase_orders": "po_number, sku, supplier_id, qty, expected_on, status",
    "orders": "order_number, placed_at",
    "order_lines": "order_number, sku, qty, unit_price, kind, status, promised_on",
}
FLOOR_DATES = {"launch_date", "restock_date", "release_date", "expected_on", "promised_on",
               "placed_at"}


# Hooks for modules that other parts of the app provide. Each returns a zero-argument
# callable to time, or raises ImportError / AttributeError when the module (or the
# function) is not there yet, which the report shows as "not available".


def _whatif_setup(c: Context):
    """The projection's inputs and the stored policies as arrays, prepared once (the
    Policies page caches them), so the timed call is the projection itself."""
    projection = importlib.import_module("inventory_core.domain.whatif")
    arrays = importlib.import_module("inventory_core.domain.whatif_arrays")
    reads = importlib.import_module("inventory_core.queries.whatif_inputs")
    skus = c.skus if c.skus is not None else catalog.sku_table(c.engine, c.today, c.settings)
    inputs = reads.load_whatif_inputs(c.engine, skus, c.today)
    return projection, inputs, arrays.policy_arrays(inputs, skus)


def hook_whatif_all(c: Context) -> Callable[[], object]:
    """The what-if projection of every SKU over 60 days (inventory_core.domain.whatif)."""
    projection, inputs, policies = _whatif_setup(c)
    return lambda: projection.project(inputs, policies, WHATIF_HORIZON_DAYS)


def hook_whatif_one(c: Context) -> Callable[[], object]:
    """The what-if projection of one SKU over 60 days."""
    projection, inputs, policies = _whatif_setup(c)
    row = np.flatnonzero(np.asarray(inputs.skus) == c.one_sku)[:1]
    one_inputs, one_policies = inputs.take(row), policies.take(row)
    return lambda: projection.project(one_inputs, one_policies, WHATIF_HORIZON_DAYS)


def hook_allocation(c: Context) -> Callable[[], object]:
    """Allocation of stock and incoming supply to every open line (domain.allocation)."""
    importlib.import_module("inventory_core.domain.allocation")
    promises = importlib.import_module("inventory_core.queries.promises")
    allocate = promises.allocation_for  # HOOK: reads the open lines and supply, allocates
    return lambda: allocate(c.engine, c.today)


def hook_forecast_all(c: Context) -> Callable[[], object]:
    """The refresh of every SKU's forecast (services.forecasts.refresh_forecasts, what
    the ``forecast`` command runs and the Stock levels page's button runs before its
    backtest): read the demand history, forecast every SKU, store the forecasts.

    It writes to the store: each run replaces the stored forecasts (all deleted, then
    written again in one transaction), so repeated runs are idempotent. The forecasts
    stored before are put back after the figure (``Context.undo``), so the store the
    other figures read, and the next benchmark run, does not change."""
    forecasts = importlib.import_module("inventory_core.services.forecasts")
    refresh = forecasts.refresh_forecasts  # HOOK: reads, forecasts, stores every SKU
    table = DemandForecast.__table__
    with c.engine.connect() as connection:
        kept = [dict(row) for row in connection.execute(table.select()).mappings()]

    def put_back() -> None:
        with c.engine.begin() as connection:
            connection.execute(table.delete())
            if kept:
                connection.execute(table.insert(), kept)

    c.undo.append(put_back)
    return lambda: refresh(c.engine, c.today)


HOOKS = [
    ("whatif", "what-if projection, all SKUs, 60 days", hook_whatif_all, "whatif_all"),
    ("whatif", "what-if projection, one SKU, 60 days", hook_whatif_one, "whatif_one"),
    ("allocation", "allocation of all open lines", hook_allocation, "allocation"),
    ("forecast", "forecast of every SKU, refreshed and stored", hook_forecast_all,
     "forecast_all"),
]

# The importer's command line; {file} and {url} are filled in.
IMPORT_COMMAND = [sys.executable, "-m", "inventory_core", "import", "{file}", "--db", "{url}"]


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass
class Figure:
    """One measured figure, its target, and its ratio to its floor."""

    section: str
    name: str
    seconds: float | None = None  # the median
    runs: list[float] = field(default_factory=list)
    target: float | None = None  # seconds, or the ratio to the floor for queries
    target_text: str = ""
    floor: str | None = None
    floor_seconds: float | None = None
    ratio: float | None = None
    cpu_seconds: float | None = None  # median CPU time of this process, where measured
    status: str = "pass"  # pass, miss, info, not available, error
    note: str = ""
    extra: dict = field(default_factory=dict)


CPU = {"last": None}  # the median CPU time of the last median_of (this process, all threads)


def median_of(call: Callable[[], object], runs: int, warmups: int = 1) -> tuple[float, list]:
    """The median wall time of ``runs`` calls after ``warmups`` calls not counted.

    The median CPU time is kept too (``CPU["last"]``): on a busy machine it varies
    far less than wall time.
    """
    for _ in range(warmups):
        call()
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    CPU["last"] = statistics.median(cpu)
    return statistics.median(times), times


def _judge(figure: Figure) -> Figure:
    if figure.status not in ("pass", "miss"):
        return figure
    if figure.floor_seconds and figure.seconds is not None:
        figure.ratio = figure.seconds / figure.floor_seconds
    if figure.target is None:
        figure.status = "info"
    elif figure.target_text.startswith("≤") and "floor" in figure.target_text:
        figure.status = "pass" if figure.ratio is not None and figure.ratio <= figure.target \
            else "miss"
    else:
        figure.status = "pass" if figure.seconds <= figure.target else "miss"
    return figure


# --------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------


def ensure_store(url: str, skus: int, lines: int, seed: int, cache: Path,
                 rebuild: bool) -> tuple[Engine, dict]:
    """The store at ``url``, built from the generator unless the same one is there.

    A store is reused when it was built here with the same parameters and still holds
    as many order lines; its schema is upgraded first, so new indexes apply to it.
    After changing what the generator produces, pass ``--rebuild``.
    """
    key = {"url": url, "skus": skus, "lines": lines, "seed": seed, "story": "backlog"}
    cache.mkdir(parents=True, exist_ok=True)
    manifest_path = cache / "stores.json"
    manifests = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    engine = make_engine(url)
    upgrade_schema(engine)
    known = manifests.get(url)
    if known and not rebuild and {k: known.get(k) for k in key} == key:
        with engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM order_lines")).scalar()
        if count == known["counts"]["order_lines"]:
            return engine, {**known, "reused": True}
    as_of = dt.date.today()
    started = time.perf_counter()
    frames = demo.generate(skus, lines, seed, as_of, BACKLOG)  # the heavy store, not the demo
    generated = time.perf_counter() - started
    started = time.perf_counter()
    bulk.replace_store(engine, frames)
    loaded = time.perf_counter() - started
    with engine.begin() as connection:  # fresh statistics for the query planner
        connection.exec_driver_sql("ANALYZE")
    ol, po = frames["order_lines"], frames["purchase_orders"]
    info = {**key, "as_of": as_of.isoformat(),
            "counts": {name: len(frame) for name, frame in frames.items()},
            "open_backorder_lines": int(((ol.kind == "backorder") & (ol.status == "open")).sum()),
            "open_preorder_lines": int(((ol.kind == "preorder") & (ol.status == "open")).sum()),
            "open_purchase_orders": int((po.status == "open").sum()),
            "generate_seconds": round(generated, 2), "load_seconds": round(loaded, 2)}
    manifests[url] = info
    cache.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifests, indent=2) + "\n")
    return engine, {**info, "reused": False}


# --------------------------------------------------------------------------------------
# Floors
# --------------------------------------------------------------------------------------


def duckdb_floor(ctx: Context, runs: int) -> tuple[dict[str, tuple[float, float]], str]:
    """Each FLOOR_SQL aggregate timed in DuckDB over the store's rows, read in once."""
    try:
        import duckdb
    except ImportError:
        return {}, "duckdb is not installed (pip install -r requirements-dev.txt)"
    con = duckdb.connect()
    with ctx.engine.connect() as connection:
        for table, columns in FLOOR_TABLES.items():
            frame = pd.read_sql(text(f"SELECT {columns} FROM {table}"), connection)
            for column in frame.columns:
                if column in FLOOR_DATES:
                    frame[column] = pd.to_datetime(frame[column])
                elif column in ("price", "cost", "unit_price"):
                    frame[column] = pd.to_numeric(frame[column]).astype(float)
            con.register("loaded", frame)
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM loaded")
            con.unregister("loaded")
    window = ctx.settings.demand_window_days
    params = {"start": catalog.day_start(ctx.today - dt.timedelta(days=window)),
              "end": catalog.day_start(ctx.today), "today": pd.Timestamp(ctx.today)}
    out = {}
    for name, sql in FLOOR_SQL.items():
        used = {k: v for k, v in params.items() if f"${k}" in sql}
        seconds, _ = median_of(lambda s=sql, p=used: con.execute(s, p).fetchdf(), runs)
        out[name] = (seconds, CPU["last"])
    con.close()
    return out, ""


EMPTY_PAGE = """
import streamlit as st
st.title("Empty")
"""


@contextlib.contextmanager
def app_environment(url: str, today: dt.date):
    """The app pointed at ``url`` and dated ``today`` (the store's own date)."""
    saved_url = os.environ.get("INVENTORY_DB_URL")
    os.environ["INVENTORY_DB_URL"] = url
    try:
        with clock.frozen(today):
            yield
    finally:
        if saved_url is None:
            os.environ.pop("INVENTORY_DB_URL", None)
        else:
            os.environ["INVENTORY_DB_URL"] = saved_url


def page_timer(path: str | None, script: str | None = None):
    """Callables timing one page: cold (data caches emptied) and warm (cached rerun)."""
    from streamlit.testing.v1 import AppTest

    from restock_ui.reads.cache import changed as forget

    state: dict = {}

    def fresh():
        at = (AppTest.from_string(script, default_timeout=900) if script
              else AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900))
        if path:  # reach the page once, then time it from empty caches
            at.run()
            at.switch_page(path)
        return at

    def cold():
        at = fresh()
        # this store's cached reads go cold, and none is warmed: as after a restart
        forget(os.environ["INVENTORY_DB_URL"])
        started, started_cpu = time.perf_counter(), time.process_time()
        at.run()
        state["cold"] = time.perf_counter() - started
        state["cold_cpu"] = time.process_time() - started_cpu
        state["at"] = at
        _raise_on_exception(at)

    def warm():
        at = state["at"]
        started, started_cpu = time.perf_counter(), time.process_time()
        at.run()
        state["warm"] = time.perf_counter() - started
        state["warm_cpu"] = time.process_time() - started_cpu
        _raise_on_exception(at)

    return cold, warm, state


def _raise_on_exception(at) -> None:
    if len(at.exception):
        raise RuntimeError(at.exception[0].message)


def measure_page(path: str | None, runs: int, script: str | None = None) -> dict:
    """Median cold and warm times of a page, after one warm-up of each."""
    cold, warm, state = page_timer(path, script)
    colds, warms, cold_cpu, warm_cpu = [], [], [], []
    for i in range(runs + 1):
        cold()
        warm()
        if i:  # the first pair is the warm-up
            colds.append(state["cold"])
            warms.append(state["warm"])
            cold_cpu.append(state["cold_cpu"])
            warm_cpu.append(state["warm_cpu"])
    return {"cold": (statistics.median(colds), colds), "warm": (statistics.median(warms), warms),
            "cold_cpu": statistics.median(cold_cpu), "warm_cpu": statistics.median(warm_cpu)}


def measure_after_save(path: str | None, runs: int) -> dict:
    """A page's first run after a write to its store (as a save on another page makes
    it: the store's cached reads are of an old generation), once the reads warmed in
    the background after the write are ready; and how long that warming took. Each
    run after one warm-up."""
    from restock_ui import reads

    cold, warm, state = page_timer(path)
    cold()  # the page reached once
    url = os.environ["INVENTORY_DB_URL"]
    pages, warmings = [], []
    for i in range(runs + 1):
        started = time.perf_counter()
        reads.changed(url)  # what every write calls: the new generation warmed behind it
        reads.settle()
        warming = time.perf_counter() - started
        warm()
        if i:
            pages.append(state["warm"])
            warmings.append(warming)
    return {"page": (statistics.median(pages), pages),
            "warming": (statistics.median(warmings), warmings)}


BULK_CHANGES = {"discount": "discount_pct", "mode": "mode"}
"""The bulk changes benchmarked: of every SKU's discount, and of every SKU's mode to
Backorder (the heaviest kind: every SKU's checks, warnings and what-if change)."""


def measure_bulk_preview(runs: int, field: str = "discount_pct") -> dict:
    """The Policies page previewing a bulk change of every SKU's ``field`` (the rerun
    after *Apply*: diff, checks and what-if of every SKU, and the page drawn again),
    then the rerun that changes nothing. Each run starts from a page with no edits."""
    from streamlit.testing.v1 import AppTest

    previews, reruns = [], []
    for i in range(runs + 1):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900)
        at.run()
        at.switch_page("pages/policies.py")
        at.run()
        at.selectbox(key="policies_bulk_field").select(field).run()
        if field == "mode":
            at.selectbox(key="policies_bulk_mode").select("Backorder").run()
        else:
            at.number_input(key="policies_bulk_discount_pct").set_value(10.0 + i).run()
        started = time.perf_counter()
        at.button(key="policies_bulk_apply").click().run()
        preview = time.perf_counter() - started
        _raise_on_exception(at)
        started = time.perf_counter()
        at.run()
        rerun = time.perf_counter() - started
        if i:  # the first is the warm-up
            previews.append(preview)
            reruns.append(rerun)
    return {"preview": (statistics.median(previews), previews),
            "rerun": (statistics.median(reruns), reruns)}


def app_pages() -> list[tuple[str, str | None]]:
    """The Overview, then every page of the navigation whose file exists."""
    from restock_ui.navigation import SECTIONS

    found: list[tuple[str, str | None]] = [("Overview", None)]
    for entries in SECTIONS.values():
        found += [(title, path) for path, title, _icon in entries if (ROOT / path).exists()]
    return found


# --------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------

SHOPIFY_ORDER_COLUMNS = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
    "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total",
    "Discount Code", "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity",
    "Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku",
    "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status",
    "Billing Name", "Shipping Name", "Notes", "Cancelled at", "Payment Method", "Vendor",
    "Id", "Tags", "Source",
]
ORDER_FIELDS = ["Email", "Financial Status", "Paid at", "Fulfillment Status", "Currency",
                "Subtotal", "Shipping", "Taxes", "Total", "Shipping Method", "Created at",
                "Billing Name", "Shipping Name", "Payment Method", "Id", "Tags", "Source",
                "Accepts Marketing", "Cancelled at", "Fulfilled at"]


def write_shopify_orders(engine: Engine, path: Path, n_lines: int) -> int:
    """The store's first ``n_lines`` order lines as a Shopify orders export."""
    query = text(
        "SELECT o.order_number, o.customer_email, o.customer_name, o.placed_at, l.line_no, "
        "l.sku, p.name, l.qty, l.unit_price, l.kind, l.status, l.fulfilled_at, s.name "
        "FROM order_lines l JOIN orders o ON o.order_number = l.order_number "
        "JOIN products p ON p.sku = l.sku LEFT JOIN suppliers s ON s.id = p.supplier_id "
        "ORDER BY o.placed_at, o.order_number, l.line_no LIMIT :n")
    with engine.connect() as connection:
        rows = pd.DataFrame(connection.execute(query, {"n": n_lines}).all(), columns=[
            "order", "email", "customer", "placed_at", "line_no", "sku", "product", "qty",
            "price", "kind", "status", "fulfilled_at", "vendor"])
    # an order cut off by the limit would be imported half: drop its lines
    if len(rows) == n_lines:
        rows = rows[rows["order"] != rows["order"].iloc[-1]]
    placed = pd.to_datetime(rows["placed_at"])
    fulfilled = pd.to_datetime(rows["fulfilled_at"])
    price = pd.to_numeric(rows["price"]).astype(float)
    total = (price * rows["qty"]).groupby(rows["order"]).transform("sum").round(2)
    open_ = rows["status"].eq("open")
    any_open = open_.groupby(rows["order"]).transform("any")
    tags = rows["kind"].map({"backorder": "Backorder", "preorder": "Pre-order"}).fillna("")
    out = pd.DataFrame({
        "Name": rows["order"], "Email": rows["email"], "Financial Status": "paid",
        "Paid at": placed.dt.strftime("%Y-%m-%d %H:%M:%S +0000"),
        "Fulfillment Status": any_open.map({True: "unfulfilled", False: "fulfilled"}),
        "Fulfilled at": fulfilled.dt.strftime("%Y-%m-%d %H:%M:%S +0000").fillna(""),
        "Accepts Marketing": "no", "Currency": "USD",
        "Subtotal": total.map("{:.2f}".format), "Shipping": "0.00", "Taxes": "0.00",
        "Total": total.map("{:.2f}".format), "Discount Code": "", "Discount Amount": "0.00",
        "Shipping Method": "Standard",
        "Created at": placed.dt.strftime("%Y-%m-%d %H:%M:%S +0000"),
        "Lineitem quantity": rows["qty"], "Lineitem name": rows["product"],
        "Lineitem price": price.map("{:.2f}".format), "Lineitem compare at price": "",
        "Lineitem sku": rows["sku"], "Lineitem requires shipping": "true",
        "Lineitem taxable": "true",
        "Lineitem fulfillment status": open_.map({True: "pending", False: "fulfilled"}),
        "Billing Name": rows["customer"], "Shipping Name": rows["customer"], "Notes": "",
        "Cancelled at": "", "Payment Method": "Shopify Payments",
        "Vendor": rows["vendor"].fillna(""),
        "Id": (rows["order"].str.lstrip("#").astype(int) + 5_000_000_000).astype(str),
        "Tags": tags, "Source": "web",
    })
    cancelled = rows["status"].eq("cancelled").groupby(rows["order"]).transform("all")
    out.loc[cancelled, "Cancelled at"] = out.loc[cancelled, "Created at"]
    out.loc[cancelled, "Financial Status"] = "refunded"
    extra = rows["order"].duplicated().to_numpy()  # an order's extra rows leave order fields blank
    out.loc[extra, ORDER_FIELDS] = ""
    out[SHOPIFY_ORDER_COLUMNS].to_csv(path, index=False)
    return len(out)


def import_available() -> bool:
    """True when ``python -m inventory_core import`` exists."""
    result = subprocess.run([sys.executable, "-m", "inventory_core", "import", "--help"],
                            capture_output=True, text=True, cwd=ROOT, env=_child_env())
    return result.returncode == 0


def _child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT),
                                         env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


# The importer runs under this wrapper, whose only child it is, so RUSAGE_CHILDREN
# is the importer's own peak memory (ru_maxrss is in kilobytes on Linux).
RSS_WRAPPER = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"seconds": time.perf_counter() - started, "code": result.returncode,
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "stdout": result.stdout[-2000:], "stderr": result.stderr[-2000:]}))
"""


def catalog_frames(engine: Engine) -> dict[str, pd.DataFrame]:
    """The store's suppliers, products, stock and policies as generic frames."""
    with engine.connect() as connection:
        read = lambda sql: pd.read_sql(text(sql), connection)  # noqa: E731
        frames = {
            "suppliers": read("SELECT name, lead_time_days, email FROM suppliers"),
            "products": read(
                "SELECT p.sku, p.name, p.group_key, p.option1, p.option2, p.option3, "
                "p.external_id, p.category, p.price, p.cost, s.name AS supplier, "
                "p.launch_date, p.discontinued, p.low_stock_at "
                "FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id"),
            "stock": read("SELECT sku, location, on_hand, reserved FROM stock"),
        }
    return frames


def measure_import(engine: Engine, cache: Path, n_lines: int, runs: int) -> list[Figure]:
    """Time and peak memory of importing an ``n_lines`` Shopify orders CSV."""
    time_fig = Figure("import", f"import {n_lines:,} order lines (Shopify orders CSV)",
                      target=TARGETS["import"], target_text=f"≤ {TARGETS['import']:g} s")
    mem_fig = Figure("import", "import peak memory (MB)", target=TARGETS["import_peak_mb"],
                     target_text=f"≤ {TARGETS['import_peak_mb']:g} MB")
    if not import_available():
        for figure in (time_fig, mem_fig):
            figure.status = "not available"
            figure.note = "python -m inventory_core import does not exist yet"
        return [time_fig, mem_fig]
    csv_path = cache / f"shopify-orders-{n_lines}.csv"
    if not csv_path.exists():
        written = write_shopify_orders(engine, csv_path, n_lines)
        time_fig.extra["csv_rows"] = written
    # each import goes into a fresh scratch store holding the same catalog, no orders
    catalog_only = catalog_frames(engine)
    times, peaks = [], []
    for i in range(runs + 1):
        with tempfile.TemporaryDirectory(dir=cache) as scratch:
            url = f"sqlite:///{Path(scratch) / 'import.db'}"
            target = make_engine(url)
            upgrade_schema(target)
            bulk.replace_store(target, catalog_only)
            target.dispose()
            command = [part.format(file=csv_path, url=url) for part in IMPORT_COMMAND]
            result = subprocess.run([sys.executable, "-c", RSS_WRAPPER, *command],
                                    capture_output=True, text=True, cwd=ROOT, env=_child_env())
            report = json.loads(result.stdout.strip().splitlines()[-1])
            if report["code"] != 0:
                for figure in (time_fig, mem_fig):
                    figure.status = "error"
                    figure.note = (report["stderr"] or report["stdout"]).strip()[-300:]
                return [time_fig, mem_fig]
            if i:  # the first import is the warm-up
                times.append(report["seconds"])
                peaks.append(report["peak_kb"] / 1024)
    time_fig.seconds, time_fig.runs = statistics.median(times), times
    mem_fig.seconds, mem_fig.runs = max(peaks), peaks
    return [_judge(time_fig), _judge(mem_fig)]


# --------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict:
    """Every measurement, as the JSON report."""
    sizes = SMALL if args.small else FULL
    skus = args.skus or sizes["skus"]
    lines = args.lines or sizes["lines"]
    import_lines = args.import_lines or sizes["import_lines"]
    cache = Path(args.cache).resolve()
    cache.mkdir(parents=True, exist_ok=True)
    url = args.db or f"sqlite:///{cache / f'store-{skus}-{lines}-{args.seed}.db'}"
    say = print if not args.quiet else (lambda *a, **k: None)

    say(f"Store: {skus:,} SKUs, ~{lines:,} order lines at {_shown(url)} …", flush=True)
    engine, store = ensure_store(url, skus, lines, args.seed, cache, args.rebuild)
    say("  " + ("reused" if store["reused"] else
                f"built: generated in {store['generate_seconds']} s, "
                f"loaded in {store['load_seconds']} s"), flush=True)
    today = dt.date.fromisoformat(store["as_of"])
    ctx = Context(engine=engine, url=url, today=today, settings=load_settings(engine))
    ctx.skus = catalog.sku_table(engine, today, ctx.settings)
    waiting = ctx.skus[ctx.skus["backorder_qty"] > 0]
    ctx.one_sku = str((waiting if len(waiting) else ctx.skus)["sku"].iloc[0]) \
        if len(ctx.skus) else None
    figures: list[Figure] = []
    floors: dict = {}

    say("Floors …", flush=True)
    duck, why = duckdb_floor(ctx, args.runs)
    with app_environment(url, today):
        empty = measure_page(None, args.runs, script=EMPTY_PAGE)
    floors["empty_page_cold"], floors["empty_page_warm"] = empty["cold"][0], empty["warm"][0]
    for kind in ("cold", "warm"):
        figures.append(Figure("floor", f"empty Streamlit page, {kind}", *empty[kind],
                              cpu_seconds=empty[f"{kind}_cpu"], status="info"))
    floors["duckdb"] = {name: seconds for name, (seconds, _cpu) in duck.items()}
    for name, (seconds, cpu) in duck.items():
        figures.append(Figure("floor", f"DuckDB: {name}", seconds, cpu_seconds=cpu,
                              status="info"))
    duck = {name: seconds for name, (seconds, _cpu) in duck.items()}

    say("Pages …", flush=True)
    with app_environment(url, today):
        for title, path in ([] if args.skip_pages else app_pages()):
            say(f"  {title}", flush=True)
            try:
                measured = measure_page(path, args.runs)
            except Exception as error:  # noqa: BLE001 - a broken page is reported, not fatal
                for kind in ("cold", "warm"):
                    figures.append(Figure("page", f"{title}, {kind}", status="error",
                                          note=str(error)[:300], extra={"path": path}))
                continue
            for kind in ("cold", "warm"):
                target = TARGETS[f"page_{kind}"]
                figures.append(_judge(Figure(
                    "page", f"{title}, {kind}", *measured[kind], target=target,
                    cpu_seconds=measured[f"{kind}_cpu"],
                    target_text=f"≤ {target:g} s", floor=f"empty page, {kind}",
                    floor_seconds=floors[f"empty_page_{kind}"],
                    extra={"path": path or "dashboard.py"})))

        for title, path in ([] if args.skip_pages else app_pages()):
            say(f"  {title}, after a save", flush=True)
            try:
                after = measure_after_save(path, args.runs)
            except Exception as error:  # noqa: BLE001
                figures.append(Figure("page", f"{title}, after a save", status="error",
                                      note=str(error)[:300]))
                continue
            figures.append(_judge(Figure(
                "page", f"{title}, after a save", *after["page"],
                target=TARGETS["after_save"], target_text=f"≤ {TARGETS['after_save']:g} s",
                note=f"its store's reads warmed in {after['warming'][0]:.2f} s after the "
                     "write", extra={"path": path or "dashboard.py",
                                     "warming": after["warming"][0]})))

        if not args.skip_pages:
            for what, field in BULK_CHANGES.items():
                say(f"  Policies & what-if: a bulk change of every SKU's {what}", flush=True)
                title = f"Policies: bulk change of every SKU's {what}"
                try:
                    bulk = measure_bulk_preview(args.runs, field)
                except Exception as error:  # noqa: BLE001
                    figures.append(Figure("page", f"{title}, previewed", status="error",
                                          note=str(error)[:300]))
                    continue
                for kind, label, target in (
                        ("preview", "previewed", "bulk_preview"),
                        ("rerun", "then rerun", "page_warm")):
                    figures.append(_judge(Figure(
                        "page", f"{title}, {label}", *bulk[kind],
                        target=TARGETS[target], target_text=f"≤ {TARGETS[target]:g} s",
                        note="a page run on data not cached yet" if kind == "preview"
                        else "")))

    say("Core queries …", flush=True)
    for query in QUERIES:
        try:
            seconds, times = median_of(lambda q=query: q.call(ctx), args.runs)
        except Exception as error:  # noqa: BLE001
            figures.append(Figure("query", query.name, status="error", note=str(error)[:300]))
            continue
        floor = duck.get(query.floor) if query.floor else None
        figures.append(_judge(Figure(
            "query", query.name, seconds, times, cpu_seconds=CPU["last"],
            target=TARGETS["floor_ratio"] if floor else None,
            target_text=f"≤ {TARGETS['floor_ratio']:g}× floor" if floor else "",
            floor=f"DuckDB: {query.floor}" if floor else None, floor_seconds=floor,
            note="" if floor or not query.floor else why)))

    say("What-if, allocation and forecast …", flush=True)
    for section, name, hook, target_key in HOOKS:
        target = TARGETS[target_key]
        figure = Figure(section, name, target=target, target_text=f"≤ {target:g} s")
        try:
            call = hook(ctx)
        except (ImportError, AttributeError) as error:
            figure.status, figure.note = "not available", f"{error}"
            figures.append(figure)
            continue
        try:
            figure.seconds, figure.runs = median_of(call, args.runs)
            figure.cpu_seconds = CPU["last"]
        except Exception as error:  # noqa: BLE001
            figure.status, figure.note = "error", f"{type(error).__name__}: {error}"[:300]
            figures.append(figure)
            continue
        finally:
            while ctx.undo:
                ctx.undo.pop()()
        figures.append(_judge(figure))

    if args.skip_import:
        figures.append(Figure("import", "import", status="not available", note="--skip-import"))
    else:
        say(f"Import of {import_lines:,} lines …", flush=True)
        figures += measure_import(engine, cache, import_lines, args.runs)

    engine.dispose()
    found = [asdict(f) for f in figures]
    if args.browser:
        say("The browser …", flush=True)
        browser = importlib.import_module("benchmarks.browser")
        found += browser.figures(url, today, args.runs,
                                 progress=lambda line: say(f"  {line}", flush=True))
    return {
        "command": "python benchmarks/run.py " + " ".join(args.argv),
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "machine": machine(),
        "parameters": {"skus": skus, "lines": lines, "import_lines": import_lines,
                       "seed": args.seed, "runs": args.runs, "db": _shown(url)},
        "store": store,
        "targets": TARGETS,
        "floors": floors,
        "figures": found,
    }


def machine() -> dict:
    """What the figures were measured on."""
    cpu = platform.processor()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        memory = round(int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024, 1)
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gb": memory,
            "python": platform.python_version(), "platform": platform.platform()}


def _shown(url: str) -> str:
    from sqlalchemy import make_url

    with contextlib.suppress(Exception):
        return make_url(url).render_as_string(hide_password=True)
    return url


def table(report: dict) -> str:
    """The report as a plain-text table."""
    header = ("section", "figure", "median", "cpu", "target", "floor", "ratio", "result")
    rows = []
    for f in report["figures"]:
        unit = " MB" if "MB" in f["name"] else " s"
        shown = "" if f["seconds"] is None else (
            f"{f['seconds']:.{2 if f['seconds'] < 10 else 0}f}{unit}" if unit == " MB"
            else f"{f['seconds']:.3f} s")
        floor = "" if f["floor_seconds"] is None else f"{f['floor_seconds']:.3f} s"
        cpu = "" if f["cpu_seconds"] is None else f"{f['cpu_seconds']:.3f} s"
        ratio = "" if f["ratio"] is None else f"{f['ratio']:.1f}×"
        result = f["status"] if not f["note"] or f["status"] in ("pass", "miss", "info") \
            else f"{f['status']}: {f['note'][:60]}"
        rows.append((f["section"], f["name"], shown, cpu, f["target_text"], floor, ratio,
                     result))
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True))  # noqa: E731
    return "\n".join([line(header), line(tuple("-" * w for w in widths)), *map(line, rows)])


def build_parser() -> argparse.ArgumentParser:
    """The benchmark's options."""
    parser = argparse.ArgumentParser(prog="python benchmarks/run.py",
                                     description="Restock Desk at scale, against its floors.")
    parser.add_argument("--db", help="SQLAlchemy URL of the store to build or reuse "
                        "(default: a SQLite file in the cache folder)")
    parser.add_argument("--skus", type=int, help="SKUs (default 100,000; --small 2,000)")
    parser.add_argument("--lines", type=int,
                        help="order lines, about (default 2,000,000; --small 40,000)")
    parser.add_argument("--import-lines", type=int,
                        help="lines in the orders CSV to import (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    parser.add_argument("--runs", type=int, default=5,
                        help="timed runs per figure, after one warm-up (default 5)")
    parser.add_argument("--small", action="store_true", help="a quick smoke-test scale")
    parser.add_argument("--cache", default=str(ROOT / "bench"),
                        help="folder for the store, the CSV and results (default bench/)")
    parser.add_argument("--out", help="JSON report (default: <cache>/results.json)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the store")
    parser.add_argument("--skip-import", action="store_true", help="leave out the import")
    parser.add_argument("--skip-pages", action="store_true", help="leave out the pages")
    parser.add_argument("--browser", action="store_true",
                        help="also time every page in headless Chromium (benchmarks/browser.py)")
    parser.add_argument("--quiet", action="store_true", help="print only the table")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table and write the JSON report."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    report = run(args)
    out = Path(args.out) if args.out else Path(args.cache) / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(table(report))
    print(f"\nWritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
