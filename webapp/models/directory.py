"""The local support directory: who helps with what near the family, kept true by a named owner."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime, utcnow
from webapp.models.org import Organisation, Unit
from webapp.models.people import User


class DirectoryEntry(Base):
    """One place or service families can turn to, for a whole municipality or for one unit.

    Directories rot: every entry has an owner who keeps it true and the date it was last checked.
    Freshness rules (flagged after 6 months, hidden from families after 12) live in webapp.directory.service.
    """

    __tablename__ = "directory_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Null: for the whole municipality; else only for the families of this unit.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    helps_with: Mapped[str] = mapped_column(String(200))  # canonical wheel keys, space-separated, at least one
    for_whom: Mapped[str] = mapped_column(String(200))
    how_to_reach: Mapped[str] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(200))  # https only
    opening_hours: Mapped[str | None] = mapped_column(String(200))
    languages: Mapped[str] = mapped_column(String(100))  # language codes spoken there, space-separated
    address: Mapped[str | None] = mapped_column(String(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    last_reviewed_on: Mapped[date] = mapped_column(Date, index=True)
    # When the owner was last told the entry needs a review; one notice per time it falls due.
    review_notice_sent_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    unit: Mapped[Unit | None] = relationship()
    owner: Mapped[User] = relationship()

    @property
    def part_keys(self) -> list[str]:
        return self.helps_with.split()

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()
