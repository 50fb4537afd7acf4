"""Who the contact person is, as families see them, and how staff keep those details up to date."""

from __future__ import annotations

from sqlalchemy import select, update

from tests.checkins.conftest import as_child, child_named
from tests.helpers import PageClient, add_other_municipality
from webapp.models import ContactAssignment, User


def signed_in(app, email: str) -> PageClient:  # noqa: ANN001
    client = PageClient(app)
    client.sign_in(email)
    return client


def karin(db) -> User:  # noqa: ANN001
    return db.scalar(select(User).where(User.email == "karin@demo.mitthjul.se"))


def test_a_guardian_sees_who_the_contact_person_is_and_how_to_reach_them(demo, app, db):
    sam = child_named(db, "Sam")
    guardian = signed_in(app, "anna@demo.mitthjul.se")
    assert f"/children/{sam.id}/contact-person" in guardian.text("/?lang=en")
    page = guardian.text(f"/children/{sam.id}/contact-person?lang=en")
    assert "Sam's contact person" in page and "Karin Berg" in page
    assert "Kurator" in page and "Björkbyskolan" in page and "Mån–fre 8–16" in page
    assert '<a href="tel:0123456789">0123-45 67 89</a>' in page
    assert "What a contact person does not do" in page and "Does not see anything you have not shared." in page
    assert "may have to tell social services" in page, "honest about the limit, not only promises"


def test_a_child_sees_their_own_contact_person_in_their_turn(demo, app, db):
    client = PageClient(app)
    sam = as_child(client, db, "Sam")
    assert f"/children/{sam.id}/contact-person" in client.text("/turn?lang=en")
    page = client.text(f"/children/{sam.id}/contact-person?lang=en")
    assert "Your contact person" in page and "Karin Berg" in page
    maja = child_named(db, "Maja")
    assert client.get(f"/children/{maja.id}/contact-person").status_code == 404, "not even a sibling's"


def test_only_the_familys_own_children(demo, app, db):
    other = add_other_municipality(app, db)
    noor = child_named(db, "Noor")
    assert signed_in(app, "anna@demo.mitthjul.se").get(f"/children/{noor.id}/contact-person").status_code == 404
    assert signed_in(app, "oguardian@other.example").get(f"/children/{noor.id}/contact-person").status_code == 404
    assert signed_in(app, "karin@demo.mitthjul.se").get(f"/children/{noor.id}/contact-person").status_code == 404
    assert signed_in(app, "admin@demo.mitthjul.se").get(f"/children/{noor.id}/contact-person").status_code == 404
    assert PageClient(app).get(f"/children/{other['child'].id}/contact-person").status_code == 302, "sign in first"


def test_empty_details_are_never_shown(demo, app, db):
    person = karin(db)
    person.job_title = person.work_phone = person.reachable = None
    db.commit()
    sam = child_named(db, "Sam")
    page = signed_in(app, "anna@demo.mitthjul.se").text(f"/children/{sam.id}/contact-person?lang=en")
    assert "Karin Berg" in page
    assert "tel:" not in page and "When you can reach them" not in page and "Job" not in page.split("<h2>")[1]


def test_no_contact_person_yet_says_what_happens_next(demo, app, db):
    sam = child_named(db, "Sam")
    db.execute(update(ContactAssignment).where(ContactAssignment.child_id == sam.id).values(ends_at=sam.created_at))
    db.commit()
    page = signed_in(app, "anna@demo.mitthjul.se").text(f"/children/{sam.id}/contact-person?lang=en")
    assert "Sam does not have a contact person yet." in page
    assert "The school or preschool chooses one." in page and "Björkbyskolan" in page
    client = PageClient(app)
    as_child(client, db, "Sam")
    page = client.text(f"/children/{sam.id}/contact-person?lang=en")
    assert "You do not have a contact person yet." in page and "/talk" in page


def test_a_contact_person_keeps_their_own_details(demo, app, db):
    client = signed_in(app, "karin@demo.mitthjul.se")
    assert "/settings/contact-details" in client.text("/?lang=en")
    page = client.text("/settings/contact-details?lang=en")
    assert 'value="Kurator"' in page and "Björkbyskolan" in page
    r = client.post("/settings/contact-details?lang=en",
                    {"job_title": "x" * 101, "work_phone": "call me maybe", "reachable": "y" * 201})
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert "Please use at most 100 characters." in body and "Please use at most 200 characters." in body
    assert "Write a phone number with digits only" in body
    assert "call me maybe" in body, "what was typed stays in the form"
    db.expire_all()
    assert karin(db).job_title == "Kurator", "nothing saved from a form with mistakes"
    r = client.post("/settings/contact-details?lang=en",
                    {"job_title": " School counsellor ", "work_phone": "+46 19-12 34 56", "reachable": ""})
    assert r.status_code == 303
    db.expire_all()
    person = karin(db)
    assert (person.job_title, person.work_phone, person.reachable) == ("School counsellor", "+46 19-12 34 56", None)
    sam = child_named(db, "Sam")
    page = signed_in(app, "anna@demo.mitthjul.se").text(f"/children/{sam.id}/contact-person?lang=en")
    assert "School counsellor" in page and 'href="tel:+4619123456"' in page
    assert "When you can reach them" not in page
    # Families cannot use the page.
    assert signed_in(app, "anna@demo.mitthjul.se").get("/settings/contact-details").status_code == 403


def test_a_unit_admin_edits_the_details_of_their_units_staff_only(demo, app, db):
    other = add_other_municipality(app, db)
    admin = signed_in(app, "admin@demo.mitthjul.se")
    person = karin(db)
    assert f"/admin/staff/{person.id}/details" in admin.text("/admin/?lang=en")
    page = admin.text(f"/admin/staff/{person.id}/details?lang=en")
    assert "Contact details of Karin Berg" in page and 'value="0123-45 67 89"' in page
    r = admin.post(f"/admin/staff/{person.id}/details?lang=en", {"job_title": "Kurator", "work_phone": "12",
                                                                 "reachable": "Tisdagar"})
    assert r.status_code == 400 and "Write a phone number" in r.get_data(as_text=True)
    r = admin.post(f"/admin/staff/{person.id}/details", {"job_title": "Kurator", "work_phone": "",
                                                         "reachable": "Tisdagar 9–12"})
    assert r.status_code == 303
    db.expire_all()
    assert (karin(db).work_phone, karin(db).reachable) == (None, "Tisdagar 9–12")
    assert admin.get(f"/admin/staff/{other['ocontact'].id}/details").status_code == 404
    assert admin.post(f"/admin/staff/{other['ocontact'].id}/details", {"job_title": "x"}).status_code == 404
    guardian = db.scalar(select(User).where(User.email == "anna@demo.mitthjul.se"))
    assert admin.get(f"/admin/staff/{guardian.id}/details").status_code == 404
    assert signed_in(app, "karin@demo.mitthjul.se").get(f"/admin/staff/{person.id}/details").status_code == 403
