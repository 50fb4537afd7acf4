"""In Chromium: children of every age band and a guardian check in, skip, go back, reload and finish,
on a phone and on a tablet, with JavaScript (htmx) and without."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.family_device import sign_in

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
CODES = {"Amina": ("hodan@demo.mitthjul.se", ["star", "apple", "car"]),
         "Sam": ("anna@demo.mitthjul.se", ["cat", "sun", "ball"]),
         "Maja": ("anna@demo.mitthjul.se", ["tree", "star", "fish"])}


def faces(page):  # noqa: ANN001, ANN201
    return page.locator("#step .faces button")


def child_turn(page, name: str) -> None:  # noqa: ANN001
    email, code = CODES[name]
    sign_in(page, email)
    page.goto("/?lang=en")
    page.get_by_role("button", name=f"Let {name} check in").click()
    page.wait_for_url("**/turn")  # the turn is open before going on
    page.goto("/turn?lang=en")
    for tapped, picture in enumerate(code, start=1):
        page.get_by_role("button", name=picture, exact=True).click()
        if tapped < len(code):  # at a child's pace: each tap answered before the next
            page.locator(".code-progress .dot.filled").nth(tapped - 1).wait_for()
    page.get_by_role("button", name="Check in").wait_for()


def walk_the_wheel(page, shots: str | None) -> None:  # noqa: ANN001
    """Answer, skip one, go back and change, reload in the middle, then finish."""
    page.get_by_role("button", name="Check in").click()
    page.locator("#question").wait_for()
    expected_faces = faces(page).count()
    expect(page.locator(".progress li")).to_have_count(9)
    if shots:
        assert_accessible(page)
        screenshot(page, f"{shots}-step1")
    faces(page).first.click()  # the happiest face
    page.get_by_text("2 of 9", exact=True).wait_for()
    page.get_by_role("button", name="I don't want to answer").click()
    page.get_by_text("3 of 9", exact=True).wait_for()
    page.get_by_role("link", name="Back").click()
    page.get_by_text("2 of 9", exact=True).wait_for()
    assert page.get_by_role("button", name="I don't want to answer").get_attribute("aria-pressed") == "true"
    faces(page).nth(1).click()
    page.get_by_text("3 of 9", exact=True).wait_for()
    page.reload()
    page.get_by_text("3 of 9", exact=True).wait_for()
    assert page.url.endswith("/check-in/step/3"), page.url
    for n in range(3, 10):
        (faces(page).last if n == 5 else faces(page).nth(expected_faces // 2)).click()
        if n < 9:
            page.get_by_text(f"{n + 1} of 9", exact=True).wait_for()
    page.get_by_role("heading", name="What would help?").wait_for()
    if shots:
        assert_accessible(page)
    page.get_by_text("Some peace and quiet").click()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("heading", name="Your check-in").wait_for()
    if shots:
        assert_accessible(page)
    page.get_by_role("button", name="Save my check-in").click()
    page.get_by_role("heading", name="Thank you! Your check-in is saved.").wait_for()
    if shots:
        assert_accessible(page)
        screenshot(page, f"{shots}-done")
    expect(page.locator("table.answers-table tbody tr")).to_have_count(9)


@pytest.mark.parametrize("name", ["Amina", "Sam", "Maja"])
@pytest.mark.parametrize("js", [True, False], ids=["htmx", "no-js"])
def test_child_checks_in(browser, live_server, name, js):
    viewport = TABLET if name == "Sam" else PHONE
    context = browser.new_context(base_url=live_server, java_script_enabled=js, viewport=viewport)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    child_turn(page, name)
    walk_the_wheel(page, shots=f"child-{name.lower()}" if js else None)
    page.get_by_role("link", name="My ups and downs").click()
    page.get_by_role("heading", name="My ups and downs").wait_for()
    if js:
        assert_accessible(page)
    assert not errors, errors
    context.close()


@pytest.mark.parametrize("js", [True, False], ids=["htmx", "no-js"])
def test_guardian_checks_in_about_a_child(browser, live_server, js):
    context = browser.new_context(base_url=live_server, java_script_enabled=js, viewport=PHONE)
    page = context.new_page()
    sign_in(page, "anna@demo.mitthjul.se")
    page.goto("/?lang=en")
    page.get_by_role("button", name="Check in about Maja").click()
    page.locator("#question").wait_for()
    assert "Maja" in page.locator("#question").inner_text()
    page.goto("/check-in/step/1")  # same page, as after a reload
    faces(page).nth(1).click()
    page.get_by_text("2 of 9", exact=True).wait_for()
    for n in range(2, 10):
        page.get_by_role("button", name="I don't want to answer").click()
        if n < 9:
            page.get_by_text(f"{n + 1} of 9", exact=True).wait_for()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Save my check-in").click()
    page.get_by_role("heading", name="Thank you! Your check-in is saved.").wait_for()
    if js:
        assert_accessible(page)
        screenshot(page, "guardian-done")
    context.close()
