"""In Chromium: a check-in kept offline is sent by the service worker's Background Sync when the connection
returns, with no page of the app open that could send it; a later sync event (dispatched through the DevTools
protocol) finds nothing more to send."""

from __future__ import annotations

from sqlalchemy import select

from tests.browser.test_offline import answer_offline, start_check_in_as_anna, stored_check_ins
from tests.browser.test_push import registration_id
from webapp.db import get_session
from webapp.models import CheckIn

WAITING = """async () => new Promise((resolve) => {
  const open = indexedDB.open("mitthjul-outbox", 1);
  open.onsuccess = () => {
    const request = open.result.transaction("check-ins").objectStore("check-ins").count();
    request.onsuccess = () => { open.result.close(); resolve(request.result); };
  };
})"""


def test_background_sync_sends_a_kept_check_in_once(page, live_server):
    before = stored_check_ins(live_server.app)
    start_check_in_as_anna(page)
    answer_offline(page, 1, "2")
    page.get_by_role("button", name="Next").click()
    page.locator("#step h1").get_by_text("kept on this device").wait_for()
    # Leave the app's pages: the offline page names nobody, so it never sends anything itself.
    page.reload()
    page.locator("[data-outbox-note]").wait_for()
    assert page.evaluate(WAITING) == 1
    page.context.set_offline(False)  # Chromium fires the sync event the page registered
    for _ in range(150):
        if page.evaluate(WAITING) == 0:
            break
        page.wait_for_timeout(100)
    assert stored_check_ins(live_server.app) == before + 1
    cdp = page.context.new_cdp_session(page)
    cdp.send("ServiceWorker.dispatchSyncEvent", {"origin": live_server, "registrationId": registration_id(page, cdp),
                                                 "tag": "mitthjul-outbox", "lastChance": False})
    page.wait_for_timeout(1000)
    assert page.evaluate(WAITING) == 0
    assert stored_check_ins(live_server.app) == before + 1
    with live_server.app.app_context():
        check_in = get_session().scalars(select(CheckIn).order_by(CheckIn.id.desc())).first()
        assert {r.value for r in check_in.ratings} == {2}
