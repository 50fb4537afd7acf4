"""Class mode on a shared school tablet: the class screen, a child's turn, and the staff view."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from webapp import access
from webapp.auth.current import end_child_turn
from webapp.auth.forms import EmptyForm, PasswordCheckForm
from webapp.auth.passwords import verify_secret
from webapp.auth.picture_code import unlock_code
from webapp.classmode import service
from webapp.db import get_session, utcnow
from webapp.extensions import limiter
from webapp.models import Child, ClassMode, Role, SchoolClass, User
from webapp.pages import parse_id
from webapp.turns.service import end_turn

bp = Blueprint("classmode", __name__)
STAFF_VIEW_FOR = timedelta(minutes=2)


def _tablet_key() -> str:
    return "tablet:" + str(session.get("class_mode_id"))


@bp.route("/class-mode/open", methods=["POST"])
@access.adult(Role.CONTACT_PERSON, Role.UNIT_ADMIN)
def open_mode(user: User):
    """Staff bind this device to one of their classes for a while (3 hours, or until they leave)."""
    db = get_session()
    class_id = parse_id(request.form.get("class_id"))
    if not EmptyForm().validate_on_submit() or class_id is None:
        abort(400)
    school_class = access.load(db, SchoolClass, class_id)
    access.require(access.may_open_class_mode(db, user, school_class))
    mode = service.open_class_mode(db, user, school_class)
    db.commit()
    session.restart(user_id=session["user_id"], class_mode_id=mode.id)
    return redirect(url_for("classmode.screen"), code=303)


@bp.route("/class")
@access.class_mode_open
def screen(class_mode: ClassMode):
    """The class screen: avatars and first names, the language menu, nothing else. Ends any child's turn."""
    ident = access.identity()
    db = get_session()
    if ident.turn is not None:
        end_turn(db, ident.turn)
        db.commit()
        end_child_turn()
    session.pop("staff_view_until", None)  # the staff view closes whenever the class screen shows
    return render_template("classmode/screen.html", class_mode=class_mode,
                           children=service.class_children(db, class_mode), form=EmptyForm())


@bp.route("/class/children/<int:child_id>/turn", methods=["POST"])
@access.class_mode_open
def start_turn(child_id: int, class_mode: ClassMode):
    db = get_session()
    child = access.load(db, Child, child_id)
    access.require(child.class_id == class_mode.class_id)
    if not EmptyForm().validate_on_submit() or class_mode.locked_at is not None:
        return redirect(url_for("classmode.screen"), code=303)
    ident = access.identity()
    if ident.turn is not None:
        end_turn(db, ident.turn)
        end_child_turn()
    session.pop("staff_view_until", None)
    turn = service.open_class_turn(db, class_mode, child)
    db.commit()
    session["turn_id"] = turn.id
    return redirect(url_for("turns.current"), code=303)


def _staff_view_open() -> bool:
    until = session.get("staff_view_until", 0)
    return isinstance(until, int | float) and until > utcnow().timestamp()


@bp.route("/class/staff", methods=["GET", "POST"])
@access.class_mode_open
@limiter.limit("10 per minute", methods=["POST"], key_func=_tablet_key)
@limiter.limit("30 per hour", methods=["POST"], key_func=lambda: "reauth:" + str(session.get("user_id")))
def staff(class_mode: ClassMode):
    """For the staff member who opened class mode: who has checked in today, locks, leaving."""
    db = get_session()
    form = PasswordCheckForm()
    error = None
    status = 200
    if access.identity().turn is not None:
        return redirect(url_for("classmode.screen"))
    if form.validate_on_submit():
        if verify_secret(class_mode.opened_by.password_hash, form.password.data)[0]:
            session["staff_view_until"] = (utcnow() + STAFF_VIEW_FOR).timestamp()
            return redirect(url_for("classmode.staff"), code=303)
        error, status = _("That password is not right."), 400
    elif form.is_submitted():
        status = 400
    if not _staff_view_open():
        return render_template("classmode/staff_sign_in.html", form=form, error=error), status
    return render_template(
        "classmode/staff.html", class_mode=class_mode, children=service.class_children(db, class_mode),
        done_today=service.checked_in_today(db, class_mode), form=EmptyForm(),
    )


def _require_staff_view() -> None:
    if access.identity().turn is not None or not _staff_view_open() or not EmptyForm().validate_on_submit():
        abort(403)


@bp.route("/class/children/<int:child_id>/unlock", methods=["POST"])
@access.class_mode_open
def unlock_child(child_id: int, class_mode: ClassMode):
    _require_staff_view()
    db = get_session()
    child = access.load(db, Child, child_id)
    access.require(child.class_id == class_mode.class_id)
    unlock_code(db, child)
    db.commit()
    return redirect(url_for("classmode.staff"), code=303)


@bp.route("/class/unlock-tablet", methods=["POST"])
@access.class_mode_open
def unlock_tablet(class_mode: ClassMode):
    _require_staff_view()
    service.unlock_tablet(get_session(), class_mode)
    get_session().commit()
    return redirect(url_for("classmode.staff"), code=303)


@bp.route("/class/leave", methods=["POST"])
@access.class_mode_open
def leave(class_mode: ClassMode):
    """Leaving class mode needs the staff member's password (given in the staff view)."""
    _require_staff_view()
    db = get_session()
    service.end_class_mode(db, class_mode)
    db.commit()
    session.end()  # the tablet is left signed out: nobody's pages can be reached from it
    return redirect(url_for("home.index"), code=303)
