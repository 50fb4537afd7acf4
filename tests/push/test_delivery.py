"""The worker delivers the outbox: VAPID-signed, encrypted for the browser, nothing personal; retries with backoff
and Retry-After; removes subscriptions the push service says are gone."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from sqlalchemy import select

from tests.push.conftest import Reply, subscribe
from tests.sharing.test_sharing import child_check_in
from webapp.db import clock
from webapp.models import Child, PushKind, PushMessage, PushSubscription, Share, User
from webapp.push import keys, worker
from webapp.push.outbox import enqueue

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
KARIN = "karin@demo.mitthjul.se"


def unpadded_b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def verify_vapid(authorization: str, server_key: str) -> dict:
    """Check `vapid t=<JWT>,k=<key>` (RFC 8292) as a push service does; returns the JWT's claims."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert set(fields) == {"t", "k"} and fields["k"] == server_key
    header_b64, claims_b64, signature_b64 = fields["t"].split(".")
    assert json.loads(unpadded_b64decode(header_b64)) == {"typ": "JWT", "alg": "ES256"}
    signature = unpadded_b64decode(signature_b64)
    assert len(signature) == 64  # JOSE: r and s, 32 bytes each
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unpadded_b64decode(server_key))
    der = encode_dss_signature(int.from_bytes(signature[:32]), int.from_bytes(signature[32:]))
    public_key.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    with pytest.raises(InvalidSignature):  # and the check would notice a changed claim
        public_key.verify(der, f"{header_b64}.{claims_b64}x".encode(), ec.ECDSA(hashes.SHA256()))
    return json.loads(unpadded_b64decode(claims_b64))


def queue(db, subscription: PushSubscription, kind: PushKind = PushKind.NEW_SHARE, url: str = "/inbox") -> int:  # noqa: ANN001
    enqueue(db, subscription.user_id, kind, url)
    db.commit()
    return db.scalars(select(PushMessage.id).order_by(PushMessage.id.desc())).first()


def test_a_share_reaches_the_contact_person_signed_encrypted_and_without_anything_personal(
        demo, app, db, push, browser, pusher):
    subscription = subscribe(db, KARIN, browser)
    child, check_in_id = child_check_in(app, db, note="my secret note")
    child.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["safe", "active"], "note": "yes"})
    share = db.scalar(select(Share))
    report = worker.deliver_due(db, pusher=pusher)
    assert report.sent == 1
    [received] = push.to(browser.path)
    headers = {k.lower(): v for k, v in received.headers.items()}
    claims = verify_vapid(headers["authorization"], keys.application_server_key(pusher.vapid))
    assert claims["aud"] == push.origin and claims["sub"] == "mailto:push@mitthjul.example"
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert headers["ttl"] == "86400" and headers["urgency"] == "normal"
    assert headers["content-encoding"] == "aes128gcm"
    payload = browser.decrypt(received.body)
    assert payload == {"v": 1, "type": "new_share", "lang": "sv", "url": f"/inbox/{share.id}"}
    personal = [c.first_name for c in db.scalars(select(Child))] + ["my secret note"]
    for user in db.scalars(select(User)):
        personal += [user.display_name, *user.display_name.split(), user.email]
    text = json.dumps(payload, ensure_ascii=False)
    assert not [p for p in personal if p in text]
    db.expire_all()
    assert db.scalar(select(PushMessage)).sent_at is not None
    assert db.get(PushSubscription, subscription.id).last_success_at is not None


