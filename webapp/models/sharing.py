"""Sharing with the named contact person: what was shared, who opened it, what they answered, and a ledger."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime, str_enum, utcnow
from webapp.models.checkins import CheckIn
from webapp.models.people import Child, User


class ShareKind(enum.StrEnum):
    CHECK_IN = "check_in"  # parts of a check-in
    TALK_REQUEST = "talk_request"  # "tell my contact person I want to talk": no ratings at all


class Recipient(enum.StrEnum):
    CONTACT_PERSON = "contact_person"
    FAMILY = "family"  # a child's share goes to their guardians, a guardian's to the child


class Share(Base):
    """Something the author chose to show their child's contact person, or the other side of the family.
    Withdrawn in one step."""

    __tablename__ = "share"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ShareKind] = mapped_column(str_enum(ShareKind))
    check_in_id: Mapped[int | None] = mapped_column(ForeignKey("check_in.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    # Who shared: the child themself, or a guardian.
    by_child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    recipient: Mapped[Recipient] = mapped_column(str_enum(Recipient), default=Recipient.CONTACT_PERSON,
                                                 server_default=Recipient.CONTACT_PERSON.value)
    contact_person_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    parts: Mapped[str] = mapped_column(String(400), default="")  # space-separated part keys
    include_note: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    check_in: Mapped[CheckIn | None] = relationship()
    child: Mapped[Child] = relationship(foreign_keys=[child_id])
    contact_person: Mapped[User | None] = relationship(foreign_keys=[contact_person_id])
    events: Mapped[list[AccessEvent]] = relationship(order_by="AccessEvent.created_at", cascade="all, delete-orphan")
    responses: Mapped[list[ShareResponse]] = relationship(
        order_by="ShareResponse.created_at", cascade="all, delete-orphan"
    )

    @property
    def part_keys(self) -> list[str]:
        return self.parts.split() if self.parts else []

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class AccessEvent(Base):
    """A professional opened shared content (or acted on it). Shown to the family; survives withdrawal."""

    __tablename__ = "access_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("share.id", ondelete="CASCADE"), index=True)
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    viewer_name: Mapped[str] = mapped_column(String(100))
    viewer_role: Mapped[str] = mapped_column(String(100))
    viewer_unit: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))  # opened, seen, responded
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ResponseKind(enum.StrEnum):
    MESSAGE = "message"
    SUPPORT = "support"
    MEET = "meet"


class ShareResponse(Base):
    """The contact person's answer, shown to the family next to what they shared."""

    __tablename__ = "share_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("share.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    kind: Mapped[ResponseKind] = mapped_column(str_enum(ResponseKind))
    text: Mapped[str] = mapped_column(Text)
    # A suggestion of support may point to one page of the guide (its slug), shown in the family's language.
    guide_page: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LedgerEntry(Base):
    """Append-only record of shares, withdrawals and consent answers. Each entry hashes the one before,
    so a changed or removed row breaks the chain (`flask --app webapp ledger-check`). Holds ids, no content."""

    __tablename__ = "ledger_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON of ids and choices
    previous_hash: Mapped[str] = mapped_column(String(64), unique=True)  # no two entries follow one
    hash: Mapped[str] = mapped_column(String(64), unique=True)
