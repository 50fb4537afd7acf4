"""Class-list import: a long file is read whole or refused whole; siblings with one guardian e-mail end up in one
family; a list never links a child to an existing account; a child already listed with the same guardian is
skipped, and children who only share a name are not."""

from __future__ import annotations

import hashlib
import hmac
import io
import re
from datetime import timedelta

from sqlalchemy import func, select, text

from tests.auth.test_invitations import join
from tests.classmode.test_rosters_and_cards import HEADER, admin, school, upload
from tests.helpers import PageClient
from webapp.db import clock, utcnow
from webapp.models import Child, Invitation


def count(db, model) -> int:  # noqa: ANN001
    return db.scalar(select(func.count()).select_from(model))


def children_named(db, *names: str) -> list[Child]:  # noqa: ANN001
    db.expire_all()
    return list(db.scalars(select(Child).where(Child.first_name.in_(names)).order_by(Child.first_name)))


def test_a_long_file_is_imported_whole(demo, app, db):
    # School systems export extra columns; with them 450 rows make a file larger than 200 KB.
    year = utcnow().year
    rows = [f"Child{i:03d},{year - 9},4D,sv,,{'x' * 500}" for i in range(450)]
    text = HEADER.replace("\n", ",notes\n") + "\n".join(rows) + "\n"
    assert 220 * 1024 < len(text.encode()) < 250 * 1024
    before = count(db, Child)
    r = upload(admin(app), school(db).id, text)
    assert r.status_code == 200, r.get_data(as_text=True)[:2000]
    assert "450 children were imported" in r.get_data(as_text=True)
    assert count(db, Child) == before + 450
    assert children_named(db, "Child449"), "the last row is there too"


def test_a_file_larger_than_a_request_may_be_is_refused_whole_with_a_reason(demo, app, db):
    year = utcnow().year
    text = HEADER + "".join(f"Child{i:04d},{year - 9},4D,sv,\n" for i in range(12_000))
    assert len(text.encode()) > 256 * 1024
    before = count(db, Child)
    r = upload(admin(app), school(db).id, text)
    assert r.status_code == 413
    body = r.get_data(as_text=True)
    assert "The file is too big: at most 256 KB at a time." in body and "Nothing was imported" in body
    assert count(db, Child) == before


def test_siblings_with_one_guardian_email_become_one_family_with_one_letter(demo, app, db):
    year = utcnow().year
    text = HEADER + (f"Ada,{year - 9},3C,sv,parent@example.org\n"
                     f"Bea,{year - 6},Solen 2,sv,Parent@Example.org\n"
                     f"Cid,{year - 9},3C,sv,other@example.org\n")
    invitations = count(db, Invitation)
    r = upload(admin(app), school(db).id, text)
    assert r.status_code == 200, r.get_data(as_text=True)[:2000]
    body = r.get_data(as_text=True)
    ada, bea, cid = children_named(db, "Ada", "Bea", "Cid")
    assert ada.family_id == bea.family_id != cid.family_id
    assert count(db, Invitation) == invitations + 2, "one letter per guardian, not per child"
    assert body.count('class="join-code"') == 2
    assert "one letter for both" in body


def test_a_list_never_links_a_new_child_to_an_existing_account(demo, app, db):
    """A typo or an old e-mail would hand the child to another family (and every guardian in it): such a
    child is added from the family's page, where staff see who the family is."""
    year = utcnow().year
    before = count(db, Child)
    r = upload(admin(app), school(db).id, HEADER + (f"Ella,{year - 5},Solen 2,sv,ANNA@demo.mitthjul.se\n"
                                                    f"Sam,{year - 9},3C,sv,anna@demo.mitthjul.se\n"))
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert "Line 2:" in body and "cannot be linked" in body and "Nothing was imported" in body
    assert count(db, Child) == before
    guardian = PageClient(app)
    guardian.sign_in("jonas@demo.mitthjul.se")
    assert "Ella" not in guardian.text("/?lang=en")


