"""A guardian's own data: the download holds only what is theirs to see; a guardian without custody who
closes their account takes only their own data with them."""

from __future__ import annotations

import json
from html import unescape

from sqlalchemy import func, select

from tests.checkins.conftest import answer_all, child_named, finish, start
from tests.helpers import PageClient
from tests.sharing.test_family_data import busy_family
from webapp.models import CheckIn, Child, Family, Guardianship, Role, Share, User


def export(client: PageClient) -> tuple[dict, str, str]:
    """The first family in the JSON download, the JSON as text, and the HTML download as text."""
    body = client.client.get("/family/export.json").get_data(as_text=True)
    html = client.client.get("/family/export.html?lang=en")
    assert html.status_code == 200 and "attachment" in html.headers["Content-Disposition"]
    return json.loads(body)[0], body, unescape(html.get_data(as_text=True))


def guardian_without_custody(app, db) -> PageClient:
    """Eva, Sam and Maja's guardian without custody, signed in."""
    family_id = db.scalar(select(Child.family_id).where(Child.first_name == "Sam"))
    anna = db.scalar(select(User).where(User.email == "anna@demo.mitthjul.se"))  # the same password
    eva = User(email="eva@demo.mitthjul.se", display_name="Eva Lind", password_hash=anna.password_hash,
               role=Role.GUARDIAN, organisation_id=db.get(Family, family_id).organisation_id, preferred_language="en")
    db.add(eva)
    db.flush()
    db.add(Guardianship(family_id=family_id, user_id=eva.id, has_custody=False))
    db.commit()
    client = PageClient(app)
    client.sign_in("eva@demo.mitthjul.se")
    return client


def eva_checks_in(client: PageClient, db) -> int:
    start(client, child_named(db, "Sam").id)
    answer_all(client, ["2"] * 9)
    return finish(client, [], "eva's own words")


def test_a_guardian_downloads_their_own_check_ins_and_nothing_of_the_others(demo, app, db):
    clients = busy_family(app, db)
    family, body, html = export(clients["anna"])
    for secret in ("jonas's own words", "karin answers jonas"):
        assert secret not in body and secret not in html, secret
    assert [c["by"] for c in family["guardian_check_ins"]] == ["Anna Lind"]
    assert len(family["shares"]) == 1 and family["shares"][0]["parts"] == ["safe"]
    jonas = next(g for g in family["guardians"] if g["email"] == "jonas@demo.mitthjul.se")
    assert set(jonas) == {"name", "email", "custody", "language", "me"} and jonas["me"] is False
    assert "Jonas Lind (jonas@demo.mitthjul.se), custody</li>" in html, "not even how often Jonas shared"
    assert "anna's note" in body and "anna's note" in html

    family, body, html = export(clients["jonas"])
    for own in ("jonas's own words", "karin answers jonas"):
        assert own in body and own in html, own
    assert "anna's note" not in body and "anna's note" not in html
    assert [c["by"] for c in family["guardian_check_ins"]] == ["Jonas Lind"]
    assert family["guardian_check_ins"][0]["answers"]["safe"] == 5
    assert family["shares"][0]["answers"][0]["text"] == "karin answers jonas"
    assert "Anna Lind (anna@demo.mitthjul.se), custody</li>" in html


def test_a_guardian_without_custody_downloads_only_their_own(demo, app, db):
    clients = busy_family(app, db)
    eva = guardian_without_custody(app, db)
    eva_checks_in(eva, db)
    family, body, html = export(eva)
    assert "eva's own words" in body and "eva's own words" in html
    for secret in ("anna's note", "jonas's own words", "karin answers jonas", "sam's own secret"):
        assert secret not in body and secret not in html, secret
    assert [c["by"] for c in family["guardian_check_ins"]] == ["Eva Lind"] and family["shares"] == []
    assert {g["email"] for g in family["guardians"] if not g["me"]} == {"anna@demo.mitthjul.se",
                                                                       "jonas@demo.mitthjul.se"}
    assert "eva's own words" not in export(clients["anna"])[1]


def test_a_guardian_without_custody_closing_removes_only_themselves(demo, app, db):
    clients = busy_family(app, db)
    eva = guardian_without_custody(app, db)
    eva_id = db.scalar(select(User.id).where(User.email == "eva@demo.mitthjul.se"))
    eva_checks_in(eva, db)
    family_id = db.scalar(select(Child.family_id).where(Child.first_name == "Sam"))
    before = {model: db.scalar(select(func.count()).select_from(model)) for model in (Child, Share, Guardianship)}
    page = unescape(eva.text("/family/data?lang=en"))
    assert "Anna Lind, Jonas Lind also have custody of Maja, Sam. The children and their data stay with them" in page
    r = eva.post("/family/data?lang=en", {"password": "mitthjul-demo", "confirm": "yes"}, follow_redirects=True)
    assert "Your account is closed and your data deleted." in r.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, eva_id) is None
    assert db.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.note == "eva's own words")) == 0
    assert db.get(Family, family_id) is not None
    assert db.scalar(select(func.count()).select_from(Child)) == before[Child]
    assert db.scalar(select(func.count()).select_from(Share)) == before[Share]
    assert db.scalar(select(func.count()).select_from(Guardianship)) == before[Guardianship] - 1
    for note in ("anna's note", "jonas's own words", "sam's own secret"):
        assert db.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.note == note)) == 1, note
    for email in ("anna@demo.mitthjul.se", "jonas@demo.mitthjul.se"):
        PageClient(app).sign_in(email)
    assert clients["anna"].get("/family/data").status_code == 200, "the others stay signed in"


def test_when_the_family_closes_a_guardian_without_custody_loses_the_link(demo, app, db):
    clients = busy_family(app, db)
    eva = guardian_without_custody(app, db)
    eva_checks_in(eva, db)
    anna = clients["anna"]
    assert anna.post("/family/data", {"password": "mitthjul-demo", "confirm": "yes"}).status_code == 303
    db.expire_all()
    assert db.scalar(select(User).where(User.email == "eva@demo.mitthjul.se")) is not None, "Jonas has custody"
    page = unescape(clients["jonas"].text("/family/data?lang=en"))
    assert "Eva Lind will no longer be linked to Maja, Sam." in page
    assert clients["jonas"].post("/family/data", {"password": "mitthjul-demo", "confirm": "yes"}).status_code == 303
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Child).where(Child.first_name.in_(["Sam", "Maja"]))) == 0
    eva_account = db.scalar(select(User).where(User.email == "eva@demo.mitthjul.se"))
    assert eva_account is not None, "another adult's account is theirs to close"
    assert db.scalar(select(func.count()).select_from(Guardianship).where(Guardianship.user_id == eva_account.id)) == 0
    assert db.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.note == "eva's own words")) == 0
    assert "Sam" not in eva.text("/?lang=en") and "Maja" not in eva.text("/?lang=en")
