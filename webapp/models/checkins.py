"""Check-ins on the wellbeing wheel: who wrote it, about which child, on which wheel, and the answers."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime, str_enum, utcnow
from webapp.models.people import Child, User


class AuthorKind(enum.StrEnum):
    CHILD = "child"
    GUARDIAN = "guardian"


class CheckIn(Base):
    """One check-in. Belongs to its author: a child's own ratings are the child's (nobody overwrites them)."""

    __tablename__ = "check_in"
    __table_args__ = (
        CheckConstraint(
            "(author_kind = 'child' AND author_child_id IS NOT NULL AND author_user_id IS NULL) OR "
            "(author_kind = 'guardian' AND author_user_id IS NOT NULL AND author_child_id IS NULL)",
            name="one_author",
        ),
        Index("ix_check_in_author_child_created", "author_child_id", "created_at"),
        Index("ix_check_in_author_user_created", "author_user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Made by the client (a UUID) so that sending the same check-in twice stores it once.
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    author_kind: Mapped[AuthorKind] = mapped_column(str_enum(AuthorKind, length=10))
    author_child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    subject_child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    wheel_id: Mapped[str] = mapped_column(String(40))
    wheel_version: Mapped[int] = mapped_column(Integer)
    age_band: Mapped[str | None] = mapped_column(String(8))  # the child's band when a child wrote it
    help_choices: Mapped[str] = mapped_column(String(200), default="")  # space-separated chip keys
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ratings: Mapped[list[Rating]] = relationship(
        back_populates="check_in", cascade="all, delete-orphan", order_by="Rating.position"
    )
    subject: Mapped[Child] = relationship(foreign_keys=[subject_child_id])
    author_user: Mapped[User | None] = relationship(foreign_keys=[author_user_id])

    @property
    def help_keys(self) -> list[str]:
        return self.help_choices.split() if self.help_choices else []

    def value_of(self, part_key: str) -> int | None:
        for rating in self.ratings:
            if rating.part_key == part_key:
                return rating.value
        return None


class Rating(Base):
    """One answer: a part of the wheel on the shared 1–5 axis, or skipped (value is null)."""

    __tablename__ = "rating"
    __table_args__ = (
        UniqueConstraint("check_in_id", "part_key"),
        CheckConstraint("value IS NULL OR (value >= 1 AND value <= 5)", name="value_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    check_in_id: Mapped[int] = mapped_column(ForeignKey("check_in.id", ondelete="CASCADE"), index=True)
    part_key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    value: Mapped[int | None] = mapped_column(Integer)

    check_in: Mapped[CheckIn] = relationship(back_populates="ratings")