def test_the_answer_and_a_reminder_carry_their_own_ttl_and_urgency(demo, db, push, browser, pusher):
    subscription = subscribe(db, "anna@demo.mitthjul.se", browser, language="en")
    queue(db, subscription, PushKind.RESPONSE, "/check-ins/7")
    queue(db, subscription, PushKind.REMINDER, "/")
    assert worker.deliver_due(db, pusher=pusher).sent == 2
    first, second = push.to(browser.path)
    assert (first.headers["Ttl"], first.headers["Urgency"]) == ("86400", "normal")
    assert (second.headers["Ttl"], second.headers["Urgency"]) == ("43200", "low")
    assert browser.decrypt(second.body) == {"v": 1, "type": "reminder", "lang": "en", "url": "/"}


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_deleted_with_its_messages(demo, db, push, browser_factory, pusher, status):
    gone, other = browser_factory(), browser_factory()
    subscription = subscribe(db, KARIN, gone)
    subscribe(db, KARIN, other)
    push.answer(gone.path, Reply(status))
    enqueue(db, subscription.user_id, PushKind.NEW_SHARE, "/inbox")
    enqueue(db, subscription.user_id, PushKind.NEW_SHARE, "/inbox")
    db.commit()
    report = worker.deliver_due(db, pusher=pusher)
    assert report.gone == 1 and report.sent == 2
    assert len(push.to(gone.path)) == 1, "the second message to it went with the subscription"
    db.expire_all()
    assert db.get(PushSubscription, subscription.id) is None
    assert all(m.subscription_id != subscription.id for m in db.scalars(select(PushMessage)))


def test_429_with_retry_after_is_tried_again_after_that_long(demo, db, push, browser, pusher):
    clock.fixed = T0
    subscription = subscribe(db, KARIN, browser)
    message_id = queue(db, subscription)
    push.answer(browser.path, Reply(429, {"Retry-After": "120"}))
    assert worker.deliver_due(db, pusher=pusher).retrying == 1
    message = db.get(PushMessage, message_id)
    assert message.sent_at is None and message.failed_at is None and message.attempts == 1
    assert message.next_attempt_at == T0 + timedelta(seconds=120) and message.last_error == "status 429"
    clock.fixed = T0 + timedelta(seconds=119)
    assert worker.deliver_due(db, pusher=pusher).handled == 0
    assert len(push.to(browser.path)) == 1, "not asked again before Retry-After"
    clock.fixed = T0 + timedelta(seconds=120)
    assert worker.deliver_due(db, pusher=pusher).sent == 1
    db.expire_all()
    assert db.get(PushMessage, message_id).sent_at == T0 + timedelta(seconds=120)
    assert len(push.to(browser.path)) == 2


def test_retry_after_may_be_an_http_date(demo, db, push, browser, pusher):
    clock.fixed = T0
    message_id = queue(db, subscribe(db, KARIN, browser))
    push.answer(browser.path, Reply(503, {"Retry-After": format_datetime(T0 + timedelta(minutes=30), usegmt=True)}))
    worker.deliver_due(db, pusher=pusher)
    assert db.get(PushMessage, message_id).next_attempt_at == T0 + timedelta(minutes=30)


def test_server_errors_back_off_exponentially_and_give_up_in_the_end(demo, db, push, browser, pusher):
    clock.fixed = T0
    message_id = queue(db, subscribe(db, KARIN, browser))
    push.answer(browser.path, *[Reply(500)] * worker.MAX_ATTEMPTS)
    now, waits = T0, []
    for _ in range(worker.MAX_ATTEMPTS - 1):
        assert worker.deliver_due(db, pusher=pusher).retrying == 1
        message = db.get(PushMessage, message_id)
        waits.append(message.next_attempt_at - now)
        now = clock.fixed = message.next_attempt_at
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(waits) <= worker.LONGEST_RETRY
    assert worker.deliver_due(db, pusher=pusher).failed == 1
    message = db.get(PushMessage, message_id)
    assert message.failed_at is not None and message.sent_at is None and message.last_error == "status 500"
    clock.fixed = now + timedelta(days=1)
    assert worker.deliver_due(db, pusher=pusher).handled == 0, "no more tries once given up"
    assert len(push.to(browser.path)) == worker.MAX_ATTEMPTS
    assert db.get(PushSubscription, message.subscription_id) is not None


def test_a_retry_gives_up_when_the_message_is_older_than_its_ttl(demo, db, push, browser, pusher):
    clock.fixed = T0
    message_id = queue(db, subscribe(db, KARIN, browser), PushKind.REMINDER, "/")
    clock.fixed = T0 + timedelta(hours=13)
    push.answer(browser.path, Reply(500))
    assert worker.deliver_due(db, pusher=pusher).failed == 1
    assert db.get(PushMessage, message_id).failed_at is not None


