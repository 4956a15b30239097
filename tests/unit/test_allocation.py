"""Allocation of stock and purchase orders to waiting lines, cases worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from inventory_core.domain.allocation import (
    LINE_COLUMNS,
    PROJECTION_NO_SUPPLY,
    Outlook,
    allocate,
)

T = dt.date(2026, 3, 1)


def d(offset: int) -> pd.Timestamp:
    return pd.Timestamp(T + dt.timedelta(days=offset))


def lines(*rows) -> pd.DataFrame:
    """rows: (line_id, order, line_no, sku, qty, kind, placed offset, promised offset, release)"""
    return pd.DataFrame([
        {"line_id": i, "order_number": o, "line_no": n, "sku": s, "qty": q, "kind": k,
         "placed_at": d(p) + pd.Timedelta(hours=10),
         "promised_on": None if pr is None else d(pr).date(),
         "release_on": None if rel is None else d(rel).date()}
        for i, o, n, s, q, k, p, pr, rel in rows], columns=LINE_COLUMNS)


def stock(**available) -> pd.DataFrame:
    return pd.DataFrame({"sku": list(available), "available": list(available.values())},
                        columns=["sku", "available"])


def pos(*rows) -> pd.DataFrame:
    """rows: (po, sku, qty, expected offset, p50, p90)"""
    return pd.DataFrame([{"po_number": p, "sku": s, "qty": q, "expected_on": d(e).date(),
                          "p50_delay": a, "p90_delay": b} for p, s, q, e, a, b in rows],
                        columns=["po_number", "sku", "qty", "expected_on", "p50_delay",
                                 "p90_delay"])


def by_id(result) -> pd.DataFrame:
    return result.lines.set_index("line_id")


def test_stock_fills_first_then_a_purchase_order_and_a_split_line_ships_with_the_later():
    # 3 available, PO-1 brings 4 on T+10. Lines oldest first: 1 (2 units, cum 2) from stock;
    # 2 (3 units, cum 5) needs units 3-5: stock has 1 of them, PO-1 the rest -> ships T+10;
    # 3 (2 units, cum 7) -> PO-1 (units 6-7 of 3+4=7); 4 (1 unit, cum 8) -> nothing left.
    result = allocate(
        lines((1, "#1", 1, "X", 2, "backorder", -9, 5, None),
              (2, "#2", 1, "X", 3, "backorder", -8, 5, None),
              (3, "#3", 1, "X", 2, "backorder", -7, 12, None),
              (4, "#4", 1, "X", 1, "backorder", -6, 30, None)),
        stock(X=3), pos(("PO-1", "X", 4, 10, 0, 0)), T)
    out = by_id(result)
    assert out["source"].tolist() == ["Stock", "PO-1", "PO-1", None]
    assert out["likely_on"].tolist()[:3] == [d(0), d(10), d(10)]
    assert out.loc[4, "projection"] == PROJECTION_NO_SUPPLY and pd.isna(out.loc[4, "likely_on"])
    # promised T+5 but ships T+10 -> at risk; T+12 holds; no supply -> at risk
    assert out["promise"].tolist() == [Outlook.ON_TRACK, Outlook.AT_RISK, Outlook.ON_TRACK,
                                       Outlook.AT_RISK]
    supply = result.supply.set_index("source")
    assert supply.loc["Stock", "units_allocated"] == 3
    assert supply.loc["PO-1", "units_allocated"] == 4
    assert supply.loc["PO-1", "units_spare"] == 0
    assert supply.loc["PO-1", "lines_filled"] == 2  # lines 2 and 3 complete with PO-1
    sku = result.skus.set_index("sku").loc["X"]
    assert (sku["waiting_units"], sku["covered_units"], sku["unplanned_units"]) == (8, 7, 1)


def test_earliest_expected_purchase_order_is_used_first_whatever_its_number():
    # PO-9 (T+5, 2 units) comes before PO-1 (T+20, 5 units). Line A (2) -> PO-9,
    # line B (4, cum 6) -> PO-1 (units 3-7), leaving 1 spare on PO-1.
    result = allocate(
        lines((1, "#A", 1, "Y", 2, "backorder", -3, None, None),
              (2, "#B", 1, "Y", 4, "backorder", -2, None, None)),
        stock(), pos(("PO-1", "Y", 5, 20, 0, 0), ("PO-9", "Y", 2, 5, 0, 0)), T)
    out = by_id(result)
    assert out["source"].tolist() == ["PO-9", "PO-1"]
    assert out["likely_on"].tolist() == [d(5), d(20)]
    assert out["promise"].tolist() == [Outlook.NO_PROMISE, Outlook.NO_PROMISE]
    spare = result.supply.set_index("source")["units_spare"]
    assert (spare["PO-9"], spare["PO-1"]) == (0, 1)


def test_equal_placed_times_go_by_order_number_then_line_number():
    # All placed at the same moment; 3 units of stock. FIFO tie-break: order "#10" < "#2"
    # as text, then line 1 < line 2. Order: #10/1 (1, cum 1), #10/2 (1, cum 2), #2/1 (2, cum 4).
    result = allocate(
        lines((1, "#2", 1, "Z", 2, "backorder", -1, None, None),
              (2, "#10", 2, "Z", 1, "backorder", -1, None, None),
              (3, "#10", 1, "Z", 1, "backorder", -1, None, None)),
        stock(Z=3), pos(), T)
    ordered = result.lines[["order_number", "line_no", "source"]].values.tolist()
    assert ordered == [["#10", 1, "Stock"], ["#10", 2, "Stock"], ["#2", 1, None]]


def test_preorders_and_backorders_compete_oldest_first_and_preorders_wait_for_release():
    # One PO of 3 on T+4. Pre-order P1 (T-10, 2 units, release T+15) is older than the
    # backorder B1 (T-5, 2 units): P1 takes 2, B1 needs units 3-4 but only 3 exist.
    # P1 ships at its release T+15, not at T+4. Pre-order P2 (T-1, 1) gets nothing.
    result = allocate(
        lines((1, "#B1", 1, "W", 2, "backorder", -5, 6, None),
              (2, "#P1", 1, "W", 2, "preorder", -10, 15, 15),
              (3, "#P2", 1, "W", 1, "preorder", -1, 15, 15)),
        stock(), pos(("PO-1", "W", 3, 4, 0, 0)), T)
    out = by_id(result)
    assert out.loc[2, "source"] == "PO-1" and out.loc[2, "likely_on"] == d(15)
    assert out.loc[2, "promise"] == Outlook.ON_TRACK
    assert out.loc[1, "source"] is None and out.loc[1, "promise"] == Outlook.AT_RISK
    assert out.loc[3, "projection"] == PROJECTION_NO_SUPPLY


def test_supplier_delays_give_likely_and_late_dates_and_only_p90_past_promise_may_slip():
    # PO-1 expected T+10 from a supplier with p50 2 days and p90 9 days: likely T+12,
    # late T+19. Promised T+14 -> likely holds, late does not -> "May slip".
    result = allocate(lines((1, "#1", 1, "V", 1, "backorder", -2, 14, None)), stock(),
                      pos(("PO-1", "V", 1, 10, 2, 9)), T)
    out = by_id(result).loc[1]
    assert (out["likely_on"], out["late_on"]) == (d(12), d(19))
    assert out["promise"] == Outlook.MAY_SLIP


def test_a_late_open_purchase_order_never_projects_into_the_past():
    # PO-1 expected T-6 and still open, p50 2 -> T-4 -> today; p90 10 -> T+4.
    result = allocate(lines((1, "#1", 1, "U", 1, "backorder", -20, None, None)), stock(),
                      pos(("PO-1", "U", 1, -6, 2, 10)), T)
    out = by_id(result).loc[1]
    assert (out["likely_on"], out["late_on"]) == (d(0), d(4))


def test_one_skus_supply_never_fills_another_skus_lines():
    # Q has 5 units of stock and no lines; R has a line and nothing -> no supply planned.
    result = allocate(lines((1, "#1", 1, "R", 1, "backorder", -1, None, None)),
                      stock(Q=5, R=0), pos(("PO-1", "Q", 9, 3, 0, 0)), T)
    assert by_id(result).loc[1, "projection"] == PROJECTION_NO_SUPPLY
    assert result.supply.set_index("source").loc["PO-1", "units_spare"] == 9


def test_nothing_waiting_allocates_nothing():
    result = allocate(lines(), stock(), pos(), T)
    assert result.lines.empty and result.skus.empty
