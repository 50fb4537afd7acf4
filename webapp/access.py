"""Who may see or change what. Every view declares its access policy here; object checks live here too.

Views never test roles themselves: they use one of the policy decorators (which hand the signed-in
user, or the child in a turn, to the view) and the `may_*` predicates below, through `require`.
A test walks the URL map and fails for a route without a declared policy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import abort, g, redirect, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from webapp.db import Base
from webapp.models import (
    Child,
    ClassMode,
    ContactAssignment,
    DirectoryEntry,
    Family,
    Guardianship,
    Role,
    SchoolClass,
    Share,
    StaffMembership,
    Turn,
    Unit,
    User,
)

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=Base)

# Endpoints registered by Flask itself.
BUILTIN_PUBLIC_ENDPOINTS = frozenset({"static"})


@dataclass(frozen=True)
class Identity:
    """Who is using this request: nobody, an adult, or a child inside a turn the adult opened."""

    user: User | None = None
    turn: Turn | None = None
    class_mode: ClassMode | None = None  # this device is a class's shared tablet

    @property
    def child(self) -> Child | None:
        if self.turn is not None and self.turn.child_signed_in_at is not None:
            return self.turn.child
        return None

    @property
    def in_turn(self) -> bool:
        return self.turn is not None


def identity() -> Identity:
    return g.get("identity") or Identity()


def _mark(view: F, policy: str) -> F:
    view.access_policy = policy  # type: ignore[attr-defined]
    return view


def public(view: F) -> F:
    """Anyone may open this, signed in or not, also during a child's turn."""
    return _mark(view, "public")


def adult(*roles: Role) -> Callable[[F], F]:
    """A signed-in adult with one of `roles`, outside any child's turn; the view gets `user`."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            ident = identity()
            if ident.user is None:
                return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
            if ident.in_turn:
                return redirect(url_for("turns.current"))
            if ident.class_mode is not None:
                return redirect(url_for("classmode.screen"))
            if ident.user.role not in roles:
                abort(403)
            return view(*args, user=ident.user, **kwargs)

        return _mark(wrapped, "adult:" + ",".join(sorted(roles)))

    return decorator


def turn_open(view: F) -> F:
    """A turn is open on this device (a child may or may not have entered their code); gets `turn`."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        ident = identity()
        if ident.turn is None:
            return redirect(url_for("home.index"))
        return view(*args, turn=ident.turn, **kwargs)

    return _mark(wrapped, "turn")


def child_in_turn(view: F) -> F:
    """A child who entered their picture code in the open turn; the view gets `child` and `turn`."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        ident = identity()
        if ident.turn is None:
            return redirect(url_for("home.index"))
        if ident.child is None:
            return redirect(url_for("turns.current"))
        return view(*args, child=ident.child, turn=ident.turn, **kwargs)

    return _mark(wrapped, "child")


def load(db: Session, model: type[M], object_id: int) -> M:
    """Fetch by id or answer 404."""
    obj = db.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def require(allowed: bool) -> None:
    """Refuse with 404 so that an outsider cannot even learn that the object exists."""
    if not allowed:
        abort(404)


# --- Scopes -----------------------------------------------------------------------------------------


def staff_unit_ids(db: Session, user: User) -> set[int]:
    if not user.is_staff or not user.is_active:
        return set()
    return set(db.scalars(select(StaffMembership.unit_id).where(StaffMembership.user_id == user.id)))


def admin_unit_ids(db: Session, user: User) -> set[int]:
    return staff_unit_ids(db, user) if user.role == Role.UNIT_ADMIN else set()


def child_unit_id(child: Child) -> int | None:
    return child.school_class.unit_id if child.school_class is not None else None


def current_contact_person_id(db: Session, child: Child) -> int | None:
    return db.scalar(
        select(ContactAssignment.contact_person_id).where(
            ContactAssignment.child_id == child.id, ContactAssignment.ends_at.is_(None)
        )
    )


# --- Predicates -------------------------------------------------------------------------------------


def is_guardian_of(user: User, family: Family) -> bool:
    return user.role == Role.GUARDIAN and any(gs.user_id == user.id for gs in family.guardianships)


def may_view_child_profile(db: Session, user: User, child: Child) -> bool:
    """Profile only (name, class, contact person), never a child's own ratings."""
    if is_guardian_of(user, child.family):
        return True
    if user.role == Role.CONTACT_PERSON:
        return current_contact_person_id(db, child) == user.id
    if user.role == Role.UNIT_ADMIN:
        return child_unit_id(child) in admin_unit_ids(db, user)
    return False


def may_manage_child(db: Session, user: User, child: Child) -> bool:
    """Change a child's profile, class, contact person; reset their picture code."""
    return user.role == Role.UNIT_ADMIN and child_unit_id(child) in admin_unit_ids(db, user)


def may_open_family_turn(user: User, child: Child) -> bool:
    return is_guardian_of(user, child.family)


def may_unlock_code(db: Session, user: User, child: Child) -> bool:
    """Staff of the child's unit. Not guardians: a guardian unlocking again and again could guess the code
    and read what the child keeps to themself."""
    return user.is_staff and child_unit_id(child) in staff_unit_ids(db, user)


def may_manage_family(db: Session, user: User, family: Family) -> bool:
    """Invite guardians and add children: an admin of a unit one of the family's children belongs to."""
    if user.role != Role.UNIT_ADMIN:
        return False
    units = admin_unit_ids(db, user)
    return any(child_unit_id(c) in units for c in family.children)


