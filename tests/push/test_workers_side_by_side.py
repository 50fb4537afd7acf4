"""On PostgreSQL several workers share one outbox: rows are claimed with FOR UPDATE SKIP LOCKED, so every
message is sent exactly once however the workers interleave."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.push.conftest import subscribe
from webapp.models import PushKind, PushMessage, User
from webapp.push import worker
from webapp.push.outbox import enqueue

pytestmark = pytest.mark.postgres

MESSAGES_PER_DEVICE = 40


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_workers_never_send_one_message_twice(demo, app, db, push, browser_factory):
    browsers = [browser_factory() for _ in range(3)]
    emails = ["karin@demo.mitthjul.se", "anna@demo.mitthjul.se", "layla@demo.mitthjul.se"]
    for email, browser in zip(emails, browsers, strict=True):
        subscription = subscribe(db, email, browser)
        for n in range(MESSAGES_PER_DEVICE):
            enqueue(db, subscription.user_id, PushKind.NEW_SHARE, f"/inbox?n={subscription.id}{n:03d}")
    db.commit()
    total = len(browsers) * MESSAGES_PER_DEVICE
    push.delay = 0.003  # each send takes a moment, so the two workers overlap all the time

    reports: dict[str, worker.Report] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(name: str) -> None:
        session = app.extensions["db_sessionmaker"]()
        pusher = worker.Pusher.from_app(app)
        try:
            start.wait()
            report = worker.Report()
            while (one := worker.deliver_due(session, limit=10, pusher=pusher)).handled:
                report.sent += one.sent
                report.retrying += one.retrying + one.failed + one.gone + one.dropped
            reports[name] = report
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread below
            errors.append(exc)
        finally:
            pusher.close()
            session.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert all(r.retrying == 0 for r in reports.values())
    assert reports["first"].sent and reports["second"].sent, "both workers took part"
    assert reports["first"].sent + reports["second"].sent == total

    received = Counter()
    for browser in browsers:
        for request in push.to(browser.path):
            received[browser.decrypt(request.body)["url"]] += 1
    assert len(received) == total and set(received.values()) == {1}, "every message exactly once"
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(PushMessage).where(PushMessage.sent_at.is_(None))) == 0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_workers_remind_a_person_once(demo, app, db, browser):
    subscribe(db, "anna@demo.mitthjul.se", browser)
    anna = db.scalar(select(User).where(User.email == "anna@demo.mitthjul.se"))
    anna.remind_weekly = True
    db.commit()
    counts: list[int] = []
    start = threading.Barrier(2)

    def run() -> None:
        session = app.extensions["db_sessionmaker"]()
        try:
            start.wait()
            counts.append(worker.enqueue_reminders(session))
        finally:
            session.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(counts) == [0, 1]
    assert db.scalar(select(func.count()).select_from(PushMessage)) == 1
