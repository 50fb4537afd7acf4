"""A child's picture code: three of nine pictograms in order, hashed with argon2id, locked after misses."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm import Session

from webapp.auth.passwords import hash_secret, verify_secret
from webapp.db import utcnow
from webapp.models import Child

# The nine pictures of the code pad, in the order they are shown. Keys are pictogram file names.
PICTURE_CODE_SET: tuple[str, ...] = ("cat", "dog", "sun", "tree", "car", "fish", "star", "apple", "ball")
CODE_LENGTH = 3

PICTURE_NAMES = {
    # Translators: a picture on a child's picture-code pad.
    "cat": _l("cat"),
    # Translators: a picture on a child's picture-code pad.
    "dog": _l("dog"),
    # Translators: a picture on a child's picture-code pad.
    "sun": _l("sun"),
    # Translators: a picture on a child's picture-code pad.
    "tree": _l("tree"),
    # Translators: a picture on a child's picture-code pad.
    "car": _l("car"),
    # Translators: a picture on a child's picture-code pad.
    "fish": _l("fish"),
    # Translators: a picture on a child's picture-code pad.
    "star": _l("star"),
    # Translators: a picture on a child's picture-code pad.
    "apple": _l("apple"),
    # Translators: a picture on a child's picture-code pad.
    "ball": _l("ball"),
}


class CodeResult(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"  # locked now or before: only an adult can unlock
    NOT_SET = "not_set"


def parse_code(raw: Sequence[str] | str | None) -> tuple[str, ...] | None:
    """A valid code is exactly three different pictures from the set; anything else is None."""
    if raw is None:
        return None
    parts = tuple(raw.split("-")) if isinstance(raw, str) else tuple(raw)
    if len(parts) != CODE_LENGTH or len(set(parts)) != CODE_LENGTH:
        return None
    if not all(p in PICTURE_CODE_SET for p in parts):
        return None
    return parts


def _secret(code: tuple[str, ...]) -> str:
    return "-".join(code)


def set_code(db: Session, child: Child, code: tuple[str, ...]) -> None:
    """Set or replace a child's code; this also lifts any lock."""
    child.code_hash = hash_secret(_secret(code))
    child.code_failed_attempts = 0
    child.code_locked_at = None
    db.flush()


def unlock_code(db: Session, child: Child) -> None:
    child.code_failed_attempts = 0
    child.code_locked_at = None
    db.flush()


def check_code(db: Session, child: Child, code: tuple[str, ...] | None) -> CodeResult:
    """Check a code attempt. The attempt is reserved in the database before the (slow) hash check, so
    parallel tries can never exceed the limit; a right code gives its reservation back."""
    if child.code_hash is None:
        return CodeResult.NOT_SET
    max_attempts = current_app.config["MITTHJUL"].picture_code_max_attempts
    reserved = db.execute(
        update(Child)
        .where(Child.id == child.id, Child.code_locked_at.is_(None), Child.code_failed_attempts < max_attempts)
        .values(code_failed_attempts=Child.code_failed_attempts + 1)
    ).rowcount
    db.commit()
    if reserved != 1:
        db.refresh(child)
        return CodeResult.LOCKED
    matches, new_hash = (False, None) if code is None else verify_secret(child.code_hash, _secret(code))
    if matches:
        db.execute(update(Child).where(Child.id == child.id).values(code_failed_attempts=0))
        if new_hash:
            child.code_hash = new_hash
        db.flush()
        db.refresh(child)
        return CodeResult.OK
    db.execute(
        update(Child)
        .where(Child.id == child.id, Child.code_failed_attempts >= max_attempts, Child.code_locked_at.is_(None))
        .values(code_locked_at=utcnow())
    )
    db.flush()
    db.refresh(child)
    return CodeResult.LOCKED if child.code_locked_at is not None else CodeResult.WRONG
