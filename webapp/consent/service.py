"""Consent rules: every guardian with custody must say yes; a no, a withdrawal or the end date stops it."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.db import utcnow
from webapp.models import Child, ConsentAnswer, ConsentRequest, Family, User
from webapp.sharing import ledger

DEFAULT_MONTHS = 6


class ConsentStatus(StrEnum):
    WAITING = "waiting"
    GRANTED = "granted"
    REFUSED = "refused"
    EXPIRED = "expired"


def custody_guardian_ids(child: Child) -> set[int]:
    return {gs.user_id for gs in child.family.guardianships if gs.has_custody}


def status(request: ConsentRequest) -> ConsentStatus:
    """Computed every time, so an expired or withdrawn consent stops counting by itself."""
    if request.valid_until <= utcnow():
        return ConsentStatus.EXPIRED
    current = {a.guardian_id: a.agrees for a in request.answers if a.withdrawn_at is None}
    needed = custody_guardian_ids(request.child)
    if any(current.get(g) is False for g in needed):
        return ConsentStatus.REFUSED
    if needed and all(current.get(g) is True for g in needed):
        return ConsentStatus.GRANTED
    return ConsentStatus.WAITING


def ask(db: Session, contact_person: User, child: Child, service: str, purpose: str, information: str,
        months: int = DEFAULT_MONTHS) -> ConsentRequest:
    now = utcnow()
    request = ConsentRequest(child_id=child.id, contact_person_id=contact_person.id, service=service.strip(),
                             purpose=purpose.strip(), information=information.strip(), created_at=now,
                             valid_until=now + timedelta(days=round(30.44 * months)))
    db.add(request)
    db.flush()
    ledger.append(db, "consent_request", request=request.id, child=child.id, by=contact_person.id, months=months)
    return request


def answer(db: Session, request: ConsentRequest, guardian: User, agrees: bool) -> None:
    """A guardian with custody says yes or no (again, if they change their mind)."""
    row = next((a for a in request.answers if a.guardian_id == guardian.id), None)
    if row is None:
        row = ConsentAnswer(request_id=request.id, guardian_id=guardian.id, agrees=agrees, answered_at=utcnow())
        request.answers.append(row)
    else:
        row.agrees, row.answered_at, row.withdrawn_at = agrees, utcnow(), None
    db.flush()
    ledger.append(db, "consent_answer", request=request.id, guardian=guardian.id, agrees=agrees)


def withdraw(db: Session, request: ConsentRequest, guardian: User) -> None:
    row = next((a for a in request.answers if a.guardian_id == guardian.id and a.withdrawn_at is None), None)
    if row is not None:
        row.withdrawn_at = utcnow()
        db.flush()
        ledger.append(db, "consent_withdraw", request=request.id, guardian=guardian.id)


def end_for_children(db: Session, child_ids: list[int]) -> int:
    """End every consent request still running for these children (a guardian with custody left the app:
    their answer, yes or no, is gone with their account, and the others' answers alone must not grant it).
    The contact person has to ask again. Returns how many ended."""
    now = utcnow()
    running = list(db.scalars(
        select(ConsentRequest).where(ConsentRequest.child_id.in_(child_ids), ConsentRequest.valid_until > now)
    ))
    for request in running:
        request.valid_until = now
        ledger.append(db, "consent_ended", request=request.id, reason="guardian_left")
    db.flush()
    return len(running)


def requests_for_children(db: Session, child_ids: list[int]) -> list[ConsentRequest]:
    return list(db.scalars(
        select(ConsentRequest).where(ConsentRequest.child_id.in_(child_ids))
        .options(selectinload(ConsentRequest.answers),
                 selectinload(ConsentRequest.child).selectinload(Child.family).selectinload(Family.guardianships),
                 selectinload(ConsentRequest.contact_person))
        .order_by(ConsentRequest.created_at.desc())
    ))


def may_answer(user: User, request: ConsentRequest) -> bool:
    return user.id in custody_guardian_ids(request.child)

