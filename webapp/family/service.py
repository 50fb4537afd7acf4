"""A family's own data: what a guardian may read or download of it; closing a guardian's account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from webapp.consent.service import end_for_children
from webapp.db import utcnow
from webapp.models import (
    AuthorKind,
    CheckIn,
    ConsentRequest,
    ContactAssignment,
    Family,
    Guardianship,
    Invitation,
    Share,
    User,
)


def families_of(db: Session, guardian: User) -> list[Family]:
    return list(db.scalars(
        select(Family).join(Guardianship).where(Guardianship.user_id == guardian.id)
        .options(selectinload(Family.guardianships).selectinload(Guardianship.user), selectinload(Family.children))
    ))


def family_export(db: Session, family: Family, guardian: User) -> dict:
    """Everything stored about the family, as `guardian` may see it. Check-ins belong to whoever wrote them
    (principles 1 and 4): the guardian's own check-ins and shares are here in full; the children's are only
    counted; another guardian's are left out (not even how many: how often a parent turns to the school is
    theirs to tell), and each of them downloads their own."""
    child_ids = [c.id for c in family.children]
    own_check_ins = list(db.scalars(
        select(CheckIn).where(CheckIn.author_kind == AuthorKind.GUARDIAN, CheckIn.author_user_id == guardian.id,
                              CheckIn.subject_child_id.in_(child_ids))
        .options(selectinload(CheckIn.ratings), selectinload(CheckIn.subject)).order_by(CheckIn.created_at)
    ))
    children_own = dict(db.execute(
        select(CheckIn.author_child_id, func.count()).where(CheckIn.author_kind == AuthorKind.CHILD,
                                                           CheckIn.author_child_id.in_(child_ids))
        .group_by(CheckIn.author_child_id)
    ).all())
    own_shares = list(db.scalars(
        select(Share).where(Share.child_id.in_(child_ids), Share.by_user_id == guardian.id)
        .options(selectinload(Share.events), selectinload(Share.responses), selectinload(Share.contact_person),
                 selectinload(Share.child))
        .order_by(Share.created_at)
    ))
    contacts = list(db.scalars(
        select(ContactAssignment).where(ContactAssignment.child_id.in_(child_ids))
        .options(selectinload(ContactAssignment.contact_person))
    ))
    consents = list(db.scalars(
        select(ConsentRequest).where(ConsentRequest.child_id.in_(child_ids)).options(selectinload(ConsentRequest.answers))
    ))
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "exported_at": iso(utcnow()),
        "exported_by": guardian.email,
        "guardians": [{"name": gs.user.display_name, "email": gs.user.email, "custody": gs.has_custody,
                       "language": gs.user.preferred_language, "me": gs.user_id == guardian.id}
                      for gs in family.guardianships],
        "children": [{"first_name": c.first_name, "birth_year": c.birth_year, "language": c.preferred_language,
                      "avatar": c.avatar, "class": c.school_class.name if c.school_class else None,
                      "own_check_ins": children_own.get(c.id, 0)} for c in family.children],
        "contact_persons": [{"child": a.child.first_name, "name": a.contact_person.display_name,
                             "from": iso(a.starts_at), "until": iso(a.ends_at)} for a in contacts],
        "guardian_check_ins": [{"by": guardian.display_name, "about": c.subject.first_name, "at": iso(c.created_at),
                                "wheel": c.wheel_id, "answers": {r.part_key: r.value for r in c.ratings},
                                "what_would_help": c.help_keys, "note": c.note} for c in own_check_ins],
        # A guardian's share goes to the child's contact person, or to the child (then there is no contact person).
        "shares": [{"with": s.contact_person.display_name if s.contact_person else s.child.first_name,
                    "to": s.recipient.value, "at": iso(s.created_at), "parts": s.part_keys,
                    "note": s.include_note, "taken_back": iso(s.withdrawn_at),
                    "opened": [{"by": e.viewer_name, "role": e.viewer_role, "unit": e.viewer_unit,
                                "what": e.action, "at": iso(e.created_at)} for e in s.events],
                    "answers": [{"kind": r.kind.value, "text": r.text, "guide_page": r.guide_page,
                                 "at": iso(r.created_at)} for r in s.responses]}
                   for s in own_shares],
        "consent_requests": [{"child": r.child.first_name, "service": r.service, "purpose": r.purpose,
                              "information": r.information, "until": iso(r.valid_until),
                              "answers": [{"agrees": a.agrees, "at": iso(a.answered_at),
                                           "withdrawn": iso(a.withdrawn_at)} for a in r.answers]}
                             for r in consents],
    }


@dataclass(frozen=True)
class Leaving:
    """What closing a guardian's account does to one of their families."""

    family: Family
    closes: bool  # nobody with custody is left: the family's data is deleted
    keepers: list[User]  # the guardians with custody who keep the children and their data
    unlinked: list[User]  # when it closes: the guardians without custody who lose the link to it


def leaving(db: Session, guardian: User) -> list[Leaving]:
    """For each of the guardian's families: does it close with them, or stay with another guardian with custody?"""
    plans = []
    for family in families_of(db, guardian):
        mine = next(gs for gs in family.guardianships if gs.user_id == guardian.id)
        others = [gs for gs in family.guardianships if gs.user_id != guardian.id]
        keepers = [gs.user for gs in others if gs.has_custody]
        # A guardian without custody never takes the children's data with them, unless nobody at all is left.
        closes = not keepers and (mine.has_custody or not others)
        unlinked = [gs.user for gs in others if not gs.has_custody] if closes else []
        plans.append(Leaving(family, closes, keepers, unlinked))
    return plans


def close_account(db: Session, guardian: User) -> list[Leaving]:
    """Delete the guardian's account with their own check-ins, shares, sessions and push subscriptions (the
    database cascades from the account). A family left without a guardian with custody is closed too."""
    plans = leaving(db, guardian)
    guardian_id = guardian.id
    for plan in plans:
        if plan.closes:
            close_family(db, plan.family)
        elif any(gs.user_id == guardian_id and gs.has_custody for gs in plan.family.guardianships):
            end_for_children(db, [c.id for c in plan.family.children])
    # The letter they joined with no longer says who they were (kept only to match later class lists).
    db.execute(update(Invitation).where(Invitation.used_by_id == guardian_id).values(email_hash=None))
    db.execute(delete(User).where(User.id == guardian_id))
    db.flush()
    db.expunge_all()
    return plans


def close_family(db: Session, family: Family) -> None:
    """Delete the family: children, their check-ins, shares, consents and access logs (the database cascades).
    Other guardians lose the link; their accounts are theirs to close. The ledger keeps numbers only."""
    db.execute(delete(Family).where(Family.id == family.id))
    db.flush()


def delete_old_check_ins(db: Session, months: int) -> int:
    """The retention rule: check-ins older than `months` are deleted with their answers and shares."""
    cutoff = utcnow() - timedelta(days=round(30.44 * months))
    return db.execute(delete(CheckIn).where(CheckIn.created_at < cutoff)).rowcount or 0

