"""The shipped demo store in ``data/demo/``, and the store that starts with it.

The files are the generated store (``io.demo.generate``) at 500 SKUs, written as
generic CSV files plus a manifest naming the day they were generated as of.
Reading them moves every date by the days since, so the demo is always current.
A store opened for the first time (``open_store``) starts as this demo.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from inventory_core import clock
from inventory_core.io.demo import generate
from inventory_core.io.tables import TABLE_SPECS, shift_dates, typed
from inventory_core.services.empty_store import started_empty
from inventory_core.services.settings import mark_demo
from inventory_core.store.bulk_load import replace_store
from inventory_core.store.engine import open_database

DEMO_DIR = Path(__file__).resolve().parents[3] / "data" / "demo"


def write_demo(folder: Path, *, skus: int, lines: int, seed: int, today: dt.date) -> None:
    """Write the generated store as generic CSV files plus a manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in generate(skus, lines, seed, today).items():
        frame.to_csv(folder / TABLE_SPECS[name].file_name, index=False,
                     date_format="%Y-%m-%d %H:%M:%S")
    manifest = {"as_of": today.isoformat(), "seed": seed, "skus": skus, "lines": lines}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def read_demo(folder: Path = DEMO_DIR, today: dt.date | None = None) -> dict[str, pd.DataFrame]:
    """The shipped demo's frames, every date moved so its 'today' is ``today``."""
    manifest = json.loads((folder / "manifest.json").read_text())
    shift = ((today or clock.today()) - dt.date.fromisoformat(manifest["as_of"])).days
    frames = {}
    for name, spec in TABLE_SPECS.items():
        raw = pd.read_csv(folder / spec.file_name, dtype=str, keep_default_na=False,
                          na_values=[""], encoding="utf-8")
        frames[name] = shift_dates(typed(raw, spec), spec, shift)
    return frames


def load_shipped_demo(engine: Engine, today: dt.date | None = None) -> None:
    """Replace the store with the shipped demo, dated as of ``today`` (and remember that
    the store holds the demo: the Overview's first-visit guide shows on it)."""
    replace_store(engine, read_demo(DEMO_DIR, today))
    with engine.begin() as connection:
        mark_demo(connection, True)


def fill_with_demo(engine: Engine) -> None:
    """Fill a store that holds nothing with the shipped demo, unless the merchant chose
    an empty store (``services.empty_store``)."""
    if not started_empty(engine):
        load_shipped_demo(engine)


def open_store(url: str, *, seed_demo: bool = True) -> Engine:
    """An engine on the store at ``url``, its schema up to date; a store that holds no
    products yet is filled with the shipped demo (unless ``seed_demo`` is False or the
    merchant chose an empty store).

    Raises StoreUnavailable, naming the database (without its password), when
    it cannot be reached or its URL is not understood.
    """
    return open_database(url, fill_empty=fill_with_demo if seed_demo else None)
