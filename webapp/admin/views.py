"""Unit admin pages: units, classes, staff, children, contact persons, invitations."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from webapp import access
from webapp.admin import roster, service
from webapp.admin.code_cards import make_cards
from webapp.admin.forms import (
    ChildForm,
    ClassForm,
    ContactPersonForm,
    GuardianInvitationForm,
    StaffInvitationForm,
)
from webapp.auth.forms import EmptyForm, choices
from webapp.auth.invitations import NewInvitation, create_invitation, join_url, qr_svg
from webapp.auth.picture_code import PICTURE_NAMES
from webapp.auth.sessions import revoke_user_sessions
from webapp.checkins.wheel_store import wheels
from webapp.contact.forms import ContactDetailsForm
from webapp.contact.views import workplaces
from webapp.db import get_session
from webapp.home.views import staff_classes
from webapp.i18n import current_language
from webapp.models import Child, Family, Role, SchoolClass, Unit, User

bp = Blueprint("admin", __name__, url_prefix="/admin")
ADMIN = access.adult(Role.UNIT_ADMIN)


def _class_choices(units: list[Unit]):  # noqa: ANN202
    return choices((c.id, f"{u.name} – {c.name}") for u in units for c in u.classes)


def _contact_choices(child: Child):  # noqa: ANN202
    return choices((p.id, p.display_name) for p in service.contact_persons(get_session(), child.school_class.unit_id))


def _overview(user: User, child_form: ChildForm | None = None, class_form: ClassForm | None = None, status=200):
    db = get_session()
    units = service.admin_units(db, user)
    unit_ids = [u.id for u in units]
    child_form = child_form or ChildForm()
    child_form.class_id.choices = _class_choices(units)
    return render_template(
        "admin/index.html",
        user=user,
        units=units,
        staff=service.unit_staff(db, unit_ids),
        children=service.children_of_units(db, unit_ids),
        child_form=child_form,
        class_form=class_form or ClassForm(),
        staff_form=StaffInvitationForm(),
        form=EmptyForm(),
        wheels=wheels(),
        lang=current_language(),
        classes=staff_classes(db, user),
    ), status


@bp.route("/")
@ADMIN
def index(user: User):
    return _overview(user)


@bp.route("/units/<int:unit_id>/classes", methods=["POST"])
@ADMIN
def add_class(unit_id: int, user: User):
    db = get_session()
    unit = access.load(db, Unit, unit_id)
    access.require(access.may_manage_unit(db, user, unit))
    form = ClassForm()
    if not form.validate_on_submit():
        return _overview(user, class_form=form, status=400)
    name = form.name.data.strip()
    if any(c.name == name for c in unit.classes):
        form.name.errors.append(_("There is already a class with that name."))
        return _overview(user, class_form=form, status=400)
    db.add(SchoolClass(unit_id=unit.id, name=name))
    db.commit()
    flash(_("The class was added."))
    return redirect(url_for("admin.index"), code=303)


@bp.route("/units/<int:unit_id>/wheel", methods=["POST"])
@ADMIN
def set_wheel(unit_id: int, user: User):
    """Choose the wheel variant the unit's families and children check in on; old check-ins keep theirs."""
    db = get_session()
    unit = access.load(db, Unit, unit_id)
    access.require(access.may_manage_unit(db, user, unit))
    wheel_id = request.form.get("wheel_id", "")
    if not EmptyForm().validate_on_submit() or wheel_id not in wheels():
        flash(_("Choose one of the wheels."))
        return _overview(user, status=400)
    unit.wheel_id = wheel_id
    db.commit()
    flash(_("The wheel was saved."))
    return redirect(url_for("admin.index"), code=303)


@bp.route("/families", methods=["POST"])
@ADMIN
def add_family(user: User):
    """A new family starts with its first child."""
    db = get_session()
    units = service.admin_units(db, user)
    form = ChildForm()
    form.class_id.choices = _class_choices(units)
    if not form.validate_on_submit():
        return _overview(user, child_form=form, status=400)
    family = Family(organisation_id=units[0].organisation_id)
    db.add(family)
    child = service.add_child(
        db, family=family, first_name=form.first_name.data, birth_year=form.birth_year.data,
        avatar=form.avatar.data, language=form.language.data, class_id=form.class_id.data,
    )
    db.commit()
    return redirect(url_for("admin.child", child_id=child.id), code=303)


