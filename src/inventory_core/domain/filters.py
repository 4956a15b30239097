"""The merchant's selection of SKUs, shared by every page and query.

A plain value: ``queries.selection`` turns it into the SQL that narrows a query.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Filters:
    """Categories and suppliers to look at; empty means all. Hashable for caching."""

    categories: tuple[str, ...] = ()
    suppliers: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing is filtered out."""
        return not (self.categories or self.suppliers)


ALL = Filters()
