"""Class mode: a shared tablet bound to one class, children's turns on it, and the tablet's own limits."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.models import AuthorKind, CheckIn, Child, ClassMode, SchoolClass, Turn, TurnKind, User

CLASS_MODE_LIFETIME = timedelta(hours=3)
TURN_LIFETIME = timedelta(seconds=90)  # renewed on every touch (see webapp.auth.current)
# Wrong picture codes on one tablet, across all children, before the tablet asks for staff.
TABLET_MAX_WRONG_CODES = 15
SCHOOL_TIMEZONE = ZoneInfo("Europe/Stockholm")


def open_class_mode(db: Session, staff: User, school_class: SchoolClass) -> ClassMode:
    now = utcnow()
    mode = ClassMode(class_id=school_class.id, opened_by_id=staff.id, opened_at=now,
                     expires_at=now + CLASS_MODE_LIFETIME)
    db.add(mode)
    db.flush()
    return mode


def class_children(db: Session, mode: ClassMode) -> list[Child]:
    return list(db.scalars(select(Child).where(Child.class_id == mode.class_id).order_by(Child.first_name)))


def open_class_turn(db: Session, mode: ClassMode, child: Child) -> Turn:
    now = utcnow()
    turn = Turn(kind=TurnKind.CLASS_MODE, opened_by_id=mode.opened_by_id, class_id=mode.class_id,
                class_mode_id=mode.id, child_id=child.id, opened_at=now, expires_at=now + TURN_LIFETIME)
    db.add(turn)
    db.flush()
    return turn


def reserve_code_try(db: Session, mode: ClassMode) -> bool:
    """Take one picture-code try from this tablet's allowance before checking it; False when none is left
    (the tablet pauses until staff start it again)."""
    reserved = db.execute(
        update(ClassMode)
        .where(ClassMode.id == mode.id, ClassMode.locked_at.is_(None),
               ClassMode.failed_attempts < TABLET_MAX_WRONG_CODES)
        .values(failed_attempts=ClassMode.failed_attempts + 1)
    ).rowcount
    if reserved != 1:
        db.execute(update(ClassMode).where(ClassMode.id == mode.id, ClassMode.locked_at.is_(None))
                   .values(locked_at=utcnow()))
    db.commit()
    db.refresh(mode)
    return reserved == 1


def give_back_code_try(db: Session, mode: ClassMode) -> None:
    """A right code costs the tablet nothing."""
    db.execute(update(ClassMode).where(ClassMode.id == mode.id, ClassMode.failed_attempts > 0)
               .values(failed_attempts=ClassMode.failed_attempts - 1))
    db.flush()


def unlock_tablet(db: Session, mode: ClassMode) -> None:
    mode.failed_attempts = 0
    mode.locked_at = None
    db.flush()


def start_of_today(now: datetime | None = None) -> datetime:
    local = (now or utcnow()).astimezone(SCHOOL_TIMEZONE)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def checked_in_today(db: Session, mode: ClassMode) -> set[int]:
    """Which children of the class have checked in today: ids only, never content."""
    return set(db.scalars(
        select(CheckIn.author_child_id)
        .join(Child, Child.id == CheckIn.author_child_id)
        .where(CheckIn.author_kind == AuthorKind.CHILD, Child.class_id == mode.class_id,
               CheckIn.created_at >= start_of_today())
    ))


def end_class_mode(db: Session, mode: ClassMode) -> None:
    now = utcnow()
    mode.ended_at = now
    db.execute(update(Turn).where(Turn.class_mode_id == mode.id, Turn.ended_at.is_(None)).values(ended_at=now))
    db.flush()
