"""Subscriptions: checking what a browser sends, and turning notifications on and off for a person."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.models import PushMessage, PushSubscription, User

MAX_BODY_BYTES = 4096
MAX_ENDPOINT_LENGTH = 2000
MAX_SUBSCRIPTIONS_PER_PERSON = 20  # browsers and devices; the oldest goes when one more is added
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")

UNREADABLE = _l("Your browser sent something we could not read, so nothing was changed. Please try again.")
UNKNOWN_SERVICE = _l("Your browser uses a push service this server does not send to, so notifications "
                     "were not turned on.")


class InvalidSubscription(ValueError):
    """What the browser sent is not a subscription we accept; `message` says so in the person's language."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = str(message)


@dataclass(frozen=True)
class SubscriptionInfo:
    endpoint: str
    p256dh: str
    auth: str


def _base64url(value: object, length: int) -> bytes:
    if not isinstance(value, str) or len(value) > 200 or not _BASE64URL.fullmatch(value):
        raise InvalidSubscription(UNREADABLE)
    try:
        raw = base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidSubscription(UNREADABLE) from exc
    if len(raw) != length:
        raise InvalidSubscription(UNREADABLE)
    return raw


def _unpadded(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _host_allowed(host: str, hosts: tuple[str, ...]) -> bool:
    return "*" in hosts or any(host == h or host.endswith("." + h) for h in hosts)


def parse_endpoint(value: object, hosts: tuple[str, ...], allow_local: bool) -> str:
    """An https address at a known push service. The worker POSTs to it, so it must never reach an internal host;
    plain http to this machine only while testing or debugging."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ENDPOINT_LENGTH or not value.isprintable() \
            or any(c.isspace() for c in value):
        raise InvalidSubscription(UNREADABLE)
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise InvalidSubscription(UNREADABLE) from exc
    host = (parts.hostname or "").lower()
    if not host or parts.username is not None or parts.password is not None or parts.fragment:
        raise InvalidSubscription(UNREADABLE)
    if allow_local and host in LOCAL_HOSTS and parts.scheme in ("http", "https"):
        return value
    if parts.scheme != "https" or port not in (None, 443) or not _host_allowed(host, hosts):
        raise InvalidSubscription(UNKNOWN_SERVICE)
    return value


def parse_subscription(data: object, hosts: tuple[str, ...], allow_local: bool) -> SubscriptionInfo:
    """What `PushSubscription.toJSON()` gives: {"endpoint", "expirationTime", "keys": {"p256dh", "auth"}}."""
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise InvalidSubscription(UNREADABLE)
    endpoint = parse_endpoint(data.get("endpoint"), hosts, allow_local)
    p256dh = _base64url(data["keys"].get("p256dh"), 65)
    try:  # a point on P-256, or encrypting to it would fail later in the worker
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)
    except ValueError as exc:
        raise InvalidSubscription(UNREADABLE) from exc
    auth = _base64url(data["keys"].get("auth"), 16)
    return SubscriptionInfo(endpoint=endpoint, p256dh=_unpadded(p256dh), auth=_unpadded(auth))


def subscribe(db: Session, user: User, info: SubscriptionInfo, language: str) -> PushSubscription:
    """Turn notifications on for this browser, or renew it (new keys, the person's language now).

    A browser has one subscription for the app, whoever signed in. If another adult turned notifications on
    here before, the browser is theirs no longer: it now tells this person, and what was waiting for the
    other one is dropped, not shown to the wrong person."""
    subscription = db.scalar(select(PushSubscription).where(PushSubscription.endpoint == info.endpoint))
    if subscription is None:
        _make_room(db, user)
        subscription = PushSubscription(user_id=user.id, endpoint=info.endpoint, created_at=utcnow(),
                                        p256dh=info.p256dh, auth=info.auth, language=language)
        db.add(subscription)
    else:
        if subscription.user_id != user.id:
            db.execute(delete(PushMessage).where(PushMessage.subscription_id == subscription.id,
                                                 PushMessage.sent_at.is_(None)))
            subscription.user_id = user.id
            subscription.created_at = utcnow()
        subscription.p256dh, subscription.auth, subscription.language = info.p256dh, info.auth, language
    db.flush()
    return subscription


def renew(db: Session, user: User, info: SubscriptionInfo, language: str) -> bool:
    """Bring this browser's subscription up to date (keys, language) if it is this person's already."""
    subscription = db.scalar(select(PushSubscription).where(PushSubscription.endpoint == info.endpoint))
    if subscription is None or subscription.user_id != user.id:
        return False
    subscription.p256dh, subscription.auth, subscription.language = info.p256dh, info.auth, language
    db.flush()
    return True


def _make_room(db: Session, user: User) -> None:
    ids = db.scalars(select(PushSubscription.id).where(PushSubscription.user_id == user.id)
                     .order_by(PushSubscription.created_at.desc(), PushSubscription.id.desc())
                     .offset(MAX_SUBSCRIPTIONS_PER_PERSON - 1)).all()
    if ids:
        db.execute(delete(PushSubscription).where(PushSubscription.id.in_(ids)))


def unsubscribe(db: Session, user: User, endpoint: str) -> bool:
    """Turn notifications off for one browser of this person's (someone else's is left alone)."""
    return db.execute(delete(PushSubscription).where(PushSubscription.endpoint == endpoint,
                                                     PushSubscription.user_id == user.id)).rowcount > 0


def unsubscribe_all(db: Session, user: User) -> int:
    """Turn notifications off on every device at once (a lost phone, a shared computer)."""
    return db.execute(delete(PushSubscription).where(PushSubscription.user_id == user.id)).rowcount


def device_count(db: Session, user: User) -> int:
    return db.scalar(select(func.count()).select_from(PushSubscription).where(PushSubscription.user_id == user.id))
