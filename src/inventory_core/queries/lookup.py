"""Customer lookup: an order (by number) or a customer (by email), line by line.

Each line shows its status, age, promised date and — for open backorder and
pre-order lines — the projected ship date from ``allocation`` (computed over the
whole SKU, so other customers' older lines come first), plus in-stock
alternatives for lines with no supply planned, and a ready-to-send message.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from sqlalchemy import ColumnElement, Engine, func, select

from inventory_core.domain.aging import days_since
from inventory_core.domain.allocation import PROJECTION_FROM_STOCK, PROJECTION_NO_SUPPLY, allocate
from inventory_core.domain.enums import LineKind, LineStatus
from inventory_core.domain.wording import format_date
from inventory_core.errors import InvalidInput, NotFound
from inventory_core.queries.alternatives import alternatives, suggestion_text
from inventory_core.queries.promises import (
    allocatable_stock,
    open_purchase_orders,
    waiting_lines,
    with_delays,
)
from inventory_core.store.models import Order, OrderLine, Product

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COLUMNS = ["order_number", "line_no", "sku", "name", "qty", "kind", "status", "placed_at",
           "age_days", "promised_on", "projection", "likely_on", "late_on", "promise",
           "alternatives", "email"]


def parse_query(order: str | None = None, email: str | None = None) -> tuple[str, str]:
    """("order", number) or ("email", address) from what the user typed; InvalidInput if bad."""
    order, email = (order or "").strip(), (email or "").strip()
    if order and email:
        raise InvalidInput("Search by order number or by email, not both at once.")
    if email:
        if len(email) > 320 or not EMAIL.match(email):
            raise InvalidInput(f"'{email[:80]}' is not an email address (like name@example.com).")
        return "email", email.lower()
    if order:
        if len(order) > 100 or any(c in order for c in "<>\"'\n\r\t"):
            raise InvalidInput(f"'{order[:80]}' is not an order number (like #1042 or 1042).")
        return "order", order
    raise InvalidInput("Type an order number or an email address.")


def find_lines(engine: Engine, today: dt.date, *, order: str | None = None,
               email: str | None = None) -> pd.DataFrame:
    """Every line of the order / of the customer's orders, with its projection.

    Raises InvalidInput for a malformed query and NotFound when nothing matches.
    """
    field, value = parse_query(order, email)
    with engine.connect() as connection:
        if field == "order":
            wanted = [value] if not value.startswith("#") else [value]
            alt = value[1:] if value.startswith("#") else f"#{value}"
            where: ColumnElement[bool] = Order.order_number.in_([*wanted, alt])
        else:
            where = func.lower(Order.customer_email) == value
        rows = connection.execute(
            select(OrderLine.id, OrderLine.order_number, OrderLine.line_no, OrderLine.sku,
                   Product.name, OrderLine.qty, OrderLine.kind, OrderLine.status,
                   Order.placed_at, OrderLine.promised_on, Order.customer_email)
            .join(Order, Order.order_number == OrderLine.order_number)
            .join(Product, Product.sku == OrderLine.sku)
            .where(where).order_by(Order.placed_at, OrderLine.order_number, OrderLine.line_no)
        ).all()
        frame = pd.DataFrame(rows, columns=["line_id", "order_number", "line_no", "sku",
                                            "name", "qty", "kind", "status", "placed_at",
                                            "promised_on", "email"])
        if frame.empty:
            what = f"order {value}" if field == "order" else f"orders for {value}"
            raise NotFound(f"No {what} in the store. Check the spelling, or search by the "
                           + ("customer's email." if field == "order" else "order number."))
        orders = frame["order_number"].unique().tolist()
        waiting = waiting_lines(connection, orders=orders)
        skus = waiting["sku"].unique().tolist()
        stock = allocatable_stock(connection)
        stock = stock[stock["sku"].isin(skus)]
        pos = open_purchase_orders(connection)
        pos = with_delays(connection, pos[pos["sku"].isin(skus)])
        projected = allocate(waiting, stock, pos, today).lines
        unplanned = projected.loc[projected["source"].isna(), "sku"].unique().tolist()
        suggested = alternatives(connection, unplanned)
    frame["kind"] = frame["kind"].astype(str)
    frame["status"] = frame["status"].astype(str)
    frame = frame.merge(projected[["line_id", "projection", "likely_on", "late_on", "promise"]],
                        on="line_id", how="left")
    is_open = frame["status"].eq(LineStatus.OPEN.value)
    frame.loc[~is_open, "projection"] = frame.loc[~is_open, "status"].map(
        LineStatus.labels())
    stock_open = is_open & frame["kind"].eq(LineKind.STOCK.value)
    frame.loc[stock_open, "projection"] = PROJECTION_FROM_STOCK
    frame["age_days"] = days_since(frame["placed_at"], today)
    frame["alternatives"] = [
        suggestion_text(suggested, sku) if projection == PROJECTION_NO_SUPPLY else ""
        for sku, projection in zip(frame["sku"], frame["projection"], strict=True)]
    # open lines first (waiting ones at the top), then the rest, each oldest first
    rank = (~is_open).astype(int) * 2 + (is_open & frame["kind"].eq(LineKind.STOCK.value))
    frame = frame.assign(_rank=rank).sort_values(["_rank", "placed_at", "order_number",
                                                  "line_no"], kind="stable")
    return frame[COLUMNS].reset_index(drop=True)


def customer_message(lines: pd.DataFrame) -> str:
    """A message a customer-service person can paste into a reply, one paragraph per line."""
    open_lines = lines[lines["status"].eq(LineStatus.OPEN.value)]
    parts = ["Hello,", ""]
    if open_lines.empty:
        parts.append("Everything on your order has been shipped or closed: nothing is waiting.")
    else:
        parts += ["Here is where your order stands:", ""]
    for row in open_lines.itertuples():
        kind = LineKind(row.kind)
        head = f"- Order {row.order_number}: {row.name} × {row.qty}"
        if LineStatus(row.status) is not LineStatus.OPEN:
            parts.append(f"{head}: {LineStatus(row.status).label.lower()}.")
        elif kind is LineKind.STOCK:
            parts.append(f"{head}: in stock, on its way to being shipped.")
        elif row.projection == PROJECTION_NO_SUPPLY:
            text = f"{head}: waiting for new stock; we do not have a date from our supplier yet."
            if row.alternatives:
                text += f" In stock now, if you prefer: {row.alternatives}."
            parts.append(text)
        elif row.projection == PROJECTION_FROM_STOCK:
            parts.append(f"{head}: back in stock and ready to ship.")
        else:
            likely, late = format_date(row.likely_on), format_date(row.late_on)
            when = likely if likely == late else f"{likely} (at the latest around {late})"
            what = kind.label.lower()  # pre-order or backorder
            parts.append(f"{head} ({what}): expected to ship around {when}.")
    parts += ["", "Thank you for your patience. Reply to this message if you have any question."]
    return "\n".join(parts)
