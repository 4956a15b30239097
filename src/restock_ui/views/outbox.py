"""The outbox as the Notifications page shows it."""

from __future__ import annotations

import pandas as pd

from inventory_core import Created, NotificationKind, NotificationStatus
from restock_ui import fmt

KIND_LABELS = NotificationKind.labels()
STATUS_LABELS = NotificationStatus.labels()
SCOPES = ["Selected rows", "All shown"]
NOTICE = "notif_notice"  # what the last action did, shown once after the rerun


def messages_table(box: pd.DataFrame) -> pd.DataFrame:
    """The messages shown, as the table lists them."""
    return pd.DataFrame({
        "Created": box["created_at"], "Kind": box["kind"].map(KIND_LABELS),
        "Status": box["status"].map(STATUS_LABELS), "Email": box["recipient"],
        "SKU": box["sku"], "Order": box["order_number"], "Subject": box["subject"],
        "Sent": box["sent_at"]})


def counts_by_kind(everything: pd.DataFrame) -> pd.DataFrame:
    """Messages per kind and status (Kind, Status, Messages), for the chart."""
    return (everything.assign(Kind=everything["kind"].map(KIND_LABELS),
                              Status=everything["status"].map(STATUS_LABELS))
            .groupby(["Kind", "Status"]).size().reset_index(name="Messages"))


def acted_on(box: pd.DataFrame, rows: list[int], scope: str) -> pd.DataFrame:
    """The messages an action applies to: every one shown, or the selected rows."""
    return box if scope == "All shown" else box.iloc[rows]


def to_export(box: pd.DataFrame, rows: list[int], scope: str) -> pd.DataFrame:
    """The messages the export holds: those acted on, or all shown when none is selected."""
    return acted_on(box, rows, scope) if rows else box


def reviewed(box: pd.DataFrame, rows: list[int]) -> tuple[pd.Series, str]:
    """The message the review box shows — the row last selected in the table (``rows``,
    positions in ``box``), else the first shown — and a caption saying which it is."""
    picked = [row for row in rows if 0 <= row < len(box)]
    if not picked:
        return box.iloc[0], "The first message shown; click a row in the table to read another."
    message = box.iloc[picked[-1]]
    return message, (f"The message selected in the table (row {picked[-1] + 1} of "
                     f"{len(box):,}); click another row to read it.")


def created_text(made: Created) -> str:
    """What a refresh added to the outbox, and what it held for review."""
    return (f"{made.total} new message(s): {made.back_in_stock} back in stock, "
            f"{made.release} released, {made.backorder_delay} delay notices, "
            f"{made.backorder_ready} ready to ship." + held_text(made.held_for_review))


def held_text(held: int) -> str:
    """`` N delay notices wait for your review…`` (empty when none is held)."""
    if not held:
        return ""
    return (f" {fmt.plural(held, 'delay notice')} wait for your review on the "
            "Notifications page.")


def held_table(held: pd.DataFrame) -> pd.DataFrame:
    """The held delay notices, as the review lists them."""
    return pd.DataFrame({"Order": held["order_number"], "Email": held["recipient"],
                         "Subject": held["subject"]})
