"""People: adults with accounts, families, children (profiles without accounts), named contact persons."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime, str_enum, utcnow
from webapp.models.org import Organisation, SchoolClass, Unit


class Role(enum.StrEnum):
    GUARDIAN = "guardian"
    CONTACT_PERSON = "contact_person"
    UNIT_ADMIN = "unit_admin"


STAFF_ROLES = frozenset({Role.CONTACT_PERSON, Role.UNIT_ADMIN})


class User(Base):
    """An adult who signs in with e-mail and password: guardian, contact person or unit admin."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    preferred_language: Mapped[str] = mapped_column(String(8), default="sv")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Shown to families about their contact person (what the job is, how and when to reach them).
    job_title: Mapped[str | None] = mapped_column(String(100))
    work_phone: Mapped[str | None] = mapped_column(String(40))
    reachable: Mapped[str | None] = mapped_column(String(200))
    # A weekly web-push reminder to check in, only for those who chose it (webapp.push).
    remind_weekly: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship()
    memberships: Mapped[list[StaffMembership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    guardianships: Mapped[list[Guardianship]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


class StaffMembership(Base):
    """A contact person or unit admin works at a unit."""

    __tablename__ = "staff_membership"
    __table_args__ = (UniqueConstraint("user_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)

    user: Mapped[User] = relationship(back_populates="memberships")
    unit: Mapped[Unit] = relationship()


class Family(Base):
    """A household: guardians (with or without custody) and their children."""

    __tablename__ = "family"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    guardianships: Mapped[list[Guardianship]] = relationship(
        back_populates="family", cascade="all, delete-orphan"
    )
    children: Mapped[list[Child]] = relationship(back_populates="family", order_by="Child.first_name")


class Guardianship(Base):
    """A guardian belongs to a family; custody decides who must answer consent requests."""

    __tablename__ = "guardianship"
    __table_args__ = (UniqueConstraint("family_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    has_custody: Mapped[bool] = mapped_column(Boolean, default=True)

    family: Mapped[Family] = relationship(back_populates="guardianships")
    user: Mapped[User] = relationship(back_populates="guardianships")


class Child(Base):
    """A child's profile. Children have no e-mail or password: they use a picture code inside a turn."""

    __tablename__ = "child"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    first_name: Mapped[str] = mapped_column(String(50))  # first name or nickname, nothing more
    birth_year: Mapped[int] = mapped_column(Integer)
    avatar: Mapped[str] = mapped_column(String(40))  # a pictogram key
    preferred_language: Mapped[str] = mapped_column(String(8), default="sv")
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Picture code: 3 of 9 pictograms in order, argon2id-hashed; locked after too many wrong tries.
    code_hash: Mapped[str | None] = mapped_column(String(200))
    code_failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    code_locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    family: Mapped[Family] = relationship(back_populates="children")
    school_class: Mapped[SchoolClass | None] = relationship()

    @property
    def code_locked(self) -> bool:
        return self.code_locked_at is not None


class ContactAssignment(Base):
    """A child's named contact person. Exactly one is current (ends_at is null); the rest is history."""

    __tablename__ = "contact_assignment"
    __table_args__ = (
        Index(
            "uq_contact_assignment_current",
            "child_id",
            unique=True,
            sqlite_where=text("ends_at IS NULL"),
            postgresql_where=text("ends_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    contact_person_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    child: Mapped[Child] = relationship()
    contact_person: Mapped[User] = relationship(foreign_keys=[contact_person_id])