def _child_page(user: User, child: Child, status: int = 200, **forms):
    db = get_session()
    units = service.admin_units(db, user)
    contact_form = forms.get("contact_form") or ContactPersonForm()
    contact_form.contact_person_id.choices = _contact_choices(child)
    sibling_form = forms.get("sibling_form") or ChildForm(formdata=None)
    sibling_form.class_id.choices = _class_choices(units)
    return render_template(
        "admin/child.html",
        child=child,
        history=service.contact_history(db, child),
        contact_form=contact_form,
        invite_form=forms.get("invite_form") or GuardianInvitationForm(),
        sibling_form=sibling_form,
        form=EmptyForm(),
    ), status


def _managed_child_of(db, user: User, family: Family) -> Child:  # noqa: ANN001
    """A child of the family this admin manages (the family may also have children at other units)."""
    return next(c for c in family.children if access.may_manage_child(db, user, c))


def _managed_child(user: User, child_id: int) -> Child:
    db = get_session()
    child = access.load(db, Child, child_id)
    access.require(access.may_manage_child(db, user, child))
    return child


@bp.route("/children/<int:child_id>")
@ADMIN
def child(child_id: int, user: User):
    return _child_page(user, _managed_child(user, child_id))


@bp.route("/children/<int:child_id>/contact-person", methods=["POST"])
@ADMIN
def set_contact_person(child_id: int, user: User):
    db = get_session()
    child = _managed_child(user, child_id)
    form = ContactPersonForm()
    form.contact_person_id.choices = _contact_choices(child)
    if not form.validate_on_submit():
        return _child_page(user, child, status=400, contact_form=form)
    service.assign_contact_person(db, child, db.get(User, form.contact_person_id.data), assigned_by=user)
    db.commit()
    flash(_("The contact person was saved."))
    return redirect(url_for("admin.child", child_id=child.id), code=303)


@bp.route("/families/<int:family_id>/children", methods=["POST"])
@ADMIN
def add_sibling(family_id: int, user: User):
    db = get_session()
    family = access.load(db, Family, family_id)
    access.require(access.may_manage_family(db, user, family))
    form = ChildForm()
    form.class_id.choices = _class_choices(service.admin_units(db, user))
    if not form.validate_on_submit():
        return _child_page(user, _managed_child_of(db, user, family), status=400, sibling_form=form)
    child = service.add_child(
        db, family=family, first_name=form.first_name.data, birth_year=form.birth_year.data,
        avatar=form.avatar.data, language=form.language.data, class_id=form.class_id.data,
    )
    db.commit()
    return redirect(url_for("admin.child", child_id=child.id), code=303)


def _letter_html(new: NewInvitation) -> Markup:
    """One printable letter in the invitee's language. The code is shown this once and never stored."""
    with force_locale(new.invitation.language):
        url = join_url(new.code)
        return Markup(render_template(  # noqa: S704 - our own template, autoescaped
            "admin/_letter.html", invitation=new.invitation, code=new.display_code, url=url, qr=qr_svg(url)
        ))


def _letter(new: NewInvitation):
    with force_locale(new.invitation.language):
        return render_template("admin/invitation_letter.html", letter=_letter_html(new))


@bp.route("/families/<int:family_id>/invitations", methods=["POST"])
@ADMIN
def invite_guardian(family_id: int, user: User):
    db = get_session()
    family = access.load(db, Family, family_id)
    access.require(access.may_manage_family(db, user, family))
    form = GuardianInvitationForm()
    if not form.validate_on_submit():
        return _child_page(user, _managed_child_of(db, user, family), status=400, invite_form=form)
    new = create_invitation(
        db, created_by=user, role=Role.GUARDIAN, language=form.language.data, family=family,
        has_custody=form.has_custody.data,
    )
    db.commit()
    return _letter(new)


@bp.route("/units/<int:unit_id>/invitations", methods=["POST"])
@ADMIN
def invite_staff(unit_id: int, user: User):
    db = get_session()
    unit = access.load(db, Unit, unit_id)
    access.require(access.may_manage_unit(db, user, unit))
    form = StaffInvitationForm()
    if not form.validate_on_submit():
        flash(_("Choose a role and a language for the invitation."))
        return _overview(user, status=400)
    new = create_invitation(db, created_by=user, role=Role(form.role.data), language=form.language.data, unit=unit)
    db.commit()
    return _letter(new)


@bp.route("/staff/<int:staff_id>/active", methods=["POST"])
@ADMIN
def set_staff_active(staff_id: int, user: User):
    """Disabling an account ends all its sessions at once."""
    db = get_session()
    target = access.load(db, User, staff_id)
    access.require(access.may_manage_staff(db, user, target))
    if EmptyForm().validate_on_submit():
        target.is_active = request.form.get("active") == "1"
        if not target.is_active:
            revoke_user_sessions(db, target.id)
        db.commit()
        flash(_("The account was enabled.") if target.is_active else _("The account was disabled."))
    return redirect(url_for("admin.index"), code=303)


