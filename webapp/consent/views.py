"""Asking a family for consent to involve another service, and each guardian's answer."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from webapp import access
from webapp.auth.forms import BaseForm, EmptyForm, WholeNumberRange
from webapp.consent import service as consent_service
from webapp.db import get_session
from webapp.models import Child, ConsentRequest, Role, User

bp = Blueprint("consent", __name__)


class ConsentRequestForm(BaseForm):
    service = StringField(_l("Which service"), description=_l("For example the school health service."),
                          validators=[InputRequired(message=_l("Write which service.")),
                                      Length(max=200, message=_l("Please use at most 200 characters."))])
    purpose = TextAreaField(_l("Why"), validators=[InputRequired(message=_l("Write why.")),
                                                   Length(max=500, message=_l("Please write at most 500 characters."))])
    information = TextAreaField(_l("What information would be shared"),
                                validators=[InputRequired(message=_l("Write what information.")),
                                            Length(max=500, message=_l("Please write at most 500 characters."))])
    months = IntegerField(_l("For how many months"), default=consent_service.DEFAULT_MONTHS,
                          validators=[InputRequired(message=_l("Write a number of months from 1 to 12.")),
                                      WholeNumberRange(1, 12, _l("Write a number of months from 1 to 12."))])


def _assigned_child(user: User, child_id: int) -> Child:
    db = get_session()
    child = access.load(db, Child, child_id)
    access.require(access.current_contact_person_id(db, child) == user.id)
    return child


@bp.route("/children/<int:child_id>/consent", methods=["GET", "POST"])
@access.adult(Role.CONTACT_PERSON)
def ask(child_id: int, user: User):
    """The contact person asks the family for consent to involve a named service."""
    db = get_session()
    child = _assigned_child(user, child_id)
    form = ConsentRequestForm()
    if form.validate_on_submit():
        consent_service.ask(db, user, child, form.service.data, form.purpose.data, form.information.data,
                            form.months.data)
        db.commit()
        flash(_("The request was sent to the family."))
        return redirect(url_for("home.index"), code=303)
    requests = consent_service.requests_for_children(db, [child.id])
    page = render_template("consent/ask.html", child=child, form=form, requests=requests,
                           status=consent_service.status)
    return page, 400 if form.errors else 200


@bp.route("/consent/<int:request_id>/answer", methods=["POST"])
@access.adult(Role.GUARDIAN)
def answer(request_id: int, user: User):
    """Yes or no from one guardian with custody."""
    db = get_session()
    consent = access.load(db, ConsentRequest, request_id)
    access.require(access.is_guardian_of(user, consent.child.family))
    if not consent_service.may_answer(user, consent):
        abort(403)
    choice = request.form.get("answer")
    if not EmptyForm().validate_on_submit() or choice not in ("yes", "no", "withdraw"):
        flash(_("Choose yes or no."))
        return redirect(url_for("home.index"), code=303)
    if choice == "withdraw":
        consent_service.withdraw(db, consent, user)
        flash(_("Your answer is withdrawn."))
    else:
        consent_service.answer(db, consent, user, choice == "yes")
        flash(_("Thank you. Your answer is saved; you can change or withdraw it at any time."))
    db.commit()
    return redirect(url_for("home.index"), code=303)
