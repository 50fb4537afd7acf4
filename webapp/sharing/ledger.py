"""The tamper-evident ledger: each entry carries the hash of the one before it."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.db import take_write_lock, utcnow
from webapp.models import LedgerEntry

GENESIS = "0" * 64


def _digest(previous_hash: str, created_at: datetime, event: str, payload: str) -> str:
    stamp = created_at.astimezone(UTC).isoformat()
    return hashlib.sha256("\x1f".join((previous_hash, stamp, event, payload)).encode()).hexdigest()


def append(db: Session, event: str, **payload: object) -> LedgerEntry:
    """Add an entry in the caller's transaction (ids and choices only, never content)."""
    take_write_lock(db, LedgerEntry.__tablename__)  # one writer at a time extends the chain
    last = db.scalar(select(LedgerEntry.hash).order_by(LedgerEntry.id.desc()).limit(1)) or GENESIS
    now = utcnow()
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    entry = LedgerEntry(created_at=now, event=event, payload=body, previous_hash=last,
                        hash=_digest(last, now, event, body))
    db.add(entry)
    db.flush()
    return entry


def verify(db: Session) -> int | None:
    """The id of the first entry that does not fit the chain, or None when the whole chain holds."""
    expected_previous = GENESIS
    for entry in db.scalars(select(LedgerEntry).order_by(LedgerEntry.id)):
        recomputed = _digest(entry.previous_hash, entry.created_at, entry.event, entry.payload)
        if entry.previous_hash != expected_previous or entry.hash != recomputed:
            return entry.id
        expected_previous = entry.hash
    return None
