"""Start page for everyone, each role's home, health check and the language menu."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from webapp import access
from webapp.auth.forms import EmptyForm
from webapp.auth.picture_code import unlock_code
from webapp.consent import service as consent
from webapp.db import get_session
from webapp.models import Child, ContactAssignment, Family, Guardianship, Role, SchoolClass, User

bp = Blueprint("home", __name__)


@bp.route("/")
@access.public
def index():
    ident = access.identity()
    if ident.in_turn:
        return redirect(url_for("turns.current"))
    if ident.class_mode is not None:
        return redirect(url_for("classmode.screen"))
    if ident.user is None:
        return render_template("home/welcome.html")
    if ident.user.role == Role.GUARDIAN:
        return guardian_home(ident.user)
    if ident.user.role == Role.CONTACT_PERSON:
        return contact_person_home(ident.user)
    return redirect(url_for("admin.index"))


def contact_people_by_child(db, child_ids: list[int]) -> dict[int, User]:
    """Current named contact person of each child, in one query."""
    rows = db.execute(
        select(ContactAssignment.child_id, User)
        .join(User, User.id == ContactAssignment.contact_person_id)
        .where(ContactAssignment.child_id.in_(child_ids), ContactAssignment.ends_at.is_(None))
    ).all()
    return {child_id: user for child_id, user in rows}


def guardian_home(user: User):
    db = get_session()
    families = db.scalars(
        select(Family)
        .join(Guardianship)
        .where(Guardianship.user_id == user.id)
        .options(selectinload(Family.children).selectinload(Child.school_class).selectinload(SchoolClass.unit))
    ).all()
    children = [c for f in families for c in f.children]
    contacts = contact_people_by_child(db, [c.id for c in children])
    return render_template("home/guardian.html", user=user, children=children, contacts=contacts, form=EmptyForm(),
                           consents=consent.requests_for_children(db, [c.id for c in children]),
                           status=consent.status, custody=consent.custody_guardian_ids)


def contact_person_home(user: User):
    db = get_session()
    children = db.scalars(
        select(Child)
        .join(ContactAssignment, ContactAssignment.child_id == Child.id)
        .where(ContactAssignment.contact_person_id == user.id, ContactAssignment.ends_at.is_(None))
        .options(selectinload(Child.school_class).selectinload(SchoolClass.unit))
        .order_by(Child.first_name)
    ).all()
    return render_template("home/contact_person.html", user=user, children=children, form=EmptyForm(),
                           classes=staff_classes(db, user))


def staff_classes(db, user: User) -> list[SchoolClass]:  # noqa: ANN001
    """Classes a staff member may open class mode for."""
    return list(db.scalars(
        select(SchoolClass).where(SchoolClass.unit_id.in_(access.staff_unit_ids(db, user)))
        .options(selectinload(SchoolClass.unit)).order_by(SchoolClass.name)
    ))


@bp.route("/children/<int:child_id>/unlock-code", methods=["POST"])
@access.adult(Role.CONTACT_PERSON, Role.UNIT_ADMIN)
def unlock_child_code(child_id: int, user: User):
    """Staff of the child's unit unlock a picture code after too many wrong tries."""
    db = get_session()
    child = access.load(db, Child, child_id)
    access.require(access.may_unlock_code(db, user, child))
    if EmptyForm().validate_on_submit():
        unlock_code(db, child)
        db.commit()
    target = "admin.child" if user.role == Role.UNIT_ADMIN else "home.index"
    return redirect(url_for(target, child_id=child.id) if target == "admin.child" else url_for(target), code=303)


@bp.route("/languages")
@access.public
def languages():
    """The language menu as its own page, for when the menu in the header cannot be opened."""
    return render_template("home/languages.html")


@bp.route("/accessibility")
@access.public
def accessibility():
    """The accessibility statement (tillgänglighetsredogörelse): what is tested and what is known."""
    return render_template("home/accessibility.html")


@bp.route("/pictograms")
@access.public
def pictograms():
    """Where the pictures come from (OpenMoji, CC BY-SA 4.0): the attribution their licence asks for."""
    import json

    from webapp import ROOT

    keys = sorted(json.loads((ROOT / "static" / "pictograms" / "index.json").read_text()))
    return render_template("home/pictograms.html", keys=keys)


@bp.route("/healthz")
@access.public
def healthz():
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "unavailable"}, 503
    return {"status": "ok"}, 200
