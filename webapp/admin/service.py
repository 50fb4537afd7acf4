"""Unit admins' work: setting up classes, children and their contact persons."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from webapp.db import utcnow
from webapp.models import (
    Child,
    ContactAssignment,
    Family,
    Guardianship,
    Role,
    SchoolClass,
    StaffMembership,
    Unit,
    User,
)


def admin_units(db: Session, admin: User) -> list[Unit]:
    return list(
        db.scalars(
            select(Unit)
            .join(StaffMembership, StaffMembership.unit_id == Unit.id)
            .where(StaffMembership.user_id == admin.id)
            .options(selectinload(Unit.classes))
            .order_by(Unit.name)
        )
    )


def unit_staff(db: Session, unit_ids: list[int]) -> dict[int, list[User]]:
    """Staff of each unit, in one query."""
    rows = db.execute(
        select(StaffMembership.unit_id, User)
        .join(User, User.id == StaffMembership.user_id)
        .where(StaffMembership.unit_id.in_(unit_ids))
        .order_by(User.display_name)
    ).all()
    staff: dict[int, list[User]] = {uid: [] for uid in unit_ids}
    for unit_id, user in rows:
        staff[unit_id].append(user)
    return staff


def contact_persons(db: Session, unit_id: int) -> list[User]:
    return list(
        db.scalars(
            select(User)
            .join(StaffMembership, StaffMembership.user_id == User.id)
            .where(StaffMembership.unit_id == unit_id, User.role == Role.CONTACT_PERSON, User.is_active)
            .order_by(User.display_name)
        )
    )


def children_of_units(db: Session, unit_ids: list[int]) -> list[Child]:
    return list(
        db.scalars(
            select(Child)
            .join(SchoolClass, SchoolClass.id == Child.class_id)
            .where(SchoolClass.unit_id.in_(unit_ids))
            .options(
                selectinload(Child.school_class),
                selectinload(Child.family).selectinload(Family.guardianships).selectinload(Guardianship.user),
            )
            .order_by(SchoolClass.name, Child.first_name)
        )
    )


def add_child(
    db: Session, *, family: Family, first_name: str, birth_year: int, avatar: str, language: str, class_id: int
) -> Child:
    child = Child(
        family=family,
        first_name=first_name.strip(),
        birth_year=birth_year,
        avatar=avatar,
        preferred_language=language,
        class_id=class_id,
        created_at=utcnow(),
    )
    db.add(child)
    db.flush()
    return child


def assign_contact_person(db: Session, child: Child, contact_person: User, assigned_by: User | None) -> None:
    """Make someone the child's one named contact person; the previous one becomes history."""
    now = utcnow()
    db.execute(
        update(ContactAssignment)
        .where(ContactAssignment.child_id == child.id, ContactAssignment.ends_at.is_(None))
        .values(ends_at=now)
    )
    db.add(
        ContactAssignment(
            child_id=child.id,
            contact_person_id=contact_person.id,
            assigned_by_id=assigned_by.id if assigned_by else None,
            starts_at=now,
        )
    )
    db.flush()


def contact_history(db: Session, child: Child) -> list[ContactAssignment]:
    return list(
        db.scalars(
            select(ContactAssignment)
            .where(ContactAssignment.child_id == child.id)
            .options(selectinload(ContactAssignment.contact_person))
            .order_by(ContactAssignment.starts_at.desc(), ContactAssignment.id.desc())
        )
    )
