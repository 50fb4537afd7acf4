"""A family's own data: export has everything about the family and nothing about others; closing an account
deletes it, and the family with the last guardian with custody; authors delete their own check-ins; the retention
command deletes old ones."""

from __future__ import annotations

import json
from datetime import timedelta
from html import unescape

from sqlalchemy import func, select

from tests.checkins.conftest import answer_all, as_child, child_named, finish, start
from tests.helpers import PageClient
from webapp.db import clock, utcnow
from webapp.models import (
    AccessEvent,
    CheckIn,
    Child,
    ConsentRequest,
    ContactAssignment,
    Family,
    Guardianship,
    Invitation,
    LedgerEntry,
    PushSubscription,
    Share,
    ShareResponse,
    Turn,
    User,
    WebSession,
)


def busy_family(app, db) -> dict:
    """Anna's family with a child check-in, a check-in by each guardian shared and opened (Jonas's answered),
    and Layla's family too."""
    anna = PageClient(app)
    anna.sign_in("anna@demo.mitthjul.se")
    start(anna, child_named(db, "Maja").id)
    answer_all(anna, ["3"] * 9)
    anna_check_in = finish(anna, [], "anna's note")
    anna.post(f"/check-ins/{anna_check_in}/share/confirm", {"part": ["safe"]})
    karin = PageClient(app)
    karin.sign_in("karin@demo.mitthjul.se")
    karin.get(f"/inbox/{db.scalar(select(Share.id))}")
    jonas = PageClient(app)
    jonas.sign_in("jonas@demo.mitthjul.se")
    start(jonas, child_named(db, "Sam").id)
    answer_all(jonas, ["5"] * 9)
    jonas_check_in = finish(jonas, [], "jonas's own words")
    assert jonas.post(f"/check-ins/{jonas_check_in}/share/confirm",
                      {"part": ["safe", "healthy"], "note": "yes"}).status_code == 303
    jonas_share = db.scalar(select(Share.id).where(Share.check_in_id == jonas_check_in))
    karin.get(f"/inbox/{jonas_share}")
    assert karin.post(f"/inbox/{jonas_share}/respond", {"kind": "message", "text": "karin answers jonas"}
                      ).status_code == 303
    sam = PageClient(app)
    as_child(sam, db, "Sam")
    start(sam)
    answer_all(sam, ["1"] * 9)
    finish(sam, [], "sam's own secret")
    layla = PageClient(app)
    layla.sign_in("layla@demo.mitthjul.se")
    start(layla, child_named(db, "Noor").id)
    answer_all(layla, ["5"] * 9)
    finish(layla, [], "layla's note")
    return {"anna": anna, "jonas": jonas, "jonas_check_in": jonas_check_in, "jonas_share": jonas_share}


def test_export_has_everything_about_the_family_and_nothing_else(demo, app, db):
    clients = busy_family(app, db)
    anna = clients["anna"]
    data = json.loads(anna.client.get("/family/export.json").get_data(as_text=True))
    text = json.dumps(data, ensure_ascii=False)
    family = data[0]
    assert {g["email"] for g in family["guardians"]} == {"anna@demo.mitthjul.se", "jonas@demo.mitthjul.se"}
    assert {c["first_name"] for c in family["children"]} == {"Sam", "Maja"}
    assert "anna's note" in text and family["shares"][0]["opened"][0]["by"] == "Karin Berg"
    assert any(c["first_name"] == "Sam" and c["own_check_ins"] == 1 for c in family["children"])
    assert "sam's own secret" not in text, "a child's own check-in stays the child's"
    for other in ["Layla", "Noor", "Omar", "layla's note", "Yonas", "Elin"]:
        assert other not in text
    html = anna.client.get("/family/export.html")
    assert "attachment" in html.headers["Content-Disposition"]
    assert "anna's note" in unescape(html.get_data(as_text=True)) and "Layla" not in html.get_data(as_text=True)


def count(db, model, *where) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where))


