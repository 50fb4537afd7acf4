"""Admins keep the directory: flags for entries due a review, one-tap review, add, change, delete, and
every bad input answered with a message next to the field and what was typed kept."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.directory.conftest import TODAY, make_entry, signed_in, unit_named, user
from webapp.db import get_session
from webapp.models import DirectoryEntry

ADMIN = "admin@demo.mitthjul.se"


def entry_block(body: str, name: str) -> str:
    """The admin list's item for one entry."""
    m = re.search(r'<li class="directory-entry[^"]*">\s*<h2><a href="[^"]+">' + re.escape(name) + r"</a>.*?</li>",
                  body, re.S)
    assert m, name
    return m.group(0)


def test_a_seven_month_old_entry_is_flagged_and_a_thirteen_month_old_one_hidden(world, db):
    make_entry(db, "Fresh place", months_old=1)
    make_entry(db, "Half-year place", months_old=6)
    make_entry(db, "Seven months", months_old=7)
    make_entry(db, "Thirteen months", months_old=13)
    body = signed_in(world, ADMIN).text("/admin/directory")
    assert "Needs review (last reviewed Aug 31, 2026)" in entry_block(body, "Seven months")
    hidden = entry_block(body, "Thirteen months")
    assert "Hidden from families until reviewed" in hidden and "Feb 28, 2026" in hidden
    for name in ("Fresh place", "Half-year place"):
        assert "Needs review" not in entry_block(body, name) and "Hidden" not in entry_block(body, name)
    # Problems first, the newest problem first; then the rest by name.
    order = re.findall(r'<h2><a href="/admin/directory/\d+">([^<]+)</a>', body)
    assert order == ["Seven months", "Thirteen months", "Fresh place", "Half-year place"]
    assert "You own 2 entries that need a review." in body


def test_the_notice_counts_only_the_admins_own_entries(world, db):
    from webapp.models import Role, StaffMembership

    second = user(db, "karin@demo.mitthjul.se")
    second.role = Role.UNIT_ADMIN
    db.commit()
    assert db.scalar(select(StaffMembership).where(StaffMembership.user_id == second.id)) is not None
    make_entry(db, "Mine", months_old=8)
    make_entry(db, "Kept by Karin", months_old=8, owner="karin@demo.mitthjul.se")
    body = signed_in(world, ADMIN).text("/admin/directory")
    assert "You own 1 entry that needs a review." in body
    assert "Owner: Karin Berg" in entry_block(body, "Kept by Karin")


def test_reviewed_today_brings_a_hidden_entry_back(world, db):
    entry = make_entry(db, "Old place", months_old=13, review_notice_sent_on=TODAY)
    family = signed_in(world, "anna@demo.mitthjul.se")
    assert "Old place" not in family.text("/support-near-you")
    admin = signed_in(world, ADMIN)
    admin.get("/admin/directory")
    r = admin.post(f"/admin/directory/{entry.id}/reviewed")
    assert r.status_code == 303 and r.headers["Location"] == "/admin/directory"
    db.refresh(entry)
    assert entry.last_reviewed_on == TODAY and entry.review_notice_sent_on is None
    body = admin.text("/admin/directory")
    assert "is marked as reviewed today" in body and "Last reviewed Mar 31, 2027" in entry_block(body, "Old place")
    assert "You own" not in body
    assert "Old place" in family.text("/support-near-you")


FORM = {"name": "Youth clinic", "scope": "", "helps_with": ["healthy", "safe"], "for_whom": "Young people 13–23",
        "how_to_reach": "Drop in on Wednesdays, or call to book a time.", "phone": "+46 19-12 34 56",
        "website": "https://example.org/ungdomsmottagning", "opening_hours": "Wed 13–16", "languages": ["ar", "sv"],
        "address": "Storgatan 1", "owner_id": ""}


def good_form(db, **changes) -> dict:
    from webapp.models import Organisation

    org = db.scalar(select(Organisation).order_by(Organisation.id))
    return {**FORM, "scope": f"org-{org.id}", "owner_id": str(user(db, ADMIN).id), **changes}


def test_an_admin_adds_an_entry_reviewed_today_for_the_whole_municipality(world, db):
    admin = signed_in(world, ADMIN)
    admin.get("/admin/directory")
    r = admin.post("/admin/directory", good_form(db))
    assert r.status_code == 303, r.get_data(as_text=True)[:3000]
    entry = db.scalar(select(DirectoryEntry).where(DirectoryEntry.name == "Youth clinic"))
    assert entry.unit_id is None and entry.last_reviewed_on == TODAY
    assert entry.helps_with == "safe healthy", "wheel order, whatever order they came in"
    assert entry.languages == "sv ar", "the app's order of languages"
    assert entry.owner_id == user(db, ADMIN).id and entry.review_notice_sent_on is None
    page = signed_in(world, "anna@demo.mitthjul.se").text("/support-near-you")
    assert "Youth clinic" in page and 'href="tel:+4619123456"' in page