def test_a_staff_email_as_guardian_email_is_a_bad_row(demo, app, db):
    year = utcnow().year
    before = count(db, Child)
    r = upload(admin(app), school(db).id, HEADER + (f"Ada,{year - 9},3C,sv,\n"
                                                    f"Ivo,{year - 9},3C,sv,karin@demo.mitthjul.se\n"))
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert "Line 3:" in body and "cannot be linked" in body and "Nothing was imported" in body
    assert count(db, Child) == before


def test_a_child_already_listed_with_the_same_guardian_is_skipped(demo, app, db):
    """Sam is in 2A with Anna as guardian: the same row again adds nobody and is no error."""
    sam = children_named(db, "Sam")[0]
    year, class_name = sam.birth_year, sam.school_class.name
    before = count(db, Child)
    r = upload(admin(app), school(db).id, HEADER + f"sam,{year},{class_name},sv,anna@demo.mitthjul.se\n")
    assert r.status_code == 200, r.get_data(as_text=True)[:2000]
    assert "1 child was already on the class list and was skipped." in r.get_data(as_text=True)
    assert count(db, Child) == before


def test_two_children_with_one_name_in_a_class_are_both_imported(demo, app, db):
    """Two Ellas born the same year in one class are common: neither is skipped, and a new child with the
    name of a child already listed never joins that child's family."""
    sam = children_named(db, "Sam")[0]
    year = utcnow().year
    text = HEADER + (f"Ella,{year - 9},3C,sv,one@example.org\n"
                     f"Ella,{year - 9},3C,sv,two@example.org\n"
                     f"Sam,{sam.birth_year},{sam.school_class.name},sv,newparent@example.org\n"
                     f"Tove,{year - 7},Solen 2,sv,newparent@example.org\n")
    r = upload(admin(app), school(db).id, text)
    assert r.status_code == 200, r.get_data(as_text=True)[:2000]
    first, second = children_named(db, "Ella")
    assert first.family_id != second.family_id
    new_sam = next(c for c in children_named(db, "Sam") if c.id != sam.id)
    (tove,) = children_named(db, "Tove")
    assert new_sam.family_id == tove.family_id != sam.family_id
    jonas = PageClient(app)
    jonas.sign_in("jonas@demo.mitthjul.se")
    assert "Tove" not in jonas.text("/?lang=en")


def test_a_repeated_row_within_one_file_is_imported_once(demo, app, db):
    year = utcnow().year
    text = HEADER + f"Ada,{year - 9},3C,sv,parent@example.org\nAda,{year - 9},3C,sv,Parent@example.org\n"
    r = upload(admin(app), school(db).id, text)
    assert r.status_code == 200
    assert len(children_named(db, "Ada")) == 1
    assert "1 child was already on the class list" in r.get_data(as_text=True)