def may_manage_unit(db: Session, user: User, unit: Unit) -> bool:
    return unit.id in admin_unit_ids(db, user)


def may_manage_staff(db: Session, admin: User, target: User) -> bool:
    """Disable or enable a staff account: an admin of a unit the target works at (never oneself)."""
    if admin.id == target.id or not target.is_staff:
        return False
    target_units = set(db.scalars(select(StaffMembership.unit_id).where(StaffMembership.user_id == target.id)))
    return bool(target_units & admin_unit_ids(db, admin))



# --- Local support directory ------------------------------------------------------------------------


def _child_or_adult() -> tuple[Child | None, User | None] | Response:
    """Who is at the device: the child in their own turn, or a signed-in adult outside any turn.
    Anyone else is sent where they belong (the pad, the class screen, sign-in)."""
    ident = identity()
    if ident.turn is not None:
        return (ident.child, None) if ident.child is not None else redirect(url_for("turns.current"))
    if ident.class_mode is not None:
        return redirect(url_for("classmode.screen"))
    if ident.user is None:
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    return None, ident.user


def support_reader(view: F) -> F:
    """A child in their own turn, or a signed-in adult outside any turn; the view gets `child` or `user`."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        who = _child_or_adult()
        if isinstance(who, Response):
            return who
        child, user = who
        return view(*args, child=child, user=user, **kwargs)

    return _mark(wrapped, "support_reader")


def support_scope(db: Session, child: Child | None = None, user: User | None = None) -> tuple[set[int], set[int]]:
    """(unit ids, municipality ids) whose local support this reader sees: a child their own unit's; a guardian
    their children's units'; staff their own units'. One query."""
    if child is not None:
        rows = db.execute(
            select(SchoolClass.unit_id, Unit.organisation_id, Family.organisation_id)
            .select_from(Child).join(Family, Family.id == Child.family_id)
            .outerjoin(SchoolClass, SchoolClass.id == Child.class_id).outerjoin(Unit, Unit.id == SchoolClass.unit_id)
            .where(Child.id == child.id)
        ).all()
    elif user is not None and user.role == Role.GUARDIAN:
        rows = db.execute(
            select(SchoolClass.unit_id, Unit.organisation_id, Family.organisation_id)
            .select_from(Guardianship).join(Family, Family.id == Guardianship.family_id)
            .outerjoin(Child, Child.family_id == Family.id).outerjoin(SchoolClass, SchoolClass.id == Child.class_id)
            .outerjoin(Unit, Unit.id == SchoolClass.unit_id)
            .where(Guardianship.user_id == user.id)
        ).all()
    elif user is not None and user.is_staff and user.is_active:
        rows = db.execute(
            select(Unit.id, Unit.organisation_id, Unit.organisation_id)
            .join(StaffMembership, StaffMembership.unit_id == Unit.id).where(StaffMembership.user_id == user.id)
        ).all()
    else:
        rows = []
    units = {unit_id for unit_id, _, _ in rows if unit_id is not None}
    organisations = {org for _, unit_org, family_org in rows for org in (unit_org, family_org) if org is not None}
    return units, organisations


def admin_organisation_ids(db: Session, user: User) -> set[int]:
    """The municipalities in which this user is an admin of at least one unit."""
    if user.role != Role.UNIT_ADMIN or not user.is_active:
        return set()
    return set(db.scalars(
        select(Unit.organisation_id).join(StaffMembership, StaffMembership.unit_id == Unit.id)
        .where(StaffMembership.user_id == user.id)
    ))


def may_manage_directory_entry(db: Session, user: User, entry: DirectoryEntry) -> bool:
    """Change, mark as reviewed or delete an entry: an admin of a unit in the entry's municipality."""
    return entry.organisation_id in admin_organisation_ids(db, user)


def class_mode_open(view: F) -> F:
    """This device is in class mode (between children's turns or during one); the view gets `class_mode`."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        ident = identity()
        if ident.class_mode is None:
            return redirect(url_for("home.index"))
        return view(*args, class_mode=ident.class_mode, **kwargs)

    return _mark(wrapped, "class_mode")


def may_open_class_mode(db: Session, user: User, school_class: SchoolClass) -> bool:
    """Staff of the class's unit."""
    return school_class.unit_id in staff_unit_ids(db, user)


def check_in_author(view: F) -> F:
    """A child in their own turn, or a guardian outside any turn; the view gets `author`."""
    from webapp.checkins.service import Author
    from webapp.models import AuthorKind

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        who = _child_or_adult()
        if isinstance(who, Response):
            return who
        child, user = who
        if child is not None:
            return view(*args, author=Author(AuthorKind.CHILD, child=child), **kwargs)
        if user is None or user.role != Role.GUARDIAN:
            abort(403)
        return view(*args, author=Author(AuthorKind.GUARDIAN, user=user), **kwargs)

    return _mark(wrapped, "check_in_author")


def may_check_in_about(user: User, child: Child) -> bool:
    """A guardian checks in about their own children only."""
    return is_guardian_of(user, child.family)


def may_read_share(db: Session, user: User, share: Share) -> bool:
    """Only the contact person it was shared with, only while they are the child's contact person,
    and only until it is withdrawn."""
    return (user.role == Role.CONTACT_PERSON and share.withdrawn_at is None and share.contact_person_id == user.id
            and current_contact_person_id(db, share.child) == user.id)
