"""Web push fixtures: an app with VAPID keys, a local push service that records what it gets, and browsers
with real P-256 keys, so that a test decrypts each message as the browser would (RFC 8291, aes128gcm)."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.conftest import make_config
from webapp import create_app
from webapp.db import clock, utcnow
from webapp.models import PushSubscription, User
from webapp.push import keys
from webapp.push.worker import Pusher

PUSH_TIMEOUT = 3.0  # seconds; the slow push service below waits longer than this (a busy CI needs slack)


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Reply:
    status: int = 201
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class PushService:
    """A push service on 127.0.0.1: records every request; answers from a script per path, else 201."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.scripts: dict[str, list[Reply]] = {}
        self.delay = 0.0
        self.lock = threading.Lock()
        self.server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _wsgi(self, environ, start_response):  # noqa: ANN001, ANN202
        request = Request(environ)
        body = request.get_data()
        with self.lock:
            self.requests.append(Received(request.path, dict(request.headers), body))
            script = self.scripts.get(request.path)
            reply = script.pop(0) if script else Reply()
        time.sleep(reply.delay or self.delay)
        return Response(b"", status=reply.status, headers=reply.headers)(environ, start_response)

    def answer(self, path: str, *replies: Reply) -> None:
        with self.lock:
            self.scripts[path] = list(replies)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.scripts.clear()
            self.delay = 0.0

    def to(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Browser:
    """A browser's push subscription: its own P-256 key pair and auth secret, at a path of the push service."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def path(self) -> str:
        return "/" + self.endpoint.split("/", 3)[3]

    @property
    def p256dh(self) -> str:
        return b64(self.private_key.public_key().public_bytes(serialization.Encoding.X962,
                                                              serialization.PublicFormat.UncompressedPoint))

    @property
    def auth(self) -> str:
        return b64(self.auth_secret)

    def to_json(self) -> dict:
        """What `PushSubscription.toJSON()` gives in a browser."""
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth_secret,
                                           version="aes128gcm"))


@pytest.fixture(scope="session")
def push_service() -> Iterator[PushService]:
    service = PushService()
    yield service
    service.close()


@pytest.fixture
def push(push_service: PushService) -> Iterator[PushService]:
    push_service.reset()
    yield push_service
    push_service.reset()


@pytest.fixture
def browser_factory(push: PushService):
    def make() -> Browser:
        return Browser(endpoint=f"{push.origin}/push/{secrets.token_urlsafe(12)}",
                       private_key=ec.generate_private_key(ec.SECP256R1()), auth_secret=secrets.token_bytes(16))

    return make


@pytest.fixture
def browser(browser_factory) -> Browser:  # noqa: ANN001
    return browser_factory()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app, with VAPID keys in its instance folder and a short push timeout."""
    keys.create_keys(tmp_path / keys.DEFAULT_KEY_FILE)
    app = create_app(make_config(database_url, tmp_path, push_timeout_seconds=PUSH_TIMEOUT,
                                 vapid_subject="mailto:push@mitthjul.example"))
    yield app
    app.extensions["db_engine"].dispose()
    clock.fixed = None


@pytest.fixture
def pusher(app: Flask) -> Iterator[Pusher]:
    pusher = Pusher.from_app(app)
    yield pusher
    pusher.close()


def subscribe(db, email: str, browser: Browser, language: str = "sv") -> PushSubscription:  # noqa: ANN001
    """Store a browser's subscription for the adult with this e-mail address, as the settings page would."""
    user = db.scalar(select(User).where(User.email == email))
    subscription = PushSubscription(user_id=user.id, endpoint=browser.endpoint, p256dh=browser.p256dh,
                                    auth=browser.auth, language=language, created_at=utcnow())
    db.add(subscription)
    db.commit()
    return subscription