def test_the_roster_page_does_not_show_a_unit_to_an_outsider(demo, app, db):
    client = PageClient(app)
    client.sign_in("karin@demo.mitthjul.se")
    big = io.BytesIO(b"x" * (300 * 1024))
    r = client.post(f"/admin/units/{school(db).id}/roster?lang=en", {"roster": (big, "r.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 413 and "Björkbyskolan" not in r.get_data(as_text=True)


def letter_codes(body: str) -> list[str]:
    return re.findall(r'class="join-code">([A-Z0-9-]+)<', body)


def test_the_same_list_imported_again_before_the_guardians_join_adds_nobody_twice(demo, app, db):
    year = utcnow().year
    text = HEADER + (f"Ada,{year - 9},3C,sv,parent@example.org\n"
                     f"Ella,{year - 9},3C,sv,\n")
    first = upload(admin(app), school(db).id, text)
    assert len(letter_codes(first.get_data(as_text=True))) == 1
    invitations, children = count(db, Invitation), count(db, Child)
    again = upload(admin(app), school(db).id, text.replace("parent@", "PARENT@"))
    body = again.get_data(as_text=True)
    assert again.status_code == 200, body[:2000]
    assert "1 child was already on the class list and was skipped." in body
    assert "1 child was imported." in body, "a row without an e-mail is always a new child"
    assert count(db, Child) == children + 1 and len(children_named(db, "Ada")) == 1
    assert count(db, Invitation) == invitations and not letter_codes(body), "no second letter for Ada"


def test_only_a_keyed_hash_of_the_guardian_email_is_kept(demo, app, db):
    year = utcnow().year
    upload(admin(app), school(db).id, HEADER + f"Ada,{year - 9},3C,sv,Parent@Example.org\n")
    stored = db.scalar(select(Invitation.email_hash).where(Invitation.email_hash.is_not(None)))
    key = app.config["SECRET_KEY"].encode()
    assert stored == hmac.new(key, b"email:parent@example.org", hashlib.sha256).hexdigest()
    assert stored != hashlib.sha256(b"parent@example.org").hexdigest(), "not a hash anyone could recompute"
    with app.app_context():
        for table in ("invitation", "family", "child"):
            rows = db.execute(text(f"SELECT * FROM {table}")).all()  # noqa: S608 - fixed table names
            assert not any("example.org" in str(value).lower() for row in rows for value in row), table


def test_a_sibling_on_a_later_list_joins_the_family_whose_letter_is_still_open(demo, app, db):
    year = utcnow().year
    first = upload(admin(app), school(db).id, HEADER + f"Ada,{year - 9},3C,sv,parent@example.org\n")
    (code,) = letter_codes(first.get_data(as_text=True))
    later = upload(admin(app), school(db).id, HEADER + (f"Bea,{year - 6},Solen 2,sv,parent@example.org\n"
                                                        f"Cid,{year - 6},Solen 2,sv,other@example.org\n"))
    body = later.get_data(as_text=True)
    assert later.status_code == 200, body[:2000]
    ada, bea, cid = children_named(db, "Ada", "Bea", "Cid")
    assert ada.family_id == bea.family_id != cid.family_id
    expires = db.scalar(select(Invitation.expires_at).where(Invitation.family_id == ada.family_id))
    assert "gives access to this child too, until" in body and expires.strftime("%Y") in body
    assert len(letter_codes(body)) == 1, "a letter only for Cid"
    # The guardian joins with the first letter and finds both children.
    guardian = PageClient(app)
    assert join(guardian, code, email="parent@example.org").status_code == 302
    home = guardian.text("/?lang=en")
    assert "Ada" in home and "Bea" in home and "Cid" not in home


def test_a_sibling_whose_family_letter_has_expired_joins_it_with_a_new_letter(demo, app, db):
    year = utcnow().year
    upload(admin(app), school(db).id, HEADER + f"Ada,{year - 9},3C,sv,parent@example.org\n")
    clock.fixed = utcnow() + timedelta(days=15)
    later = upload(admin(app), school(db).id, HEADER + (f"Bea,{year - 6},Solen 2,sv,parent@example.org\n"
                                                        f"Ada,{year - 9},3C,sv,parent@example.org\n"))
    body = later.get_data(as_text=True)
    assert later.status_code == 200, body[:2000]
    ada, bea = children_named(db, "Ada", "Bea")
    assert ada.family_id == bea.family_id and "whose letter has expired" in body
    assert "1 child was already on the class list" in body, "Ada is still recognised by her guardian's letter"
    (code,) = letter_codes(body)
    guardian = PageClient(app)
    assert join(guardian, code, email="parent@example.org").status_code == 302
    home = guardian.text("/?lang=en")
    assert "Ada" in home and "Bea" in home


def test_a_child_whose_guardian_letter_expired_gets_a_new_letter_when_listed_again(demo, app, db):
    year = utcnow().year
    upload(admin(app), school(db).id, HEADER + f"Ada,{year - 9},3C,sv,parent@example.org\n")
    clock.fixed = utcnow() + timedelta(days=15)
    again = upload(admin(app), school(db).id, HEADER + f"Ada,{year - 9},3C,sv,parent@example.org\n")
    body = again.get_data(as_text=True)
    assert "The letter printed then has expired: print the new letter below." in body
    assert len(letter_codes(body)) == 1 and len(children_named(db, "Ada")) == 1


def test_a_family_someone_has_joined_never_takes_in_a_child_from_a_list(demo, app, db):
    """Another adult joined Ada's family (a letter from her page) while her listed guardian has not: a child on a
    later list with that guardian's e-mail must not appear to that adult."""
    year = utcnow().year
    upload(admin(app), school(db).id, HEADER + f"Ada,{year - 9},3C,sv,parent@example.org\n")
    (ada,) = children_named(db, "Ada")
    staff = admin(app)
    letter = staff.post(f"/admin/families/{ada.family_id}/invitations", {"language": "en", "has_custody": "y"})
    (code,) = letter_codes(letter.get_data(as_text=True))
    other = PageClient(app)
    assert join(other, code, email="other.adult@example.org").status_code == 302
    later = upload(admin(app), school(db).id, HEADER + f"Bea,{year - 6},Solen 2,sv,parent@example.org\n")
    assert later.status_code == 200, later.get_data(as_text=True)[:2000]
    (ada, bea) = children_named(db, "Ada", "Bea")
    assert ada.family_id != bea.family_id
    assert "Bea" not in other.text("/?lang=en")


def test_a_guardian_who_joined_with_another_address_is_not_invited_again(demo, app, db):
    year = utcnow().year
    first = upload(admin(app), school(db).id, HEADER + f"Ada,{year - 9},3C,sv,parent@example.org\n")
    (code,) = letter_codes(first.get_data(as_text=True))
    assert join(PageClient(app), code, email="dad@elsewhere.example").status_code == 302
    children = count(db, Child)
    again = upload(admin(app), school(db).id, HEADER + (f"Ada,{year - 9},3C,sv,parent@example.org\n"
                                                        f"Bea,{year - 6},Solen 2,sv,parent@example.org\n"))
    body = again.get_data(as_text=True)
    assert again.status_code == 400 and "Line 3:" in body and "already joined through a letter" in body
    assert "Line 2:" not in body, "Ada is known: her guardian joined with that letter"
    assert count(db, Child) == children


def test_a_child_listed_again_under_a_renamed_class_is_not_added_twice(demo, app, db):
    year = utcnow().year
    upload(admin(app), school(db).id, HEADER + f"Ada,{year - 9},3C,sv,parent@example.org\n")
    again = upload(admin(app), school(db).id, HEADER + f"ada,{year - 9},4C,sv,parent@example.org\n")
    assert again.status_code == 200
    assert len(children_named(db, "Ada")) + len(children_named(db, "ada")) == 1
    assert "1 child was already on the class list" in again.get_data(as_text=True)


def test_a_guardian_who_closes_their_account_leaves_no_email_hash_behind(demo, app, db):
    """Two guardians joined a family from a class list; the one who leaves takes their hash along."""
    year = utcnow().year
    first = upload(admin(app), school(db).id, HEADER + f"Ada,{year - 9},3C,sv,parent@example.org\n")
    (code,) = letter_codes(first.get_data(as_text=True))
    leaving = PageClient(app)
    assert join(leaving, code, email="parent@example.org").status_code == 302
    (ada,) = children_named(db, "Ada")
    letter = admin(app).post(f"/admin/families/{ada.family_id}/invitations", {"language": "en", "has_custody": "y"})
    assert join(PageClient(app), letter_codes(letter.get_data(as_text=True))[0],
                email="stays@example.org").status_code == 302
    leaving.text("/family/data?lang=en")
    assert leaving.post("/family/data", {"password": "a long password", "confirm": "yes"}).status_code == 303
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Invitation).where(Invitation.email_hash.is_not(None))) == 0
    assert children_named(db, "Ada"), "the family stays with the other guardian"
