"""Every page, as every role, in every language: right lang and dir, and no English left untranslated."""

from __future__ import annotations

import functools

import html5lib
import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from tests.checkins.conftest import answer_all, as_child, child_named, finish, start
from tests.helpers import PageClient
from webapp import ROOT
from webapp.i18n import LANGUAGES, RTL_LANGUAGES

TRANSLATED_ATTRIBUTES = ("alt", "aria-label", "title", "placeholder", "data-no-voice")


@functools.cache
def english_that_should_be_translated(code: str) -> frozenset[str]:
    """Source strings whose translation in this language differs from the English."""
    with (ROOT / "translations" / code / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    found = set()
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for source in ids:
            if "%(" not in source and source not in strings:
                found.add(source.strip())
    return frozenset(found)


def visible_texts(body: str) -> list[str]:
    doc = html5lib.parse(body, namespaceHTMLElements=False)
    texts = []
    for el in doc.iter():
        if el.tag in ("script", "style"):
            continue
        for chunk in (el.text, el.tail):
            if chunk and chunk.strip():
                texts.append(" ".join(chunk.split()))
        texts.extend(el.get(a).strip() for a in TRANSLATED_ATTRIBUTES if el.get(a))
    return texts


def check_language(body: str, code: str, url: str) -> None:
    direction = "rtl" if code in RTL_LANGUAGES else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in body, f"{url} in {code}: wrong lang/dir"
    if code == "en":
        return
    leftovers = [t for t in visible_texts(body) if t in english_that_should_be_translated(code)]
    assert not leftovers, f"{url} in {code}: untranslated {leftovers}"


@pytest.fixture
def journeys(demo, app, db):
    """Signed-in clients of every role, with a saved check-in each for child and guardian."""
    guardian = PageClient(app)
    guardian.sign_in("anna@demo.mitthjul.se")
    start(guardian, child_named(db, "Maja").id)
    answer_all(guardian, ["4"] * 9)
    guardian_check_in = finish(guardian, ["talk"], "note")
    start(guardian, child_named(db, "Maja").id)
    child = PageClient(app)
    as_child(child, db, "Sam")
    start(child)
    answer_all(child, ["1", "2"] + ["3"] * 7)
    child_check_in = finish(child, ["hug"])
    start(child)
    child.post(f"/check-ins/{child_check_in}/share/confirm", {"part": ["safe", "healthy"], "note": "yes"})
    child.post(f"/check-ins/{child_check_in}/share/confirm", {"part": ["safe"], "to": "family"})
    from webapp.models import SchoolClass, Share

    share_id = db.scalar(select(Share.id))
    contact = PageClient(app)
    contact.sign_in("karin@demo.mitthjul.se")
    contact.post(f"/inbox/{share_id}/respond", {"kind": "meet", "text": "Monday?"})
    maja = child_named(db, "Maja")
    contact.post(f"/children/{maja.id}/consent", {"service": "School health", "purpose": "Sleep",
                                                  "information": "Sleep answers", "months": "6"})
    admin = PageClient(app)
    admin.sign_in("admin@demo.mitthjul.se")
    sam = child_named(db, "Sam")
    anonymous = PageClient(app)
    tablet = PageClient(app)
    tablet.sign_in("karin@demo.mitthjul.se")
    tablet.post("/class-mode/open", {"class_id": db.scalar(select(SchoolClass.id).where(SchoolClass.name == "2A"))})
    return {
        "anonymous": (anonymous, ["/", "/sign-in", "/join", "/languages", "/accessibility", "/talk", "/no-such-page"]),
        "guardian": (guardian, ["/", "/my-wheel", f"/check-ins/{guardian_check_in}", "/check-in/step/1",
                                "/check-in/more", "/check-in/summary", "/accessibility", "/family/data",
                                "/shared-with-me",
                                "/family/export.html"]),
        "child": (child, ["/turn", "/my-wheel", f"/check-ins/{child_check_in}?saved=1", "/check-in/step/1",
                          "/check-in/more", "/check-in/summary", "/turn/end", "/talk", "/turn/new-code",
                          f"/check-ins/{child_check_in}/share", "/shared-with-me"]),
        "contact person": (contact, ["/", "/inbox", f"/inbox/{share_id}", f"/children/{maja.id}/consent"]),
        "admin": (admin, ["/admin/", f"/admin/children/{sam.id}"]),
        "class tablet": (tablet, ["/class", "/class/staff"]),
    }


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_page_in_every_language(journeys, code):
    for role, (client, urls) in journeys.items():
        for url in urls:
            sep = "&" if "?" in url else "?"
            r = client.get(f"{url}{sep}lang={code}", follow_redirects=True)
            assert r.status_code in (200, 404), (role, url, r.status_code)
            check_language(r.get_data(as_text=True), code, f"{role} {url}")


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_pages_reached_by_posting_in_every_language(demo, app, client, db, code):
    """The share preview, code cards and a roster report, which are answers to forms."""
    from tests.checkins.conftest import as_child

    child = PageClient(app)
    as_child(child, db, "Sam")
    start(child)
    answer_all(child, ["3"] * 9)
    check_in = finish(child, [], "note")
    r = child.post(f"/check-ins/{check_in}/share?lang={code}", {"part": ["safe"], "note": "yes"})
    check_language(r.get_data(as_text=True), code, "share preview")
    client.sign_in("admin@demo.mitthjul.se")
    sam = child_named(db, "Sam")
    client.get(f"/?lang={code}")
    body = client.post(f"/admin/children/{sam.id}/code-card").get_data(as_text=True)
    assert f'<html lang="{code}"' in body
    import io

    from webapp.models import Unit

    unit_id = db.scalar(select(Unit.id).where(Unit.name == "Björkbyskolan"))
    r = client.post(f"/admin/units/{unit_id}/roster?lang={code}",
                    {"roster": (io.BytesIO(b"first_name,birth_year,class,language,guardian_email\n,1,,x,\n"), "r.csv")},
                    content_type="multipart/form-data")
    check_language(r.get_data(as_text=True), code, "roster errors")


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_invitation_letter_in_every_language(demo, client, db, code):
    client.sign_in("admin@demo.mitthjul.se")
    sam = child_named(db, "Sam")
    r = client.post(f"/admin/families/{sam.family_id}/invitations", {"language": code, "has_custody": "y"})
    check_language(r.get_data(as_text=True), code, "letter")


@pytest.mark.parametrize("code", ["sv", "ar", "uk", "pl"])
def test_bad_input_messages_are_translated(demo, client, code):
    r = client.post(f"/join?lang={code}", {"code": "", "email": "x", "password": "y", "language": "zz"})
    assert r.status_code == 400
    check_language(r.get_data(as_text=True), code, "join errors")
