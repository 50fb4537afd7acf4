"""Invitations: a printable letter in the guardian's language, a code that works once for 14 days."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from webapp.db import clock, utcnow
from webapp.models import Child, Guardianship, Invitation, Role, StaffMembership, User


def make_letter(client, db, language="ar", custody="y"):
    client.sign_in("admin@demo.mitthjul.se")
    sam = db.scalar(select(Child).where(Child.first_name == "Sam"))
    data = {"language": language}
    if custody:
        data["has_custody"] = custody
    r = client.post(f"/admin/families/{sam.family_id}/invitations", data)
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    code = re.search(r'class="join-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', page).group(1)
    return page, code, sam


def test_letter_is_in_the_guardians_language_with_qr_and_code(demo, client, db):
    page, code, _sam = make_letter(client, db, "ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<svg" in page and 'class="qr"' in page
    invitation = db.scalar(select(Invitation))
    assert invitation.language == "ar" and invitation.role == Role.GUARDIAN
    assert code.replace("-", "") not in invitation.code_hash, "only a keyed hash of the code is stored"
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)


def join(client, code, email="new.guardian@example.org", **extra):
    data = {"code": code, "display_name": "Nadia", "email": email, "password": "a long password",
            "password_again": "a long password", "language": "ar"}
    data.update(extra)
    return client.post("/join?lang=en", data)


def test_guardian_joins_once_with_the_code(demo, app, client, db):
    from tests.helpers import PageClient

    _page, code, sam = make_letter(client, db, custody="")
    guardian = PageClient(app)
    assert code in guardian.get(f"/join?code={code}").get_data(as_text=True), "the QR link fills in the code"
    r = join(guardian, code.lower().replace("-", " "))
    assert r.status_code == 302
    user = db.scalar(select(User).where(User.email == "new.guardian@example.org"))
    assert user.role == Role.GUARDIAN and user.preferred_language == "ar"
    link = db.scalar(select(Guardianship).where(Guardianship.user_id == user.id))
    assert link.family_id == sam.family_id and link.has_custody is False
    page = guardian.get("/").get_data(as_text=True)
    assert 'lang="ar"' in page and "Sam" in page
    # The same code never works twice.
    again = PageClient(app)
    r = join(again, code, email="someone.else@example.org")
    assert r.status_code == 400
    assert "already been used" in r.get_data(as_text=True)


def test_expired_and_unknown_codes_are_refused_with_a_clear_message(demo, app, client, db):
    from tests.helpers import PageClient

    _page, code, _ = make_letter(client, db)
    guardian = PageClient(app)
    clock.fixed = utcnow() + timedelta(days=14, minutes=1)
    r = join(guardian, code)
    assert r.status_code == 400 and "This invitation has expired" in r.get_data(as_text=True)
    clock.fixed = None
    r = join(guardian, "ZZZZ-ZZZZ")
    assert r.status_code == 400 and "We do not recognise that code" in r.get_data(as_text=True)
    body = r.get_data(as_text=True)
    assert 'value="new.guardian@example.org"' in body and 'value="Nadia"' in body, "nothing typed is lost"
    assert "a long password" not in body, "passwords are never sent back"


def test_join_form_reports_each_bad_field(demo, client):
    r = client.post("/join?lang=en", {"code": "", "display_name": "", "email": "not-an-email",
                                      "password": "short", "password_again": "other", "language": "xx"})
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    for message in ["Write the code from your letter.", "Write your name.",
                    "That does not look like an e-mail address.", "Use between 10 and 200 characters.",
                    "The two passwords are not the same."]:
        assert message in body


def test_staff_invitation_makes_a_contact_person_of_the_unit(demo, app, client, db):
    from tests.helpers import PageClient

    client.sign_in("admin@demo.mitthjul.se")
    unit_id = db.scalar(select(StaffMembership.unit_id).join(User).where(User.email == "karin@demo.mitthjul.se"))
    r = client.post(f"/admin/units/{unit_id}/invitations", {"role": "contact_person", "language": "sv"})
    code = re.search(r'class="join-code">([A-Z0-9-]{9})<', r.get_data(as_text=True)).group(1)
    newcomer = PageClient(app)
    assert join(newcomer, code, email="lisa@example.org", language="sv").status_code == 302
    lisa = db.scalar(select(User).where(User.email == "lisa@example.org"))
    assert lisa.role == Role.CONTACT_PERSON
    assert [m.unit_id for m in lisa.memberships] == [unit_id]