def test_a_push_service_that_does_not_answer_in_time_is_tried_again(demo, db, push, browser, pusher):
    clock.fixed = T0
    message_id = queue(db, subscribe(db, KARIN, browser))
    push.answer(browser.path, Reply(201, delay=pusher.timeout + 1.0))
    assert worker.deliver_due(db, pusher=pusher).retrying == 1
    message = db.get(PushMessage, message_id)
    assert message.last_error == "ReadTimeout" and message.next_attempt_at == T0 + timedelta(minutes=1)
    clock.fixed = T0 + timedelta(minutes=1)
    assert worker.deliver_due(db, pusher=pusher).sent == 1


def test_an_unreachable_push_service_is_tried_again(demo, db, browser, pusher):
    clock.fixed = T0
    subscription = subscribe(db, KARIN, browser)
    subscription.endpoint = "http://127.0.0.1:9/push/nobody-listens"
    db.commit()
    message_id = queue(db, subscription)
    assert worker.deliver_due(db, pusher=pusher).retrying == 1
    assert db.get(PushMessage, message_id).last_error == "ConnectionError"


@pytest.mark.parametrize("status", [400, 401, 403, 413])
def test_a_refusal_is_not_repeated_and_the_subscription_stays(demo, db, push, browser, pusher, status):
    message_id = queue(db, subscribe(db, KARIN, browser))
    push.answer(browser.path, Reply(status))
    assert worker.deliver_due(db, pusher=pusher).failed == 1
    message = db.get(PushMessage, message_id)
    assert message.failed_at is not None and message.last_error == f"status {status}"
    assert db.scalar(select(PushSubscription)) is not None


def test_limit_bounds_one_pass_and_the_oldest_go_first(demo, db, push, browser, pusher):
    subscription = subscribe(db, KARIN, browser)
    for n in range(5):
        queue(db, subscription, url=f"/inbox?n={n}")  # no share behind them: nothing to check before sending
    assert worker.deliver_due(db, limit=3, pusher=pusher).sent == 3
    assert [browser.decrypt(r.body)["url"] for r in push.to(browser.path)] == ["/inbox?n=0", "/inbox?n=1",
                                                                                "/inbox?n=2"]
    assert worker.deliver_due(db, limit=3, pusher=pusher).sent == 2


def test_retry_after_parsing():
    assert worker.retry_after("120", T0) == timedelta(seconds=120)
    assert worker.retry_after(format_datetime(T0 + timedelta(hours=1), usegmt=True), T0) == timedelta(hours=1)
    assert worker.retry_after(format_datetime(T0 - timedelta(hours=1), usegmt=True), T0) == timedelta(0)
    assert worker.retry_after("99999999999", T0) == worker.LONGEST_RETRY_AFTER
    assert worker.retry_after("soon", T0) is None and worker.retry_after(None, T0) is None


def test_weekly_reminders_only_for_those_who_chose_them(demo, db, browser_factory):
    clock.fixed = T0
    anna = subscribe(db, "anna@demo.mitthjul.se", browser_factory())
    subscribe(db, "layla@demo.mitthjul.se", browser_factory())  # has not chosen reminders
    karin = subscribe(db, KARIN, browser_factory())
    for user_id in (anna.user_id, karin.user_id):  # staff get none even if the flag were set
        db.get(User, user_id).remind_weekly = True
    db.get(User, db.scalar(select(User.id).where(User.email == "hodan@demo.mitthjul.se"))).remind_weekly = True
    db.commit()  # Hodan chose reminders but has no device with notifications on
    assert worker.enqueue_reminders(db) == 1
    message = db.scalar(select(PushMessage))
    assert (message.subscription_id, message.kind, message.url) == (anna.id, PushKind.REMINDER, "/")
    clock.fixed = T0 + timedelta(days=6)
    assert worker.enqueue_reminders(db) == 0
    clock.fixed = T0 + timedelta(days=7)
    assert worker.enqueue_reminders(db) == 1


