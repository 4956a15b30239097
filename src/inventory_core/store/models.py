"""The database schema: one mapped class per table of DESIGN §2.

Constraints carry the facts of the domain (keys, foreign keys, quantities that
cannot be negative, closed vocabularies) so that bad data is refused by the
database itself, whatever wrote it. Alembic migrations in
``inventory_core/migrations`` create exactly this schema; a test compares them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    Enum,
    ForeignKey,
    Index,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    literal_column,
    text,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from inventory_core.domain.delay_consent import Answer
from inventory_core.domain.enums import (
    LineKind,
    LineStatus,
    NotificationKind,
    NotificationStatus,
    PolicyMode,
    PurchaseOrderStatus,
    SubscriptionKind,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Numeric(12, 2)


def _enum(kind: type, name: str) -> Enum:
    """A column type storing the enumeration's values, checked by a constraint."""
    return Enum(kind, name=name, native_enum=False, create_constraint=True, length=20,
                values_callable=lambda members: [m.value for m in members],
                validate_strings=True)


class Base(DeclarativeBase):
    """The declarative base every table derives from."""

    metadata = MetaData(naming_convention=NAMING)


class Supplier(Base):
    """A supplier, its nominal lead time and how it sells (units per pack, the smallest
    order; blank where not known); reliability is measured from its POs."""

    __tablename__ = "suppliers"
    __table_args__ = (CheckConstraint("lead_time_days >= 0", name="lead_time_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    lead_time_days: Mapped[int] = mapped_column(default=14)
    email: Mapped[str | None] = mapped_column(String(320))
    pack_size: Mapped[int | None]
    min_order_qty: Mapped[int | None]


class Product(Base):
    """One sellable variant, keyed by SKU, grouped under its platform parent."""

    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("cost >= 0", name="cost_not_negative"),
        CheckConstraint("low_stock_at >= 0", name="low_stock_at_not_negative"),
        Index(None, "category"),
        Index(None, "supplier_id"),
    )

    sku: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    group_key: Mapped[str | None] = mapped_column(String(255))
    option1: Mapped[str | None] = mapped_column(String(255))
    option2: Mapped[str | None] = mapped_column(String(255))
    option3: Mapped[str | None] = mapped_column(String(255))
    external_id: Mapped[str | None] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(200), default="Uncategorised")
    price: Mapped[Decimal] = mapped_column(Money, default=0)
    # false while no file has stated the price (first met in an inventory export): 0 stored
    price_known: Mapped[bool] = mapped_column(default=True, server_default=true())
    cost: Mapped[Decimal] = mapped_column(Money, default=0)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    launch_date: Mapped[dt.date | None]
    discontinued: Mapped[bool] = mapped_column(default=False)
    low_stock_at: Mapped[int | None]
    stock_tracked: Mapped[bool] = mapped_column(default=True, server_default=true())
    """False where the store does not count the product's stock: it sells without limit
    (storefront state "Not tracked")."""


MAIN_LOCATION = "Main"
"""The location of stock where a file or a received purchase order names none."""


class Stock(Base):
    """Units of a SKU at one location: on hand and reserved for open orders."""

    __tablename__ = "stock"
    __table_args__ = (
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        # every per-SKU sum of stock is read from this index alone, not from the rows
        Index(None, "sku", "on_hand", "reserved"),
    )

    sku: Mapped[str] = mapped_column(
        ForeignKey("products.sku", ondelete="CASCADE"), primary_key=True
    )
    location: Mapped[str] = mapped_column(String(200), primary_key=True, default=MAIN_LOCATION)
    on_hand: Mapped[int] = mapped_column(default=0)
    reserved: Mapped[int] = mapped_column(default=0)


