"""Signing in and out; server-side sessions that can be revoked; argon2id rehash."""

from __future__ import annotations

import os

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from webapp.models import Role, User, WebSession

ROLE_HOMES = [
    ("anna@demo.mitthjul.se", "Your children", "Sam"),
    ("karin@demo.mitthjul.se", "Children you are contact person for", "Maja"),
    ("admin@demo.mitthjul.se", "Administration", "Björkbyskolan"),
]


@pytest.mark.parametrize(("email", "heading", "detail"), ROLE_HOMES)
def test_each_demo_role_signs_in_to_a_home_of_its_own(demo, client, email, heading, detail):
    client.sign_in(email)
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    client.get("/?lang=en")
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert heading in page
    assert detail in page


def test_wrong_password_says_so_without_telling_which_part(demo, client):
    r = client.post("/sign-in?lang=en", {"email": "anna@demo.mitthjul.se", "password": "wrong-password"})
    assert r.status_code == 400
    assert "The e-mail or password is not right" in r.get_data(as_text=True)
    assert 'value="anna@demo.mitthjul.se"' in r.get_data(as_text=True), "the e-mail typed is kept"
    r = client.post("/sign-in?lang=en", {"email": "nobody@example.org", "password": "wrong-password"})
    assert "The e-mail or password is not right" in r.get_data(as_text=True)


def test_sign_in_message_is_translated(demo, client):
    r = client.post("/sign-in?lang=sv", {"email": "anna@demo.mitthjul.se", "password": "nope-nope-nope"})
    assert "E-postadressen eller lösenordet stämmer inte" in r.get_data(as_text=True)


def test_next_only_follows_paths_on_this_site(demo, client):
    r = client.post("/sign-in?next=https://evil.example/", {"email": "anna@demo.mitthjul.se",
                                                              "password": "mitthjul-demo"})
    assert r.headers["Location"] == "/"


def test_signing_out_ends_the_server_session(demo, client, db):
    client.sign_in("anna@demo.mitthjul.se")
    cookie = client.client.get_cookie("mitthjul_session").value
    assert db.scalar(select(func.count()).select_from(WebSession).where(WebSession.user_id.is_not(None))) == 1
    client.post("/sign-out")
    assert db.scalar(select(func.count()).select_from(WebSession).where(WebSession.user_id.is_not(None))) == 0
    # Replaying the old cookie finds nothing.
    client.client.set_cookie("mitthjul_session", cookie)
    assert client.get("/").status_code == 200
    assert "Your children" not in client.get("/?lang=en").get_data(as_text=True)


def test_disabling_an_account_ends_its_sessions_at_once(demo, app, db):
    from tests.helpers import PageClient

    karin = PageClient(app)
    karin.sign_in("karin@demo.mitthjul.se")
    assert karin.get("/").status_code == 200
    admin = PageClient(app)
    admin.sign_in("admin@demo.mitthjul.se")
    karin_id = db.scalar(select(User.id).where(User.email == "karin@demo.mitthjul.se"))
    r = admin.post(f"/admin/staff/{karin_id}/active", {"active": "0"})
    assert r.status_code == 303
    r = karin.get("/admin/")
    assert r.status_code == 302 and "/sign-in" in r.headers["Location"]
    r = karin.post("/sign-in", {"email": "karin@demo.mitthjul.se", "password": "mitthjul-demo"})
    assert r.status_code == 400


def test_sign_out_everywhere_ends_other_devices(demo, app):
    from tests.helpers import PageClient

    phone, laptop = PageClient(app), PageClient(app)
    phone.sign_in("anna@demo.mitthjul.se")
    laptop.sign_in("anna@demo.mitthjul.se")
    laptop.post("/sign-out-everywhere")
    assert "Your children" not in phone.get("/?lang=en").get_data(as_text=True)


def test_sign_in_rehashes_a_weaker_hash(demo, client, db):
    weak = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash("mitthjul-demo")
    user = db.scalar(select(User).where(User.email == "anna@demo.mitthjul.se"))
    user.password_hash = weak
    db.commit()
    client.sign_in("anna@demo.mitthjul.se")
    db.expire_all()
    new_hash = db.scalar(select(User.password_hash).where(User.email == "anna@demo.mitthjul.se"))
    assert new_hash != weak and new_hash.startswith("$argon2id$")


def test_sign_in_is_rate_limited_per_account(demo, client):
    for _ in range(10):
        client.post("/sign-in", {"email": "anna@demo.mitthjul.se", "password": "wrong-wrong"})
    r = client.post("/sign-in?lang=en", {"email": "anna@demo.mitthjul.se", "password": "mitthjul-demo"})
    assert r.status_code == 429
    assert "too many tries" in r.get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite(demo, client):
    r = client.post("/sign-in", {"email": "anna@demo.mitthjul.se", "password": "mitthjul-demo"})
    cookie = [h for h in r.headers.getlist("Set-Cookie") if h.startswith("mitthjul_session=")][-1]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_roles_are_stored_as_plain_values(demo, db):
    roles = set(db.scalars(select(User.role)))
    assert roles == {Role.GUARDIAN, Role.CONTACT_PERSON, Role.UNIT_ADMIN}


def test_rate_limit_counters_can_live_in_redis(database_url, tmp_path):
    """Production keeps counters in Redis so that every app server counts the same tries."""
    import secrets as _secrets

    import redis

    from tests.conftest import make_config
    from tests.helpers import PageClient
    from webapp import create_app

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    app = create_app(make_config(database_url, tmp_path, ratelimit_storage_uri="redis://127.0.0.1:6379/0",
                                 ratelimit_key_prefix="test-" + _secrets.token_hex(4)))
    client = PageClient(app)
    statuses = [client.post("/sign-in", {"email": "x@example.org", "password": "wrong-wrong"}).status_code
                for _ in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