def test_the_last_guardian_with_custody_closing_deletes_everything_about_the_family(demo, app, db):
    clients = busy_family(app, db)
    anna, jonas = clients["anna"], clients["jonas"]
    family_id = db.scalar(select(Child.family_id).where(Child.first_name == "Sam"))
    anna_id = db.scalar(select(User.id).where(User.email == "anna@demo.mitthjul.se"))
    db.add(PushSubscription(user_id=anna_id, endpoint="https://push.example/anna", p256dh="k", auth="a",
                            language="sv"))
    db.commit()
    page = unescape(anna.text("/family/data?lang=en"))
    assert "Jonas Lind also has custody of Maja, Sam. The children and their data stay with them" in page
    r = anna.post("/family/data?lang=en", {"password": "mitthjul-demo"})
    assert r.status_code == 400 and "Tick the box" in r.get_data(as_text=True)
    r = anna.post("/family/data?lang=en", {"password": "wrong", "confirm": "yes"})
    assert r.status_code == 400 and "That password is not right." in r.get_data(as_text=True)
    ledger_before = count(db, LedgerEntry)

    # Anna leaves: her account and everything of her own goes; the children stay with Jonas.
    r = anna.post("/family/data?lang=en", {"password": "mitthjul-demo", "confirm": "yes"}, follow_redirects=True)
    assert "Your account is closed and your data deleted." in r.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, anna_id) is None
    assert count(db, CheckIn, CheckIn.note.like("%anna%")) == 0
    assert count(db, Share, Share.by_user_id == anna_id) == 0
    assert count(db, WebSession, WebSession.user_id == anna_id) == 0
    assert count(db, PushSubscription, PushSubscription.user_id == anna_id) == 0
    assert count(db, Guardianship, Guardianship.user_id == anna_id) == 0
    assert db.get(Family, family_id) is not None
    assert {c.first_name for c in db.scalars(select(Child).where(Child.family_id == family_id))} == {"Sam", "Maja"}
    assert count(db, CheckIn, CheckIn.note == "sam's own secret") == 1, "the children's own check-ins stay"
    assert db.get(CheckIn, clients["jonas_check_in"]) is not None
    share = db.get(Share, clients["jonas_share"])
    assert share is not None and [r.text for r in share.responses] == ["karin answers jonas"]
    assert share.events, "who opened Jonas's share stays in his log"
    assert count(db, LedgerEntry) == ledger_before
    assert "Your children" not in anna.text("/?lang=en"), "signed out"
    again = PageClient(app)
    again.sign_in("jonas@demo.mitthjul.se")
    assert "jonas&#39;s own words" in again.text(f"/check-ins/{clients['jonas_check_in']}?lang=en")

    # Jonas is now the last guardian with custody: closing his account closes the family.
    page = unescape(jonas.text("/family/data?lang=en"))
    assert "Nobody else has custody of Maja, Sam. So everything about them is deleted too" in page
    r = jonas.post("/family/data?lang=en", {"password": "mitthjul-demo", "confirm": "yes"}, follow_redirects=True)
    assert "Your family&#39;s account is closed and its data deleted." in r.get_data(as_text=True)
    db.expire_all()
    assert db.get(Family, family_id) is None
    assert count(db, Child, Child.family_id == family_id) == 0
    for email in ["anna@demo.mitthjul.se", "jonas@demo.mitthjul.se"]:
        assert db.scalar(select(User).where(User.email == email)) is None
    names = [n for n in db.scalars(select(Child.first_name))]
    assert "Sam" not in names and "Maja" not in names and "Noor" in names
    remaining_children = set(db.scalars(select(Child.id)))
    for model in (Share, ConsentRequest, ContactAssignment, Turn):
        assert all(r.child_id in remaining_children for r in db.scalars(select(model)) if r.child_id), model
    assert count(db, Invitation, Invitation.family_id == family_id) == 0
    for note in ("%anna%", "%sam's%", "%jonas%"):
        assert count(db, CheckIn, CheckIn.note.like(note)) == 0
    assert count(db, Share) == 0
    assert count(db, AccessEvent) == 0
    assert count(db, ShareResponse) == 0
    assert count(db, Guardianship, Guardianship.family_id == family_id) == 0
    assert count(db, LedgerEntry) == ledger_before, "the numbered record stays"
    assert "layla's note" in [c.note for c in db.scalars(select(CheckIn))]
    assert "Your children" not in jonas.text("/?lang=en"), "signed out"


def test_authors_delete_their_own_check_ins_only(demo, app, db):
    child = PageClient(app)
    as_child(child, db, "Sam")
    start(child)
    answer_all(child, ["3"] * 9)
    check_in_id = finish(child)
    guardian = PageClient(app)
    guardian.sign_in("anna@demo.mitthjul.se")
    assert guardian.post(f"/check-ins/{check_in_id}/delete").status_code == 404
    assert child.post(f"/check-ins/{check_in_id}/delete").status_code == 303
    assert db.get(CheckIn, check_in_id) is None


def test_retention_deletes_check_ins_older_than_the_limit(demo, app, db):
    child = PageClient(app)
    as_child(child, db, "Sam")
    for _ in range(2):
        start(child)
        answer_all(child, ["3"] * 9)
        finish(child)
    old = db.scalars(select(CheckIn)).first()
    old.created_at = utcnow() - timedelta(days=750)
    db.commit()
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0 and "Deleted 1 check-ins older than 24 months" in result.output
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 1
    clock.fixed = None
