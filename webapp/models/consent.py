"""Consent to involve another service: asked by the contact person, answered by each guardian with custody."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime, utcnow
from webapp.models.people import Child, User


class ConsentRequest(Base):
    """What the contact person asks: which service, why, what information, until when."""

    __tablename__ = "consent_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    contact_person_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    service: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    information: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime)

    child: Mapped[Child] = relationship()
    contact_person: Mapped[User | None] = relationship()
    answers: Mapped[list[ConsentAnswer]] = relationship(cascade="all, delete-orphan", order_by="ConsentAnswer.id")


class ConsentAnswer(Base):
    """One guardian's yes or no. Withdrawing keeps the row (and the ledger keeps every step)."""

    __tablename__ = "consent_answer"
    __table_args__ = (UniqueConstraint("request_id", "guardian_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("consent_request.id", ondelete="CASCADE"), index=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    agrees: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
