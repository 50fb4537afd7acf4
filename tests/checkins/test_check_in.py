"""Checking in on the wheel: children in every age band, guardians, skipping, going back, saving once."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.checkins.conftest import answer_all, as_child, child_named, finish, start, summary_form
from tests.helpers import PageClient
from webapp.db import clock
from webapp.models import AuthorKind, CheckIn, Rating

EIGHT = ["5", "4", "skip", "3", "2", "1", "4", "5", "skip"]  # girfec8 parts + "hope"


@pytest.mark.parametrize(("name", "faces"), [("Amina", 3), ("Sam", 5), ("Maja", 5)])
def test_child_in_each_age_band_sees_their_faces(child_client, name, faces):
    client = child_client(name)
    url = start(client)
    assert url == "/check-in/step/1"
    page = client.text(url + "?lang=en")
    assert len(re.findall(r'name="answer" value="[1-5]"', page)) == faces
    assert "I don't want to answer" in page and "I need to talk to someone" in page
    assert "1 of 9" in page
    # Read-aloud is offered on every question; picture-first (ages 4-7) reads it once by itself.
    assert 'class="read-aloud" data-read="#question"' in page
    assert ('data-autoread="safe"' in page) == (faces == 3)


def test_young_child_cannot_send_a_value_their_scale_lacks(child_client, db):
    client = child_client("Amina")
    start(client)
    r = client.post("/check-in/step/1?lang=en", {"answer": "2"})
    assert r.status_code == 400 and "Choose one of the faces" in r.get_data(as_text=True)
    assert client.post("/check-in/step/1", {"answer": "3"}).status_code == 303


def test_a_whole_child_check_in_is_stored_as_the_childs_own(child_client, db):
    client = child_client("Sam")
    start(client)
    answer_all(client, EIGHT)
    r = client.post("/check-in/more?lang=en", {"help": ["talk", "nonsense"], "note": "kept"})
    assert r.status_code == 400 and "is not a valid choice" in r.get_data(as_text=True)
    assert "kept" in r.get_data(as_text=True), "what was typed is kept"
    check_in_id = finish(client, ["talk", "play"], "Jag gillar rast.")
    check_in = db.get(CheckIn, check_in_id)
    sam = child_named(db, "Sam")
    assert check_in.author_kind == AuthorKind.CHILD and check_in.author_child_id == sam.id
    assert check_in.subject_child_id == sam.id and check_in.age_band == "8-12"
    assert (check_in.wheel_id, check_in.wheel_version) == ("girfec8", 1)
    assert [r.value for r in check_in.ratings] == [5, 4, None, 3, 2, 1, 4, 5, None]
    assert check_in.help_keys == ["talk", "play"] and check_in.note == "Jag gillar rast."
    page = client.text(f"/check-ins/{check_in_id}?saved=1&lang=en")
    assert "Your check-in is saved" in page and "<svg" in page and 'stroke-dasharray="4 3"' in page
    assert "Thank you for telling" in page, "a low answer gets a kind word"
    assert page.count("Not answered") == 2


def test_going_back_and_reloading_keeps_the_answers(child_client):
    client = child_client("Maja")
    start(client)
    answer_all(client, ["4", "2"])
    page = client.text("/check-in/step/1")
    assert re.search(r'value="4" class="face" aria-pressed="true"', page)
    assert client.post("/check-in/step/1", {"answer": "5"}).headers["Location"] == "/check-in/step/2"
    page = client.text("/check-in/step/2")  # a reload
    assert re.search(r'value="2" class="face" aria-pressed="true"', page)
    # Starting again resumes the unfinished check-in at the first open question.
    assert start(client) == "/check-in/step/3"


def test_htmx_gets_only_the_step_fragment(child_client):
    client = child_client("Sam")
    start(client)
    headers = {"HX-Request": "true", "HX-Request-Type": "partial"}
    r = client.client.post("/check-in/step/1", data={"answer": "4", "csrf_token": client.token()},
                           headers=headers, follow_redirects=True)
    body = r.get_data(as_text=True)
    assert r.status_code == 200 and body.lstrip().startswith('<section id="step"')
    assert "2 of 9" in body or "2 av 9" in body
    # A history restore (no HX-Request) or a reload gets the whole page.
    r = client.client.get("/check-in/step/2", headers={"HX-History-Restore-Request": "true"})
    assert r.get_data(as_text=True).startswith("<!doctype html>")


def test_guardian_checks_in_about_a_chosen_child_in_guardian_words(demo, client, db):
    client.sign_in("anna@demo.mitthjul.se")
    maja = child_named(db, "Maja")
    start(client, maja.id)
    page = client.text("/check-in/step/1?lang=en")
    assert "Maja" in page
    answer_all(client, ["4"] * 9)
    check_in = db.get(CheckIn, finish(client))
    assert check_in.author_kind == AuthorKind.GUARDIAN and check_in.subject_child_id == maja.id
    assert check_in.age_band is None


def test_guardian_cannot_check_in_about_another_familys_child(demo, client, db):
    client.sign_in("anna@demo.mitthjul.se")
    noor = child_named(db, "Noor")
    assert client.post("/check-in/start", {"child_id": noor.id}).status_code == 404
    assert client.post("/check-in/start", {"child_id": "abc"}).status_code == 400


def test_staff_do_not_check_in(demo, client):
    client.sign_in("karin@demo.mitthjul.se")
    assert client.post("/check-in/start").status_code == 403


def test_nobody_sees_anybody_elses_check_ins(demo, app, db):
    child = PageClient(app)
    as_child(child, db, "Sam")
    start(child)
    answer_all(child, ["2"] * 9)
    child_check_in = finish(child)
    guardian = PageClient(app)
    guardian.sign_in("anna@demo.mitthjul.se")
    start(guardian, child_named(db, "Sam").id)
    answer_all(guardian, ["5"] * 9)
    guardian_check_in = finish(guardian)
    assert guardian.get(f"/check-ins/{child_check_in}").status_code == 404
    assert "Very hard" not in guardian.text("/my-wheel?lang=en"), "the child's ratings stay the child's"
    assert child.get(f"/check-ins/{guardian_check_in}").status_code == 404
    other = PageClient(app)
    as_child(other, db, "Maja")
    assert other.get(f"/check-ins/{child_check_in}").status_code == 404
    assert "No check-ins yet" in other.text("/my-wheel?lang=en")


def test_the_same_check_in_sent_twice_is_stored_once(child_client, db):
    client = child_client("Sam")
    start(client)
    answer_all(client, ["3"] * 9)
    data = summary_form(client)
    first = client.post("/check-in/save", data)
    second = client.post("/check-in/save", data)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 1


def test_the_same_check_in_sent_concurrently_is_stored_once(child_client, db, app):
    client = child_client("Sam")
    start(client)
    answer_all(client, ["3"] * 9)
    data = summary_form(client)
    cookie = client.client.get_cookie("mitthjul_session").value
    barrier = threading.Barrier(6)
    statuses = []

    def send() -> None:
        c = app.test_client()
        c.set_cookie("mitthjul_session", cookie)
        barrier.wait()
        statuses.append(c.post("/check-in/save", data=data).status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [303] * 6
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 1
    assert db.scalar(select(func.count()).select_from(Rating)) == 9


def test_a_tampered_save_loses_nothing_and_says_so(child_client, db):
    client = child_client("Sam")
    start(client)
    answer_all(client, ["3"] * 9)
    data = summary_form(client)
    for broken in [{"client_id": "not-a-uuid"}, {"wheel": "nope"}, {"part-safe": "9"}, {"note": "x" * 600}]:
        r = client.post("/check-in/save?lang=en", {**data, **broken})
        assert r.status_code == 400
        assert "Your answers are still here" in r.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 0
    assert client.post("/check-in/save", data).status_code == 303


def test_lowest_safe_answer_shows_who_to_talk_to_at_once(child_client):
    client = child_client("Sam")
    start(client)
    r = client.post("/check-in/step/1", {"answer": "1"})
    assert r.headers["Location"].startswith("/talk?then=")
    page = client.text(r.headers["Location"] + "&lang=en")
    assert "116 111" in page and 'href="tel:112"' in page and "Karin Berg" in page
    assert 'href="/check-in/step/2"' in page


def test_talk_page_is_there_for_everyone(client):
    for then in ["https://evil.example", "/%5Cevil.example", "//evil.example", "/admin/"]:
        page = client.text(f"/talk?lang=en&then={then}")
        assert "116 111" in page and "Go on" not in page, then


def test_abandon_throws_the_draft_away(child_client):
    client = child_client("Sam")
    start(client)
    answer_all(client, ["4"])
    client.post("/check-in/abandon")
    assert client.get("/check-in/step/1").status_code == 302
    assert start(client) == "/check-in/step/1"


def test_unit_admin_chooses_the_wheel_variant(demo, app, db):
    admin = PageClient(app)
    admin.sign_in("admin@demo.mitthjul.se")
    sam = child_named(db, "Sam")
    unit_id = sam.school_class.unit_id
    assert admin.post(f"/admin/units/{unit_id}/wheel", {"wheel_id": "nope"}).status_code == 400
    assert admin.post(f"/admin/units/{unit_id}/wheel", {"wheel_id": "municipal7"}).status_code == 303
    child = PageClient(app)
    as_child(child, db, "Sam")
    start(child)
    assert "1 of 8" in child.text("/check-in/step/1?lang=en"), "seven parts and the hope question"
    answer_all(child, ["4"] * 7 + ["skip"])
    check_in = db.get(CheckIn, finish(child))
    assert check_in.wheel_id == "municipal7"
    assert [r.part_key for r in check_in.ratings][5] == "respected_responsible"


def test_switching_children_puts_an_unfinished_check_in_aside(demo, client, db):
    """A guardian with two children loses nothing by starting a check-in about the other one."""
    client.sign_in("anna@demo.mitthjul.se")
    maja, sam = child_named(db, "Maja"), child_named(db, "Sam")
    start(client, maja.id)
    answer_all(client, ["4", "2"])
    assert start(client, sam.id) == "/check-in/step/1"
    answer_all(client, ["5"])
    assert start(client, maja.id) == "/check-in/step/3", "Maja's answers were kept"
    assert re.search(r'value="2" class="face" aria-pressed="true"', client.text("/check-in/step/2"))
    assert start(client, sam.id) == "/check-in/step/2", "and Sam's too"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("2027-03-29T18:04:05.123Z", True),  # two days ago, as the offline outbox sends it
        ("2027-03-29T20:04:05+02:00", True),
        ("2027-02-01T10:00:00Z", False),  # older than 30 days: dated on arrival
        ("2027-04-01T09:00:00Z", False),  # ahead of the server's clock
        ("2027-03-29T18:04:05", False),  # no time zone
        ("yesterday", False),
        ("", False),
    ],
)
def test_a_check_in_kept_offline_is_dated_when_it_was_finished(child_client, db, sent, kept):
    now = datetime(2027, 3, 31, 8, 0, tzinfo=UTC)
    clock.fixed = now
    client = child_client("Sam")
    start(client)
    answer_all(client, ["3"] * 9)
    r = client.post("/check-in/save", {**summary_form(client), "finished_at": sent})
    assert r.status_code == 303, "a date that cannot be used never stops the check-in from being stored"
    stored = db.scalar(select(CheckIn))
    expected = datetime(2027, 3, 29, 18, 4, 5, 123000 if sent.endswith("Z") else 0, tzinfo=UTC) if kept else now
    assert stored.created_at == expected
