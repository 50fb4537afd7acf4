"""Organisation (municipality) → units (school, preschool, family centre) → classes."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, str_enum


class UnitKind(enum.StrEnum):
    SCHOOL = "school"
    PRESCHOOL = "preschool"
    FAMILY_CENTRE = "family_centre"


class Organisation(Base):
    """A municipality (or another organisation) that runs units."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))

    units: Mapped[list[Unit]] = relationship(back_populates="organisation", order_by="Unit.name")


class Unit(Base):
    """A school, preschool or family centre: where staff work and children belong."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[UnitKind] = mapped_column(str_enum(UnitKind))
    # Which wheel variant the unit's children and families check in on (a definition id in webapp/wheels).
    wheel_id: Mapped[str] = mapped_column(String(40), default="girfec8", server_default="girfec8")

    organisation: Mapped[Organisation] = relationship(back_populates="units")
    classes: Mapped[list[SchoolClass]] = relationship(back_populates="unit", order_by="SchoolClass.name")


class SchoolClass(Base):
    """A class or group of children in a unit (used by class mode on shared tablets)."""

    __tablename__ = "school_class"
    __table_args__ = (UniqueConstraint("unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))

    unit: Mapped[Unit] = relationship(back_populates="classes")
