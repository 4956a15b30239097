"""Who is acting: every write to the store names its actor, and viewers may not write.

Real deployments configure roles in the app's secrets (see ``AccessConfig``):
either Streamlit's built-in login with a list of editor e-mails, or one password
per role stored as a salted scrypt hash (``hash_password``; on the command line
``python -m inventory_core hash-password``). With nothing configured, the single
local user is an editor.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from inventory_core.domain.enums import Labelled
from inventory_core.errors import InvalidInput, PermissionDenied


class Role(Labelled):
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

# --- passwords -------------------------------------------------------------------------

SCHEME = "scrypt"
_N, _R, _P = 2**14, 8, 1
MAX_N = 2**20
"""The largest scrypt cost a hash may ask for (a larger one could not be worked out
at sign-in in reasonable memory and time)."""
MAX_MEMORY = 256 * 1024 * 1024
"""The memory scrypt may use for one sign-in."""
SIGN_IN_REFUSED = "Sign-in failed: the name or password is not right."
"""The one message for any refused password sign-in (it never says which part was wrong)."""
MIN_PASSWORD_LENGTH = 12
"""The fewest characters a new role password may have."""


def check_new_password(password: str) -> None:
    """Raise InvalidInput unless ``password`` is long enough to become a role's password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"Choose a password of {MIN_PASSWORD_LENGTH} characters or more.")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A salted scrypt hash of ``password``: ``scrypt$N$r$p$<salt>$<hash>`` (base64)."""
    if not password:
        raise InvalidInput("The password is empty: choose a password of "
                           f"{MIN_PASSWORD_LENGTH} characters or more.")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join([SCHEME, str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def check_hash(encoded: str) -> None:
    """Raise InvalidInput unless ``encoded`` is a usable hash made by ``hash_password``."""
    problem = hash_problem(encoded)
    if problem:
        raise InvalidInput(f"A password hash in the app's secrets {problem}.")


def hash_problem(encoded: str) -> str | None:
    """Why ``encoded`` cannot be used as a password hash, in words, or None when it can."""
    try:
        parts = _parts(encoded)
    except (ValueError, TypeError):
        return "is not one made by `python -m inventory_core hash-password`"
    unusable = _unusable(*parts)
    if unusable:
        return (f"cannot be used: {unusable}; make a new one with "
                "`python -m inventory_core hash-password`")
    return None


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches the hash ``encoded`` (compared in constant time);
    raises InvalidInput for a hash that cannot be used (``check_hash``)."""
    n, r, p, salt, expected = _parse(encoded)
    try:
        digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                                dklen=len(expected), maxmem=MAX_MEMORY)
    except (ValueError, MemoryError) as error:
        raise InvalidInput(f"A password hash in the app's secrets cannot be used: {error}.") \
            from error
    return hmac.compare_digest(digest, expected)


def _parse(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    check_hash(encoded)
    return _parts(encoded)


def _parts(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    scheme, n, r, p, salt, digest = str(encoded).strip().split("$")
    if scheme != SCHEME:
        raise ValueError(scheme)
    return int(n), int(r), int(p), _unb64(salt), _unb64(digest)


def _unusable(n: int, r: int, p: int, salt: bytes, digest: bytes) -> str | None:
    """Why scrypt could not check a password against these parameters, or None."""
    if n < 2 or n > MAX_N or n & (n - 1):
        return f"its cost n = {n} is not a power of two from 2 to {MAX_N:,}"
    if not 1 <= r <= 64 or not 1 <= p <= 16:
        return f"its block size r = {r} or parallelism p = {p} is out of range"
    if 128 * n * r * (p + 1) > MAX_MEMORY:
        return "it needs more memory than a sign-in may use"
    if len(salt) < 8:
        return "its salt is shorter than 8 bytes"
    if len(digest) < 16:
        return "its digest is shorter than 16 bytes"
    return None


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


# --- who may do what --------------------------------------------------------------------

@dataclass(frozen=True)
class AccessConfig:
    """How users sign in, from the ``[access]`` (and ``[auth]``) sections of the secrets.

    - ``mode`` "open": nothing configured; the single local user is an editor.
    - ``mode`` "login": Streamlit's built-in login (an ``[auth]`` section); signed-in
      e-mails listed in ``editors`` edit, the others view. When ``viewers`` is given,
      only listed e-mails (or ``@domain`` entries) get in at all.
    - ``mode`` "password": ``viewer_password_hash`` / ``editor_password_hash``; the
      password typed decides the role. A hash that cannot be used is left out and
      named in ``problems`` (a configuration error to show), so the other role can
      still sign in.
    """

    mode: str = "open"
    editors: frozenset[str] = field(default_factory=frozenset)
    viewers: frozenset[str] | None = None
    viewer_password_hash: str | None = None
    editor_password_hash: str | None = None
    problems: tuple[str, ...] = ()

    @classmethod
    def from_secrets(cls, secrets: Mapping[str, object] | None) -> AccessConfig:
        """Read the configuration; raise InvalidInput naming a malformed setting."""
        secrets = secrets or {}
        section = secrets.get("access") or {}
        if not isinstance(section, Mapping):
            raise InvalidInput("The secrets' `access` setting must be a section ([access]).")
        given = {role: str(section.get(f"{role}_password_hash") or "").strip() or None
                 for role in ("viewer", "editor")}
        hashes: dict[str, str | None] = {}
        problems = []
        for role, value in given.items():
            problem = hash_problem(value) if value else None
            hashes[role] = None if problem else value
            if problem:
                problems.append(f"Configuration error: the {role} password hash in the app's "
                                f"secrets (access.{role}_password_hash) {problem}. Until it is "
                                f"fixed, the {role} password does not sign in.")
        editors = _emails(section.get("editors"), "editors")
        viewers = (_emails(section.get("viewers"), "viewers")
                   if section.get("viewers") is not None else None)
        if secrets.get("auth"):
            return cls("login", editors, viewers)
        if any(given.values()):
            return cls("password", viewer_password_hash=hashes["viewer"],
                       editor_password_hash=hashes["editor"], problems=tuple(problems))
        return cls()

    def role_for_email(self, email: str | None) -> Role | None:
        """The role of a signed-in account, or None when it may not get in."""
        email = (email or "").strip().lower()
        if not email:
            return None
        if _listed(email, self.editors):
            return Role.EDITOR
        if self.viewers is None or _listed(email, self.viewers):
            return Role.VIEWER
        return None

    def role_for_password(self, password: str) -> Role | None:
        """The role a typed password opens, or None (an editor's password wins)."""
        for role, encoded in ((Role.EDITOR, self.editor_password_hash),
                              (Role.VIEWER, self.viewer_password_hash)):
            try:
                if encoded and password and verify_password(password, encoded):
                    return role
            except InvalidInput:  # named in ``problems``; the other role still signs in
                continue
        return None


def sign_in_with_password(config: AccessConfig, name: str, password: str) -> Actor:
    """The actor a name and password sign in as; PermissionDenied with one message if not."""
    name = " ".join((name or "").split())
    role = config.role_for_password(password or "")
    if not name or role is None:
        raise PermissionDenied(SIGN_IN_REFUSED)
    return Actor(name=name[:200], role=role)


def _emails(value: object, setting: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset):
        raise InvalidInput(f"The secrets' `access.{setting}` must be a list of e-mails.")
    return frozenset(str(v).strip().lower() for v in value if str(v).strip())


def _listed(email: str, entries: frozenset[str]) -> bool:
    domain = "@" + email.rsplit("@", 1)[-1]
    return email in entries or domain in entries