def test_an_entry_for_one_unit_and_a_change_to_it(world, db):
    admin = signed_in(world, ADMIN)
    admin.get("/admin/directory")
    preschool = unit_named(db, "Förskolan Lärkan")
    assert admin.post("/admin/directory", good_form(db, scope=f"unit-{preschool.id}")).status_code == 303
    entry = db.scalar(select(DirectoryEntry).where(DirectoryEntry.name == "Youth clinic"))
    assert entry.unit_id == preschool.id
    page = admin.text(f"/admin/directory/{entry.id}")
    assert 'value="Youth clinic"' in page and f'<option selected value="unit-{preschool.id}">' in page
    assert re.search(r'<input checked id="languages-ar"|<input type="checkbox" id="languages-ar"[^>]*checked', page)
    r = admin.post(f"/admin/directory/{entry.id}", good_form(db, name="Youth clinic Björkby", phone=""))
    assert r.status_code == 303
    db.refresh(entry)
    assert entry.name == "Youth clinic Björkby" and entry.phone is None and entry.unit_id is None


def test_saving_a_change_can_count_as_a_review(world, db):
    entry = make_entry(db, "Youth clinic", months_old=9)
    admin = signed_in(world, ADMIN)
    admin.get(f"/admin/directory/{entry.id}")
    assert admin.post(f"/admin/directory/{entry.id}", good_form(db)).status_code == 303
    db.refresh(entry)
    assert entry.last_reviewed_on < TODAY, "a change alone is not a review"
    assert admin.post(f"/admin/directory/{entry.id}", good_form(db, reviewed="y")).status_code == 303
    db.refresh(entry)
    assert entry.last_reviewed_on == TODAY


def test_delete_asks_first(world, db):
    entry = make_entry(db, "Closed place")
    admin = signed_in(world, ADMIN)
    page = admin.text(f"/admin/directory/{entry.id}/delete")
    assert "Delete Closed place?" in page and f'action="/admin/directory/{entry.id}/delete"' in page
    r = admin.post(f"/admin/directory/{entry.id}/delete")
    assert r.status_code == 303
    assert db.scalar(select(func.count()).select_from(DirectoryEntry)) == 0
    assert "“Closed place” was deleted." in admin.text("/admin/directory")


BAD_INPUTS = [
    ({"name": ""}, "name", "Write the name of the place or service."),
    ({"name": "N" * 201}, "name", "Please use at most 200 characters."),
    ({"how_to_reach": "x" * 1001}, "how_to_reach", "Please use at most 1000 characters."),
    ({"phone": "call me maybe"}, "phone", "Write a phone number with digits"),
    ({"phone": "12"}, "phone", "Write a phone number with digits"),
    ({"phone": "1" * 16}, "phone", "Write a phone number with digits"),
    ({"website": "http://example.org"}, "website", "starts with https://"),
    ({"website": "javascript:alert(1)"}, "website", "starts with https://"),
    ({"website": "https://"}, "website", "starts with https://"),
    ({"helps_with": []}, "helps_with", "Choose at least one part of the wheel."),
    ({"helps_with": ["safe", "happiness"]}, "helps_with", "is not a valid choice"),
    ({"languages": []}, "languages", "Choose at least one language."),
    ({"languages": ["sv", "xx"]}, "languages", "is not a valid choice"),
    ({"owner_id": "abc"}, "owner_id", "could not coerce"),
    ({"owner_id": "99999999999999999999"}, "owner_id", "Not a valid choice"),
    ({"scope": "unit-999999"}, "scope", "Not a valid choice"),
    ({"scope": "org-"}, "scope", "Not a valid choice"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUTS)
def test_bad_input_is_answered_next_to_the_field_and_nothing_typed_is_lost(world, db, change, field, message):
    admin = signed_in(world, ADMIN)
    admin.get("/admin/directory")
    data = good_form(db, **change)
    r = admin.post("/admin/directory", data)
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', body)
    assert error and message in error.group(1), (field, error and error.group(1))
    assert 'role="alert"' in body, "the summary at the top links to the field"
    for kept in ("for_whom", "how_to_reach", "opening_hours", "address"):
        if kept not in change:
            assert FORM[kept] in body, kept
    assert 'id="languages-ar" name="languages" value="ar" checked' in body or "languages" in change
    assert db.scalar(select(func.count()).select_from(DirectoryEntry)) == 0


def test_bad_input_when_changing_keeps_the_change_typed(world, db):
    entry = make_entry(db, "Youth clinic")
    admin = signed_in(world, ADMIN)
    admin.get(f"/admin/directory/{entry.id}")
    r = admin.post(f"/admin/directory/{entry.id}", good_form(db, name="A new name", phone="not a phone"))
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert 'value="A new name"' in body and 'value="not a phone"' in body and 'id="phone-error"' in body
    db.refresh(entry)
    assert entry.name == "Youth clinic"


def test_the_owner_must_be_an_admin_in_the_entrys_municipality(world, db, other_municipality):
    admin = signed_in(world, ADMIN)
    admin.get("/admin/directory")
    outsider = user(db, "oadmin@other.example")
    karin = user(db, "karin@demo.mitthjul.se")  # a contact person: cannot open the page a reminder leads to
    for owner in (outsider, karin):
        r = admin.post("/admin/directory", good_form(db, owner_id=str(owner.id)))
        assert r.status_code == 400 and 'id="owner_id-error"' in r.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(DirectoryEntry)) == 0


