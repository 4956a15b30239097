"""Incoming supply & promises as the page shows them: purchase orders, suppliers, the
allocation per SKU and per PO, and the waiting lines."""

from __future__ import annotations

import pandas as pd

from inventory_core import SUPPLY_FROM_STOCK, Allocation, ExpectedDateEdit, LineKind

PO_STATUSES = ["Open", "Late", "Received", "Cancelled"]
PAST = {"Received", "Cancelled"}
"""The statuses of past purchase orders: read only when asked for (most stores hold far
more of them than of open ones)."""
NOTICE = "supply_notice"
EDITOR_KEY = "supply_po_editor"


def po_table(pos: pd.DataFrame) -> pd.DataFrame:
    """Purchase orders as the table shows them (and the download holds)."""
    return pd.DataFrame({
        "PO": pos["po_number"], "SKU": pos["sku"], "Product": pos["name"],
        "Supplier": pos["supplier"], "Units": pos["qty"],
        "Ordered": pd.to_datetime(pos["ordered_on"]),
        "Expected": pd.to_datetime(pos["expected_on"]).dt.date,
        "Received": pd.to_datetime(pos["received_on"]), "Status": pos["shown_status"],
        "Days late": pos["days_late"].astype("Int64")})


def matching(pos: pd.DataFrame, statuses: list[str], search: str) -> pd.DataFrame:
    """The purchase orders shown with any of ``statuses`` (a late PO is also open) whose
    number, SKU or product holds ``search``."""
    wanted = pos["shown_status"].isin(statuses) | (pos["late"] & ("Open" in statuses))
    needle = search.strip().lower()
    if needle:
        wanted &= (pos["po_number"].str.lower().str.contains(needle, regex=False)
                   | pos["sku"].str.lower().str.contains(needle, regex=False)
                   | pos["name"].str.lower().str.contains(needle, regex=False))
    return pos[wanted]


def how_many_listed(matches: int, listed: int) -> str:
    """What the table lists, said in a sentence: all matches, or the first of them."""
    if matches == listed:
        return "1 purchase order matches" if matches == 1 else (
            f"{matches:,} purchase orders match")
    return (f"The {listed:,} expected first of {matches:,} matching purchase orders (search "
            "to reach the others; the download holds them all)")


def expected_date_edits(table: pd.DataFrame, edited_rows: dict[int | str, dict[str, object]]
                        ) -> list[ExpectedDateEdit]:
    """The table's edited expected dates, as the core takes them: each edited row's PO
    number, the version it was loaded at, and the value typed (rows in table order)."""
    return [ExpectedDateEdit(str(row["po_number"]), int(row["version"]), cells["Expected"])
            for position, cells in edited_rows.items() if "Expected" in cells
            for row in [table.iloc[int(position)]]]


def supplier_table(stats: pd.DataFrame) -> pd.DataFrame:
    """Each supplier's lead time and reliability, as the table shows them (a supplier
    with no received purchase order reads "no record yet", without a rate or delay)."""
    return pd.DataFrame({
        "Supplier": stats["supplier"], "Lead time (days)": stats["lead_time_days"],
        "Received POs": stats["received_pos"],
        "Record": stats["received_pos"].map(lambda n: "no record yet" if not n else ""),
        "On time": stats["on_time_rate"] * 100,
        "Typical delay (p50, days)": stats["p50_delay"],
        "Late delay (p90, days)": stats["p90_delay"],
        "Open POs": stats["open_pos"], "Late open POs": stats["late_open_pos"]})


def per_sku_table(result: Allocation) -> pd.DataFrame:
    """Per SKU: its waiting lines and units, what supply covers, the last ship dates;
    the SKUs with most units without supply first."""
    per_sku, lines = result.skus, result.lines
    names = lines.drop_duplicates("sku").set_index("sku")["name"]
    return pd.DataFrame({
        "SKU": per_sku["sku"], "Product": per_sku["sku"].map(names),
        "Waiting lines": per_sku["open_lines"], "Waiting units": per_sku["waiting_units"],
        "Units covered": per_sku["covered_units"],
        "Units with no supply": per_sku["unplanned_units"],
        "Lines at risk": per_sku["lines_at_risk"],
        "Last line ships (likely)": per_sku["last_likely_on"],
        "Last line ships (late)": per_sku["last_late_on"]}
    ).sort_values(["Units with no supply", "Lines at risk"], ascending=False)


def supplies(result: Allocation) -> pd.DataFrame:
    """The supply rows worth listing (every PO, and stock that fills a line), by date."""
    supply = result.supply
    listed = supply[supply["source"].ne(SUPPLY_FROM_STOCK) | supply["lines_filled"].gt(0)]
    return listed.sort_values(["expected_on", "source"])


def per_po_table(per_po: pd.DataFrame, sentences: pd.Series) -> pd.DataFrame:
    """Per supply (stock or a PO): what it does in a sentence, its dates and units."""
    return pd.DataFrame({
        "What it does": sentences.reindex(per_po.index), "Supply": per_po["source"],
        "SKU": per_po["sku"], "Supplier": per_po["supplier"],
        "Units": per_po["qty"], "Expected": per_po["expected_on"],
        "Likely": per_po["likely_on"], "Late": per_po["late_on"],
        "Units to waiting lines": per_po["units_allocated"],
        "Units spare": per_po["units_spare"], "Lines filled": per_po["lines_filled"]})


def lines_table(lines: pd.DataFrame) -> pd.DataFrame:
    """The waiting lines with their projected ship dates and outlook."""
    return pd.DataFrame({
        "Order": lines["order_number"], "Line": lines["line_no"], "SKU": lines["sku"],
        "Kind": lines["kind"].map(LineKind.labels()),
        "Units": lines["qty"], "Placed": lines["placed_at"],
        "Promised": lines["promised_on"], "Projection": lines["projection"],
        "Likely ship": lines["likely_on"], "Late ship": lines["late_on"],
        "Outlook": lines["promise"]})
