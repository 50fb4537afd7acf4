"""A child's turn on a device: opened by an adult, entered with the child's picture code, ended cleanly."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.models import Child, Turn, TurnKind, User


def open_family_turn(db: Session, guardian: User, child: Child) -> Turn:
    """A guardian hands their own device to their child for one turn."""
    now = utcnow()
    turn = Turn(
        kind=TurnKind.FAMILY_DEVICE,
        opened_by_id=guardian.id,
        child_id=child.id,
        opened_at=now,
        expires_at=now + current_app.config["MITTHJUL"].turn_lifetime,
    )
    db.add(turn)
    db.flush()
    return turn


def may_enter_turn(turn: Turn, child: Child) -> bool:
    """A child's code works only in a turn meant for them: their family's device or their class's tablet."""
    if turn.ended_at is not None or turn.expires_at <= utcnow():
        return False
    if turn.kind == TurnKind.FAMILY_DEVICE:
        return turn.child_id == child.id
    return turn.class_id is not None and child.class_id == turn.class_id


def child_signed_in(db: Session, turn: Turn, child: Child) -> None:
    turn.child_id = child.id
    turn.child_signed_in_at = utcnow()
    db.flush()


def end_turn(db: Session, turn: Turn) -> None:
    if turn.ended_at is None:
        turn.ended_at = utcnow()
    db.flush()


def may_choose_first_code(db: Session, turn: Turn, child: Child) -> bool:
    """A first picture code is chosen only at home with the guardian, and only by a child with no
    check-ins yet; anyone else gets a printed code card from staff (nobody can claim a child's code)."""
    from sqlalchemy import exists, select

    from webapp.models import CheckIn

    if turn.kind != TurnKind.FAMILY_DEVICE or child.code_hash is not None:
        return False
    return not db.scalar(select(exists().where(CheckIn.author_child_id == child.id)))
