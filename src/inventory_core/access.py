"""Who is acting: every write to the store names its actor, and viewers may not write."""

from __future__ import annotations

from dataclasses import dataclass

from .enums import _Labelled
from .errors import PermissionDenied


class Role(_Labelled):
    """What a user may do: a viewer looks and runs what-ifs, an editor also saves."""

    VIEWER = "viewer"
    EDITOR = "editor"

    def can_edit(self) -> bool:
        """True when the role may change stored data."""
        return self is Role.EDITOR


@dataclass(frozen=True)
class Actor:
    """The person (or process) behind a change, as the audit records it."""

    name: str
    role: Role = Role.EDITOR

    def require_editor(self, action: str) -> None:
        """Raise PermissionDenied, naming ``action``, unless the actor may edit."""
        if not self.role.can_edit():
            raise PermissionDenied(
                f"{self.name} signed in as a viewer and cannot {action}. "
                "Ask an editor, or sign in with an editor account.")


SYSTEM = Actor("auto-switch")
