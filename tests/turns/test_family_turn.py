"""A child's turn on a family device: picture code, lockout, and getting back needs the adult's password."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.helpers import PageClient
from webapp.db import clock, utcnow
from webapp.models import Child, Turn

SAM_CODE = ("cat", "sun", "ball")


def child_named(db, name: str) -> Child:
    return db.scalar(select(Child).where(Child.first_name == name))


def open_turn(client: PageClient, db, guardian="anna@demo.mitthjul.se", child="Sam") -> Child:
    client.sign_in(guardian)
    kid = child_named(db, child)
    r = client.post(f"/children/{kid.id}/turn")
    assert r.status_code == 302 and r.headers["Location"] == "/turn"
    return kid


def tap(client: PageClient, *pictures: str, htmx: bool = False):
    headers = {"HX-Request": "true", "HX-Request-Type": "partial"} if htmx else {}
    r = None
    for p in pictures:
        r = client.post("/turn/code?lang=en", {"picture": p}, headers=headers)
    return r


def test_child_signs_in_with_their_code_and_guardian_pages_are_closed(demo, client, db):
    open_turn(client, db)
    page = client.text("/turn?lang=en")
    assert "Tap your three pictures" in page and 'alt="cat"' in page
    r = tap(client, *SAM_CODE)
    assert r.status_code == 303 and r.headers["Location"] == "/turn"
    assert "This is your turn" in client.text("/turn")
    # The guardian's pages and the admin's are out of reach during the turn.
    assert client.get("/").headers["Location"] == "/turn"
    assert client.get("/admin/").headers["Location"] == "/turn"
    # Only the guardian's password gives the device back.
    r = client.post("/turn/end?lang=en", {"password": "not the password"})
    assert r.status_code == 400 and "That password is not right." in r.get_data(as_text=True)
    r = client.post("/turn/end", {"password": "mitthjul-demo"})
    assert r.status_code == 303
    assert "Your children" in client.text("/?lang=en")


def test_the_turn_is_in_the_childs_language_and_the_choice_lasts_only_for_the_turn(demo, client, db):
    open_turn(client, db, "layla@demo.mitthjul.se", "Noor")
    assert '<html lang="ar" dir="rtl">' in client.text("/turn")
    client.text("/turn?lang=sv")
    assert '<html lang="sv"' in client.text("/turn")
    client.post("/turn/end", {"action": "sign_out"})
    client.sign_in("layla@demo.mitthjul.se")
    assert '<html lang="ar"' in client.text("/"), "the child's choice did not change the guardian's language"


def test_htmx_taps_get_only_the_pad_fragment_and_success_redirects(demo, client, db):
    open_turn(client, db)
    r = tap(client, "cat", htmx=True)
    body = r.get_data(as_text=True)
    assert r.status_code == 200 and body.lstrip().startswith('<section id="pad"')
    assert r.headers["Vary"].count("HX-Request") >= 1
    r = tap(client, "sun", "ball", htmx=True)
    assert r.status_code == 204 and r.headers["HX-Redirect"] == "/turn"


def test_five_wrong_codes_lock_until_an_adult_unlocks(demo, app, client, db):
    sam = open_turn(client, db)
    for _attempt in range(5):
        r = tap(client, "dog", "car", "fish")
    assert r.status_code == 403
    assert "Your code is locked" in r.get_data(as_text=True)
    # Even the right code does not open a locked pad.
    r = tap(client, *SAM_CODE)
    assert r.status_code == 403
    db.expire_all()
    assert child_named(db, "Sam").code_locked
    # The guardian takes the device back; only staff can unlock (a guardian could otherwise guess on).
    assert client.post("/turn/end", {"password": "mitthjul-demo"}).status_code == 303
    assert "picture code is locked" in client.text("/?lang=en")
    assert client.post(f"/children/{sam.id}/unlock-code").status_code == 403
    staff = PageClient(app)
    staff.sign_in("karin@demo.mitthjul.se")
    assert "Unlock the picture code" in staff.text("/?lang=en")
    assert staff.post(f"/children/{sam.id}/unlock-code").status_code == 303
    db.expire_all()
    assert not child_named(db, "Sam").code_locked
    client.post(f"/children/{sam.id}/turn")
    assert tap(client, *SAM_CODE).status_code == 303


def test_a_code_works_only_in_a_turn_opened_for_that_child(demo, client, db):
    open_turn(client, db, child="Maja")
    r = tap(client, *SAM_CODE)  # Sam's code, but the turn is Maja's
    assert r.status_code == 400
    assert "This is your turn" not in client.text("/turn?lang=en")


def test_no_code_without_a_turn(demo, client):
    r = client.post("/turn/code", {"picture": "cat"})
    assert r.status_code == 302 and r.headers["Location"] == "/"
    client.sign_in("anna@demo.mitthjul.se")
    assert client.post("/turn/code", {"picture": "cat"}).status_code == 302


def test_guardian_cannot_open_a_turn_for_another_familys_child(demo, client, db):
    client.sign_in("anna@demo.mitthjul.se")
    noor = child_named(db, "Noor")
    assert client.post(f"/children/{noor.id}/turn").status_code == 404


def test_first_time_the_code_is_chosen_twice_then_changed_privately(demo, client, db):
    sam = child_named(db, "Sam")
    sam.code_hash = None
    db.commit()
    open_turn(client, db)
    assert "choose three pictures as your code" in client.text("/turn?lang=en")
    tap(client, "tree", "fish", "star")
    assert "Tap the same three pictures again" in client.text("/turn")
    r = tap(client, "tree", "fish", "dog")
    assert r.status_code == 400 and "not the same" in r.get_data(as_text=True)
    tap(client, "tree", "fish", "star")
    r = tap(client, "tree", "fish", "star")
    assert r.status_code == 303
    assert "Your new code is saved." in client.text("/turn")
    # Changing it later, privately, inside the turn.
    assert "choose three pictures" in client.text("/turn/new-code")
    tap(client, "apple", "car", "dog")
    assert tap(client, "apple", "car", "dog").status_code == 303
    client.post("/turn/end", {"action": "sign_out"})
    open_turn(client, db)
    assert tap(client, "apple", "car", "dog").status_code == 303


def test_pad_refuses_garbage_and_repeats_without_counting_them(demo, client, db):
    open_turn(client, db)
    r = tap(client, "<script>")
    assert r.status_code == 400 and "Tap one of the pictures." in r.get_data(as_text=True)
    tap(client, "cat")
    r = tap(client, "cat")
    assert r.status_code == 400 and "Each picture can be used once" in r.get_data(as_text=True)
    db.expire_all()
    assert child_named(db, "Sam").code_failed_attempts == 0


def send_code(client: PageClient, code: str):
    """What the page sends with JavaScript: the three taps in one request."""
    headers = {"HX-Request": "true", "HX-Request-Type": "partial"}
    return client.post("/turn/code?lang=en", {"code": code}, headers=headers)


def test_the_whole_code_in_one_request_signs_in_and_a_wrong_one_counts_once(demo, client, db):
    open_turn(client, db)
    r = send_code(client, "dog,car,fish")
    assert r.status_code == 400 and "That was not your code" in r.get_data(as_text=True)
    db.expire_all()
    assert child_named(db, "Sam").code_failed_attempts == 1
    r = send_code(client, ",".join(SAM_CODE))
    assert r.status_code == 204 and r.headers["HX-Redirect"] == "/turn"
    assert "This is your turn" in client.text("/turn?lang=en")


@pytest.mark.parametrize("code", ["cat,sun", "cat,sun,ball,dog", "cat,cat,sun", "cat,sun,<b>", "", ",,"])
def test_a_malformed_whole_code_is_refused_without_counting(demo, client, db, code):
    open_turn(client, db)
    tap(client, "cat")  # a tap waiting from a plain form post is dropped too: the pad starts again
    r = send_code(client, code)
    body = r.get_data(as_text=True)
    assert r.status_code == 400 and "Tap one of the pictures." in body and "0 pictures of 3 tapped" in body
    db.expire_all()
    assert child_named(db, "Sam").code_failed_attempts == 0
    assert send_code(client, ",".join(SAM_CODE)).status_code == 204


def test_finish_and_sign_out_leaves_nobody_signed_in(demo, client, db):
    open_turn(client, db)
    tap(client, *SAM_CODE)
    r = client.post("/turn/end", {"action": "sign_out"})
    assert r.status_code == 303
    assert client.get("/").status_code == 200
    assert "Sign in" in client.text("/?lang=en") and "Sam" not in client.text("/?lang=en")
    turn = db.scalar(select(Turn))
    assert turn.ended_at is not None


@pytest.mark.parametrize("minutes", [31])
def test_a_forgotten_turn_ends_by_itself(demo, client, db, minutes):
    open_turn(client, db)
    tap(client, *SAM_CODE)
    clock.fixed = utcnow() + timedelta(minutes=minutes)
    assert "Sam" not in client.text("/?lang=en")
    assert client.get("/turn").status_code == 302
