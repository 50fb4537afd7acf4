"""Which events put a notification in the outbox, for whom, and that it commits or rolls back with the event."""

from __future__ import annotations

from sqlalchemy import select

from tests.checkins.conftest import answer_all, as_child, child_named, finish, start
from tests.helpers import PageClient
from tests.push.conftest import subscribe
from tests.sharing.test_sharing import child_check_in, contact
from webapp.checkins.service import Author
from webapp.models import AuthorKind, CheckIn, PushKind, PushMessage, Share, User
from webapp.sharing import service as sharing

KARIN = "karin@demo.mitthjul.se"
ANNA = "anna@demo.mitthjul.se"


def messages(db) -> list[tuple[int, PushKind, str]]:  # noqa: ANN001
    db.expire_all()
    return [(m.subscription_id, m.kind, m.url) for m in db.scalars(select(PushMessage).order_by(PushMessage.id))]


def guardian_share(app, db) -> tuple[PageClient, int, Share]:  # noqa: ANN001
    """Anna checks in about Maja and shares a part with Maja's contact person, Karin."""
    anna = PageClient(app)
    anna.sign_in(ANNA)
    start(anna, child_named(db, "Maja").id)
    answer_all(anna, ["4"] * 9)
    check_in_id = finish(anna, [], "")
    assert anna.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["safe"]}).status_code == 303
    return anna, check_in_id, db.scalar(select(Share).where(Share.check_in_id == check_in_id))


def test_the_outbox_row_commits_and_rolls_back_with_the_share(demo, app, db, browser):
    karin = subscribe(db, KARIN, browser)
    child, check_in_id = child_check_in(app, db)
    check_in = db.get(CheckIn, check_in_id)
    contact_person = db.scalar(select(User).where(User.email == KARIN))
    author = Author(AuthorKind.CHILD, child=check_in.subject)
    sharing.share_check_in(db, author, check_in, contact_person, ["safe"], False)
    db.flush()
    assert len(messages_in_session := db.scalars(select(PushMessage)).all()) == 1, messages_in_session
    db.rollback()
    assert messages(db) == [], "no share, no notification"
    share = sharing.share_check_in(db, author, check_in, contact_person, ["safe"], False)
    db.commit()
    assert messages(db) == [(karin.id, PushKind.NEW_SHARE, f"/inbox/{share.id}")]


def test_a_contact_person_hears_of_each_share_and_talk_request_on_every_device(demo, app, db, browser_factory):
    phone, laptop = subscribe(db, KARIN, browser_factory()), subscribe(db, KARIN, browser_factory())
    subscribe(db, "ahmed@demo.mitthjul.se", browser_factory())  # another contact person hears nothing
    child, check_in_id = child_check_in(app, db)
    child.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["safe"]})
    share = db.scalar(select(Share))
    assert messages(db) == [(phone.id, PushKind.NEW_SHARE, f"/inbox/{share.id}"),
                            (laptop.id, PushKind.NEW_SHARE, f"/inbox/{share.id}")]
    assert child.post("/talk/request").status_code == 303
    talk = db.scalar(select(Share).where(Share.id != share.id))
    assert messages(db)[2:] == [(phone.id, PushKind.NEW_SHARE, f"/inbox/{talk.id}"),
                                (laptop.id, PushKind.NEW_SHARE, f"/inbox/{talk.id}")]
    assert contact(app).get(f"/inbox/{talk.id}").status_code == 200, "the notification opens the talk request"


def test_a_share_within_the_family_sends_no_notification(demo, app, db, browser_factory):
    subscribe(db, KARIN, browser_factory())
    subscribe(db, ANNA, browser_factory())
    child, check_in_id = child_check_in(app, db)
    assert child.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["safe"], "to": "family"}
                      ).status_code == 303
    assert messages(db) == []


def test_the_guardian_who_shared_hears_that_the_contact_person_answered(demo, app, db, browser_factory):
    anna_device = subscribe(db, ANNA, browser_factory())
    subscribe(db, "layla@demo.mitthjul.se", browser_factory())
    anna, check_in_id, share = guardian_share(app, db)
    karin = contact(app)
    assert karin.post(f"/inbox/{share.id}/respond", {"kind": "message", "text": "Thank you, Anna"}).status_code == 303
    assert messages(db) == [(anna_device.id, PushKind.RESPONSE, f"/check-ins/{check_in_id}")]
    page = anna.text(f"/check-ins/{check_in_id}")
    assert "Thank you, Anna" in page, "the notification opens the page with the answer"
    assert app.url_map.bind("localhost").match(f"/check-ins/{check_in_id}")[0] == "checkins.show"


def test_an_answer_to_a_childs_own_share_is_never_announced_to_a_guardian(demo, app, db, browser_factory):
    subscribe(db, ANNA, browser_factory())
    child, check_in_id = child_check_in(app, db)
    child.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["safe"]})
    share = db.scalar(select(Share))
    assert contact(app).post(f"/inbox/{share.id}/respond", {"kind": "meet", "text": "Monday?"}).status_code == 303
    assert [kind for _s, kind, _u in messages(db)] == [], "Anna must not learn that Sam shared"


def test_a_deactivated_contact_person_gets_nothing(demo, app, db, browser):
    subscribe(db, KARIN, browser)
    db.scalar(select(User).where(User.email == KARIN)).is_active = False
    db.commit()
    child = PageClient(app)
    as_child(child, db, "Sam")
    child.post("/talk/request")
    assert messages(db) == []
