"""A child's turn on a family device: picture-code pad, the child's own start page, handing back."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from webapp import access
from webapp.auth.forms import EmptyForm, PasswordCheckForm
from webapp.auth.passwords import verify_secret
from webapp.auth.picture_code import (
    CODE_LENGTH,
    PICTURE_CODE_SET,
    PICTURE_NAMES,
    CodeResult,
    check_code,
    parse_code,
    set_code,
)
from webapp.classmode.service import give_back_code_try, reserve_code_try
from webapp.db import get_session
from webapp.extensions import limiter
from webapp.models import Child, Role, Turn, TurnKind, User
from webapp.pages import render_page, see_other
from webapp.turns.service import (
    child_signed_in,
    end_turn,
    may_choose_first_code,
    may_enter_turn,
    open_family_turn,
)

bp = Blueprint("turns", __name__)

PAD_MESSAGES = {
    CodeResult.WRONG: _l("That was not your code. Try again."),
    CodeResult.LOCKED: _l("Your code is locked. Ask an adult to unlock it."),
    "mismatch": _l("The two codes were not the same. Let's start again."),
    "saved": _l("Your new code is saved."),
}


def _turn_key() -> str:
    """Limit code tries per device (class tablet or turn), never per IP alone: a school shares one address."""
    if session.get("class_mode_id") is not None:
        return "tablet:" + str(session["class_mode_id"])
    return "turn:" + str(session.get("turn_id"))


@bp.route("/children/<int:child_id>/turn", methods=["POST"])
@access.adult(Role.GUARDIAN)
def start(child_id: int, user: User):
    db = get_session()
    child = access.load(db, Child, child_id)
    access.require(access.may_open_family_turn(user, child))
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("home.index"))
    turn = open_family_turn(db, user, child)
    db.commit()
    session.regenerate()
    session["turn_id"] = turn.id
    session.pop("code_entry", None)
    return redirect(url_for("turns.current"))


def _pad_state() -> list[str]:
    entry = session.get("code_entry")
    return [p for p in entry if p in PICTURE_CODE_SET][:CODE_LENGTH] if isinstance(entry, list) else []


def _render_pad(turn: Turn, setting_up: bool, message: str | None = None, status: int = 200):
    return render_page(
        "turns/pad_page.html",
        "turns/_pad.html",
        status=status,
        child=turn.child,
        pictures=PICTURE_CODE_SET,
        picture_names=PICTURE_NAMES,
        entered=len(_pad_state()),
        progress_texts=[
            ngettext("%(num)d picture of 3 tapped", "%(num)d pictures of 3 tapped", n) for n in range(CODE_LENGTH + 1)
        ],
        code_length=CODE_LENGTH,
        setting_up=setting_up,
        confirming=setting_up and "new_code" in session,
        locked=not setting_up and turn.child.code_locked,
        message=message,
        form=EmptyForm(),
    )


def _render_turn(turn: Turn, message: str | None = None, status: int = 200):
    child = turn.child
    if turn.child_signed_in_at is None:
        if child.code_hash is None and not may_choose_first_code(get_session(), turn, child):
            return render_page("turns/no_code.html", status=status, child=child)
        return _render_pad(turn, child.code_hash is None, message, status)
    return render_page("turns/child_home.html", status=status, child=child, message=message, form=EmptyForm())


@bp.route("/turn")
@access.turn_open
def current(turn: Turn):
    return _render_turn(turn)


@bp.route("/turn/code", methods=["POST"])
@access.turn_open
@limiter.limit("60 per minute", key_func=_turn_key)
def code(turn: Turn):
    """One tap on the pad. Works as a plain form (one picture per post) and with htmx (pad fragment)."""
    db = get_session()
    child = turn.child
    form = EmptyForm()
    if not form.validate_on_submit() or child is None or not may_enter_turn(turn, child):
        return _render_turn(turn, status=400, message=_("Something went wrong. Please try again."))
    # A signed-in child on the pad is choosing a new code; otherwise the child is signing in.
    changing = turn.child_signed_in_at is not None

    def pad(message: str | None = None, status: int = 200):
        return _render_pad(turn, True, message, status) if changing else _render_turn(turn, message, status)

    mode = access.identity().class_mode
    if not changing and child.code_locked:
        # Trying a locked child on a class tablet still uses up the tablet's tries.
        if mode is not None and not reserve_code_try(db, mode):
            return see_other(url_for("classmode.screen"))
        return pad(PAD_MESSAGES[CodeResult.LOCKED], 403)
    if request.form.get("action") == "clear":
        session["code_entry"] = []
        session.pop("new_code", None)
        return pad()
    if "code" in request.form:
        # With JavaScript the page collects the three taps and sends them at once: one request per code,
        # so a quick child's taps can never overtake each other on their way to the server.
        entry = request.form.get("code", "").split(",")
        session["code_entry"] = []
        # The page never sends a picture twice; anything else is not a code from this pad.
        if len(set(entry)) != CODE_LENGTH or not all(p in PICTURE_CODE_SET for p in entry):
            return pad(_("Tap one of the pictures."), 400)
    else:
        # Without JavaScript each tap is a plain form post; the taps so far wait in the session.
        picked = request.form.get("picture", "")
        if picked not in PICTURE_CODE_SET:
            return pad(_("Tap one of the pictures."), 400)
        entry = _pad_state()
        if picked in entry:
            return pad(_("Each picture can be used once. Tap another one."), 400)
        entry.append(picked)
        session["code_entry"] = entry
        if len(entry) < CODE_LENGTH:
            return pad()
    session["code_entry"] = []
    entered = parse_code(entry)
    if changing or may_choose_first_code(db, turn, child):
        return _set_new_code(turn, child, entered, pad)
    if child.code_hash is None:
        return _render_turn(turn, status=403)
    if mode is not None and not reserve_code_try(db, mode):
        return see_other(url_for("classmode.screen"))
    result = check_code(db, child, entered)
    if result == CodeResult.OK and mode is not None:
        give_back_code_try(db, mode)
    if result == CodeResult.OK:
        child_signed_in(db, turn, child)
        db.commit()
        session.regenerate()
        return see_other(url_for("turns.current"))
    db.commit()
    return _render_turn(turn, PAD_MESSAGES[result], status=403 if result == CodeResult.LOCKED else 400)


def _set_new_code(turn: Turn, child: Child, entered: tuple[str, ...] | None, pad):  # noqa: ANN001
    """Choosing a code: tap it twice; saved only if both are the same."""
    first = session.pop("new_code", None)
    if first is None:
        session["new_code"] = list(entered or ())
        return pad()
    if parse_code(first) != entered:
        return pad(PAD_MESSAGES["mismatch"], 400)
    db = get_session()
    set_code(db, child, entered)
    if turn.child_signed_in_at is None:
        child_signed_in(db, turn, child)
        session.regenerate()
    db.commit()
    flash(str(PAD_MESSAGES["saved"]))
    return see_other(url_for("turns.current"))


@bp.route("/turn/new-code", methods=["GET"])
@access.child_in_turn
def new_code(child: Child, turn: Turn):
    """A child changes their code privately during their own turn."""
    session.pop("new_code", None)
    session["code_entry"] = []
    return _render_pad(turn, True)


@bp.route("/turn/end", methods=["GET", "POST"])
@access.turn_open
@limiter.limit("10 per minute", methods=["POST"], key_func=_turn_key)
@limiter.limit("30 per hour", methods=["POST"], key_func=lambda: "reauth:" + str(session.get("user_id")))
def end(turn: Turn):
    """Hand the device back: the adult's password returns to their pages; otherwise everyone is signed out."""
    db = get_session()
    if turn.kind == TurnKind.CLASS_MODE:
        return redirect(url_for("classmode.screen"))  # the class screen ends the turn
    form = PasswordCheckForm()
    if request.method == "POST" and request.form.get("action") == "sign_out":
        if EmptyForm().validate_on_submit():
            end_turn(db, turn)
            db.commit()
            session.end()
            return redirect(url_for("home.index"), code=303)
        return render_page("turns/end.html", form=form, status=400)
    error = None
    status = 200
    if form.validate_on_submit():
        adult: User = turn.opened_by
        matches, _new = verify_secret(adult.password_hash, form.password.data)
        if matches:
            end_turn(db, turn)
            db.commit()
            session.restart(user_id=session["user_id"])
            return redirect(url_for("home.index"), code=303)
        error = _("That password is not right.")
        status = 400
    elif form.is_submitted():
        status = 400
    return render_page("turns/end.html", form=form, error=error, status=status)
