"""Class mode on a shared tablet: turns by picture code, limits per tablet, staff view, leaving."""

from __future__ import annotations

import itertools
import re
from collections import Counter

from sqlalchemy import select

from tests.checkins.conftest import CODES, answer_all, child_named, finish, start
from tests.helpers import PageClient
from webapp.auth.picture_code import PICTURE_CODE_SET
from webapp.models import Child, SchoolClass, Turn


def tablet(app, db, class_name="2A", staff="karin@demo.mitthjul.se") -> PageClient:
    client = PageClient(app)
    client.sign_in(staff)
    klass = db.scalar(select(SchoolClass).where(SchoolClass.name == class_name))
    r = client.post("/class-mode/open", {"class_id": klass.id})
    assert r.status_code == 303 and r.headers["Location"] == "/class"
    client.text("/class")
    return client


def tap_avatar(client: PageClient, child: Child):
    r = client.post(f"/class/children/{child.id}/turn")
    assert r.status_code == 303 and r.headers["Location"] == "/turn", r.status_code
    return r


def enter(client: PageClient, code):
    r = None
    for p in code:
        r = client.post("/turn/code", {"picture": p})
    return r


def test_class_screen_shows_the_class_and_nothing_else(demo, app, db):
    client = tablet(app, db)
    page = client.text("/class?lang=en")
    assert "Sam" in page and "Noor" in page and "Maja" not in page, "only class 2A"
    assert "Sign out" not in page
    # Staff pages are closed while the tablet is in class mode.
    assert client.get("/").headers["Location"] == "/class"
    assert client.get("/admin/").headers["Location"] == "/class"


def test_a_childs_turn_checks_in_and_returns_to_the_class(demo, app, db):
    client = tablet(app, db)
    sam = child_named(db, "Sam")
    tap_avatar(client, sam)
    assert enter(client, CODES["Sam"]).status_code == 303
    start(client)
    answer_all(client, ["4"] * 9)
    check_in_id = finish(client)
    page = client.text(f"/check-ins/{check_in_id}?saved=1&lang=en")
    assert 'data-return-after="20"' in page and 'href="/class"' in page
    assert client.text("/class?lang=en")
    # The turn is over: the child's pages are gone, and so is the child's check-in.
    assert client.get(f"/check-ins/{check_in_id}").headers["Location"] == "/class"
    assert client.get("/check-in/summary").status_code == 302
    turn = db.scalar(select(Turn).where(Turn.child_id == sam.id))
    db.refresh(turn)
    assert turn.ended_at is not None


def test_a_code_works_only_on_a_tablet_in_class_mode_for_that_childs_class(demo, app, db):
    client = tablet(app, db, "7B")
    sam = child_named(db, "Sam")  # in 2A
    assert client.post(f"/class/children/{sam.id}/turn").status_code == 404
    other = tablet(app, db, "2A")
    noor = child_named(db, "Noor")
    tap_avatar(other, noor)
    r = enter(other, CODES["Sam"])  # Sam's code in Noor's turn
    assert r.status_code == 400
    assert "This is your turn" not in other.text("/turn?lang=en")


def test_idle_turn_ends_and_the_class_screen_returns(demo, app, db):
    from datetime import timedelta

    from webapp.db import clock, utcnow

    client = tablet(app, db)
    tap_avatar(client, child_named(db, "Sam"))
    enter(client, CODES["Sam"])
    clock.fixed = utcnow() + timedelta(seconds=91)
    r = client.get("/turn")
    assert r.status_code == 302 and r.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/class"
    assert "Tap your picture" in client.text("/class?lang=en")


