"""The family's own data: download what is yours to see, delete a check-in, close your account."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from webapp import access
from webapp.auth.forms import EmptyForm, PasswordCheckForm
from webapp.auth.passwords import verify_secret
from webapp.checkins.service import Author
from webapp.db import get_session
from webapp.family import service
from webapp.models import CheckIn, Role, User

bp = Blueprint("family", __name__)


@bp.route("/family/data", methods=["GET", "POST"])
@access.adult(Role.GUARDIAN)
def data(user: User):
    """What is stored, how to download it, and closing one's own account (needs the password).
    Before confirming, the page says for each family whether it closes too or stays with another guardian."""
    db = get_session()
    form = PasswordCheckForm()
    error = None
    if form.validate_on_submit():
        if request.form.get("confirm") != "yes":
            error = _("Tick the box to confirm that you want to close your account.")
        elif not verify_secret(user.password_hash, form.password.data)[0]:
            error = _("That password is not right.")
        else:
            plans = service.close_account(db, user)
            db.commit()
            session.end()
            if any(plan.closes for plan in plans):
                flash(_("Your family's account is closed and its data deleted."))
            else:
                flash(_("Your account is closed and your data deleted."))
            return redirect(url_for("home.index"), code=303)
    status = 400 if error or form.errors else 200
    return render_template("family/data.html", form=form, error=error, plans=service.leaving(db, user)), status


def _export(user: User) -> list[dict]:
    db = get_session()
    return [service.family_export(db, family, user) for family in service.families_of(db, user)]


@bp.route("/family/export.json")
@access.adult(Role.GUARDIAN)
def export_json(user: User):
    body = json.dumps(_export(user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="mitt-hjul-family.json"'})


@bp.route("/family/export.html")
@access.adult(Role.GUARDIAN)
def export_html(user: User):
    page = render_template("family/export.html", families=_export(user))
    return Response(page, mimetype="text/html",
                    headers={"Content-Disposition": 'attachment; filename="mitt-hjul-family.html"'})


@bp.route("/check-ins/<int:check_in_id>/delete", methods=["POST"])
@access.check_in_author
def delete_check_in(check_in_id: int, author: Author):
    """The author deletes one of their own check-ins (what was shared of it goes too)."""
    db = get_session()
    check_in = access.load(db, CheckIn, check_in_id)
    access.require(author.owns(check_in))
    if EmptyForm().validate_on_submit():
        db.delete(check_in)
        db.commit()
        flash(_("The check-in is deleted."))
        return redirect(url_for("checkins.history"), code=303)
    return redirect(url_for("checkins.show", check_in_id=check_in.id), code=303)
