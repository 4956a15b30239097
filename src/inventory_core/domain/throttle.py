"""Failed sign-ins slow down, then lock, whoever keeps guessing: per name and per session.

A sign-in is tried under several keys at once (the name typed, the browser session).
After ``FREE_FAILURES`` failures in a row under a key, each further attempt waits
longer (``first_wait`` seconds, doubling, at most ``MAX_WAIT``); after
``LOCK_AFTER`` failures the key is locked for ``LOCK_FOR``. An attempt made while
waiting or locked is refused in words without looking at the password (so the right
password does not get in during a lock either). A sign-in that succeeds clears its
keys; a key left alone for ``LOCK_FOR`` is forgotten.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from math import ceil

FREE_FAILURES = 3
FIRST_WAIT = 2.0
MAX_WAIT = 60.0
LOCK_AFTER = 10
LOCK_FOR = 15 * 60.0
MAX_KEYS = 10_000
"""Keys remembered at most (the oldest are forgotten first)."""


@dataclass(frozen=True)
class Failures:
    """Failed attempts in a row under one key, and when the last one was (POSIX seconds)."""

    count: int
    last: float


def wait_after(count: int) -> float:
    """Seconds to wait after ``count`` failures in a row before the next attempt."""
    if count >= LOCK_AFTER:
        return LOCK_FOR
    if count < FREE_FAILURES:
        return 0.0
    return float(min(FIRST_WAIT * 2.0 ** (count - FREE_FAILURES), MAX_WAIT))


def refusal(count: int, remaining: float) -> str:
    """The words for an attempt refused ``remaining`` seconds before the next one may be made."""
    if count >= LOCK_AFTER:
        minutes = max(ceil(remaining / 60), 1)
        return (f"Sign-in is locked after {count} failed attempts for this name or this "
                f"browser session: try again in {minutes} minute{'s' * (minutes != 1)}, "
                "or ask the store's owner.")
    seconds = max(ceil(remaining), 1)
    return (f"Too many failed sign-ins: wait {seconds} second{'s' * (seconds != 1)} "
            "before trying again.")


class SignInThrottle:
    """The failures of every key of this process (safe to share between threads)."""

    def __init__(self) -> None:
        self._failures: dict[str, Failures] = {}
        self._lock = threading.Lock()

    def refused(self, keys: list[str], now: float) -> str | None:
        """Why an attempt under ``keys`` may not be made at ``now``, or None when it may."""
        with self._lock:
            worst: tuple[float, int] | None = None
            for key in keys:
                failed = self._failures.get(key)
                if failed is None:
                    continue
                remaining = failed.last + wait_after(failed.count) - now
                if remaining > 0 and (worst is None or remaining > worst[0]):
                    worst = (remaining, failed.count)
            return None if worst is None else refusal(worst[1], worst[0])

    def failed(self, keys: list[str], now: float) -> str | None:
        """Count a failed attempt under ``keys``; the words for the wait it brings, if any."""
        with self._lock:
            for key in keys:
                before = self._failures.get(key)
                count = (1 if before is None or now - before.last >= LOCK_FOR
                         else before.count + 1)
                self._failures[key] = Failures(count, now)
            if len(self._failures) > MAX_KEYS:
                for key, _ in sorted(self._failures.items(),
                                     key=lambda item: item[1].last)[:len(self._failures)
                                                                    - MAX_KEYS]:
                    del self._failures[key]
        return self.refused(keys, now)

    def succeeded(self, keys: list[str]) -> None:
        """Clear the failures of ``keys`` after a sign-in that went through."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
