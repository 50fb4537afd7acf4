"""Sign in, sign out, and joining through an invitation."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp import access
from webapp.auth.forms import JoinForm, SignInForm
from webapp.auth.invitations import JoinError, accept_invitation
from webapp.auth.passwords import verify_secret
from webapp.auth.sessions import revoke_user_sessions
from webapp.db import get_session, utcnow
from webapp.extensions import limiter, signin_email_key
from webapp.models import User

bp = Blueprint("auth", __name__)

JOIN_ERRORS = {
    JoinError.UNKNOWN: _l("We do not recognise that code. Check it against your letter."),
    JoinError.EXPIRED: _l("This invitation has expired. Ask for a new letter."),
    JoinError.USED: _l("This invitation has already been used. Ask for a new letter."),
    JoinError.EMAIL_TAKEN: _l("There is already an account with this e-mail address. Sign in instead."),
}


def _safe_next(target: str | None) -> str:
    """Only follow `next` to a path on this site."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")


def start_session(user: User) -> None:
    """A fresh session token for a fresh sign-in (no fixation), keeping the chosen language."""
    language = session.get("language")
    session.restart(user_id=user.id, **({"language": language} if language else {}))


@bp.route("/sign-in", methods=["GET", "POST"])
@access.public
@limiter.limit("20 per minute", methods=["POST"])
@limiter.limit("10 per minute", key_func=signin_email_key, methods=["POST"])
def sign_in():
    if access.identity().user is not None:
        return redirect(url_for("home.index"))
    form = SignInForm()
    error = None
    status = 200
    if form.validate_on_submit():
        db = get_session()
        email = form.email.data.strip().lower()
        user = db.scalar(select(User).where(User.email == email))
        matches, new_hash = verify_secret(user.password_hash if user else None, form.password.data)
        if user is not None and matches and user.is_active:
            if new_hash:
                user.password_hash = new_hash
            user.last_sign_in_at = utcnow()
            db.commit()
            start_session(user)
            return redirect(_safe_next(request.args.get("next")))
        # One message whatever was wrong, so the form does not tell which accounts exist.
        error = _("The e-mail or password is not right, or the account is not active.")
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template("auth/sign_in.html", form=form, error=error), status


@bp.route("/sign-out", methods=["POST"])
@access.public
def sign_out():
    if access.identity().class_mode is not None:
        return redirect(url_for("classmode.screen"))  # leaving class mode needs the staff member's password
    session.end()
    return redirect(url_for("home.index"))


@bp.route("/sign-out-everywhere", methods=["POST"])
@access.adult(*access.Role)
def sign_out_everywhere(user: User):
    revoke_user_sessions(get_session(), user.id)
    get_session().commit()
    session.end()
    return redirect(url_for("home.index"))


@bp.route("/join", methods=["GET", "POST"])
@access.public
@limiter.limit("20 per minute", methods=["POST"])
def join():
    if access.identity().user is not None:
        return redirect(url_for("home.index"))
    form = JoinForm()
    if request.method == "GET":
        form.code.data = request.args.get("code", "")[:20]
        form.language.data = str(request.args.get("lang") or session.get("language") or "sv")
    error = None
    status = 200
    if form.validate_on_submit():
        db = get_session()
        user, join_error = accept_invitation(
            db,
            code=form.code.data,
            display_name=form.display_name.data,
            email=form.email.data,
            password=form.password.data,
            language=form.language.data,
        )
        if user is not None:
            start_session(user)
            return redirect(url_for("home.index", welcome=1))
        error = JOIN_ERRORS[join_error]
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template("auth/join.html", form=form, error=error), status
