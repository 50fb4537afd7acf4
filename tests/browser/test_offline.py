"""In Chromium with the real service worker: installable, offline check-ins kept and sent once, and
nothing personal in Cache Storage."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.family_device import sign_in
from tests.browser.setup import CHROMIUM
from webapp.db import get_session
from webapp.models import CheckIn

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
  }
  return urls;
}"""


def wait_for_service_worker(page) -> None:  # noqa: ANN001
    """Until the service worker controls the page (polled: the CSP forbids wait_for_function's eval)."""
    for _ in range(150):
        if page.evaluate("() => navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("no service worker took control of the page")


def start_check_in_as_anna(page) -> None:  # noqa: ANN001
    """Anna signed in, the service worker in control, her first check-in's first step on screen."""
    sign_in(page, "anna@demo.mitthjul.se")
    wait_for_service_worker(page)
    page.locator("form[action='/check-in/start'] button").first.click()
    page.locator("#step").wait_for()


def answer_offline(page, first: int, value: str) -> None:  # noqa: ANN001
    """Answer steps `first` to 9 with the same face, without a connection."""
    page.context.set_offline(True)
    for number in range(first, 10):
        page.get_by_text(f"{number} of 9", exact=True).wait_for()
        page.locator(f"button[name=answer][value='{value}']").click()
    page.get_by_role("heading", name="What would help?").wait_for()


def stored_check_ins(app) -> int:  # noqa: ANN001
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(CheckIn))


def test_chromium_reports_no_installability_errors(browser, live_server, tmp_path):
    # A normal profile: Chromium never offers to install from a private (incognito) window.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
        base_url=live_server)
    page = context.new_page()
    page.goto("/?lang=en")
    page.reload()
    wait_for_service_worker(page)
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []
    manifest = page.request.get("/manifest.webmanifest?lang=ar").json()
    assert manifest["lang"] == "ar" and manifest["dir"] == "rtl" and manifest["name"] != "My wheel"
    assert {i["purpose"] for i in manifest["icons"]} == {"any", "maskable"}
    assert manifest["translations"]["sv"]["name"] == "Mitt hjul"
    context.close()


def test_a_check_in_finished_offline_is_kept_and_stored_exactly_once(page, live_server):
    before = stored_check_ins(live_server.app)
    start_check_in_as_anna(page)
    page.locator("button[name=answer][value='4']").click()  # step 1, online
    page.get_by_text("2 of 9", exact=True).wait_for()
    answer_offline(page, 2, "3")
    # The optional last step works offline too.
    assert page.get_by_role("link", name="Back").count() == 0
    page.get_by_text("Some peace and quiet").click()
    page.get_by_label("Anything else you want to say?").fill("Written on the bus")
    page.get_by_role("button", name="Next").click()
    page.locator("#step h1").get_by_text("kept on this device").wait_for()
    assert stored_check_ins(live_server.app) == before
    page.reload()  # still offline: the service worker's offline page, which knows something is waiting
    page.get_by_role("heading", name="No connection").wait_for()
    assert page.locator("html").get_attribute("lang") == "en", "the offline page speaks the page's language"
    page.locator("[data-outbox-note]").wait_for()
    page.wait_for_timeout(1500)
    back_online = datetime.now(UTC)
    page.context.set_offline(False)
    page.goto("/?lang=en")
    page.locator("#app-status").get_by_text("Your check-in has arrived.").wait_for()
    page.goto("/?lang=en")  # a second page load finds nothing more to send
    page.wait_for_timeout(300)
    assert stored_check_ins(live_server.app) == before + 1
    with live_server.app.app_context():
        check_in = get_session().scalars(select(CheckIn).order_by(CheckIn.id.desc())).first()
        answers = {r.part_key: r.value for r in check_in.ratings}
    assert check_in.created_at < back_online, "dated when it was finished, not when it arrived"
    assert answers["safe"] == 4, "the answer given online before the connection dropped is kept"
    assert [answers[k] for k in ("healthy", "achieving", "hope")] == [3, 3, 3]
    assert check_in.help_choices == "quiet" and check_in.note == "Written on the bus"
    # After the whole journey, Cache Storage holds static files and the offline page only.
    cached = page.evaluate(CACHED_URLS)
    assert cached.count("/offline") == 12, "the offline page in every language"
    assert all(url.startswith("/static/") or url == "/offline" for url in cached), cached
    offline_page = page.evaluate("async () => (await (await caches.match('/offline?lang=en')).text())")
    assert "Anna" not in offline_page and "csrf-token" not in offline_page and "Sam" not in offline_page


def test_a_child_who_does_not_feel_safe_sees_help_at_once_even_offline(page):
    sign_in(page, "anna@demo.mitthjul.se")
    wait_for_service_worker(page)
    page.get_by_role("button", name="Let Sam check in").click()
    page.wait_for_url("**/turn")  # the turn is open before going on
    page.goto("/turn?lang=en")
    for picture in ["cat", "sun", "ball"]:
        page.get_by_role("button", name=picture, exact=True).click()
    page.get_by_text("This is your turn").wait_for()
    page.locator("form[action='/check-in/start'] button").click()
    page.locator("#step").wait_for()
    page.context.set_offline(True)
    page.locator("button[name=answer][value='1']").click()  # "safe": not at all
    help_now = page.locator(".offline-talk")
    help_now.wait_for()
    assert help_now.locator("a[href='tel:116111']").count() == 1 and help_now.locator("a[href='tel:112']").count() == 1
    page.get_by_text("2 of 9", exact=True).wait_for()  # and the check-in goes on
    page.context.set_offline(False)


def test_a_shared_class_tablet_keeps_nothing(browser, live_server):
    """In class mode the pages name no owner: no plan for finishing offline, nothing in IndexedDB."""
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    sign_in(page, "karin@demo.mitthjul.se")
    page.locator("form[action='/class-mode/open'] button").first.click()
    page.wait_for_url("**/class")
    assert page.locator("meta[name=outbox-owner]").count() == 0
    context.close()


def test_a_new_release_replaces_the_old_cache_and_says_so_once(page, monkeypatch):
    from webapp.pwa import views

    page.goto("/?lang=en")
    wait_for_service_worker(page)
    real = views.static_files
    monkeypatch.setattr(views, "static_files", lambda folder: (real(folder)[0], "next-release"))
    page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
    page.locator("#app-status").get_by_text("My wheel has been updated.").wait_for(timeout=15_000)
    assert page.evaluate("async () => await caches.keys()") == ["mitthjul-static-next-release"]
    page.goto("/?lang=en")
    page.wait_for_timeout(500)
    assert page.locator("#app-status").is_hidden(), "said once, not on every page"
