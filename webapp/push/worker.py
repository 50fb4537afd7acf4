"""Delivering the push outbox: claim a due row, send it, mark the outcome, commit; one row per transaction.

Several workers may run side by side on PostgreSQL: a row is claimed with `FOR UPDATE SKIP LOCKED`, so two
workers never hold (and never send) the same row. SQLite has no row locks and ignores the clause; there the
one app process runs one worker. Delivery is at least once: a worker that dies after the push service took a
message but before its commit leaves the row to be sent again, which shows one notification twice at worst.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
from flask import Flask
from py_vapid import Vapid
from pywebpush import WebPushException, webpush
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.models import PushKind, PushMessage, PushSubscription, Role, Share, User
from webapp.push import keys
from webapp.push.outbox import enqueue

log = logging.getLogger(__name__)

# How long a push service keeps a message for a device that is off. A reminder is stale sooner.
TTL = {PushKind.NEW_SHARE: timedelta(hours=24), PushKind.RESPONSE: timedelta(hours=24),
       PushKind.REMINDER: timedelta(hours=12), PushKind.REVIEW_DUE: timedelta(hours=24)}
# RFC 8030 urgency. Nothing here is an emergency (the app says so: in danger, call 112), so nothing is
# "high", which would wake a sleeping phone at once; a share or an answer is "normal", a reminder can wait
# for the device to be on power or Wi-Fi ("low").
URGENCY = {PushKind.NEW_SHARE: "normal", PushKind.RESPONSE: "normal", PushKind.REMINDER: "low",
           PushKind.REVIEW_DUE: "low"}
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
LONGEST_RETRY_AFTER = timedelta(hours=24)  # a push service's Retry-After is honoured up to this
REMIND_EVERY = timedelta(days=7)
KEEP_DONE_FOR = timedelta(days=14)  # sent and failed rows are kept this long to look into, then deleted
# Statuses worth trying again: the push service is busy, overloaded or down for a while.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
GONE_STATUSES = frozenset({404, 410})  # the browser unsubscribed, or the subscription expired


@dataclass
class Pusher:
    """What sending needs: the server's key, its contact, a timeout and one HTTP session for connection reuse."""

    vapid: Vapid
    subject: str
    timeout: float = 10.0
    session: requests.Session = field(default_factory=requests.Session)

    @classmethod
    def from_app(cls, app: Flask) -> Pusher | None:
        config = app.config["MITTHJUL"]
        vapid = keys.load_vapid(config)
        if vapid is None:
            return None
        return cls(vapid=vapid, subject=keys.subject(config), timeout=config.push_timeout_seconds)

    def close(self) -> None:
        self.session.close()


@dataclass
class Report:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    gone: int = 0
    dropped: int = 0  # no longer true to say: the share was taken back before it went out

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed + self.gone + self.dropped


