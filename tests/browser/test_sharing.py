"""In Chromium: a child shares two parts with the contact person, who reads and answers; the child sees the
answer and who looked, then takes it back and the contact person can no longer open it. Then a guardian,
in Arabic."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.family_device import sign_in


def finish_check_in(page, faces_index: int = 2) -> int:  # noqa: ANN001
    page.locator("#question").wait_for()
    for n in range(1, 10):
        page.locator("#step .faces button").nth(faces_index).click()
        if n < 9:
            page.locator(".progress li.done").nth(n - 1).wait_for()
    page.locator("#note").wait_for()
    page.locator("#note").fill("only for me")
    page.locator("form[action='/check-in/more'] button[type=submit]").click()
    page.locator("form[action='/check-in/save'] button").click()
    page.wait_for_url(re.compile(r"/check-ins/\d+"))
    return int(re.search(r"/check-ins/(\d+)", page.url).group(1))


def share_two_parts(page) -> None:  # noqa: ANN001
    page.locator("a[href$='/share']").click()
    page.locator("input[name=part][value=safe]").check()
    page.locator("input[name=part][value=active]").check()
    page.locator("form[action$='/share'] button[type=submit]").click()
    expect(page.locator(".shared-view tbody tr")).to_have_count(2)
    assert "only for me" not in page.locator(".shared-view").inner_text()
    assert_accessible(page)
    page.locator("form[action$='/share/confirm'] button").click()
    page.locator(".sharing .share").wait_for()


def contact_person_reads_and_answers(browser, live_server, lang: str) -> None:  # noqa: ANN001
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    sign_in(page, "karin@demo.mitthjul.se")
    page.goto(f"/inbox?lang={lang}")
    page.locator(".cards a").first.click()
    expect(page.locator(".shared-view tbody tr")).to_have_count(2)
    assert "only for me" not in page.content()
    page.locator("input[name=kind][value=meet]").check()
    page.locator("#answer-text").fill("Shall we meet on Monday at 10?")
    page.locator("form[action$='/respond'] button").click()
    page.wait_for_url("**/inbox")
    context.close()


def test_child_shares_two_parts_and_takes_them_back(browser, live_server):
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    sign_in(page, "anna@demo.mitthjul.se")
    page.get_by_role("button", name="Let Sam check in").click()
    page.wait_for_url("**/turn")  # the turn is open before going on
    page.goto("/turn?lang=en")
    for picture in ["cat", "sun", "ball"]:
        page.get_by_role("button", name=picture, exact=True).click()
    page.get_by_role("button", name="Check in").click()
    check_in_id = finish_check_in(page)
    share_two_parts(page)
    contact_person_reads_and_answers(browser, live_server, "en")
    page.goto(f"/check-ins/{check_in_id}?lang=en")
    sharing = page.locator(".sharing").inner_text()
    assert "Shall we meet on Monday at 10?" in sharing and "Karin Berg" in sharing and "opened it" in sharing
    assert_accessible(page)
    screenshot(page, "shared-en")
    page.get_by_role("button", name="Take it back").click()
    page.get_by_text("Taken back on").wait_for()
    # The contact person's next request for it is refused.
    cp = browser.new_context(base_url=live_server).new_page()
    sign_in(cp, "karin@demo.mitthjul.se")
    cp.goto("/inbox?lang=en")
    assert cp.locator(".cards a").count() == 0
    assert cp.goto("/inbox/1").status == 404, "the only share, taken back"
    context.close()


def test_guardian_shares_in_arabic(browser, live_server):
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    sign_in(page, "layla@demo.mitthjul.se")
    page.goto("/?lang=ar")
    page.locator("form[action='/check-in/start'] button").first.click()
    check_in_id = finish_check_in(page, faces_index=1)
    assert page.locator("html").get_attribute("dir") == "rtl"
    share_two_parts(page)
    contact_person_reads_and_answers(browser, live_server, "sv")
    page.goto(f"/check-ins/{check_in_id}?lang=ar")
    assert "Shall we meet on Monday at 10?" in page.locator(".sharing").inner_text()
    assert_accessible(page)
    screenshot(page, "shared-ar")
    with page.expect_navigation():
        page.locator("form[action^='/shares/'] button").click()
    expect(page.locator("form[action^='/shares/']")).to_have_count(0)
    context.close()
