"""In Chromium: a push message delivered to the real service worker (DevTools protocol) is shown as a
notification in the person's language, with nothing personal in it."""

from __future__ import annotations

import json

import pytest

from tests.browser.test_offline import wait_for_service_worker
from webapp.push.texts import push_texts

NOTIFICATIONS = """async () => (await (await navigator.serviceWorker.ready).getNotifications())
  .map((n) => ({title: n.title, body: n.body, lang: n.lang, url: n.data && n.data.url}))"""


def registration_id(page, cdp) -> str:  # noqa: ANN001
    found: list[str] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: found.extend(r["registrationId"] for r in event["registrations"] if not r["isDeleted"]))
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if found:
            return found[0]
        page.wait_for_timeout(100)
    raise AssertionError("no service worker registration")


@pytest.mark.parametrize("lang", ["ar", "ti"])
def test_a_push_message_shows_a_notification_in_the_persons_language(browser, live_server, lang):
    context = browser.new_context(base_url=live_server)
    context.grant_permissions(["notifications"], origin=live_server)
    page = context.new_page()
    page.goto(f"/?lang={lang}")
    wait_for_service_worker(page)
    cdp = context.new_cdp_session(page)
    payload = {"v": 1, "type": "new_share", "lang": lang, "url": "/inbox"}
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": live_server, "registrationId": registration_id(page, cdp),
                                                  "data": json.dumps(payload)})
    shown = []
    for _ in range(50):
        shown = page.evaluate(NOTIFICATIONS)
        if shown:
            break
        page.wait_for_timeout(100)
    with live_server.app.app_context():
        texts = push_texts()
    expected = texts[lang]["new_share"]
    assert shown == [{"title": expected["title"], "body": expected["body"], "lang": lang, "url": "/inbox"}]
    english = texts["en"]["new_share"]["title"]
    assert shown[0]["title"] != english
    context.close()