def test_an_admin_of_another_municipality_gets_404_for_every_entry_page(world, db, other_municipality):
    entry = make_entry(db, "Björkby only", months_old=8)
    outsider = signed_in(world, "oadmin@other.example")
    outsider.get("/admin/directory")
    assert "Björkby only" not in outsider.text("/admin/directory")
    for url in (f"/admin/directory/{entry.id}", f"/admin/directory/{entry.id}/delete"):
        assert outsider.get(url).status_code == 404, url
    for url, data in ((f"/admin/directory/{entry.id}", good_form(db)), (f"/admin/directory/{entry.id}/reviewed", {}),
                      (f"/admin/directory/{entry.id}/delete", {})):
        assert outsider.post(url, data).status_code == 404, url
    assert outsider.post("/admin/directory", good_form(db)).status_code == 400, "not one of their choices"
    db.refresh(entry)
    assert entry.name == "Björkby only" and entry.last_reviewed_on < TODAY


@pytest.mark.parametrize("url", ["/admin/directory/999999", "/admin/directory/99999999999999999999",
                                 "/admin/directory/abc", "/admin/directory/999999/delete"])
def test_unknown_entries_are_404(world, url):
    admin = signed_in(world, ADMIN)
    assert admin.get(url).status_code == 404
    assert admin.post(url, {}).status_code in (404, 405)


@pytest.mark.parametrize("email", ["anna@demo.mitthjul.se", "karin@demo.mitthjul.se"])
def test_only_admins_manage_the_directory(world, db, email):
    entry = make_entry(db, "Place")
    client = signed_in(world, email)
    assert client.get("/admin/directory").status_code == 403
    assert client.post(f"/admin/directory/{entry.id}/reviewed").status_code == 403
    assert client.post(f"/admin/directory/{entry.id}/delete").status_code == 403


def test_a_stale_form_saves_nothing_and_says_so(world, db):
    entry = make_entry(db, "Place", months_old=8)
    admin = signed_in(world, ADMIN)
    for url in (f"/admin/directory/{entry.id}/reviewed", f"/admin/directory/{entry.id}/delete", "/admin/directory"):
        r = admin.post(url + "?lang=en", good_form(db), csrf=False)
        assert r.status_code == 400 and "The form had expired" in r.get_data(as_text=True), url
    db.refresh(entry)
    assert entry.last_reviewed_on < TODAY


def test_the_admin_page_links_to_the_directory(world):
    assert 'href="/admin/directory"' in signed_in(world, ADMIN).text("/admin/")


def test_the_demo_shows_both_flags(demo, app):
    with app.app_context():
        from webapp.demo import load_demo_data

        assert load_demo_data(get_session()) is False, "loading twice adds nothing"
    body = signed_in(app, ADMIN).text("/admin/directory")
    assert body.count("Needs review (last reviewed") == 1
    assert body.count("Hidden from families until reviewed") == 1
    assert body.count('class="directory-entry state-') == 4


def test_an_owner_who_left_is_pointed_out(world, db):
    from webapp.models import Role, StaffMembership

    leaver = user(db, "karin@demo.mitthjul.se")
    leaver.role = Role.UNIT_ADMIN
    db.commit()
    entry = make_entry(db, "Place", owner="karin@demo.mitthjul.se")
    leaver.is_active = False
    db.commit()
    assert db.scalar(select(StaffMembership).where(StaffMembership.user_id == leaver.id)) is not None
    admin = signed_in(world, ADMIN)
    assert "account disabled: choose a new owner" in entry_block(admin.text("/admin/directory"), "Place")
    page = admin.text(f"/admin/directory/{entry.id}")
    assert re.search(r'id="owner_id-error">Karin Berg can no longer own entries here', page)
