"""A check-in is stored on the wheel it was started on, whatever the form says; one kept offline arrives too."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.checkins.conftest import answer_all, child_named, start, summary_form
from tests.helpers import PageClient
from webapp.models import CheckIn

FLOWER = {"part-home": "5", "part-body": "5", "part-school": "5", "part-friends": "5", "part-me": "5",
          "part-hope": "5"}


def stored(db) -> int:
    return db.scalar(select(func.count()).select_from(CheckIn))


def on_life_flower(data: dict) -> dict:
    """The same form, rewritten to claim the life flower."""
    kept = {k: v for k, v in data.items() if not k.startswith("part-")}
    return {**kept, **FLOWER, "wheel": "life_flower"}


def test_a_check_in_cannot_be_moved_to_another_wheel(child_client, db):
    client = child_client("Sam")
    start(client)
    answer_all(client, ["3"] * 9)
    data = summary_form(client)
    assert data["wheel"] == "girfec8"
    for wheel in [{"wheel": "municipal7"}, on_life_flower(data)]:
        r = client.post("/check-in/save?lang=en", {**data, **wheel})
        assert r.status_code == 400
        assert "Your answers are still here" in r.get_data(as_text=True)
    assert stored(db) == 0
    assert client.post("/check-in/save", data).status_code == 303, "the draft was kept"
    assert db.scalar(select(CheckIn)).wheel_id == "girfec8"


def test_a_check_in_kept_offline_arrives_after_its_draft_is_gone(child_client, db):
    client = child_client("Sam")
    start(client)
    answer_all(client, ["4"] * 9)
    data = summary_form(client)
    client.post("/check-in/abandon")  # the session's draft is gone (a new turn, another day)
    start(client)  # and another check-in has begun since
    r = client.post("/check-in/save", data)
    assert r.status_code == 303, "the outbox entry is stored"
    assert db.scalar(select(CheckIn)).wheel_id == "girfec8"


def test_a_check_in_kept_offline_keeps_its_wheel_when_the_unit_changed_meanwhile(demo, app, db):
    omar = child_named(db, "Omar")
    omar.school_class.unit.wheel_id = "life_flower"
    db.commit()
    client = PageClient(app)
    client.sign_in("layla@demo.mitthjul.se")
    start(client, omar.id)
    answer_all(client, ["5"] * 6)
    data = summary_form(client)
    assert data["wheel"] == "life_flower"
    client.post("/check-in/abandon")
    omar.school_class.unit.wheel_id = "girfec8"  # the admin chose another wheel while it waited offline
    db.commit()
    assert client.post("/check-in/save", data).status_code == 303, "never left waiting on the device"
    assert db.scalar(select(CheckIn)).wheel_id == "life_flower"
