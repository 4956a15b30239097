"""Customer lookup: an order (by number) or a customer (by email), line by line.

Each line shows its status, age, promised date and — for open backorder and
pre-order lines — the projected ship date from ``allocation`` (computed over the
whole SKU, so other customers' older lines come first), plus alternatives from
other products in stock for late lines, and per order the message the outbox would
send (``customer_messages``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import ColumnElement, Engine, func, select

from inventory_core.domain.aging import days_since
from inventory_core.domain.allocation import PROJECTION_FROM_STOCK, allocate
from inventory_core.domain.enums import LineKind, LineStatus
from inventory_core.domain.messages import Message, MessageTemplates, message_lines, order_message
from inventory_core.errors import InvalidInput, NotFound
from inventory_core.queries.alternatives import with_alternatives
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
           "alternatives", "email", "customer_name"]


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
               email: str | None = None, currency: str = "$") -> pd.DataFrame:
    """Every line of the order / of the customer's orders, with its projection, and on
    each waiting line whose message offers them, other products in stock (priced in
    ``currency``), as the customer's message names them.

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
                   Order.placed_at, OrderLine.promised_on, Order.customer_email,
                   Order.customer_name)
            .join(Order, Order.order_number == OrderLine.order_number)
            .join(Product, Product.sku == OrderLine.sku)
            .where(where).order_by(Order.placed_at, OrderLine.order_number, OrderLine.line_no)
        ).all()
        frame = pd.DataFrame(rows, columns=["line_id", "order_number", "line_no", "sku",
                                            "name", "qty", "kind", "status", "placed_at",
                                            "promised_on", "email", "customer_name"])
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
        projected = with_alternatives(connection, projected[projected["order_number"].isin(
            frame["order_number"])], currency)
    frame["kind"] = frame["kind"].astype(str)
    frame["status"] = frame["status"].astype(str)
    frame = frame.merge(projected[["line_id", "projection", "likely_on", "late_on", "promise",
                                   "alternatives"]], on="line_id", how="left")
    is_open = frame["status"].eq(LineStatus.OPEN.value)
    frame.loc[~is_open, "projection"] = frame.loc[~is_open, "status"].map(
        LineStatus.labels())
    stock_open = is_open & frame["kind"].eq(LineKind.STOCK.value)
    frame.loc[stock_open, "projection"] = PROJECTION_FROM_STOCK
    frame["age_days"] = days_since(frame["placed_at"], today)
    frame["alternatives"] = frame["alternatives"].fillna("")
    # open lines first (waiting ones at the top), then the rest, each oldest first
    rank = (~is_open).astype(int) * 2 + (is_open & frame["kind"].eq(LineKind.STOCK.value))
    frame = frame.assign(_rank=rank).sort_values(["_rank", "placed_at", "order_number",
                                                  "line_no"], kind="stable")
    return frame[COLUMNS].reset_index(drop=True)


def customer_messages(lines: pd.DataFrame, templates: MessageTemplates,
                      today: dt.date, links: Mapping[str, str] | None = None) -> list[Message]:
    """The message for each order of ``lines`` (``find_lines``) with waiting lines, written
    as the outbox writes its notices (``domain.messages.order_message``): the same text
    for the same order, each with its status-page link from ``links`` where given. With
    nothing waiting, one message saying so."""
    links = links or {}
    waiting = lines[lines["status"].eq(LineStatus.OPEN.value)
                    & lines["kind"].ne(LineKind.STOCK.value)]
    if waiting.empty:
        first = lines.iloc[0]
        return [order_message(str(first["order_number"]), first["customer_name"], [],
                              templates, today, links.get(str(first["order_number"]), ""))]
    return [order_message(str(order), rows["customer_name"].iloc[0],
                          message_lines(rows.sort_values("line_no")), templates, today,
                          links.get(str(order), ""))
            for order, rows in waiting.groupby("order_number", sort=False)]
