"""In Chromium: a guardian hands the phone to their child, who signs in with the picture code."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.family_device import sign_in


@pytest.mark.parametrize("htmx", [True, False], ids=["with-js", "without-js"])
def test_child_turn_on_a_family_phone(browser, live_server, htmx):
    context = browser.new_context(base_url=live_server, java_script_enabled=htmx,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/?lang=en")
    assert_accessible(page) if htmx else None
    sign_in(page, "anna@demo.mitthjul.se")
    expect(page.get_by_role("heading", name="Your children")).to_be_visible()
    if htmx:
        assert_accessible(page)
    page.get_by_role("button", name="Let Sam check in").click()
    page.wait_for_url("**/turn")  # the turn is open before going on
    assert page.locator("html").get_attribute("lang") == "sv", "the turn speaks the child's language"
    page.goto("/turn?lang=en")
    expect(page.get_by_role("heading", name="Hi Sam! Tap your three pictures")).to_be_visible()
    if htmx:
        assert_accessible(page)
        screenshot(page, "pad-en")
    for picture in ["cat", "sun", "ball"]:
        page.get_by_role("button", name=picture, exact=True).click()
    page.get_by_text("This is your turn").wait_for()
    if htmx:
        assert_accessible(page)
    # Back to the guardian's pages needs the password.
    page.goto("/")
    assert page.url.endswith("/turn")
    page.get_by_role("link", name="I am done").click()
    page.get_by_label("Your password").fill("mitthjul-demo")
    page.get_by_role("button", name="Back to my pages").click()
    expect(page.get_by_role("heading", name="Your children")).to_be_visible()
    assert not errors, errors
    context.close()


def test_pad_in_arabic_is_right_to_left_and_accessible(page):
    sign_in(page, "layla@demo.mitthjul.se")
    page.goto("/?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("form[action$='/turn'] button").first.click()
    page.wait_for_url("**/turn")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert_accessible(page)
    screenshot(page, "pad-ar")
    assert not page.csp_violations


def test_the_picture_pad_works_with_the_keyboard_alone(page):
    sign_in(page, "anna@demo.mitthjul.se")
    page.get_by_role("button", name="Let Sam check in").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/turn")
    page.goto("/turn?lang=en")
    for picture in ["cat", "sun", "ball"]:
        page.get_by_role("button", name=picture, exact=True).focus()
        focused = page.evaluate("document.activeElement.value")
        assert focused == picture
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "focus is visible"
        page.keyboard.press("Enter")
        page.wait_for_timeout(150)
    page.get_by_text("This is your turn").wait_for()


def test_quick_taps_on_the_picture_pad_are_all_counted(page):
    """A child taps faster than the server answers: no tap may be lost (htmx would drop it by default)."""
    sign_in(page, "anna@demo.mitthjul.se")
    page.get_by_role("button", name="Let Sam check in").click()
    page.wait_for_url("**/turn")  # the turn is open before going on
    page.goto("/turn?lang=en")
    page.evaluate("""() => ['cat', 'sun', 'ball'].forEach(
        key => document.querySelector(`button[value='${key}']`).click())""")
    page.get_by_text("This is your turn").wait_for(timeout=10_000)


def test_taps_on_a_slow_connection_are_all_counted(page):
    """Slow mobile data: a tap while the previous one is still on its way, another after the pad has
    answered. The page sends the code once, whole: with one request per tap, taps sent from the old and the
    new pad could reach the server together, and under load one was lost."""
    sign_in(page, "anna@demo.mitthjul.se")
    page.get_by_role("button", name="Let Sam check in").click()
    page.wait_for_url("**/turn")
    page.goto("/turn?lang=en")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions",
             {"offline": False, "latency": 400, "downloadThroughput": -1, "uploadThroughput": -1})
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.evaluate("""() => new Promise((done) => {
        const tap = (key) => document.querySelector(`#pad button[value='${key}']`).click();
        tap('cat');
        setTimeout(() => tap('sun'), 100);
        setTimeout(() => { tap('ball'); done(); }, 1200);
    })""")
    page.get_by_text("This is your turn").wait_for(timeout=15_000)
    assert sum("/turn/code" in url for url in posts) == 1, "the code went as one request"


def test_a_picture_tapped_twice_is_refused_on_the_page(page):
    sign_in(page, "anna@demo.mitthjul.se")
    page.get_by_role("button", name="Let Sam check in").click()
    page.wait_for_url("**/turn")
    page.goto("/turn?lang=en")
    page.get_by_role("button", name="cat", exact=True).click()
    page.get_by_role("button", name="cat", exact=True).click()
    page.get_by_role("alert").filter(has_text="Each picture can be used once").wait_for()
    assert page.locator(".code-progress .dot.filled").count() == 1
    assert page.locator(".code-progress").inner_text().strip() == "1 picture of 3 tapped"
    page.get_by_role("button", name="sun", exact=True).click()
    page.get_by_role("button", name="ball", exact=True).click()
    page.get_by_text("This is your turn").wait_for()
