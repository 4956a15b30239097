"""The closed vocabularies of the domain, each with its merchant-facing label.

Every enumeration stores its lowercase value in the database (checked by a
constraint) and answers the questions code would otherwise ask with string
comparisons (each predicate here has callers).
"""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A string enumeration whose members carry a human label."""

    @property
    def label(self) -> str:
        """The member as a merchant reads it."""
        own = _LABELS.get((type(self).__name__, self.value))
        return own or _LABELS.get(self.value, self.value.replace("_", " ").capitalize())

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Each member's label by its value: ``column.map(Kind.labels())`` labels a whole
        column at once, whether it holds members or their stored values."""
        return {member.value: member.label for member in cls}

    @classmethod
    def parse(cls, text: str) -> Labelled:
        """The member named by its value or its label, case-insensitively.

        Raises ValueError naming the accepted values when nothing matches.
        """
        wanted = str(text).strip().lower()
        for member in cls:
            if wanted in (member.value, member.label.lower()):
                return member
        accepted = ", ".join(m.value for m in cls)
        raise ValueError(f"'{text}' is not one of: {accepted}")


class PolicyMode(Labelled):
    """How a SKU is sold when it cannot ship from stock (DESIGN §2)."""

    STOCK = "stock"
    BACKORDER = "backorder"
    PREORDER = "preorder"
    OUT_OF_STOCK = "out_of_stock"
    DISCONTINUED = "discontinued"

    def sells_beyond_stock(self) -> bool:
        """True when the storefront keeps taking orders at zero stock."""
        return self in (PolicyMode.BACKORDER, PolicyMode.PREORDER)


class StorefrontState(Labelled):
    """What the store shows for a SKU today."""

    IN_STOCK = "in_stock"
    LOW_STOCK = "low_stock"
    BACKORDER = "backorder"
    PREORDER = "preorder"
    OUT_OF_STOCK = "out_of_stock"
    DISCONTINUED = "discontinued"
    NOT_TRACKED = "not_tracked"

    def is_sellable(self) -> bool:
        """True when a customer can put the SKU in the cart."""
        return self not in (StorefrontState.OUT_OF_STOCK, StorefrontState.DISCONTINUED)


class LineKind(Labelled):
    """Why an order line was taken: from stock, on backorder or as a pre-order."""

    STOCK = "stock"
    BACKORDER = "backorder"
    PREORDER = "preorder"

    def is_waiting(self) -> bool:
        """True for lines that wait for supply (backorders and pre-orders)."""
        return self is not LineKind.STOCK


class LineStatus(Labelled):
    """Where an order line stands."""

    OPEN = "open"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"

    def is_open(self) -> bool:
        """True while the line still has to ship."""
        return self is LineStatus.OPEN


class PurchaseOrderStatus(Labelled):
    """Where a purchase order (incoming supply) stands."""

    OPEN = "open"
    RECEIVED = "received"
    CANCELLED = "cancelled"

    def is_open(self) -> bool:
        """True while the supply is still expected."""
        return self is PurchaseOrderStatus.OPEN


class SubscriptionKind(Labelled):
    """What a customer signed up to hear about."""

    BACK_IN_STOCK = "back_in_stock"
    RELEASE = "release"


class NotificationKind(Labelled):
    """The messages the outbox holds."""

    BACK_IN_STOCK = "back_in_stock"
    RELEASE = "release"
    BACKORDER_DELAY = "backorder_delay"
    BACKORDER_READY = "backorder_ready"


class NotificationStatus(Labelled):
    """Where an outbox message stands."""

    PENDING = "pending"
    SENT = "sent"
    DISMISSED = "dismissed"


_LABELS: dict[object, str] = {
    "stock": "Sell from stock",
    "backorder": "Backorder",
    "preorder": "Pre-order",
    "out_of_stock": "Out of stock",
    "discontinued": "Discontinued",
    "in_stock": "In stock",
    "low_stock": "Low stock",
    "not_tracked": "Not tracked",
    "back_in_stock": "Back in stock",
    "backorder_delay": "Backorder delay",
    "backorder_ready": "Backorder ready",
    ("LineKind", "stock"): "From stock",
}
