"""A test client that checks every page it fetches, and signs in like a person would."""

from __future__ import annotations

import re
from collections import Counter

import html5lib
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.test import TestResponse

DEMO_PASSWORD = "mitthjul-demo"
_NONCE = re.compile(r"'nonce-([^']+)'")


def check_page(response: TestResponse) -> str:
    """Valid HTML, a title, a nonce on every script, no duplicate ids, no third-party URLs."""
    body = response.get_data(as_text=True)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    doc = parser.parse(body)
    title = doc.find(".//title")
    assert title is not None and (title.text or "").strip(), "page has no title"
    html = doc.getroot() if hasattr(doc, "getroot") else doc
    assert html.get("lang"), "page has no lang"
    assert html.get("dir") in {"ltr", "rtl"}, "page has no dir"
    nonce = _NONCE.search(response.headers["Content-Security-Policy"]).group(1)
    for script in doc.iter("script"):
        assert script.get("nonce") == nonce, "script without the request's nonce"
    ids = Counter(el.get("id") for el in doc.iter() if el.get("id"))
    dupes = [i for i, n in ids.items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    for attr in ("src", "href", "action"):
        for el in doc.iter():
            value = el.get(attr) or ""
            assert not value.startswith(("http://", "https://", "//")), f"third-party {attr}: {value}"
    return body


class PageClient:
    """Wraps Flask's test client: HTML pages are checked, forms are posted with their CSRF token."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client: FlaskClient = app.test_client()
        self.csrf_token: str | None = None

    def _remember_token(self, body: str) -> None:
        m = re.search(r'<meta name="csrf-token" content="([^"]+)"', body)
        if m:
            self.csrf_token = m.group(1)

    def get(self, url: str, check: bool = True, **kwargs) -> TestResponse:  # noqa: ANN003
        response = self.client.get(url, **kwargs)
        if response.mimetype == "text/html" and check and not _is_fragment(response):
            body = check_page(response)
            self._remember_token(body)
        return response

    def token(self) -> str:
        if self.csrf_token is None:
            self.get("/", follow_redirects=True)
        return self.csrf_token

    def post(self, url: str, data: dict | None = None, csrf: bool = True, **kwargs) -> TestResponse:  # noqa: ANN003
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.token())
        response = self.client.post(url, data=data, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 204 and not _is_fragment(response):
            self._remember_token(check_page(response))
        return response

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> TestResponse:
        self.csrf_token = None
        response = self.post("/sign-in", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        self.csrf_token = None
        return response

    def text(self, url: str) -> str:
        response = self.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data(as_text=True)


def _is_fragment(response: TestResponse) -> bool:
    if 300 <= response.status_code < 400:
        return True  # Werkzeug's redirect stub is no page of ours
    return not response.get_data(as_text=True).lstrip().lower().startswith("<!doctype")


def count_queries(app: Flask, client: PageClient, url: str) -> int:
    """How many SQL statements one page costs (the budget: constant as data grows)."""
    engine = app.extensions["db_engine"]
    statements: list[str] = []

    def record(conn, cursor, statement, *args):  # noqa: ANN001
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def add_other_municipality(app: Flask, db) -> dict:  # noqa: ANN001
    """Annanstad, a second municipality beside the demo one: a school with class 3C, its admin
    (oadmin@other.example), a contact person (ocontact@…), and a guardian (oguardian@…) whose child Otto has
    that contact person. All speak English and share the demo password. Returns the rows by name."""
    from webapp.admin.service import assign_contact_person
    from webapp.auth.passwords import hash_secret
    from webapp.models import (
        Child,
        Family,
        Guardianship,
        Organisation,
        Role,
        SchoolClass,
        StaffMembership,
        Unit,
        UnitKind,
        User,
    )

    with app.app_context():
        pw = hash_secret("mitthjul-demo")
    org = Organisation(name="Annanstad")
    unit = Unit(organisation=org, name="Annanskolan", kind=UnitKind.SCHOOL)
    klass = SchoolClass(unit=unit, name="3C")
    db.add_all([org, unit, klass])
    db.flush()
    people = {}
    for key, role in [("oadmin", Role.UNIT_ADMIN), ("ocontact", Role.CONTACT_PERSON), ("oguardian", Role.GUARDIAN)]:
        people[key] = User(email=f"{key}@other.example", display_name=key, password_hash=pw, role=role,
                           organisation_id=org.id, preferred_language="en")
        db.add(people[key])
    db.flush()
    db.add_all([StaffMembership(user_id=people["oadmin"].id, unit_id=unit.id),
                StaffMembership(user_id=people["ocontact"].id, unit_id=unit.id)])
    family = Family(organisation_id=org.id)
    db.add(family)
    db.flush()
    db.add(Guardianship(family_id=family.id, user_id=people["oguardian"].id, has_custody=True))
    child = Child(family_id=family.id, first_name="Otto", birth_year=2015, avatar="bee", class_id=klass.id)
    db.add(child)
    db.flush()
    assign_contact_person(db, child, people["ocontact"], None)
    db.commit()
    return {"organisation": org, "unit": unit, "family": family, "child": child, **people}
