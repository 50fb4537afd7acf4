"""What a page may keep offline: a family device carries the rest of the questions and names whose
check-ins it may keep; a shared class tablet carries neither. A kept check-in is stored only for its own
person, once."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from tests.checkins.conftest import CODES, child_named, start, summary_form
from tests.classmode.test_class_mode import enter, tablet, tap_avatar
from tests.helpers import PageClient
from webapp.models import CheckIn

PLAN = re.compile(r'<script type="application/json" id="check-in-plan" nonce="[^"]+">(.*?)</script>', re.S)


def test_a_family_device_can_finish_a_check_in_offline(demo, app, db, child_client):
    sam = child_client("Sam")
    start(sam)
    page = sam.text("/check-in/step/1?lang=en")
    assert f'<meta name="outbox-owner" content="child:{child_named(db, "Sam").id}">' in page
    plan = json.loads(PLAN.search(page).group(1))
    assert [s["key"] for s in plan["steps"]][:2] == ["safe", "healthy"] and len(plan["steps"]) == 9
    assert plan["author"] == f"child:{child_named(db, 'Sam').id}"
    assert all(s["question"] and s["pictogram"].startswith("/static/pictograms/") for s in plan["steps"])


def test_a_shared_class_tablet_keeps_nothing(demo, app, db):
    client = tablet(app, db)
    tap_avatar(client, child_named(db, "Sam"))
    enter(client, CODES["Sam"])
    start(client)
    page = client.text("/check-in/step/1?lang=en")
    assert "outbox-owner" not in page and "check-in-plan" not in page
    assert "outbox-owner" not in client.text("/class?lang=en")


def test_a_kept_check_in_is_stored_once_and_only_for_its_own_person(demo, app, db, child_client):
    sam = child_client("Sam")
    start(sam)
    for number in range(1, 10):
        sam.post(f"/check-in/step/{number}", {"answer": "4"})
    form = summary_form(sam)
    assert form["author"].startswith("child:")
    # Sent later while the guardian (not Sam) is signed in on the device: refused, kept on the device.
    guardian = PageClient(app)
    guardian.sign_in("anna@demo.mitthjul.se")
    r = guardian.post("/check-in/save", {**form, "csrf_token": guardian.token()})
    assert r.status_code == 409
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 0
    # Sent twice by Sam (the page and Background Sync): stored once.
    assert sam.post("/check-in/save", form).status_code == 303
    assert sam.post("/check-in/save", form).status_code == 303
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 1
