"""Server-side sessions, invitations and turns on a device."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime, str_enum, utcnow
from webapp.models.org import SchoolClass, Unit
from webapp.models.people import Child, Family, Role, User


class WebSession(Base):
    """A browser session kept on the server, so that signing out or disabling an account ends it at once.

    The cookie holds a random token; the table keeps only its SHA-256, so a copy of the database
    cannot be replayed as cookies.
    """

    __tablename__ = "web_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    data: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Invitation(Base):
    """A one-time invitation: a guardian to a family, or staff to a unit. Only the code's hash is kept."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    has_custody: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(8))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # A keyed hash of the guardian e-mail a class list gave for this invitation, so that the same guardian is
    # recognised when a list is imported again before they join. The address itself is not kept.
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)

    family: Mapped[Family | None] = relationship()
    unit: Mapped[Unit | None] = relationship()


class TurnKind(enum.StrEnum):
    FAMILY_DEVICE = "family_device"
    CLASS_MODE = "class_mode"


class Turn(Base):
    """A child's turn on a device, opened by a signed-in adult (guardian at home, staff in class mode).

    Only inside an open turn can a child sign in with their picture code. Holds no content.
    """

    __tablename__ = "turn"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TurnKind] = mapped_column(str_enum(TurnKind))
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id"), index=True)
    class_mode_id: Mapped[int | None] = mapped_column(ForeignKey("class_mode.id", ondelete="CASCADE"), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    child_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    opened_by: Mapped[User] = relationship()
    child: Mapped[Child | None] = relationship()
    school_class: Mapped[SchoolClass | None] = relationship()


class ClassMode(Base):
    """A shared tablet bound to one class for a while, opened by a staff member who signed in on it."""

    __tablename__ = "class_mode"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"), index=True)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Wrong picture codes tried on this tablet, across all children: past the limit the tablet locks.
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    school_class: Mapped[SchoolClass] = relationship()
    opened_by: Mapped[User] = relationship()
