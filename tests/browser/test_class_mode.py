"""In Chromium: three children take turns on one class tablet; nothing of one is left for the next."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.family_device import sign_in

CHILDREN = [("Maja", ["tree", "star", "fish"]), ("Yonas", ["ball", "tree", "dog"]), ("Elin", ["fish", "ball", "sun"])]

TRACES = """async () => {
  // The service worker's own cache holds the app's static files and the offline page: nobody's. Anything
  // else in Cache Storage would be a trace.
  const caches_ = [];
  for (const name of ('caches' in self ? await caches.keys() : [])) {
    for (const request of await (await caches.open(name)).keys()) {
      const path = new URL(request.url).pathname;
      if (!path.startsWith('/static/') && path !== '/offline') caches_.push(path);
    }
  }
  const dbs = indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [];
  return {caches: caches_, dbs, local: localStorage.length, session: sessionStorage.length,
          text: document.body.innerText, html: document.documentElement.outerHTML};
}"""


def open_class_mode(page, class_name: str) -> None:  # noqa: ANN001
    sign_in(page, "karin@demo.mitthjul.se")
    page.get_by_label("Class or group").select_option(label=f"Björkbyskolan – {class_name}")
    page.get_by_role("button", name="Open class mode").click()
    page.wait_for_url("**/class")  # class mode is open before going on
    page.goto("/class?lang=en")


def check_in(page, name: str, code: list[str]) -> None:  # noqa: ANN001
    page.get_by_role("button", name=name).click()
    page.wait_for_url("**/turn")  # the turn is open before going on
    page.goto("/turn?lang=en")
    for picture in code:
        page.get_by_role("button", name=picture, exact=True).click()
    page.get_by_role("button", name="Check in").click()
    for n in range(1, 10):
        page.locator("#step .faces button").nth(n % 5).click()
        if n < 9:
            page.get_by_text(f"{n + 1} of 9", exact=True).wait_for()
    page.get_by_role("heading", name="What would help?").wait_for()
    page.get_by_label("Anything else you want to say?").fill(f"secret of {name}")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Save my check-in").click()
    page.get_by_role("heading", name="Thank you! Your check-in is saved.").wait_for()


def test_three_children_in_a_row_leave_no_trace(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 820, "height": 1180}, has_touch=True)
    page = context.new_page()
    open_class_mode(page, "7B")
    assert_accessible(page)
    screenshot(page, "class-screen")
    previous = None
    for name, code in CHILDREN:
        page.goto("/class?lang=en")
        if previous:
            traces = page.evaluate(TRACES)
            assert f"secret of {previous}" not in traces["html"]
            assert traces["caches"] == [] and traces["dbs"] == [] and traces["local"] == 0 and traces["session"] == 0
        check_in(page, name, code)
        page.get_by_role("link", name="I am done").click()
        page.locator(".class-grid").wait_for()  # in the school's language again
        # Back and reload show the class screen, never the child's pages.
        page.go_back()
        page.wait_for_load_state()
        assert f"secret of {name}" not in page.content()
        assert page.url.endswith("/class"), page.url
        page.reload()
        assert f"secret of {name}" not in page.content()
        traces = page.evaluate(TRACES)
        assert traces["caches"] == [] and traces["dbs"] == [] and traces["local"] == 0 and traces["session"] == 0
        previous = name
    context.close()


def test_a_turn_left_alone_returns_to_the_class_screen(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 820, "height": 1180})
    page = context.new_page()
    page.clock.install()
    open_class_mode(page, "7B")
    page.get_by_role("button", name="Maja").click()
    page.wait_for_url("**/turn")
    page.goto("/turn?lang=en")
    for picture in CHILDREN[0][1]:
        page.get_by_role("button", name=picture, exact=True).click()
    page.get_by_role("button", name="Check in").wait_for()
    page.clock.fast_forward(75_000)
    assert "No touch for a while" in page.locator("#read-aloud-status").inner_text()
    page.clock.fast_forward(16_000)
    page.locator(".class-grid").wait_for()  # in the school's language again
    assert page.url.endswith("/class")
    page.goto("/turn")
    assert page.url.endswith("/class"), "the turn is over on the server too"
    context.close()
