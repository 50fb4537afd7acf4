"""Invitations: a one-time short code (and QR code) that lets a guardian or staff member create an account."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

import segno
from flask import current_app, url_for
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.auth.passwords import hash_secret
from webapp.db import utcnow
from webapp.models import Family, Guardianship, Invitation, Role, StaffMembership, Unit, User

# No 0/O, 1/I/L: the code is typed from paper.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


class JoinError(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    EMAIL_TAKEN = "email_taken"


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    code: str  # shown once, on the printed letter; only its keyed hash is stored

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def _code_hash(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def email_hash(email: str) -> str:
    """A keyed hash of an e-mail address (trimmed, lower case): the same address gives the same hash, and the
    hash alone does not give the address back. Kept apart from the code hashes by its prefix."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"email:" + email.strip().lower().encode(), hashlib.sha256).hexdigest()


def create_invitation(
    db: Session,
    *,
    created_by: User,
    role: Role,
    language: str,
    family: Family | None = None,
    unit: Unit | None = None,
    has_custody: bool = True,
    email: str | None = None,
) -> NewInvitation:
    """Make an invitation valid for the configured time (14 days by default), usable once. `email` (from a class
    list) is kept only as a keyed hash, to recognise the guardian if the list is imported again."""
    if (role == Role.GUARDIAN) != (family is not None) or (role != Role.GUARDIAN) != (unit is not None):
        raise ValueError("a guardian is invited to a family, staff to a unit")
    code = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
    now = utcnow()
    invitation = Invitation(
        code_hash=_code_hash(code),
        role=role,
        family_id=family.id if family else None,
        unit_id=unit.id if unit else None,
        has_custody=has_custody,
        language=language,
        created_by_id=created_by.id,
        created_at=now,
        expires_at=now + current_app.config["MITTHJUL"].invitation_valid_for,
        email_hash=email_hash(email) if email else None,
    )
    db.add(invitation)
    db.flush()
    return NewInvitation(invitation, code)


def join_url(code: str) -> str:
    base = current_app.config["MITTHJUL"].public_url
    return base + url_for("auth.join", code=f"{code[:4]}-{code[4:]}")


def qr_svg(url: str) -> str:
    """The join address as an inline SVG QR code (no style attributes, so the strict CSP allows it)."""
    return segno.make(url, error="m").svg_inline(scale=4, omitsize=True, svgclass="qr")


def find_invitation(db: Session, code: str) -> tuple[Invitation | None, JoinError | None]:
    invitation = db.scalar(select(Invitation).where(Invitation.code_hash == _code_hash(code)))
    if invitation is None:
        return None, JoinError.UNKNOWN
    if invitation.used_at is not None:
        return invitation, JoinError.USED
    if invitation.expires_at <= utcnow():
        return invitation, JoinError.EXPIRED
    return invitation, None


def email_in_use(db: Session, email: str) -> bool:
    return db.scalar(select(func.count()).select_from(User).where(User.email == email)) > 0


def accept_invitation(
    db: Session, *, code: str, display_name: str, email: str, password: str, language: str
) -> tuple[User | None, JoinError | None]:
    """Create the account the invitation is for; the invitation can never be used again."""
    invitation, error = find_invitation(db, code)
    if error is not None or invitation is None:
        return None, error
    email = email.strip().lower()
    if email_in_use(db, email):
        return None, JoinError.EMAIL_TAKEN
    now = utcnow()
    organisation_id = invitation.family.organisation_id if invitation.family else invitation.unit.organisation_id
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=hash_secret(password),
        role=invitation.role,
        organisation_id=organisation_id,
        preferred_language=language,
        created_at=now,
    )
    db.add(user)
    db.flush()
    if invitation.role == Role.GUARDIAN:
        db.add(Guardianship(family_id=invitation.family_id, user_id=user.id, has_custody=invitation.has_custody))
    else:
        db.add(StaffMembership(user_id=user.id, unit_id=invitation.unit_id))
    # Claim the invitation with a guarded update, so two people racing with one code cannot both join.
    claimed = db.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=now, used_by_id=user.id)
    ).rowcount
    if claimed != 1:
        db.rollback()
        return None, JoinError.USED
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        return None, JoinError.EMAIL_TAKEN
    return user, None