def test_ten_thousand_wrong_codes_from_one_tablet_gain_nothing(demo, app, db):
    """Someone at one class tablet tries 10,000 wrong picture codes across the class, as fast as the pad allows.

    Two things protect the class, and the counts below show which one stopped each try:
    - the tablet's own allowance: after TABLET_MAX_WRONG_CODES wrong or locked tries, across all children, the
      tablet pauses and opens no turn at all until a staff member starts it again (with their password);
    - each child's lock: after `picture_code_max_attempts` wrong codes that child's code is locked until staff
      unlock it, on every device.
    Waiting does not lift either (the clock moves two hours half-way). Only tries the tablet let through reach a
    code check, and none of them signs in."""
    from datetime import timedelta

    from webapp.classmode.service import TABLET_MAX_WRONG_CODES
    from webapp.db import clock, utcnow

    client = tablet(app, db)
    children = list(db.scalars(select(Child).join(SchoolClass).where(SchoolClass.name == "2A")))
    real = {c.id: CODES[c.first_name] for c in children}
    per_child = app.config["MITTHJUL"].picture_code_max_attempts
    wrong_codes = [c for c in itertools.permutations(PICTURE_CODE_SET, 3)]
    outcomes = Counter()
    raw, token = client.client, client.token()  # no page checks here: 10,000 tries must stay quick
    turn_child = None
    tries = 10_000
    for i in range(tries):
        if i == tries // 2:
            clock.fixed = utcnow() + timedelta(hours=2)  # a long break changes nothing
        child = children[i % len(children)]
        code = wrong_codes[i % len(wrong_codes)]
        if code == real[child.id]:
            code = wrong_codes[(i + 1) % len(wrong_codes)]
        if turn_child != child.id:
            turn_child = None
            r = raw.post(f"/class/children/{child.id}/turn", data={"csrf_token": token})
            if r.headers.get("Location") != "/turn":
                outcomes["tablet paused: no turn opened"] += 1
                continue
            turn_child = child.id
        # All three pictures at once, as the pad sends them with JavaScript: one request per try.
        r = raw.post("/turn/code", data={"code": ",".join(code), "csrf_token": token})
        if r.status_code == 303 and r.headers["Location"] == "/turn":
            outcomes["signed in"] += 1
        elif r.status_code == 303 and r.headers["Location"] == "/class":
            outcomes["tablet paused: code not checked"] += 1
            turn_child = None
        elif r.status_code == 403:
            outcomes["answered: locked"] += 1
        elif r.status_code == 400:
            outcomes["answered: wrong code"] += 1
        else:
            outcomes[f"unexpected {r.status_code}"] += 1
    assert sum(outcomes.values()) == tries
    assert outcomes["signed in"] == 0
    # Each child's lock: a child's first wrong codes are checked (the last of them locks the code), and from
    # then on that child's tries are answered "locked" without looking at the code. Every try, checked or not,
    # uses up the tablet's allowance.
    assert outcomes["answered: wrong code"] == (per_child - 1) * len(children)
    assert outcomes["answered: locked"] == TABLET_MAX_WRONG_CODES - outcomes["answered: wrong code"]
    db.expire_all()
    checks = sum(c.code_failed_attempts for c in db.scalars(select(Child).where(Child.id.in_(real))))
    assert checks == per_child * len(children) < TABLET_MAX_WRONG_CODES, "only these tries reached a code check"
    # The tablet's allowance: everything after it was refused before any code was looked at.
    assert outcomes["tablet paused: code not checked"] == 1
    assert outcomes["tablet paused: no turn opened"] == tries - TABLET_MAX_WRONG_CODES - 1
    assert set(outcomes) <= {"answered: wrong code", "answered: locked", "tablet paused: code not checked",
                             "tablet paused: no turn opened"}, outcomes
    # The tablet paused; the right code does not help now.
    assert "This tablet is paused" in client.text("/class?lang=en")
    sam = child_named(db, "Sam")
    assert client.post(f"/class/children/{sam.id}/turn").headers["Location"] == "/class", "no turn opens"
    # Staff see it, start the tablet again and unlock the children.
    r = client.post("/class/staff", {"password": "mitthjul-demo"})
    assert r.status_code == 303
    page = client.text("/class/staff?lang=en")
    assert "The tablet paused" in page
    assert client.post("/class/unlock-tablet").status_code == 303
    db.expire_all()
    locked = [c for c in db.scalars(select(Child).join(SchoolClass).where(SchoolClass.name == "2A")) if c.code_locked]
    assert len(locked) >= 1 and "Locked" in client.text("/class/staff?lang=en")
    for c in locked:
        assert client.post(f"/class/children/{c.id}/unlock").status_code == 303
    tap_avatar(client, sam)
    assert enter(client, CODES["Sam"]).status_code == 303


def test_locked_child_shows_a_lock_on_the_class_screen(demo, app, db):
    sam = child_named(db, "Sam")
    sam.code_failed_attempts = 5
    from webapp.db import utcnow

    sam.code_locked_at = utcnow()
    db.commit()
    client = tablet(app, db)
    assert re.search(r'alt="locked"', client.text("/class?lang=en"))


def test_staff_view_shows_ticks_not_content_and_leaving_needs_the_password(demo, app, db):
    client = tablet(app, db)
    tap_avatar(client, child_named(db, "Sam"))
    enter(client, CODES["Sam"])
    start(client)
    answer_all(client, ["1"] * 9)
    finish(client, note="private words")
    client.get("/class")
    assert client.post("/class/leave").status_code == 403, "not without the password"
    r = client.post("/class/staff?lang=en", {"password": "wrong password"})
    assert r.status_code == 400
    client.post("/class/staff", {"password": "mitthjul-demo"})
    page = client.text("/class/staff?lang=en")
    assert 'alt="yes"' in page and "private words" not in page and "Very hard" not in page
    assert client.post("/class/leave").status_code == 303
    page = client.text("/?lang=en")
    assert "Sign in" in page and "Karin" not in page, "leaving class mode leaves the tablet signed out"


def test_a_child_cannot_use_the_staff_view_left_open(demo, app, db):
    client = tablet(app, db)
    client.post("/class/staff", {"password": "mitthjul-demo"})
    assert client.get("/class/staff").status_code == 200
    client.text("/class")  # back to the class: the staff view closes
    tap_avatar(client, child_named(db, "Sam"))
    enter(client, CODES["Sam"])
    assert client.post("/class/leave").status_code == 403
    assert client.get("/class/staff").headers["Location"] == "/class", "no staff view during a turn"
    assert client.post("/sign-out").headers["Location"] == "/class"


def test_a_child_without_a_code_cannot_choose_one_on_the_class_tablet(demo, app, db):
    sam = child_named(db, "Sam")
    sam.code_hash = None
    db.commit()
    client = tablet(app, db)
    tap_avatar(client, sam)
    assert "Ask an adult at school for your code card" in client.text("/turn?lang=en")
    r = enter(client, ["cat", "dog", "sun"])
    assert r.status_code == 403
    db.expire_all()
    assert child_named(db, "Sam").code_hash is None
