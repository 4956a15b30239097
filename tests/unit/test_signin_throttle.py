"""Sign-in throttling and unusable password hashes, worked out by hand.

A clock of our own moves one second per attempt: the first three wrong passwords are
only refused; the 3rd brings a 2 s wait, then 4, 8, 16, 32, 60 s (attempts made
while waiting are refused in words and never look at the password); the 10th
failure locks the name and the session for 15 minutes, during which even the right
password is refused; after the lock, the right password signs in and clears it.
"""

from __future__ import annotations

import pytest

from inventory_core.domain.access import (
    SIGN_IN_REFUSED,
    AccessConfig,
    Role,
    check_hash,
    hash_password,
    sign_in_with_password,
)
from inventory_core.domain.throttle import LOCK_FOR, SignInThrottle, wait_after
from inventory_core.errors import InvalidInput, PermissionDenied

RIGHT = "the-right-password-123"
CONFIG = AccessConfig.from_secrets({"access": {"editor_password_hash": hash_password(RIGHT)}})
KEYS = ["name:dana", "session:1"]


def attempt(throttle: SignInThrottle, password: str, now: float) -> str:
    """What the sign-in form says: 'signed in', or its refusal (as the app builds it)."""
    waiting = throttle.refused(KEYS, now)
    if waiting:
        return waiting
    try:
        sign_in_with_password(CONFIG, "Dana", password)
    except PermissionDenied:
        wait = throttle.failed(KEYS, now)
        return SIGN_IN_REFUSED + (f" {wait}" if wait else "")
    throttle.succeeded(KEYS)
    return "signed in"


def test_the_waits_grow_then_lock():
    assert [wait_after(n) for n in range(1, 11)] == [0, 0, 2, 4, 8, 16, 32, 60, 60, LOCK_FOR]


def test_thirty_wrong_passwords_in_a_row_are_slowed_then_locked_and_said_so():
    throttle, said = SignInThrottle(), []
    for second in range(30):
        said.append(attempt(throttle, "wrong", float(second)))
    assert said[:2] == [SIGN_IN_REFUSED] * 2
    assert said[2] == (f"{SIGN_IN_REFUSED} Too many failed sign-ins: wait 2 seconds before "
                       "trying again.")
    assert said[3] == "Too many failed sign-ins: wait 1 second before trying again."
    failures = [s for s in said if s.startswith(SIGN_IN_REFUSED)]
    # failures at t = 0, 1, 2, 4 (2 s wait), 8 (4 s), 16 (8 s): six; the 7th waits 16 s (t = 32)
    assert len(failures) == 6
    assert said[29] == "Too many failed sign-ins: wait 3 seconds before trying again."
    # the right password while waiting is refused without being looked at
    assert attempt(throttle, RIGHT, 30.0).startswith("Too many failed sign-ins")


def test_ten_failures_lock_the_name_for_fifteen_minutes_even_for_the_right_password():
    throttle, now = SignInThrottle(), 0.0
    for _ in range(10):
        now += 61  # past every wait
        said = attempt(throttle, "wrong", now)
    assert said == (f"{SIGN_IN_REFUSED} Sign-in is locked after 10 failed attempts for this "
                    "name or this browser session: try again in 15 minutes, or ask the "
                    "store's owner.")
    assert attempt(throttle, RIGHT, now + 60).endswith("try again in 14 minutes, or ask the "
                                                       "store's owner.")
    assert attempt(throttle, RIGHT, now + LOCK_FOR) == "signed in"
    assert attempt(throttle, "wrong", now + LOCK_FOR + 1) == SIGN_IN_REFUSED  # counted afresh


def test_another_name_in_the_same_session_is_locked_too_but_not_another_session():
    throttle = SignInThrottle()
    for second in range(3):
        throttle.failed(KEYS, float(second))
    assert throttle.refused(["name:eve", "session:1"], 2.5) is not None
    assert throttle.refused(["name:eve", "session:2"], 2.5) is None


UNUSABLE = {
    "n = 1 and a 3-byte salt": "scrypt$1$8$1$AAAA$AAAA",
    "an empty digest": "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$",
    "n = 2^30": "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "=",
    "not a hash at all": "hunter2",
}


@pytest.mark.parametrize("encoded", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_an_unusable_hash_is_a_configuration_error_and_the_other_role_still_signs_in(encoded):
    with pytest.raises(InvalidInput, match="hash-password"):
        check_hash(encoded)
    config = AccessConfig.from_secrets({"access": {
        "editor_password_hash": encoded, "viewer_password_hash": hash_password(RIGHT)}})
    assert config.mode == "password" and config.editor_password_hash is None
    assert len(config.problems) == 1
    assert config.problems[0].startswith("Configuration error: the editor password hash in "
                                         "the app's secrets (access.editor_password_hash)")
    assert sign_in_with_password(config, "Vera", RIGHT).role is Role.VIEWER
    with pytest.raises(PermissionDenied):
        sign_in_with_password(config, "Eddie", "anything-at-all")
