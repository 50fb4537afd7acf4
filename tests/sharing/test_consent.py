"""Consent to involve another service: all guardians with custody must agree; no, withdrawal or the end
date stop it (tests with a controllable clock)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.checkins.conftest import child_named
from tests.helpers import PageClient
from webapp.consent.service import ConsentStatus, status
from webapp.db import clock, utcnow
from webapp.models import ConsentRequest, Guardianship, LedgerEntry, User


def ask_for_sam(app, db) -> ConsentRequest:
    karin = PageClient(app)
    karin.sign_in("karin@demo.mitthjul.se")
    sam = child_named(db, "Sam")
    assert "Ask the family for consent" in karin.text("/?lang=en")
    r = karin.post(f"/children/{sam.id}/consent", {"service": "School health service",
                                                    "purpose": "A talk with the school nurse about sleep",
                                                    "information": "The sleep part of Sam's check-ins",
                                                    "months": "6"})
    assert r.status_code == 303
    return db.scalar(select(ConsentRequest))


def guardian(app, email: str) -> PageClient:
    client = PageClient(app)
    client.sign_in(email)
    return client


def answer(client: PageClient, request_id: int, value: str):
    return client.post(f"/consent/{request_id}/answer", {"answer": value})


def current(db, request_id: int) -> ConsentStatus:
    db.expire_all()
    return status(db.get(ConsentRequest, request_id))


def test_both_guardians_with_custody_must_agree(demo, app, db):
    request = ask_for_sam(app, db)
    anna, jonas = guardian(app, "anna@demo.mitthjul.se"), guardian(app, "jonas@demo.mitthjul.se")
    page = anna.text("/?lang=en")
    assert "School health service" in page and "If you say no, nothing is shared" in page
    assert current(db, request.id) == ConsentStatus.WAITING
    answer(anna, request.id, "yes")
    assert current(db, request.id) == ConsentStatus.WAITING, "one yes is not enough"
    answer(jonas, request.id, "no")
    assert current(db, request.id) == ConsentStatus.REFUSED
    answer(jonas, request.id, "yes")
    assert current(db, request.id) == ConsentStatus.GRANTED
    answer(anna, request.id, "withdraw")
    assert current(db, request.id) == ConsentStatus.WAITING, "a withdrawn yes stops counting at once"
    answer(anna, request.id, "yes")
    assert current(db, request.id) == ConsentStatus.GRANTED
    clock.fixed = utcnow() + timedelta(days=184)
    assert current(db, request.id) == ConsentStatus.EXPIRED, "after six months it stops counting by itself"
    clock.fixed = None
    events = [e.event for e in db.scalars(select(LedgerEntry).order_by(LedgerEntry.id))]
    assert events[0] == "consent_request" and events.count("consent_answer") == 4 and "consent_withdraw" in events


def test_a_guardian_without_custody_cannot_answer(demo, app, db):
    request = ask_for_sam(app, db)
    jonas = db.scalar(select(User).where(User.email == "jonas@demo.mitthjul.se"))
    link = db.scalar(select(Guardianship).where(Guardianship.user_id == jonas.id))
    link.has_custody = False
    db.commit()
    client = guardian(app, "jonas@demo.mitthjul.se")
    assert "Guardians with custody answer this request" in client.text("/?lang=en")
    assert answer(client, request.id, "yes").status_code == 403
    answer(guardian(app, "anna@demo.mitthjul.se"), request.id, "yes")
    assert current(db, request.id) == ConsentStatus.GRANTED, "only guardians with custody are needed"


def test_outsiders_can_neither_ask_nor_answer(demo, app, db):
    request = ask_for_sam(app, db)
    layla = guardian(app, "layla@demo.mitthjul.se")
    assert answer(layla, request.id, "yes").status_code == 404
    assert "School health service" not in layla.text("/?lang=en")
    ahmed = guardian(app, "ahmed@demo.mitthjul.se")
    sam = child_named(db, "Sam")
    assert ahmed.get(f"/children/{sam.id}/consent").status_code == 404
    anna = guardian(app, "anna@demo.mitthjul.se")
    assert anna.get(f"/children/{sam.id}/consent").status_code == 403


def test_bad_requests_are_explained_and_keep_what_was_written(demo, app, db):
    karin = guardian(app, "karin@demo.mitthjul.se")
    sam = child_named(db, "Sam")
    r = karin.post(f"/children/{sam.id}/consent?lang=en", {"service": "BUP", "purpose": "", "information": "x",
                                                           "months": "forty"})
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert "Write why." in body and re.search(r'value="BUP"', body)
    assert db.scalar(select(ConsentRequest)) is None
    anna = guardian(app, "anna@demo.mitthjul.se")
    request = ask_for_sam(app, db)
    assert answer(anna, request.id, "maybe").status_code == 303
    assert current(db, request.id) == ConsentStatus.WAITING


def test_a_no_does_not_turn_into_a_yes_when_that_guardian_closes_their_account(demo, app, db):
    request = ask_for_sam(app, db)
    anna, jonas = guardian(app, "anna@demo.mitthjul.se"), guardian(app, "jonas@demo.mitthjul.se")
    answer(anna, request.id, "no")
    answer(jonas, request.id, "yes")
    assert current(db, request.id) == ConsentStatus.REFUSED
    assert anna.post("/family/data", {"password": "mitthjul-demo", "confirm": "yes"}).status_code == 303
    # Jonas's yes alone must not grant it: the request ends, and the contact person has to ask again.
    assert current(db, request.id) == ConsentStatus.EXPIRED
    assert "consent_ended" in [e.event for e in db.scalars(select(LedgerEntry))]
