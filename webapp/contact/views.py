"""Who the contact person is, as families see them; and where contact persons keep those details up to date."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from webapp import access
from webapp.contact.forms import ContactDetailsForm
from webapp.db import get_session
from webapp.models import Child, Role, StaffMembership, Unit, User

bp = Blueprint("contact", __name__)


def workplaces(db, person: User) -> list[str]:  # noqa: ANN001
    """The units a contact person works at, by name."""
    return list(db.scalars(
        select(Unit.name).join(StaffMembership, StaffMembership.unit_id == Unit.id)
        .where(StaffMembership.user_id == person.id).order_by(Unit.name)
    ))


def phone_href(number: str | None) -> str | None:
    """A tap-to-call link: digits and a leading plus only."""
    digits = re.sub(r"[^0-9+]", "", number or "")
    return f"tel:{digits}" if re.search(r"[0-9]", digits) else None


@bp.route("/children/<int:child_id>/contact-person")
@access.support_reader
def person(child_id: int, child: Child | None, user: User | None):
    """A guardian about each of their children; a child in their own turn about themself. Nobody else."""
    db = get_session()
    if child is not None:
        access.require(child.id == child_id)
    else:
        if user is None or user.role != Role.GUARDIAN:
            abort(404)
        child = access.load(db, Child, child_id)
        access.require(access.is_guardian_of(user, child.family))
    contact_id = access.current_contact_person_id(db, child)
    contact = db.get(User, contact_id) if contact_id is not None else None
    if contact is not None and not contact.is_active:
        contact = None  # a disabled account cannot answer: say so rather than send the family to nobody
    return render_template(
        "contact/person.html", child=child, contact=contact, for_child=user is None,
        workplaces=workplaces(db, contact) if contact else [],
        school=child.school_class.unit.name if child.school_class else None,
        phone_href=phone_href(contact.work_phone) if contact else None,
    )


@bp.route("/settings/contact-details", methods=["GET", "POST"])
@access.adult(Role.CONTACT_PERSON, Role.UNIT_ADMIN)
def details(user: User):
    """Staff keep their own job title, work phone and when they can be reached up to date."""
    db = get_session()
    form = ContactDetailsForm()
    if form.validate_on_submit():
        form.save_to(user)
        db.commit()
        flash(_("Your contact details were saved."))
        return redirect(url_for("contact.details"), code=303)
    if not form.is_submitted():
        form.fill(user)
    return render_template("contact/details.html", form=form, person=user,
                           workplaces=workplaces(db, user)), 400 if form.errors else 200
