"""What I have shared, and the wish to talk: one waiting request at a time, its status, answers, taking it back."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from tests.checkins.conftest import answer_all, as_child, child_named, finish, start
from tests.helpers import PageClient, count_queries
from tests.sharing.test_sharing import child_check_in, contact
from webapp.db import utcnow
from webapp.models import AccessEvent, AuthorKind, CheckIn, Rating, ResponseKind, Share, ShareKind, ShareResponse, User


def talk_requests(db) -> list[Share]:  # noqa: ANN001
    db.expire_all()
    return list(db.scalars(select(Share).where(Share.kind == ShareKind.TALK_REQUEST).order_by(Share.id)))


def sam(app, db) -> PageClient:  # noqa: ANN001
    client = PageClient(app)
    as_child(client, db, "Sam")
    client.get("/turn?lang=en")
    return client


def test_a_second_tap_shows_the_waiting_request_and_sends_nothing_more(demo, app, db):
    child = sam(app, db)
    first = child.post("/talk/request")
    [request] = talk_requests(db)
    assert first.status_code == 303 and first.headers["Location"] == f"/shares/{request.id}"
    page = child.text(f"/shares/{request.id}?lang=en")
    assert "Sent. Karin Berg knows you want to talk." in page and "Sent. Not opened yet." in page
    again = child.post("/talk/request")
    assert again.status_code == 303 and again.headers["Location"] == f"/shares/{request.id}"
    assert len(talk_requests(db)) == 1, "one waiting request, however often the child taps"
    page = child.text(f"/shares/{request.id}?lang=en")
    assert "You have already told Karin Berg that you want to talk." in page
    inbox = contact(app).text("/inbox?lang=en")
    assert inbox.count("Sam wants to talk") == 1


def test_the_talk_page_shows_the_waiting_request_instead_of_the_button(demo, app, db):
    child = sam(app, db)
    assert "Tell Karin Berg I want to talk" in child.text("/talk?lang=en")
    child.post("/talk/request")
    [request] = talk_requests(db)
    page = child.text("/talk?lang=en")
    assert "Tell Karin Berg I want to talk" not in page
    assert f'href="/shares/{request.id}"' in page and "You have already told Karin Berg" in page
    assert "BRIS" in page and "112" in page, "the helplines stay"


def test_the_child_sees_who_opened_the_request_and_the_answer(demo, app, db):
    child = sam(app, db)
    child.post("/talk/request")
    [request] = talk_requests(db)
    karin = contact(app)
    karin.text(f"/inbox/{request.id}")
    page = child.text(f"/shares/{request.id}?lang=en")
    assert "Opened" in page and "Karin Berg (Kurator, Björkbyskolan)" in page and "opened it" in page
    karin.post(f"/inbox/{request.id}/seen")
    assert "Seen on" in child.text(f"/shares/{request.id}?lang=en")
    assert karin.post(f"/inbox/{request.id}/respond", {"kind": "meet", "text": "Come by on Tuesday at ten"}
                      ).status_code == 303
    page = child.text(f"/shares/{request.id}?lang=en")
    assert "Answered" in page and "Come by on Tuesday at ten" in page and "An offer to meet" in page
    assert "Come by on Tuesday at ten" in child.text("/shared-by-me?lang=en")
    # Answered, it no longer waits: a new tap is a new wish to talk.
    child.post("/talk/request")
    assert len(talk_requests(db)) == 2


def test_the_child_takes_the_request_back_and_the_contact_person_cannot_open_it(demo, app, db):
    child = sam(app, db)
    child.post("/talk/request")
    [request] = talk_requests(db)
    r = child.post(f"/shares/{request.id}/withdraw", {"next": f"/shares/{request.id}"})
    assert r.status_code == 303 and r.headers["Location"] == f"/shares/{request.id}"
    page = child.text(f"/shares/{request.id}?lang=en")
    assert "Taken back on" in page and "Take it back</button>" not in page
    karin = contact(app)
    assert karin.get(f"/inbox/{request.id}").status_code == 404
    assert "Sam wants to talk" not in karin.text("/inbox?lang=en")
    child.post("/talk/request")
    assert len(talk_requests(db)) == 2, "taken back, the child may ask again"


def test_a_request_to_a_former_contact_person_does_not_block_a_new_one(demo, app, db):
    from webapp.admin.service import assign_contact_person

    child = sam(app, db)
    child.post("/talk/request")
    with app.app_context():
        ahmed = db.scalar(select(User).where(User.email == "ahmed@demo.mitthjul.se"))
        assign_contact_person(db, child_named(db, "Sam"), ahmed, None)
        db.commit()
    child.post("/talk/request")
    assert [r.contact_person_id for r in talk_requests(db)][1] == ahmed.id


def test_what_i_have_shared_lists_my_shares_newest_first_and_takes_one_back(demo, app, db):
    child, check_in_id = child_check_in(app, db, note="my secret note")
    child.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["safe", "active"]})
    child.post("/talk/request")
    page = child.text("/shared-by-me?lang=en")
    assert page.index("You asked to talk") < page.index("Your check-in of"), "newest first"
    assert "Shared with Karin Berg on" in page and "Safe" in page and "Active" in page
    assert "Your note was not shared." in page and "my secret note" not in page
    assert page.count("Take it back</button>") == 2 and page.count("Nobody has opened it yet.") == 2
    share_id = db.scalar(select(Share.id).where(Share.check_in_id == check_in_id))
    r = child.post(f"/shares/{share_id}/withdraw", {"next": "/shared-by-me"})
    assert r.status_code == 303 and r.headers["Location"] == f"/shared-by-me#share-{share_id}"
    page = child.text("/shared-by-me?lang=en")
    assert page.count("Take it back</button>") == 1 and "Taken back on" in page
    assert contact(app).get(f"/inbox/{share_id}").status_code == 404
    # Anna's page shows what Anna shared: not Sam's own shares.
    anna = PageClient(app)
    anna.sign_in("anna@demo.mitthjul.se")
    assert "You have not shared anything yet." in anna.text("/shared-by-me?lang=en")
    start(anna, child_named(db, "Sam").id)
    answer_all(anna, ["4"] * 9)
    own = finish(anna)
    anna.post(f"/check-ins/{own}/share/confirm", {"part": ["safe"], "to": "family"})
    page = anna.text("/shared-by-me?lang=en")
    assert page.count("Your check-in of") == 1 and "Shared with Sam on" in page


def test_only_the_one_who_shared_sees_a_share(demo, app, db):
    child = sam(app, db)
    child.post("/talk/request")
    [request] = talk_requests(db)
    for email in ["anna@demo.mitthjul.se", "jonas@demo.mitthjul.se", "layla@demo.mitthjul.se"]:
        other = PageClient(app)
        other.sign_in(email)
        assert other.get(f"/shares/{request.id}").status_code == 404, email
        assert "wants to talk" not in other.text("/shared-by-me?lang=en")
    assert contact(app).get(f"/shares/{request.id}").status_code == 403
    assert contact(app).get("/shared-by-me").status_code == 403


def test_taking_back_never_goes_to_an_address_from_outside(demo, app, db):
    child, check_in_id = child_check_in(app, db)
    child.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["safe"]})
    share_id = db.scalar(select(Share.id))
    r = child.post(f"/shares/{share_id}/withdraw", {"next": "https://example.com/"})
    assert r.status_code == 303 and r.headers["Location"] == f"/check-ins/{check_in_id}"


def test_both_homes_link_to_what_i_have_shared(demo, app, db):
    anna = PageClient(app)
    anna.sign_in("anna@demo.mitthjul.se")
    assert 'href="/shared-by-me"' in anna.text("/?lang=en")
    assert 'href="/shared-by-me"' in sam(app, db).text("/turn?lang=en")


def test_what_i_have_shared_costs_the_same_queries_for_10_and_100_shares(demo, app, db):
    anna_id = db.scalar(select(User.id).where(User.email == "anna@demo.mitthjul.se"))
    karin = db.scalar(select(User).where(User.email == "karin@demo.mitthjul.se"))
    subject = child_named(db, "Sam")

    def add(n: int) -> None:
        for i in range(n):
            c = CheckIn(client_id=str(uuid.uuid4()), author_kind=AuthorKind.GUARDIAN, author_user_id=anna_id,
                        subject_child_id=subject.id, wheel_id="girfec8", wheel_version=1, help_choices="",
                        note="a note")
            c.ratings = [Rating(part_key="safe", position=0, value=3)]
            db.add(c)
            db.flush()
            share = Share(kind=ShareKind.CHECK_IN, check_in_id=c.id, child_id=subject.id, by_user_id=anna_id,
                          contact_person_id=karin.id, parts="safe", withdrawn_at=utcnow() if i % 3 == 0 else None)
            db.add(share)
            db.flush()
            db.add(AccessEvent(share_id=share.id, viewer_id=karin.id, viewer_name=karin.display_name,
                               viewer_role="Kurator", viewer_unit="Björkbyskolan", action="opened"))
            db.add(ShareResponse(share_id=share.id, author_id=karin.id, kind=ResponseKind.MESSAGE, text="Thanks"))
        db.commit()

    anna = PageClient(app)
    anna.sign_in("anna@demo.mitthjul.se")
    anna.get("/?lang=en")
    add(10)
    with_10 = count_queries(app, anna, "/shared-by-me")
    add(90)
    assert db.scalar(select(func.count()).select_from(Share)) == 100
    assert count_queries(app, anna, "/shared-by-me") == with_10
    pages = [anna.text(f"/shared-by-me?page={n}&lang=en") for n in (1, 2)]
    assert [page.count("Thanks") for page in pages] == [50, 50], "all 100, a page at a time"
