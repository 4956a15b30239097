"""The errors ``inventory_core`` raises; pages show them as messages.

    InventoryError
    ├── StoreUnavailable   the database cannot be reached or opened
    ├── NotFound           a SKU, order or purchase order does not exist
    ├── InvalidInput       a value given by the user breaks a rule
    ├── ImportRefused      a file was refused; nothing was stored
    ├── ConcurrentEdit     someone else changed the record since it was loaded
    └── PermissionDenied   the user's role may not change stored data
"""

from __future__ import annotations

from typing import Any


class InventoryError(Exception):
    """Raised for any failure a merchant can understand and act on."""


class StoreUnavailable(InventoryError):
    """Raised when the configured database cannot be reached or opened."""


class NotFound(InventoryError):
    """Raised when a SKU, order, or purchase order named by the user does not exist."""


class InvalidInput(InventoryError):
    """Raised when a value given by the user breaks a rule; the message says which."""


class ImportRefused(InventoryError):
    """Raised when an import file is refused; ``problems`` lists row, column and reason."""

    def __init__(self, message: str, problems: list[Any] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ConcurrentEdit(InventoryError):
    """Raised when a record changed since it was loaded; ``changes`` says what changed."""

    def __init__(self, message: str,
                 changes: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.changes = changes or []


class PermissionDenied(InventoryError):
    """Raised when a viewer tries to change stored data."""
