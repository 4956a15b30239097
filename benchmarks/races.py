"""An import and policy saves racing on the same SKUs, two processes, bounded rounds.

    python benchmarks/races.py [--db URL] [--rounds 200]

On a fresh copy of the hand-worked fixture store (a SQLite file in a temporary folder,
or the PostgreSQL database ``--db`` names, emptied first), one process imports a
policy file ``--rounds`` times while another saves other discounts and caps for the
same SKUs ``--rounds`` times (reloading what was refused, as a merchant would), the
same workers as ``tests/db/test_races.py``. Prints the lost updates (audit rows that
start from a value other than the one before them), the SKU fields whose stored value
is not the audit's last word, the saves and refusals, and the wall time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from inventory_core.domain.access import Actor  # noqa: E402
from inventory_core.domain.policy_rules import POLICY_FIELDS  # noqa: E402
from inventory_core.io.imports import import_file  # noqa: E402
from inventory_core.store.engine import make_engine, open_database  # noqa: E402
from inventory_core.store.models import Change  # noqa: E402
from tests import fixture_store  # noqa: E402
from tests.db.test_races import (  # noqa: E402
    FILLER,
    audit_chains,
    import_rounds,
    save_rounds,
    stored_text,
)


def main() -> None:
    """Run the race and print what it measured."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL (emptied first); default a SQLite file")
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'race.db'}"
    open_database(url).dispose()
    engine = make_engine(url)
    fixture_store.load(engine)
    products = "sku,name,category,price\n" + "".join(f"{s},Filler,Misc,1\n" for s in FILLER)
    import_file(engine, products.encode(), actor=Actor("Setup"), today=fixture_store.TODAY,
                name="products.csv")
    before = stored_text(engine, POLICY_FIELDS)
    with engine.connect() as connection:
        since = connection.execute(select(func.coalesce(func.max(Change.id), 0))).scalar_one()
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        imported = pool.apply_async(import_rounds, (url, args.rounds))
        saves = pool.apply_async(save_rounds, (url, args.rounds))
        changed = imported.get()
        reported, saved, refused = saves.get()
    seconds = time.perf_counter() - started
    chains = audit_chains(engine, since)
    after = stored_text(engine, POLICY_FIELDS)
    lost = sum(int(chain[0][0] != before[key]) + sum(
        int(old != prev) for (_, prev), (old, _) in zip(chain, chain[1:], strict=False))
        for key, chain in chains.items())
    wrong = sum(int(chain[-1][1] != after[key]) for key, chain in chains.items())
    with engine.connect() as connection:
        by_saver = connection.execute(select(func.count()).where(
            Change.id > since, Change.changed_by == "Saver")).scalar_one()
    engine.dispose()
    print(f"{engine.dialect.name}: {args.rounds} rounds in {seconds:.1f} s · imports changed "
          f"{changed} policies · saves: {saved} SKUs saved, {refused} refused in words · "
          f"audit rows of saves {by_saver} (reported {reported}) · lost updates {lost} · "
          f"fields whose stored value is not the audit's last {wrong}")


if __name__ == "__main__":
    main()