class PurchaseOrder(Base):
    """Incoming supply of one SKU: ordered, expected, and (once there) received."""

    __tablename__ = "purchase_orders"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("expected_on >= ordered_on", name="expected_after_ordered"),
        Index(None, "sku", "status"),
        Index(None, "status", "expected_on"),
    )

    po_number: Mapped[str] = mapped_column(String(100), primary_key=True)
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku", ondelete="CASCADE"))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    qty: Mapped[int]
    ordered_on: Mapped[dt.date]
    expected_on: Mapped[dt.date]
    received_on: Mapped[dt.date | None]
    status: Mapped[PurchaseOrderStatus] = mapped_column(
        _enum(PurchaseOrderStatus, "po_status"), default=PurchaseOrderStatus.OPEN
    )
    version: Mapped[int] = mapped_column(default=1)


class Order(Base):
    """A customer's order; its lines say what was bought and how."""

    __tablename__ = "orders"
    __table_args__ = (Index(None, "placed_at"), Index(None, "customer_email"))

    order_number: Mapped[str] = mapped_column(String(100), primary_key=True)
    customer_email: Mapped[str | None] = mapped_column(String(320))
    customer_name: Mapped[str | None] = mapped_column(String(200))
    placed_at: Mapped[dt.datetime]


class OrderLine(Base):
    """One SKU on an order: from stock, on backorder or as a pre-order."""

    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("order_number", "line_no"),
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        Index(None, "sku", "status"),
        Index(None, "status", "kind"),
        # open lines only: per-SKU backlog sums read this index, not every line
        Index(None, "sku", "kind", "qty", "promised_on",
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_number: Mapped[str] = mapped_column(
        ForeignKey("orders.order_number", ondelete="CASCADE")
    )
    line_no: Mapped[int]
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku", ondelete="CASCADE"))
    qty: Mapped[int]
    unit_price: Mapped[Decimal] = mapped_column(Money)
    kind: Mapped[LineKind] = mapped_column(_enum(LineKind, "line_kind"), default=LineKind.STOCK)
    status: Mapped[LineStatus] = mapped_column(
        _enum(LineStatus, "line_status"), default=LineStatus.OPEN
    )
    promised_on: Mapped[dt.date | None]
    fulfilled_at: Mapped[dt.datetime | None]


LINE_IS_OPEN = OrderLine.status == literal_column("'open'")
"""An open line, written out (not a bound value) so the database answers it from the
partial index of open lines alone."""


K = TypeVar("K")
KEYS_PER_STATEMENT = 500
"""Keys in one ``IN (…)``: well inside every database's limit on bound parameters
(PostgreSQL's driver refuses more than 65,535)."""


def key_chunks(keys: Sequence[K]) -> Iterator[Sequence[K]]:
    """``keys`` in runs of at most ``KEYS_PER_STATEMENT``, one ``IN (…)`` each."""
    for start in range(0, len(keys), KEYS_PER_STATEMENT):
        yield keys[start:start + KEYS_PER_STATEMENT]


class group_apart(FunctionElement[Any]):  # noqa: N801  (reads as a column in a query)
    """A column to group by without walking its index.

    SQLite's planner prefers an index that hands rows over already grouped, even when
    another index finds the few rows a query wants (the pre-order lines among two
    million): it then reads every row. On SQLite the column is written ``+column``,
    which hides its index; other databases plan from statistics and get the column.
    """

    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(group_apart)
def _group_apart(element: group_apart, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses.clauses[0], **kw)


@compiles(group_apart, "sqlite")
def _group_apart_sqlite(element: group_apart, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + compiler.process(element.clauses.clauses[0], **kw)


class Policy(Base):
    """How one SKU is sold when it cannot ship from stock, and what the store says."""

    __tablename__ = "policies"
    __table_args__ = (
        CheckConstraint("cap >= 0", name="cap_not_negative"),
        CheckConstraint(
            "discount_pct >= 0 AND discount_pct <= 100", name="discount_pct_in_range"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        Index(None, "mode"),
    )

    sku: Mapped[str] = mapped_column(
        ForeignKey("products.sku", ondelete="CASCADE"), primary_key=True
    )
    mode: Mapped[PolicyMode] = mapped_column(
        _enum(PolicyMode, "policy_mode"), default=PolicyMode.STOCK
    )
    cap: Mapped[int | None]
    restock_date: Mapped[dt.date | None]
    release_date: Mapped[dt.date | None]
    button_label: Mapped[str | None] = mapped_column(String(100))
    customer_note: Mapped[str | None] = mapped_column(String(500))
    discount_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=0)
    auto_switch: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[dt.datetime | None]
    updated_by: Mapped[str | None] = mapped_column(String(200))


class Change(Base):
    """One audited change of one field: of a policy or of a purchase order."""

    __tablename__ = "changes"
    __table_args__ = (
        CheckConstraint("entity IN ('policy', 'purchase_order', 'store')", name="entity_known"),
        Index(None, "entity", "entity_key"),
        Index(None, "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20), default="policy")
    entity_key: Mapped[str] = mapped_column(String(100))
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[dt.datetime]
    changed_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(200))


class Subscription(Base):
    """A customer's sign-up to hear when a SKU is back in stock or released."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("sku", "email", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    kind: Mapped[SubscriptionKind] = mapped_column(
        _enum(SubscriptionKind, "subscription_kind"), default=SubscriptionKind.BACK_IN_STOCK
    )
    created_at: Mapped[dt.datetime]
    notified_at: Mapped[dt.datetime | None]


class Notification(Base):
    """A message in the outbox; ``dedupe_key`` makes each event produce it once."""

    __tablename__ = "notifications"
    __table_args__ = (Index(None, "status"), Index(None, "order_number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NotificationKind] = mapped_column(_enum(NotificationKind, "notification_kind"))
    recipient: Mapped[str] = mapped_column(String(320))
    sku: Mapped[str | None] = mapped_column(ForeignKey("products.sku", ondelete="SET NULL"))
    order_number: Mapped[str | None] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    status: Mapped[NotificationStatus] = mapped_column(
        _enum(NotificationStatus, "notification_status"), default=NotificationStatus.PENDING
    )
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)


class DelayAnswer(Base):
    """A customer's answer to a delay, from the status page: Wait or Cancel, by whom,
    when, and for which promised (revised) ship date."""

    __tablename__ = "delay_answers"
    __table_args__ = (Index(None, "order_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_number: Mapped[str] = mapped_column(
        ForeignKey("orders.order_number", ondelete="CASCADE"))
    line_no: Mapped[int]
    answer: Mapped[Answer] = mapped_column(_enum(Answer, "delay_answer"))
    promised_on: Mapped[dt.date | None]
    answered_by: Mapped[str] = mapped_column(String(320))
    answered_at: Mapped[dt.datetime]


class Setting(Base):
    """A named setting of the store (JSON text): assumptions, mappings, thresholds."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class StockHistory(Base):
    """A SKU's stock as recorded on a day, at every import and refresh: the units
    available and whether the storefront could sell it (the forecast leaves out days
    it could not: no stock and not on backorder)."""

    __tablename__ = "stock_history"

    sku: Mapped[str] = mapped_column(
        ForeignKey("products.sku", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    available: Mapped[int]
    sellable: Mapped[bool]


class DemandForecast(Base):
    """A SKU's stored demand forecast (``services.forecasts``): units a day over the
    next days with its 80 % interval, the spread of daily demand, the method and why."""

    __tablename__ = "forecasts"

    sku: Mapped[str] = mapped_column(
        ForeignKey("products.sku", ondelete="CASCADE"), primary_key=True
    )
    made_on: Mapped[dt.date]
    method: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(300))
    daily_units: Mapped[float]
    low: Mapped[float]
    high: Mapped[float]
    sigma: Mapped[float]
    path: Mapped[str] = mapped_column(Text, default="")  # the days ahead (JSON)
