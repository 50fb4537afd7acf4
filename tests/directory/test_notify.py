"""Owners of entries due a review are told once per due period, by push (no personal data) and on the page."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import url_for
from sqlalchemy import func, select

from tests.directory.conftest import TODAY, make_entry, signed_in, user
from webapp.db import clock
from webapp.directory import service
from webapp.directory.service import ADMIN_PATH, months_before, notify_due_owners
from webapp.models import DirectoryEntry, PushKind, PushMessage, PushSubscription

ADMIN = "admin@demo.mitthjul.se"


def subscribe(db, email: str, n: int = 1) -> None:
    owner = user(db, email)
    for i in range(n):
        db.add(PushSubscription(user_id=owner.id, endpoint=f"https://push.invalid/{owner.id}/{i}", p256dh="k" * 87,
                                auth="a" * 22, language="sv"))
    db.commit()


def messages(db) -> list[PushMessage]:
    db.expire_all()
    return list(db.scalars(select(PushMessage).order_by(PushMessage.id)))


def test_the_owner_of_a_seven_month_old_entry_is_told_exactly_once(world, db):
    subscribe(db, ADMIN)
    entry = make_entry(db, "Seven months", months_old=7)
    make_entry(db, "Fresh", months_old=2)
    assert notify_due_owners(db, TODAY) == 1
    db.commit()
    sent = messages(db)
    assert len(sent) == 1
    assert sent[0].kind == PushKind.REVIEW_DUE and sent[0].url == ADMIN_PATH
    with world.test_request_context():
        assert url_for("directory.admin_list") == ADMIN_PATH, "the reminder opens the owner's list"
    db.refresh(entry)
    assert entry.review_notice_sent_on == TODAY
    # Again the same day, and on later days while it stays due: nothing new.
    assert notify_due_owners(db, TODAY) == 0
    db.commit()
    assert notify_due_owners(db, months_before(TODAY, -3)) == 0
    db.commit()
    assert len(messages(db)) == 1


def test_one_message_per_owner_however_many_entries_fell_due(world, db):
    subscribe(db, ADMIN, n=2)  # two browsers: one message to each
    for i in range(3):
        make_entry(db, f"Due {i}", months_old=8)
    make_entry(db, "Hidden", months_old=14)
    assert notify_due_owners(db, TODAY) == 4
    db.commit()
    assert len(messages(db)) == 2
    assert db.scalar(select(func.count()).select_from(DirectoryEntry)
                     .where(DirectoryEntry.review_notice_sent_on == TODAY)) == 4


def test_after_a_review_the_next_due_period_gets_its_own_notice(world, db):
    subscribe(db, ADMIN)
    entry = make_entry(db, "Seven months", months_old=7)
    notify_due_owners(db, TODAY)
    db.commit()
    service.mark_reviewed(entry, TODAY)
    db.commit()
    six_later, seven_later = months_before(TODAY, -6), months_before(TODAY, -7)
    assert notify_due_owners(db, six_later) == 0, "not due yet"
    assert notify_due_owners(db, seven_later) == 1
    db.commit()
    assert len(messages(db)) == 2


def test_a_notice_from_an_earlier_period_does_not_count(world, db):
    # Reviewed by changing the date some other way than the button: the old notice is older than the review.
    entry = make_entry(db, "Place", months_old=7, review_notice_sent_on=months_before(TODAY, 8))
    assert notify_due_owners(db, TODAY) == 1
    db.commit()
    db.refresh(entry)
    assert entry.review_notice_sent_on == TODAY


def test_an_owner_without_notifications_turned_on_is_marked_and_sees_it_on_the_page(world, db):
    entry = make_entry(db, "Seven months", months_old=7)
    assert notify_due_owners(db, TODAY) == 1
    db.commit()
    assert messages(db) == []
    db.refresh(entry)
    assert entry.review_notice_sent_on == TODAY
    assert "You own 1 entry that needs a review." in signed_in(world, ADMIN).text("/admin/directory")


def test_the_command_tells_owners_and_can_run_again(world, db):
    subscribe(db, ADMIN)
    make_entry(db, "Seven months", months_old=7)
    runner = world.test_cli_runner()
    first = runner.invoke(args=["directory", "notify-due"])
    assert first.exit_code == 0 and "Entries newly due a review: 1." in first.output, first.output
    second = runner.invoke(args=["directory", "notify-due"])
    assert second.exit_code == 0 and "No new entries" in second.output
    assert len(messages(db)) == 1


def test_today_is_the_date_in_sweden(world):
    clock.fixed = datetime(2027, 3, 30, 22, 30, tzinfo=UTC)  # half past midnight in Stockholm
    assert service.today() == TODAY
