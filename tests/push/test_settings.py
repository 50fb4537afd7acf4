"""The notification settings page, turning notifications on and off (JSON, with the CSRF header) and the weekly
reminder (a plain form)."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from tests.conftest import make_config
from tests.helpers import PageClient
from tests.push.conftest import b64, subscribe
from webapp import create_app
from webapp.db import clock
from webapp.models import PushKind, PushMessage, PushSubscription, User
from webapp.push import keys
from webapp.push.outbox import enqueue

ANNA = "anna@demo.mitthjul.se"


def signed_in(app, email: str = ANNA, lang: str = "en") -> PageClient:  # noqa: ANN001
    client = PageClient(app)
    client.sign_in(email)
    client.get(f"/settings/notifications?lang={lang}")
    return client


def post_json(client: PageClient, url: str, body: object, csrf: bool = True, raw: bytes | None = None):  # noqa: ANN201
    headers = {"X-CSRFToken": client.token()} if csrf else {}
    data = raw if raw is not None else json.dumps(body)
    return client.client.post(url, data=data, headers=headers, content_type="application/json")


@pytest.mark.parametrize("email", [ANNA, "karin@demo.mitthjul.se", "admin@demo.mitthjul.se"])
def test_every_adult_has_a_settings_page_with_a_plain_explanation(demo, app, email):
    client = signed_in(app, email)
    page = client.text("/settings/notifications?lang=en")
    assert "never says a name or what was shared" in page and "turn notifications off at any time" in page
    assert f'data-key="{keys.application_server_key(keys.load_vapid(app.config["MITTHJUL"]))}"' in page
    assert "/static/js/push.js" in page and "Notifications are off on all your devices." in page
    assert ("Weekly reminder" in page) == (email == ANNA), "reminders are for guardians"


def test_the_home_pages_link_to_the_settings(demo, app):
    for email in [ANNA, "karin@demo.mitthjul.se"]:
        assert 'href="/settings/notifications"' in signed_in(app, email).text("/")


def test_without_keys_the_page_says_notifications_are_not_set_up(demo, database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path / "elsewhere"))
    try:
        from webapp.demo import load_demo_data

        with app.app_context():
            from webapp.db import get_session

            load_demo_data(get_session())
        client = signed_in(app)
        page = client.text("/settings/notifications?lang=en")
        assert "Notifications are not set up on this server." in page and "push.js" not in page
        r = post_json(client, "/push/subscriptions", {})
        assert r.status_code == 400 and r.json["error"] == "Notifications are not set up on this server."
    finally:
        app.extensions["db_engine"].dispose()
        clock.fixed = None


def test_anonymous_visitors_are_sent_to_sign_in(demo, app, browser):
    client = PageClient(app)
    assert client.get("/settings/notifications").status_code == 302
    r = post_json(client, "/push/subscriptions", browser.to_json())
    assert r.status_code == 302 and r.headers["Location"].startswith("/sign-in")


def test_turning_on_stores_the_subscription_in_the_persons_language(demo, app, db, browser):
    client = signed_in(app, lang="uk")
    r = post_json(client, "/push/subscriptions?lang=uk", browser.to_json())
    assert r.status_code == 201, r.get_data(as_text=True)
    assert r.headers["Cache-Control"] == "no-store"
    subscription = db.scalar(select(PushSubscription))
    anna = db.scalar(select(User).where(User.email == ANNA))
    assert (subscription.user_id, subscription.endpoint, subscription.language) == (anna.id, browser.endpoint, "uk")
    assert (subscription.p256dh, subscription.auth) == (browser.p256dh, browser.auth)
    # The browser renews its keys and the person has switched language: one row, brought up to date.
    renewed = browser.to_json()
    renewed["keys"]["auth"] = b64(b"0123456789abcdef")
    again = post_json(client, "/push/subscriptions?lang=en", renewed)
    assert again.status_code == 201
    db.expire_all()
    [subscription] = db.scalars(select(PushSubscription)).all()
    assert subscription.auth == b64(b"0123456789abcdef") and subscription.language == "en"
    assert again.json["devices"] == "Notifications are on for 1 device."
    assert r.json["devices"] != again.json["devices"], "the first answer was in Ukrainian"


def test_a_browser_that_changes_hands_stops_telling_the_first_person(demo, app, db, browser):
    anna_device = subscribe(db, ANNA, browser)
    enqueue(db, anna_device.user_id, PushKind.RESPONSE, "/check-ins/1")
    db.commit()
    layla = signed_in(app, "layla@demo.mitthjul.se")
    assert post_json(layla, "/push/subscriptions", browser.to_json()).status_code == 201
    db.expire_all()
    [subscription] = db.scalars(select(PushSubscription)).all()
    assert subscription.user.email == "layla@demo.mitthjul.se"
    assert db.scalars(select(PushMessage)).all() == [], "Anna's news is not shown to Layla"


def good(browser) -> dict:  # noqa: ANN001
    return browser.to_json()


def bad_bodies(browser) -> list[tuple[str, object]]:  # noqa: ANN001
    def changed(**parts) -> dict:  # noqa: ANN003
        body = browser.to_json()
        for key, value in parts.items():
            if key in ("p256dh", "auth"):
                body["keys"][key] = value
            else:
                body[key] = value
        return body

    not_on_curve = b64(b"\x04" + b"\x01" * 64)
    return [
        ("not a subscription", ["endpoint"]),
        ("no keys", {"endpoint": browser.endpoint}),
        ("keys not an object", changed(keys="abc")),
        ("endpoint missing", changed(endpoint=None)),
        ("endpoint a number", changed(endpoint=5)),
        ("endpoint too long", changed(endpoint="https://fcm.googleapis.com/" + "a" * 2000)),
        ("endpoint with a space", changed(endpoint="https://fcm.googleapis.com/a b")),
        ("plain http elsewhere", changed(endpoint="http://fcm.googleapis.com/fcm/send/x")),
        ("unknown host", changed(endpoint="https://intranet.example/hook")),
        ("host that only ends like one", changed(endpoint="https://evilfcm.googleapis.com.example/x")),
        ("internal address", changed(endpoint="https://10.0.0.1/x")),
        ("odd port", changed(endpoint="https://fcm.googleapis.com:8443/x")),
        ("credentials in it", changed(endpoint="https://user:pw@fcm.googleapis.com/x")),
        ("bad port", changed(endpoint="https://fcm.googleapis.com:99999/x")),
        ("javascript", changed(endpoint="javascript:alert(1)")),
        ("p256dh too short", changed(p256dh=b64(b"\x04" + b"\x01" * 10))),
        ("p256dh not on the curve", changed(p256dh=not_on_curve)),
        ("p256dh not base64url", changed(p256dh="+/" * 44)),
        ("p256dh a list", changed(p256dh=[1, 2])),
        ("auth too long", changed(auth=b64(b"x" * 32))),
        ("auth missing", changed(auth=None)),
    ]


def test_bad_subscriptions_are_refused_with_a_message_and_nothing_is_stored(demo, app, db, browser):
    client = signed_in(app)
    for name, body in bad_bodies(browser):
        r = post_json(client, "/push/subscriptions?lang=en", body)
        assert r.status_code == 400, name
        assert r.json["error"].endswith(("Please try again.", "so notifications were not turned on.")), name
    for name, raw in [("not json", b"endpoint=x"), ("broken json", b'{"endpoint": '), ("not utf-8", b'"\xff\xfe"'),
                      ("too big", json.dumps({**good(browser), "padding": "x" * 5000}).encode())]:
        r = post_json(client, "/push/subscriptions?lang=en", None, raw=raw)
        assert r.status_code == 400 and "could not read" in r.json["error"], name
    r = client.client.post("/push/subscriptions", data=json.dumps(good(browser)),
                           headers={"X-CSRFToken": client.token()}, content_type="text/plain")
    assert r.status_code == 400 and "<h1>" in r.get_data(as_text=True), "only JSON; a form post gets the error page"
    assert db.scalars(select(PushSubscription)).all() == []


def test_known_push_services_are_accepted(demo, app, db, browser):
    client = signed_in(app)
    for endpoint in ["https://fcm.googleapis.com/fcm/send/abc", "https://updates.push.services.mozilla.com/wpush/v2/x",
                     "https://web.push.apple.com/QGx", "https://wns2-par02p.notify.windows.com/w/?token=x"]:
        body = {**browser.to_json(), "endpoint": endpoint}
        assert post_json(client, "/push/subscriptions", body).status_code == 201, endpoint
    assert db.scalar(select(PushSubscription.id).where(PushSubscription.endpoint.like("https://fcm%"))) is not None


def test_without_the_csrf_header_nothing_is_stored(demo, app, db, browser):
    client = signed_in(app)
    assert post_json(client, "/push/subscriptions", browser.to_json(), csrf=False).status_code == 400
    assert db.scalars(select(PushSubscription)).all() == []


def test_turning_off_removes_only_ones_own_subscription(demo, app, db, browser_factory):
    mine, theirs = browser_factory(), browser_factory()
    subscribe(db, ANNA, mine)
    subscribe(db, "layla@demo.mitthjul.se", theirs)
    client = signed_in(app)
    r = post_json(client, "/push/subscriptions/delete", {"endpoint": theirs.endpoint})
    assert r.status_code == 200
    r = post_json(client, "/push/subscriptions/delete?lang=en", {"endpoint": mine.endpoint})
    assert r.status_code == 200 and r.json["devices"] == "Notifications are off on all your devices."
    db.expire_all()
    assert [s.endpoint for s in db.scalars(select(PushSubscription))] == [theirs.endpoint]
    for body in [{}, {"endpoint": 5}, {"endpoint": "x" * 2001}, []]:
        assert post_json(client, "/push/subscriptions/delete", body).status_code == 400


def test_turning_off_on_all_devices_works_without_javascript(demo, app, db, browser_factory):
    for _ in range(2):
        subscribe(db, ANNA, browser_factory())
    layla = subscribe(db, "layla@demo.mitthjul.se", browser_factory())
    client = signed_in(app)
    assert "Notifications are on for 2 devices." in client.text("/settings/notifications?lang=en")
    r = client.post("/settings/notifications/off")
    assert r.status_code == 303 and r.headers["Location"] == "/settings/notifications"
    db.expire_all()
    assert [s.id for s in db.scalars(select(PushSubscription))] == [layla.id]


def test_the_weekly_reminder_is_a_plain_form_for_guardians(demo, app, db):
    client = signed_in(app)
    r = client.post("/settings/notifications/reminder?lang=en", {"remind_weekly": "y"})
    assert r.status_code == 303
    page = client.text("/settings/notifications?lang=en")
    assert "You get a reminder once a week." in page
    assert "checked" in re.search(r'<input[^>]*name="remind_weekly"[^>]*>', page).group(0)
    assert db.scalar(select(User.remind_weekly).where(User.email == ANNA)) is True
    client.post("/settings/notifications/reminder", {})
    db.expire_all()
    assert db.scalar(select(User.remind_weekly).where(User.email == ANNA)) is False
    assert client.post("/settings/notifications/reminder", {"remind_weekly": "y"}, csrf=False).status_code == 400
    karin = signed_in(app, "karin@demo.mitthjul.se")
    assert karin.post("/settings/notifications/reminder", {"remind_weekly": "y"}).status_code == 403


def test_a_person_keeps_at_most_twenty_devices(demo, app, db, browser_factory):
    client = signed_in(app)
    first = browser_factory()
    assert post_json(client, "/push/subscriptions", first.to_json()).status_code == 201
    for _ in range(20):
        assert post_json(client, "/push/subscriptions", browser_factory().to_json()).status_code == 201
    endpoints = db.scalars(select(PushSubscription.endpoint)).all()
    assert len(endpoints) == 20 and first.endpoint not in endpoints


def test_opening_the_settings_page_never_takes_a_browser_over_from_another_adult(demo, app, db, browser):
    """On a shared family tablet: Anna turned notifications on; Jonas only opens the settings page."""
    anna = signed_in(app, lang="en")
    assert post_json(anna, "/push/subscriptions", browser.to_json()).status_code == 201
    jonas = signed_in(app, email="jonas@demo.mitthjul.se", lang="en")
    r = post_json(jonas, "/push/subscriptions?renew=1", browser.to_json())
    assert r.status_code == 200 and r.json["renewed"] is False
    db.expire_all()
    [subscription] = db.scalars(select(PushSubscription)).all()
    assert subscription.user.email == ANNA, "still Anna's"
    # Anna's own renewal goes through.
    assert post_json(anna, "/push/subscriptions?renew=1&lang=sv", browser.to_json()).json["renewed"] is True
