"""Web push: the browsers (subscriptions) an adult turned notifications on in, and the outbox of messages to them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime, str_enum, utcnow
from webapp.models.people import User


class PushKind(enum.StrEnum):
    """What a notification says is new. The text comes from this alone: no names, no content."""

    NEW_SHARE = "new_share"  # a contact person: something was shared with you
    RESPONSE = "response"  # a guardian: your contact person answered
    REMINDER = "reminder"  # a guardian who chose it: a weekly nudge to check in
    REVIEW_DUE = "review_due"


class PushSubscription(Base):
    """One browser on one device where an adult turned notifications on (the browser's PushSubscription)."""

    __tablename__ = "push_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    # The push service's address for this browser; a capability URL, never shown on a page.
    endpoint: Mapped[str] = mapped_column(String(2000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(100))  # the browser's P-256 public key, base64url
    auth: Mapped[str] = mapped_column(String(40))  # the browser's 16-byte auth secret, base64url
    language: Mapped[str] = mapped_column(String(8))  # the person's language when they last subscribed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    messages: Mapped[list[PushMessage]] = relationship(
        back_populates="subscription", cascade="all, delete-orphan", passive_deletes=True
    )


class PushMessage(Base):
    """The outbox: written in the same transaction as the event, delivered by `flask push worker`.

    A row is pending while `sent_at` and `failed_at` are both empty; the worker gives up by setting
    `failed_at` (with `last_error`), so a failed row is kept for a while to be looked at but never tried again.
    """

    __tablename__ = "push_message"
    __table_args__ = (
        # What the worker asks for on every pass: pending rows by due time.
        Index(
            "ix_push_message_due",
            "next_attempt_at",
            sqlite_where=text("sent_at IS NULL AND failed_at IS NULL"),
            postgresql_where=text("sent_at IS NULL AND failed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("push_subscription.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PushKind] = mapped_column(str_enum(PushKind))
    url: Mapped[str] = mapped_column(String(200))  # a path inside the app, opened when the notification is tapped
    # The share a "new share" message tells about: a share taken back is never announced, and a deleted one
    # takes its messages with it.
    share_id: Mapped[int | None] = mapped_column(ForeignKey("share.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))  # a status or exception name, nothing personal

    subscription: Mapped[PushSubscription] = relationship(back_populates="messages")
