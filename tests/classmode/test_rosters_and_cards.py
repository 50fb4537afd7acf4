"""Rosters from CSV (all rows or none, each bad row reported) and printable picture-code cards."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from tests.helpers import PageClient
from webapp.db import utcnow
from webapp.models import Child, Invitation, SchoolClass, Unit

HEADER = "first_name,birth_year,class,language,guardian_email\n"


def admin(app) -> PageClient:
    client = PageClient(app)
    client.sign_in("admin@demo.mitthjul.se")
    client.get("/admin/?lang=en")
    return client


def upload(client: PageClient, unit_id: int, text: str):
    return client.post(f"/admin/units/{unit_id}/roster?lang=en",
                       {"roster": (io.BytesIO(text.encode("utf-8")), "roster.csv")},
                       content_type="multipart/form-data")


def school(db) -> Unit:
    return db.scalar(select(Unit).where(Unit.name == "Björkbyskolan"))


def test_a_file_with_bad_rows_imports_nothing_and_names_each_row(demo, app, db):
    year = utcnow().year
    text = HEADER + "\n".join([
        f"Ada,{year - 9},3C,sv,ada.guardian@example.org",      # line 2: good
        f",{year - 9},3C,sv,",                                  # 3: no name
        "Bo,nineteen,3C,sv,",                                  # 4: bad year
        f"Cy,{year - 30},3C,sv,",                               # 5: too old
        f"Di,{year - 9},,sv,",                                  # 6: no class
        f"Ed,{year - 9},3C,xx,",                                # 7: unknown language
        f"Fa,{year - 9},3C,ar,not-an-email",                    # 8: bad e-mail
    ]) + "\n"
    before = db.scalar(select(func.count()).select_from(Child))
    r = upload(admin(app), school(db).id, text)
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert "Nothing was imported" in body
    for line, reason in [(3, "first name"), (4, "birth year"), (5, "birth year"), (6, "class is missing"),
                         (7, "language must be one of"), (8, "not an e-mail address")]:
        assert re.search(rf"Line {line}:[^<]*{reason}", body), (line, reason)
    assert "Line 2:" not in body
    assert db.scalar(select(func.count()).select_from(Child)) == before
    assert db.scalar(select(SchoolClass).where(SchoolClass.name == "3C")) is None


def test_a_good_file_imports_every_row_with_letters_for_guardians(demo, app, db):
    year = utcnow().year
    text = (HEADER + f"Ada,{year - 9},3C,sv,ada.guardian@example.org\n"
            f"Ben,{year - 5},Solen 2,ti,\nCleo,{year - 15},7B,ar,\n")
    r = upload(admin(app), school(db).id, text)
    assert r.status_code == 200, r.get_data(as_text=True)[:2000]
    body = r.get_data(as_text=True)
    assert "3 children were imported" in body
    names = {c.first_name: c for c in db.scalars(select(Child).where(Child.first_name.in_(["Ada", "Ben", "Cleo"])))}
    assert set(names) == {"Ada", "Ben", "Cleo"}
    assert names["Cleo"].school_class.name == "7B", "an existing class is reused"
    assert names["Ben"].preferred_language == "ti"
    assert db.scalar(select(func.count()).select_from(Invitation)) == 1
    assert 'class="letter" lang="sv"' in body and 'class="join-code"' in body


def test_garbage_files_get_a_clear_message(demo, app, db):
    client = admin(app)
    unit_id = school(db).id
    r = upload(client, unit_id, "name;year\nA;1\n")
    assert r.status_code == 400 and "The first line must be" in r.get_data(as_text=True)
    r = client.post(f"/admin/units/{unit_id}/roster?lang=en", {"roster": (io.BytesIO(b"\xff\xfe\x00bad"), "x.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 400 and "not UTF-8" in r.get_data(as_text=True)
    r = client.post(f"/admin/units/{unit_id}/roster?lang=en", {})
    assert r.status_code == 400 and "Choose a CSV file" in r.get_data(as_text=True)
    r = upload(client, unit_id, HEADER)
    assert r.status_code == 400 and "no rows" in r.get_data(as_text=True)


def test_code_cards_give_new_codes_in_each_childs_language(demo, app, db):
    client = admin(app)
    klass = db.scalar(select(SchoolClass).where(SchoolClass.name == "2A"))
    assert client.post(f"/admin/classes/{klass.id}/code-cards").status_code == 400, "needs the confirmation"
    old = {c.id: c.code_hash for c in db.scalars(select(Child).where(Child.class_id == klass.id))}
    r = client.post(f"/admin/classes/{klass.id}/code-cards", {"replace": "yes"})
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    assert body.count('class="code-card"') == 2
    assert 'lang="ar" dir="rtl"' in body, "Noor's card is in Arabic"
    db.expire_all()
    for child in db.scalars(select(Child).where(Child.class_id == klass.id)):
        assert child.code_hash != old[child.id] and not child.code_locked
    # The card's code opens the child's turn on the class tablet.
    from tests.classmode.test_class_mode import enter, tablet, tap_avatar
    sam = db.scalar(select(Child).where(Child.first_name == "Sam"))
    card = re.search(r'aria-label="Sam">.*?</section>', body, re.S).group(0)
    code = re.findall(r'pictograms/(\w+)\.svg" alt', card)[1:]  # the first picture is the avatar
    device = tablet(app, db)
    tap_avatar(device, sam)
    assert enter(device, code).status_code == 303
