"""Loads who is using each request (adult, turn, child) from the server-side session."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, g, request, session

from webapp.access import Identity
from webapp.db import get_session, utcnow
from webapp.i18n import LANGUAGES
from webapp.models import ClassMode, Turn, TurnKind, User


def load_identity() -> None:
    g.identity = Identity()
    user_id = session.get("user_id")
    if user_id is None:
        return
    db = get_session()
    user = db.get(User, user_id)
    if user is None or not user.is_active:
        session.end()
        return
    now = utcnow()
    class_mode = None
    if (class_mode_id := session.get("class_mode_id")) is not None:
        class_mode = db.get(ClassMode, class_mode_id)
        if class_mode is None or class_mode.ended_at is not None or class_mode.expires_at <= now:
            # Class mode ran out: the tablet signs everybody out.
            if class_mode is not None and class_mode.ended_at is None:
                class_mode.ended_at = now
                db.commit()
            session.end()
            return
    turn = None
    if (turn_id := session.get("turn_id")) is not None:
        turn = db.get(Turn, turn_id)
        if turn is None or turn.ended_at is not None or turn.expires_at <= now:
            if turn is not None and turn.ended_at is None:
                turn.ended_at = now
                db.commit()
            if class_mode is None:
                # A turn left alone on a family device ends everything: the next person finds no one signed in.
                session.end()
                return
            # On a class tablet the class screen comes back for the next child.
            end_child_turn()
            turn = None
        elif turn.kind == TurnKind.CLASS_MODE:
            # A child's turn on a class tablet ends after a short while without a touch.
            turn.expires_at = now + CLASS_TURN_IDLE
            db.commit()
    g.identity = Identity(user=user, turn=turn, class_mode=class_mode)


# Everything a child's turn keeps in the session; dropped when the turn ends.
CHILD_TURN_KEYS = ("turn_id", "turn_language", "draft", "drafts_aside", "code_entry", "new_code", "_flashes",
                   "staff_view_until")
CLASS_TURN_IDLE = timedelta(seconds=90)


def end_child_turn() -> None:
    """Forget the child's turn but keep the device's adult (and class mode): a new session token too."""
    for key in CHILD_TURN_KEYS:
        session.pop(key, None)
    if session.get("class_mode_id") is not None:
        session.pop("language", None)  # the next child starts in the school's language
    session.regenerate()


def remember_language() -> None:
    """`?lang=` is kept: for the child's turn only, on the adult's account, or in the session."""
    lang = request.args.get("lang")
    if lang not in LANGUAGES:
        return
    ident: Identity = g.identity
    if ident.turn is not None:
        session["turn_language"] = lang
    elif ident.class_mode is not None:
        session["language"] = lang  # the class screen's language, not the staff member's
    elif ident.user is not None:
        if ident.user.preferred_language != lang:
            ident.user.preferred_language = lang
            get_session().commit()
    elif session.get("language") != lang:
        session["language"] = lang


def init_app(app: Flask) -> None:
    @app.before_request
    def _identity() -> None:
        if request.endpoint == "static":
            return
        load_identity()
        remember_language()

    @app.context_processor
    def _identity_context() -> dict[str, object]:
        return {"identity": g.get("identity") or Identity()}
