"""Starting an empty store (the demo gone, settings kept, audited, not refilled on the next
open) and the progress an import reports on the way."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from inventory_core.cli import ProgressLine, main
from inventory_core.domain.access import Actor, Role
from inventory_core.errors import ImportRefused, PermissionDenied
from inventory_core.io.imports import import_file, reset_to_demo
from inventory_core.io.imports.progress import ImportProgress
from inventory_core.io.shipped_demo import open_store
from inventory_core.services.empty_store import empty_store
from inventory_core.services.settings import read_setting, write_setting
from inventory_core.store.models import Base, Change, Product
from tests.db.test_imports import dump

EDITOR = Actor("Merchant")


def counts(engine) -> dict[str, int]:
    with engine.connect() as c:
        return {t.name: c.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}


def test_an_empty_store_holds_nothing_but_its_settings_and_the_audit_of_emptying(store):
    write_setting(store, "store", {"low_stock_default": 7})
    held = empty_store(store, actor=EDITOR)
    # the fixture store: 7 products, 15 orders of one line each (#1–#15), PO-1…PO-5, 2 sign-ups
    assert held == {"products": 7, "orders": 15, "order_lines": 15, "purchase_orders": 5,
                    "subscriptions": 2}
    left = {name: n for name, n in counts(store).items() if n}
    assert left == {"settings": 2, "changes": 1}  # the store's settings, the empty mark
    with store.connect() as c:
        audit = c.execute(select(Change.entity, Change.entity_key, Change.field,
                                 Change.old_value, Change.new_value, Change.changed_by,
                                 Change.reason)).one()
    assert tuple(audit) == ("store", "store", "contents", "7 products, 15 orders, 15 order "
                            "lines, 5 purchase orders, 2 subscriptions", "empty", "Merchant",
                            "Start an empty store")
    assert read_setting(store, "store") == {"low_stock_default": 7}


def test_an_emptied_store_is_not_filled_with_the_demo_when_opened_again(store, db_url):
    empty_store(store, actor=EDITOR)
    reopened = open_store(db_url)  # the app opens stores this way: an empty one gets the demo
    with reopened.connect() as c:
        assert c.execute(select(func.count()).select_from(Product)).scalar_one() == 0
    reset_to_demo(reopened, actor=EDITOR, today=dt.date.today())
    empty_store(reopened, actor=EDITOR)
    reset_to_demo(reopened, actor=EDITOR, today=dt.date.today())  # forgets the mark
    with reopened.begin() as c:
        c.execute(Product.__table__.delete())  # a store left without products…
    again = open_store(db_url)
    with again.connect() as c:  # …is filled with the demo as a new one is
        assert c.execute(select(func.count()).select_from(Product)).scalar_one() == 500
    reopened.dispose()
    again.dispose()


def test_a_viewer_cannot_empty_the_store(store):
    before = dump(store)
    with pytest.raises(PermissionDenied):
        empty_store(store, actor=Actor("Visitor", Role.VIEWER))
    assert dump(store) == before


def test_the_command_line_empties_the_store_only_with_yes(store, db_url, capsys):
    assert main(["empty-store", "--db", db_url]) == 2
    assert "run again with --yes" in capsys.readouterr().err
    assert counts(store)["products"] == 7
    assert main(["empty-store", "--db", db_url, "--yes"]) == 0
    assert capsys.readouterr().out.startswith(
        "The store is empty (it held 7 products, 15 orders and 5 purchase orders)")
    assert counts(store)["products"] == 0


# --------------------------------------------------------------------------- progress


def test_an_import_reports_rows_read_checked_and_written_then_done(store):
    body = "sku,location,on_hand\n" + "".join(f"A-RED,Bin {i:05d},1\n" for i in range(45_000))
    heard: list[ImportProgress] = []
    import_file(store, body.encode(), actor=EDITOR, today=dt.date.today(), name="bins.csv",
                progress=heard.append)
    # 45,000 rows in chunks of 20,000: read, checked, written three times, then done
    assert [(p.stage, p.rows_read, p.rows_checked, p.rows_written) for p in heard] == [
        ("checking", 20_000, 0, 0), ("writing", 20_000, 20_000, 0),
        ("reading", 20_000, 20_000, 20_000),
        ("checking", 40_000, 20_000, 20_000), ("writing", 40_000, 40_000, 20_000),
        ("reading", 40_000, 40_000, 40_000),
        ("checking", 45_000, 40_000, 40_000), ("writing", 45_000, 45_000, 40_000),
        ("reading", 45_000, 45_000, 45_000), ("checked", 45_000, 45_000, 45_000)]
    # estimated from the size (21 + 45,000 × 18 bytes) over the first 256 KiB's 14,563
    # lines (header included): 810,021 / (262,144 / 14,563) − 1 header = 44,998
    assert heard[0].expected_rows == 44_998
    assert heard[0].line().startswith("20,000 of about 44,998 rows read, 0 checked, 0 written")
    assert [p.fraction for p in heard][-1] == 1.0
    assert all(a.fraction <= b.fraction for a, b in zip(heard, heard[1:], strict=False))


def test_a_refused_file_says_so_as_soon_as_the_checking_is_done(store):
    heard: list[ImportProgress] = []
    before = dump(store)
    with pytest.raises(ImportRefused):
        import_file(store, b"sku,location,on_hand\nA-RED,Main,ten\nB-BLUE,Main,x\n",
                    actor=EDITOR, today=dt.date.today(), name="bad.csv", progress=heard.append)
    assert heard[-1].stage == "refused"
    assert heard[-1].line() == ("Checked 2 rows: 2 problems; the file is refused, nothing "
                                "was changed.")
    assert dump(store) == before


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_is_rewritten_in_place_on_a_terminal_and_ended_once():
    screen = Terminal()
    line = ProgressLine(screen)
    assert line.on_terminal and not ProgressLine(io.StringIO()).on_terminal
    line.show(ImportProgress("checking", 100, 0, 0, 400, 1.0))
    line.show(ImportProgress("checked", 400, 400, 400, 400, 2.0))
    line.end()
    line.end()
    first = "100 of about 400 rows read, 0 checked, 0 written; about 11 s left"
    second = "Checked and wrote 400 rows; finishing."  # padded over the longer first line
    assert screen.getvalue() == "\r" + first + "\r" + second.ljust(len(first)) + "\n"
