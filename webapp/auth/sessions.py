"""Server-side, revocable sessions stored in the database.

Flask's default session is a signed cookie, which cannot be revoked. Flask-Session's SQLAlchemy backend
needs Flask-SQLAlchemy and its own table handling outside our migrations, so this small interface
(one table, written through Alembic like every other) costs less than adapting it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import timedelta
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import delete
from sqlalchemy.orm import Session
from werkzeug.datastructures import CallbackDict

from webapp.db import utcnow
from webapp.models import WebSession

COOKIE_NAME = "mitthjul_session"
# Refresh last_seen at most this often, so that an ordinary page view writes nothing.
_TOUCH_EVERY = timedelta(minutes=5)
# However active, a session ends this long after it began (sign in again).
ABSOLUTE_LIFETIME = timedelta(hours=12)


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ServerSession(CallbackDict[str, Any], SessionMixin):
    """Session data whose only trace in the browser is a random token."""

    def __init__(self, initial: dict[str, Any] | None = None, token: str | None = None) -> None:
        def on_update(_self: CallbackDict[str, Any]) -> None:
            self.modified = True

        super().__init__(initial, on_update)
        self.token = token
        self.modified = False
        self.rotate_requested = False
        self.touch = False
        self.stale_cookie = False

    def regenerate(self) -> None:
        """Give this session a new token (on sign-in and privilege changes) and drop the old row."""
        self.rotate_requested = True
        self.modified = True

    def restart(self, **values: Any) -> None:
        """A fresh session (new token, nothing carried over) holding only `values`."""
        self.clear()
        self.regenerate()
        self.update(values)

    def end(self) -> None:
        """Forget everything: the row is deleted and the cookie cleared."""
        self.clear()
        self.rotate_requested = True
        self.modified = True


def revoke_user_sessions(db: Session, user_id: int) -> int:
    """End every session of one user at once (sign out everywhere, account disabled)."""
    result = db.execute(delete(WebSession).where(WebSession.user_id == user_id))
    return result.rowcount or 0


class DatabaseSessionInterface(SessionInterface):
    def __init__(self, sessionmaker) -> None:  # noqa: ANN001
        self.sessionmaker = sessionmaker

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        token = request.cookies.get(COOKIE_NAME)
        if not token or len(token) > 100:
            return ServerSession()
        with self.sessionmaker() as db:
            row = db.get(WebSession, _token_id(token))
            now = utcnow()
            if row is None or row.expires_at <= now or row.created_at + ABSOLUTE_LIFETIME <= now:
                # Gone (signed out, revoked) or too old: the cookie is cleared when the response goes out.
                session = ServerSession()
                session.stale_cookie = True
                return session
            try:
                data = json.loads(row.data)
            except ValueError:
                data = {}
            session = ServerSession(data, token=token)
            session.touch = utcnow() - row.last_seen_at > _TOUCH_EVERY
            return session

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:  # type: ignore[override]
        lifetime: timedelta = app.config["MITTHJUL"].session_lifetime
        cookie_kwargs = {
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "secure": self.get_cookie_secure(app),
            "httponly": True,
            "samesite": "Lax",
        }
        if not session.modified and not session.touch:
            if session.stale_cookie:
                response.delete_cookie(COOKIE_NAME, **{k: cookie_kwargs[k] for k in ("domain", "path")})
            return
        now = utcnow()
        with self.sessionmaker() as db:
            if session.token and (session.rotate_requested or not session):
                db.execute(delete(WebSession).where(WebSession.id == _token_id(session.token)))
                session.token = None
            if not session:
                db.commit()
                response.delete_cookie(COOKIE_NAME, **{k: cookie_kwargs[k] for k in ("domain", "path")})
                return
            if session.token is None:
                token = secrets.token_urlsafe(32)
                row = WebSession(id=_token_id(token), created_at=now)
                db.add(row)
            else:
                token = session.token
                row = db.get(WebSession, _token_id(token))
                if row is None:
                    # Ended meanwhile (signed out everywhere, account disabled): never bring it back.
                    db.commit()
                    response.delete_cookie(COOKIE_NAME, **{k: cookie_kwargs[k] for k in ("domain", "path")})
                    return
            if session.modified:
                row.data = json.dumps(dict(session))
                row.user_id = session.get("user_id")
            row.last_seen_at = now
            row.expires_at = min(now + lifetime, row.created_at + ABSOLUTE_LIFETIME)
            db.commit()
        session.token = token
        response.set_cookie(COOKIE_NAME, token, max_age=int(lifetime.total_seconds()), **cookie_kwargs)
        response.vary.add("Cookie")