def payload(message: PushMessage, subscription: PushSubscription) -> str:
    """What the browser gets: the kind of news, the language to say it in, the page to open. Nothing personal."""
    return json.dumps({"v": 1, "type": message.kind.value, "lang": subscription.language, "url": message.url},
                      separators=(",", ":"))


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes after the 1st, 2nd, 3rd failed attempt, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """A Retry-After header (seconds, or an HTTP date) as a delay; None when absent or not understood."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        delay = timedelta(seconds=int(value[:9]))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None or when.tzinfo is None:
            return None
        delay = when - now
    return min(max(delay, timedelta(0)), LONGEST_RETRY_AFTER)


def _claim(db: Session, now: datetime) -> PushMessage | None:
    return db.scalar(
        select(PushMessage)
        .where(PushMessage.sent_at.is_(None), PushMessage.failed_at.is_(None), PushMessage.next_attempt_at <= now)
        .order_by(PushMessage.next_attempt_at, PushMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=PushMessage)
        .execution_options(populate_existing=True)  # never an older copy from this session's identity map
    )


def _send(pusher: Pusher, message: PushMessage, subscription: PushSubscription) -> requests.Response:
    return webpush(
        subscription_info={"endpoint": subscription.endpoint,
                           "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
        data=payload(message, subscription),
        vapid_private_key=pusher.vapid,
        # A fresh dict each time: pywebpush writes `aud` (this endpoint's origin) and `exp` into it.
        vapid_claims={"sub": pusher.subject},
        ttl=int(TTL[message.kind].total_seconds()),
        headers={"Urgency": URGENCY[message.kind]},
        timeout=pusher.timeout,
        requests_session=pusher.session,
    )


def _retry_or_give_up(message: PushMessage, now: datetime, error: str, delay: timedelta | None) -> str:
    message.last_error = error[:200]
    too_old = now - message.created_at >= TTL[message.kind]
    if message.attempts >= MAX_ATTEMPTS or too_old:
        message.failed_at = now
        return "failed"
    message.next_attempt_at = now + (delay if delay is not None else backoff(message.attempts))
    return "retrying"


def _taken_back(db: Session, message: PushMessage) -> bool:
    """A message about a share that was withdrawn must not announce it: the family took it back. (A deleted
    share takes its messages with it.)"""
    if message.share_id is None:
        return False
    row = db.execute(select(Share.withdrawn_at).where(Share.id == message.share_id)).first()
    return row is None or row.withdrawn_at is not None


def _deliver(db: Session, pusher: Pusher, message: PushMessage) -> str:
    """Send one claimed message and mark it; returns the outcome. The caller commits."""
    if _taken_back(db, message):
        message.failed_at, message.last_error = utcnow(), "share taken back"
        return "dropped"
    subscription = db.get(PushSubscription, message.subscription_id, populate_existing=True)
    if subscription is None:
        message.failed_at, message.last_error = utcnow(), "subscription gone"
        return "failed"
    origin = urlsplit(subscription.endpoint).hostname
    message.attempts += 1
    try:
        response = _send(pusher, message, subscription)
    except WebPushException as exc:
        status = exc.status_code
        now = utcnow()
        if status is None:  # refused before sending (a stored key that is not a key)
            message.failed_at, message.last_error = now, f"not sent: {exc.message}"[:200]
            log.error("push message %s not sent: %s", message.id, exc.message)
            return "failed"
        if status in GONE_STATUSES:
            message.failed_at, message.last_error = now, f"subscription gone ({status})"
            log.info("push message %s: subscription %s gone (%s)", message.id, message.subscription_id, status)
            return "gone"
        if status in RETRY_STATUSES:
            outcome = _retry_or_give_up(message, now, f"status {status}",
                                        retry_after(exc.response.headers.get("Retry-After"), now)
                                        if status in (429, 503) else None)
            log.warning("push message %s to %s: status %s, %s", message.id, origin, status, outcome)
            return outcome
        # 400, 401, 403, 413: trying again would only fail again. 401/403 mostly mean a changed VAPID key.
        message.failed_at, message.last_error = now, f"status {status}"
        log.error("push message %s to %s refused: status %s", message.id, origin, status)
        return "failed"
    except requests.RequestException as exc:  # timeout, refused connection, DNS
        outcome = _retry_or_give_up(message, utcnow(), type(exc).__name__, None)
        log.warning("push message %s to %s: %s, %s", message.id, origin, type(exc).__name__, outcome)
        return outcome
    message.sent_at = utcnow()
    message.last_error = None
    log.debug("push message %s sent to %s: status %s", message.id, origin, response.status_code)
    return "sent"


def deliver_due(db: Session, now: datetime | None = None, limit: int = 100, pusher: Pusher | None = None) -> Report:
    """Deliver up to `limit` messages that are due at `now`; each is claimed, sent and marked in its own transaction."""
    if pusher is None:
        from flask import current_app

        own = Pusher.from_app(current_app)
        if own is None:
            raise RuntimeError("no VAPID keys: run `flask --app webapp push init-keys`")
        try:
            return deliver_due(db, now, limit, own)
        finally:
            own.close()
    now = now or utcnow()
    report = Report()
    for _ in range(limit):
        message = _claim(db, now)
        if message is None:
            db.rollback()
            break
        message_id, subscription_id = message.id, message.subscription_id
        try:
            outcome = _deliver(db, pusher, message)
        except Exception as exc:  # a bug must not stop the worker, nor come back on every pass
            log.exception("push message %s not sent", message_id)
            db.rollback()
            db.execute(update(PushMessage).where(PushMessage.id == message_id)
                       .values(failed_at=utcnow(), last_error=f"not sent: {type(exc).__name__}"))
            outcome = "failed"
        db.commit()  # releases the row
        # Touching the subscription after the commit, in a transaction of its own, keeps lock order simple: a
        # worker never holds a message while it waits for a subscription another worker is deleting.
        if outcome == "sent":
            report.sent += 1
            db.execute(update(PushSubscription).where(PushSubscription.id == subscription_id)
                       .values(last_success_at=utcnow()))
        elif outcome == "gone":
            report.gone += 1
            db.execute(delete(PushSubscription).where(PushSubscription.id == subscription_id))  # messages cascade
        elif outcome == "retrying":
            report.retrying += 1
        elif outcome == "dropped":
            report.dropped += 1
        else:
            report.failed += 1
        db.commit()
    return report


def enqueue_reminders(db: Session, now: datetime | None = None) -> int:
    """Queue the weekly reminder for guardians who chose it and were not reminded in the last seven days."""
    now = now or utcnow()
    users = db.scalars(
        select(User)
        .where(User.remind_weekly, User.is_active, User.role == Role.GUARDIAN,
               or_(User.last_reminded_at.is_(None), User.last_reminded_at <= now - REMIND_EVERY),
               User.id.in_(select(PushSubscription.user_id)))
        .order_by(User.id)
        .with_for_update(skip_locked=True, of=User)  # two workers never remind one person twice
    ).all()
    for user in users:
        enqueue(db, user.id, PushKind.REMINDER, "/")
        user.last_reminded_at = now
    db.commit()
    return len(users)


def prune(db: Session, now: datetime | None = None) -> int:
    """Delete sent and given-up messages older than two weeks: the outbox is not an archive."""
    cutoff = (now or utcnow()) - KEEP_DONE_FOR
    n = db.execute(delete(PushMessage).where(or_(PushMessage.sent_at < cutoff, PushMessage.failed_at < cutoff))
                   ).rowcount
    db.commit()
    return n