@bp.route("/staff/<int:staff_id>/details", methods=["GET", "POST"])
@ADMIN
def staff_details(staff_id: int, user: User):
    """A unit admin keeps the job title, work phone and reachable times of their units' staff up to date."""
    db = get_session()
    target = access.load(db, User, staff_id)
    if target.id == user.id:
        return redirect(url_for("contact.details"), code=303)
    access.require(access.may_manage_staff(db, user, target))
    form = ContactDetailsForm()
    if form.validate_on_submit():
        form.save_to(target)
        db.commit()
        flash(_("The contact details of %(name)s were saved.", name=target.display_name))
        return redirect(url_for("admin.index"), code=303)
    if not form.is_submitted():
        form.fill(target)
    return render_template("admin/staff_details.html", form=form, person=target,
                           workplaces=workplaces(db, target)), 400 if form.errors else 200


@bp.route("/classes/<int:class_id>/code-cards", methods=["POST"])
@ADMIN
def class_code_cards(class_id: int, user: User):
    """New picture codes for a whole class, printed as cards (replaces the old codes)."""
    db = get_session()
    school_class = access.load(db, SchoolClass, class_id)
    access.require(access.may_manage_unit(db, user, school_class.unit))
    if not EmptyForm().validate_on_submit() or request.form.get("replace") != "yes":
        flash(_("Tick the box to confirm that the children get new codes."))
        return _overview(user, status=400)
    children = list(db.scalars(select(Child).where(Child.class_id == class_id).order_by(Child.first_name)))
    return _print_new_codes(db, children)


@bp.route("/children/<int:child_id>/code-card", methods=["POST"])
@ADMIN
def child_code_card(child_id: int, user: User):
    db = get_session()
    child = _managed_child(user, child_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("admin.child", child_id=child.id), code=303)
    return _print_new_codes(db, [child])


def _print_new_codes(db, children: list[Child]):  # noqa: ANN001, ANN202
    """New codes, saved hashed, and the one page where they are shown: the cards to print."""
    cards = make_cards(db, children)
    db.commit()
    return render_template("admin/code_cards.html", cards=cards, pictures=PICTURE_NAMES)


def _roster_page(unit: Unit, check: roster.RosterCheck, imported=(), letters=(), status: int = 200):  # noqa: ANN001
    return render_template("admin/roster_result.html", unit=unit, check=check, imported=list(imported),
                           letters=list(letters), outcomes=roster.Outcome), status


@bp.route("/units/<int:unit_id>/roster", methods=["POST"])
@ADMIN
def import_roster(unit_id: int, user: User):
    """Import children from a CSV file: all rows or none; one letter per guardian e-mail that has no account."""
    db = get_session()
    unit = access.load(db, Unit, unit_id)
    access.require(access.may_manage_unit(db, user, unit))
    upload = request.files.get("roster")
    if not EmptyForm().validate_on_submit() or upload is None or not upload.filename:
        return _roster_page(unit, roster.RosterCheck(errors=[(0, _("Choose a CSV file to import."))]), status=400)
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    check = roster.read_roster(upload.read(limit + 1), max_bytes=limit)
    if not check.errors:
        roster.check_against_database(db, unit, check)
    if check.errors:
        return _roster_page(unit, check, status=400)
    imported = roster.import_roster(db, unit, check.rows)
    letters = []
    for result in imported:
        if result.letter:
            new = create_invitation(db, created_by=user, role=Role.GUARDIAN, language=result.row.language,
                                    family=result.child.family, email=result.row.guardian_email)
            letters.append(_letter_html(new))
    db.commit()
    return _roster_page(unit, check, imported, letters)


@bp.errorhandler(413)
def _too_big(_e):  # noqa: ANN001, ANN202
    """A class list larger than a request may be: refused as a whole, with the reason, on the roster page."""
    from webapp.auth.current import load_identity
    from webapp.errors import render_error

    if "identity" not in g:
        load_identity()  # the file was refused before the request got as far as knowing who sent it
    unit_id = (request.view_args or {}).get("unit_id")
    if request.endpoint != "admin.import_roster" or unit_id is None:
        return render_error(413)
    db = get_session()
    unit = db.get(Unit, unit_id)
    ident = access.identity()
    user = ident.user
    if unit is None or user is None or ident.in_turn or ident.class_mode is not None \
            or not access.may_manage_unit(db, user, unit):
        return render_error(413)
    check = roster.RosterCheck(errors=[(0, roster.too_big_message(current_app.config["MAX_CONTENT_LENGTH"]))])
    return _roster_page(unit, check, status=413)
