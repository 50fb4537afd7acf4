"""In Chromium: a child asks to talk, comes back and is led to the same request, then takes it back from
"What I have shared"; the contact person can no longer open it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.family_device import sign_in


def test_child_asks_to_talk_once_and_takes_it_back(browser, live_server):
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    sign_in(page, "anna@demo.mitthjul.se")
    page.get_by_role("button", name="Let Sam check in").click()
    page.wait_for_url("**/turn")
    page.goto("/turn?lang=en")
    for picture in ["cat", "sun", "ball"]:
        page.get_by_role("button", name=picture, exact=True).click()
    page.get_by_role("link", name="I need to talk to someone").click()
    page.get_by_role("button", name="Tell Karin Berg I want to talk").click()
    page.wait_for_url(re.compile(r"/shares/\d+$"))
    first = page.url
    assert "Sent. Not opened yet." in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto("/turn?lang=en")
    page.get_by_role("link", name="I need to talk to someone").click()
    # Asked already: the talk page leads to that request instead of offering to send another.
    already = page.get_by_role("link", name=re.compile("You have already told Karin Berg"))
    already.wait_for()
    assert page.get_by_role("button", name="Tell Karin Berg I want to talk").count() == 0
    already.click()
    page.wait_for_url(first)
    page.goto("/turn?lang=en")
    page.get_by_role("link", name="What I have shared").click()
    expect(page.locator("article.share")).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("button", name="Take it back").click()
    page.get_by_text("Taken back on").wait_for()
    assert re.search(r"/shared-by-me#share-\d+$", page.url), page.url
    cp = browser.new_context(base_url=live_server).new_page()
    sign_in(cp, "karin@demo.mitthjul.se")
    cp.goto("/inbox?lang=en")
    assert cp.locator(".cards a").count() == 0
    assert cp.goto(first.replace("/shares/", "/inbox/")).status == 404
    context.close()
