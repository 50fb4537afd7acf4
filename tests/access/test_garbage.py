"""Garbage posted to every form, as every role: always a clear page, never a 500, nothing half-saved."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.helpers import PageClient
from webapp.models import Child, Family, Invitation, StaffMembership, User

GARBAGE = [
    {},
    {"email": "", "password": "", "name": "", "first_name": "", "code": "", "picture": "", "language": ""},
    {"email": "x" * 5000, "password": "p" * 5000, "name": "n" * 5000, "first_name": "é" * 500,
     "display_name": "d" * 500, "code": "c" * 500, "password_again": "q" * 10},
    {"birth_year": "nineteen", "class_id": "abc", "contact_person_id": "-1", "avatar": "../../etc/passwd",
     "language": "xx", "role": "superuser", "active": "maybe", "has_custody": "🦊", "picture": "<script>"},
    {"birth_year": "99999999999999999999", "class_id": "1e9", "contact_person_id": "99999999",
     "picture": "cat", "action": "clear"},
    # Numbers too large for any field, on otherwise valid forms (a float conversion would overflow).
    {"months": "1" * 400, "birth_year": "2" * 400, "service": "S", "purpose": "P", "information": "I",
     "answer": "yes", "kind": "message", "text": "t", "finished_at": "9" * 400, "code": "cat,sun,ball" * 50,
     "page": "9" * 400, "days": "9" * 400},
    {"email": "\x00\x01", "password": "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
     "first_name": "<b>bold</b>", "name": "\u202eevil"},
]

ROLES = [None, "anna@demo.mitthjul.se", "karin@demo.mitthjul.se", "admin@demo.mitthjul.se", "child:Sam"]


def concrete_urls(app, db) -> list[str]:
    sam = db.scalar(select(Child).where(Child.first_name == "Sam"))
    karin = db.scalar(select(User).where(User.email == "karin@demo.mitthjul.se"))
    unit_id = db.scalar(select(StaffMembership.unit_id).where(StaffMembership.user_id == karin.id))
    values = {"child_id": sam.id, "family_id": sam.family_id, "unit_id": unit_id, "staff_id": karin.id,
              "number": 1, "check_in_id": 1, "class_id": sam.class_id, "share_id": 1, "request_id": 1,
              "entry_id": 1}
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        urls.append(re.sub(r"<(?:int:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule))
    return sorted(set(urls))


def row_counts(db) -> tuple[int, ...]:
    return tuple(db.scalar(select(func.count()).select_from(m)) for m in (User, Family, Child, Invitation))


@pytest.mark.parametrize("email", ROLES)
def test_garbage_to_every_form_never_breaks(demo, app, db, email):
    from tests.checkins.conftest import as_child, start

    client = PageClient(app)
    if email and email.startswith("child:"):
        as_child(client, db, email.removeprefix("child:"))
        start(client)  # a check-in under way, so that its forms are live
    elif email:
        client.sign_in(email)
    before = row_counts(db)
    urls = concrete_urls(app, db)
    assert len(urls) >= 14
    for url in urls:
        for payload in GARBAGE:
            for with_csrf in (True, False):
                r = client.post(url + "?lang=en", payload, csrf=with_csrf)
                assert r.status_code < 500, f"{email} {url} {payload} -> {r.status_code}"
                if r.status_code == 400:
                    body = r.get_data(as_text=True)
                    assert 'class="error' in body or 'role="alert"' in body or "<h1>" in body, (url, body[:300])
    db.expire_all()
    assert row_counts(db) == before, "garbage created or removed something"


def test_missing_csrf_token_gets_a_translated_explanation(demo, client):
    r = client.post("/sign-in?lang=en", {"email": "anna@demo.mitthjul.se", "password": "mitthjul-demo"},
                    csrf=False)
    assert r.status_code == 400
    assert "The form had expired. Please try again: nothing was saved." in r.get_data(as_text=True)


@pytest.mark.parametrize("query", ["lang=xx", "lang=", "lang=%00", "next=//evil.example", "code=" + "A" * 5000,
                                   "welcome=<script>"])
def test_odd_query_strings_are_harmless(demo, client, query):
    for url in ["/", "/sign-in", "/join", "/languages"]:
        r = client.get(f"{url}?{query}")
        assert r.status_code == 200
        assert r.get_data(as_text=True).count("<script") == 3, "nothing from the address is echoed as markup"


@pytest.mark.parametrize("url", ["/my-wheel?child=²", "/my-wheel?child=99999999999999999999",
                                 "/check-ins/99999999999999999999", "/admin/children/99999999999999999999"])
def test_odd_numbers_in_addresses_are_harmless(demo, client, url):
    client.sign_in("anna@demo.mitthjul.se")
    assert client.get(url).status_code in (200, 302, 403, 404)


@pytest.mark.parametrize("data", [{"child_id": "²"}, {"child_id": "9" * 30}, {"child_id": ""}])
def test_odd_numbers_in_forms_are_harmless(demo, client, data):
    client.sign_in("anna@demo.mitthjul.se")
    assert client.post("/check-in/start", data).status_code in (400, 404)