def test_old_sent_and_failed_messages_are_pruned(demo, db, browser):
    clock.fixed = T0
    subscription = subscribe(db, KARIN, browser)
    for _ in range(3):
        queue(db, subscription)
    sent, failed, pending = db.scalars(select(PushMessage).order_by(PushMessage.id)).all()
    sent.sent_at, failed.failed_at = T0, T0
    db.commit()
    clock.fixed = T0 + worker.KEEP_DONE_FOR + timedelta(seconds=1)
    assert worker.prune(db) == 2
    assert db.scalars(select(PushMessage.id)).all() == [pending.id]


def test_nothing_personal_is_logged(demo, app, db, push, browser, pusher, caplog):
    subscribe(db, KARIN, browser)
    child, check_in_id = child_check_in(app, db)
    child.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["safe"]})
    push.answer(browser.path, Reply(500))
    with caplog.at_level("DEBUG", logger="webapp.push"):
        worker.deliver_due(db, pusher=pusher)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("webapp.push"))
    assert "status 500" in logged, "the retry was logged"
    for name in ["Sam", "Karin", "karin@", browser.endpoint, browser.path, browser.p256dh]:
        assert name not in logged


def test_a_share_taken_back_before_the_worker_runs_is_never_announced(demo, app, db, push, browser, pusher):
    subscribe(db, KARIN, browser)
    child, check_in_id = child_check_in(app, db)
    child.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["safe"]})
    child.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["active"]})
    taken_back, kept = db.scalars(select(Share).order_by(Share.id)).all()
    assert child.post(f"/shares/{taken_back.id}/withdraw").status_code == 303
    assert child.post("/talk/request").status_code == 303
    talk = db.scalar(select(Share).where(Share.check_in_id.is_(None)))
    assert child.post(f"/shares/{talk.id}/withdraw").status_code == 303
    report = worker.deliver_due(db, pusher=pusher)
    assert (report.sent, report.dropped, report.failed) == (1, 2, 0)
    assert [browser.decrypt(r.body)["url"] for r in push.to(browser.path)] == [f"/inbox/{kept.id}"]
    db.expire_all()
    dropped = db.scalars(select(PushMessage).where(PushMessage.sent_at.is_(None))).all()
    assert {m.url for m in dropped} == {f"/inbox/{taken_back.id}", f"/inbox/{talk.id}"}
    assert all(m.failed_at is not None and m.last_error == "share taken back" for m in dropped)
    assert worker.deliver_due(db, pusher=pusher).handled == 0, "dropped for good, never tried again"


def test_messages_queued_before_the_share_column_know_their_share_after_the_upgrade(
        demo, app, db, browser, database_url):
    """Migration 0009: a waiting "new share" message named its share only in its address; after the upgrade it
    is linked to the share (so taking it back still silences it), and one whose share is gone is removed."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from webapp.cli import alembic_config

    subscription = subscribe(db, KARIN, browser)
    child, check_in_id = child_check_in(app, db)
    child.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["safe"]})
    share_id, subscription_id = db.scalar(select(Share.id)), subscription.id
    db.close()
    app.extensions["db_engine"].dispose()
    config = alembic_config(database_url)
    command.downgrade(config, "0008")
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM push_message"))
            for kind, url in [("new_share", f"/inbox/{share_id}"), ("new_share", f"/inbox/{share_id + 1000}"),
                              ("response", f"/check-ins/{check_in_id}")]:
                conn.execute(text("INSERT INTO push_message (subscription_id, kind, url, created_at, attempts, "
                                  "next_attempt_at) VALUES (:s, :k, :u, :t, 0, :t)"),
                             {"s": subscription_id, "k": kind, "u": url, "t": T0.replace(tzinfo=None)})
    finally:
        command.upgrade(config, "head")
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT url, share_id FROM push_message")).all())
    engine.dispose()
    assert rows == {f"/inbox/{share_id}": share_id, f"/check-ins/{check_in_id}": None}
