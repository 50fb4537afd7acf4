"""argon2id hashing for adults' passwords and children's picture codes, with its parameters in one place."""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

# argon2id; the cost (t=3, m=64 MiB by default, OWASP's recommendation) comes from Config so that
# only the tests can lower it. Changing it makes every hash upgrade at its owner's next sign-in.
ARGON2_PARAMETERS = {"parallelism": 1, "hash_len": 32, "salt_len": 16, "type": Type.ID}

# A hash of nothing in particular, verified against when an e-mail is unknown, so that
# sign-in takes the same time whether or not the account exists.
_DUMMY_PASSWORD = "not a real password"  # noqa: S105


def hasher() -> PasswordHasher:
    """The app's argon2id hasher with the configured cost."""
    config = current_app.config["MITTHJUL"]
    return PasswordHasher(
        time_cost=config.argon2_time_cost, memory_cost=config.argon2_memory_cost, **ARGON2_PARAMETERS
    )


def hash_secret(secret: str) -> str:
    return hasher().hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> tuple[bool, str | None]:
    """Check a secret; returns (matches, new hash if the stored one should be upgraded)."""
    ph = hasher()
    if stored_hash is None:
        with contextlib.suppress(VerificationError):
            ph.verify(ph.hash(_DUMMY_PASSWORD), secret)
        return False, None
    try:
        ph.verify(stored_hash, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, None
    return True, (ph.hash(secret) if ph.check_needs_rehash(stored_hash) else None)
