"""An import and policy saves racing on the same SKUs, in two processes: nothing lost.

One process imports a policy file again and again (each round other discounts and
caps); the other loads the SKU table and saves other discounts and caps for the
same SKUs, round after round. Afterwards, for every SKU and field the audit is one
unbroken chain (each change starts from the value the one before it wrote: nobody
overwrote a value they had not seen), its last value is the stored one, and every
save reported as saved has its audit rows.
"""

from __future__ import annotations

import time

from sqlalchemy import func, select

from inventory_core import load_settings
from inventory_core.domain.access import Actor
from inventory_core.domain.policy_rules import POLICY_FIELDS, audit_text
from inventory_core.errors import ConcurrentEdit
from inventory_core.io.imports import import_file
from inventory_core.queries import catalog
from inventory_core.services.policies import save_policies
from inventory_core.store.engine import make_engine
from inventory_core.store.models import Change, Policy
from tests.fixture_store import TODAY
from tests.processes import spawned_pool

SKUS = ("A-RED", "B-BLUE", "F-AUTO")
FILLER = [f"FILL-{n:05d}" for n in range(4000)]
"""Other SKUs in the same file, so that the import spends a while between reading the
stored policies and writing them, as a real file does."""
ROUNDS = 12
ATTEMPTS = 5
IMPORTER, SAVER = "Importer", "Saver"


def import_rounds(url: str, rounds: int) -> int:
    """Import a policy file ``rounds`` times; returns the policy fields it changed."""
    engine = make_engine(url)
    changed = 0
    for round_no in range(rounds):
        body = "sku,mode,discount_pct,cap\n" + "".join(
            f"{sku},stock,{(round_no * 7 + i) % 40},{round_no + 1}\n"
            for i, sku in enumerate(SKUS)) + "".join(f"{sku},stock,0,\n" for sku in FILLER)
        result = import_file(engine, body.encode(), actor=Actor(IMPORTER), today=TODAY,
                             name="policies.csv")
        changed += result.policies_changed
        time.sleep(0.02)  # room for a save between two imports
    engine.dispose()
    return changed


def save_rounds(url: str, rounds: int) -> tuple[int, int, int]:
    """Load and save other discounts and caps ``rounds`` times, reloading and saving
    again (a few times at most) what was refused as changed meanwhile, as a merchant
    would; returns (audit rows the saves reported, SKUs saved, refusals)."""
    engine = make_engine(url)
    reported = saved = refused = 0
    for round_no in range(rounds):
        waiting = set(SKUS)
        for _ in range(ATTEMPTS):
            loaded = catalog.sku_table(engine, TODAY, load_settings(engine))
            edited = loaded.copy()
            mine = edited["sku"].isin(waiting)
            edited["discount_pct"] = edited["discount_pct"].astype(object)
            edited["cap"] = edited["cap"].astype(object)
            edited.loc[mine, "discount_pct"] = 41 + round_no % 50
            edited.loc[mine, "cap"] = 100 + round_no
            try:
                result = save_policies(engine, loaded, edited, actor=Actor(SAVER),
                                       scenario="race", today=TODAY)
            except ConcurrentEdit:  # the whole save refused in words: nothing written
                refused += 1
                continue
            reported += result.changes
            saved += len(result.saved)
            refused += len(result.refused)
            waiting -= set(result.saved)
            if not waiting:
                break
    engine.dispose()
    return reported, saved, refused


def audit_chains(engine, since: int) -> dict[tuple[str, str], list[tuple[str | None, str | None]]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Change.entity_key, Change.field, Change.old_value, Change.new_value)
            .where(Change.entity == "policy", Change.id > since).order_by(Change.id)).all()
    chains: dict[tuple[str, str], list[tuple[str | None, str | None]]] = {}
    for sku, field, old, new in rows:
        chains.setdefault((sku, field), []).append((old, new))
    return chains


def stored_text(engine, fields: tuple[str, ...]) -> dict[tuple[str, str], str | None]:
    with engine.connect() as connection:
        rows = connection.execute(select(Policy.__table__).where(Policy.sku.in_(SKUS))) \
            .mappings().all()
    return {(row["sku"], f): audit_text(f, row[f]) for row in rows for f in fields}


def test_an_import_and_policy_saves_racing_lose_nothing_and_the_audit_is_the_state(
        store, db_url):
    fields = POLICY_FIELDS
    products = "sku,name,category,price\n" + "".join(f"{sku},Filler,Misc,1\n" for sku in FILLER)
    import_file(store, products.encode(), actor=Actor("Setup"), today=TODAY, name="products.csv")
    before = stored_text(store, fields)
    with store.connect() as connection:
        since = connection.execute(select(func.coalesce(func.max(Change.id), 0))).scalar_one()
    with spawned_pool(2) as pool:
        imported = pool.apply_async(import_rounds, (db_url, ROUNDS))
        saves = pool.apply_async(save_rounds, (db_url, ROUNDS))
        changed = imported.get(timeout=280)
        reported, saved, refused = saves.get(timeout=280)

    chains = audit_chains(store, since)
    after = stored_text(store, fields)
    broken = [(key, chain) for key, chain in chains.items()
              if chain[0][0] != before[key]
              or any(old != prev_new
                     for (_, prev_new), (old, _) in zip(chain, chain[1:], strict=False))]
    assert broken == []  # no change was written over a value its writer had not seen
    assert {key: chain[-1][1] for key, chain in chains.items()} == \
        {key: after[key] for key in chains}  # the audit's last word is the stored value
    assert {key: after[key] for key in after if key not in chains} == \
        {key: before[key] for key in after if key not in chains}  # unaudited: unchanged
    with store.connect() as connection:
        by_saver = connection.execute(select(func.count()).where(
            Change.id > since, Change.changed_by == SAVER)).scalar_one()
        by_importer = connection.execute(select(func.count()).where(
            Change.id > since, Change.changed_by == IMPORTER,
            Change.entity == "policy")).scalar_one()
    assert by_saver == reported  # every save reported as saved has its audit rows
    assert saved > 0 and changed > 0
    assert by_importer >= changed  # each changed policy has at least one audited field
