"""The push outbox: a message per subscription, added in the same transaction as the event it tells about.

If the event is rolled back, so is its notification; if it is committed, the worker will deliver it.
Nothing is committed here.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.models import PushKind, PushMessage, PushSubscription, Recipient, Share, User


def enqueue(db: Session, user_ids: int | Iterable[int], kind: PushKind, url: str, share_id: int | None = None) -> int:
    """Queue `kind` for every browser these (active) adults turned notifications on in; returns how many."""
    if not url.startswith("/") or url.startswith("//") or len(url) > 200:
        raise ValueError("a push message opens a path inside the app")
    ids = [user_ids] if isinstance(user_ids, int) else list(user_ids)
    if not ids:
        return 0
    subscription_ids = db.scalars(
        select(PushSubscription.id).join(User, User.id == PushSubscription.user_id)
        .where(PushSubscription.user_id.in_(ids), User.is_active)
    ).all()
    now = utcnow()
    db.add_all(PushMessage(subscription_id=sid, kind=kind, url=url, share_id=share_id, created_at=now, attempts=0,
                           next_attempt_at=now)
               for sid in subscription_ids)
    return len(subscription_ids)


def new_share(db: Session, share: Share) -> None:
    """The contact person hears that something was shared (never what, or by whom)."""
    if share.recipient == Recipient.CONTACT_PERSON and share.contact_person_id is not None:
        enqueue(db, share.contact_person_id, PushKind.NEW_SHARE, f"/inbox/{share.id}", share_id=share.id)


def response(db: Session, share: Share) -> None:
    """The guardian who shared hears that the contact person answered, on the check-in page where the answer is.
    A child's own share is never announced to the guardians: they must not learn that the child shared."""
    if share.by_user_id is not None and share.check_in_id is not None:
        enqueue(db, share.by_user_id, PushKind.RESPONSE, f"/check-ins/{share.check_in_id}")
