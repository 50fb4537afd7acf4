"""Sharing: only a check-in's author shares it, only chosen parts, withdrawn in one step; every opening logged."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.access import current_contact_person_id, staff_unit_ids
from webapp.checkins.service import Author
from webapp.db import Paged, paginate, take_write_lock, utcnow
from webapp.models import (
    AccessEvent,
    AuthorKind,
    CheckIn,
    Child,
    Recipient,
    ResponseKind,
    Share,
    ShareKind,
    ShareResponse,
    Unit,
    User,
)
from webapp.push import outbox as push
from webapp.sharing import ledger

RESPONSE_MAX_LENGTH = 1000
SHARES_PER_PAGE = 50


def _by(author: Author) -> dict:
    if author.kind == AuthorKind.CHILD:
        return {"by_child_id": author.child.id}
    return {"by_user_id": author.user.id}


def share_check_in(db: Session, author: Author, check_in: CheckIn, contact_person: User | None, parts: list[str],
                   include_note: bool) -> Share:
    """Share the chosen parts (in the check-in's own order) with the child's contact person, or, when no
    contact person is given, with the other side of the family (a child's guardians, or the child)."""
    keys = [r.part_key for r in check_in.ratings if r.part_key in set(parts)]
    recipient = Recipient.CONTACT_PERSON if contact_person is not None else Recipient.FAMILY
    share = Share(kind=ShareKind.CHECK_IN, check_in_id=check_in.id, child_id=check_in.subject_child_id,
                  recipient=recipient, contact_person_id=contact_person.id if contact_person else None,
                  parts=" ".join(keys), include_note=include_note and bool(check_in.note), created_at=utcnow(),
                  **_by(author))
    db.add(share)
    db.flush()
    ledger.append(db, "share", share=share.id, check_in=check_in.id, by=author.key,
                  to=contact_person.id if contact_person else "family", parts=keys, note=share.include_note)
    push.new_share(db, share)
    return share


def shared_within_family(db: Session, author: Author, child_ids: list[int]) -> list[Share]:
    """What the other side of the family shared with this person: a child sees their guardians' shares about
    them; a guardian sees their children's own shares. Newest first; taken-back shares are gone."""
    query = select(Share).where(Share.recipient == Recipient.FAMILY, Share.withdrawn_at.is_(None),
                                Share.child_id.in_(child_ids))
    if author.kind == AuthorKind.CHILD:
        query = query.where(Share.by_user_id.is_not(None))
    else:
        query = query.where(Share.by_child_id.is_not(None))
    return list(db.scalars(query.options(selectinload(Share.check_in).selectinload(CheckIn.ratings),
                                         selectinload(Share.child))
                           .order_by(Share.created_at.desc()).limit(50)))


def my_family_shares(db: Session, author: Author, child_ids: list[int]) -> list[Share]:
    """This person's own active shares with the other side of the family, for the side-by-side view."""
    query = select(Share).where(Share.recipient == Recipient.FAMILY, Share.withdrawn_at.is_(None),
                                Share.child_id.in_(child_ids))
    if author.kind == AuthorKind.CHILD:
        query = query.where(Share.by_child_id == author.child.id)
    else:
        query = query.where(Share.by_user_id == author.user.id)
    return list(db.scalars(query.options(selectinload(Share.check_in).selectinload(CheckIn.ratings))
                           .order_by(Share.created_at.desc()).limit(50)))


def open_talk_request(db: Session, child: Child) -> Share | None:
    """The child's talk request that is still waiting: with their contact person now, not taken back, not
    answered. Once it is answered or taken back, the child may ask again."""
    contact_id = current_contact_person_id(db, child)
    if contact_id is None:
        return None
    return db.scalar(
        select(Share)
        .where(Share.kind == ShareKind.TALK_REQUEST, Share.by_child_id == child.id,
               Share.contact_person_id == contact_id, Share.withdrawn_at.is_(None), ~Share.responses.any())
        .order_by(Share.created_at.desc(), Share.id.desc())
        .limit(1)
    )


def request_talk(db: Session, child: Child, contact_person: User) -> tuple[Share, bool]:
    """The child's one tap: 'tell my contact person I want to talk'. Carries no ratings. At most one request
    waits at a time: a second tap returns the waiting one (and False: nothing new was sent)."""
    take_write_lock(db, Share.__tablename__, child.id)  # two taps at one moment make one request
    waiting = open_talk_request(db, child)
    if waiting is not None:
        return waiting, False
    share = Share(kind=ShareKind.TALK_REQUEST, child_id=child.id, by_child_id=child.id,
                  contact_person_id=contact_person.id, created_at=utcnow())
    db.add(share)
    db.flush()
    ledger.append(db, "talk_request", share=share.id, by=f"child:{child.id}", to=contact_person.id)
    push.new_share(db, share)
    return share, True


def is_sharer(author: Author, share: Share) -> bool:
    if author.kind == AuthorKind.CHILD:
        return share.by_child_id == author.child.id
    return share.by_user_id == author.user.id


def withdraw(db: Session, author: Author, share: Share) -> None:
    if share.withdrawn_at is None:
        share.withdrawn_at = utcnow()
        ledger.append(db, "withdraw", share=share.id, by=author.key)
        db.flush()


def _unit_names(db: Session, user: User) -> str:
    units = db.scalars(select(Unit.name).where(Unit.id.in_(staff_unit_ids(db, user))).order_by(Unit.name))
    return ", ".join(units)


def record_access(db: Session, user: User, share: Share, action: str) -> None:
    db.add(AccessEvent(share_id=share.id, viewer_id=user.id, viewer_name=user.display_name,
                       viewer_role=user.job_title or "", viewer_unit=_unit_names(db, user), action=action,
                       created_at=utcnow()))
    db.flush()


def respond(db: Session, user: User, share: Share, kind: ResponseKind, text: str,
            guide_page: str | None = None) -> ShareResponse:
    response = ShareResponse(share_id=share.id, author_id=user.id, kind=kind, text=text.strip(),
                             guide_page=guide_page if kind == ResponseKind.SUPPORT else None, created_at=utcnow())
    db.add(response)
    record_access(db, user, share, "responded")
    push.response(db, share)
    return response


def inbox(db: Session, user: User, page: int | None = None) -> Paged:
    """Active shares with this contact person, for children they are contact person for now; newest first,
    a page at a time."""
    from webapp.models import ContactAssignment

    query = (
        select(Share)
        .where(Share.recipient == Recipient.CONTACT_PERSON)
        .join(ContactAssignment, (ContactAssignment.child_id == Share.child_id)
              & (ContactAssignment.contact_person_id == user.id) & ContactAssignment.ends_at.is_(None))
        .where(Share.contact_person_id == user.id, Share.withdrawn_at.is_(None))
    )
    return paginate(db, query, page, SHARES_PER_PAGE, Share.created_at.desc(), Share.id.desc(),
                    options=(selectinload(Share.child), selectinload(Share.check_in).selectinload(CheckIn.ratings)))


def shares_of(db: Session, check_in: CheckIn) -> list[Share]:
    return list(db.scalars(
        select(Share).where(Share.check_in_id == check_in.id)
        .options(selectinload(Share.events), selectinload(Share.responses), selectinload(Share.contact_person))
        .order_by(Share.created_at.desc())
    ))


def shared_by(db: Session, author: Author, page: int | None = None) -> Paged:
    """Everything this person shared (check-ins and talk requests, active or taken back), newest first, a page
    at a time, with who opened it and what was answered; a fixed number of queries however many there are."""
    if author.kind == AuthorKind.CHILD:
        mine = Share.by_child_id == author.child.id
    else:
        mine = Share.by_user_id == author.user.id
    return paginate(db, select(Share).where(mine), page, SHARES_PER_PAGE, Share.created_at.desc(), Share.id.desc(),
                    options=(selectinload(Share.check_in), selectinload(Share.child),
                             selectinload(Share.contact_person), selectinload(Share.events),
                             selectinload(Share.responses)))
