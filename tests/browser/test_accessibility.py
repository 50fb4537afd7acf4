"""axe-core (WCAG 2.1 A and AA) on every page, for every role, in Swedish, Arabic and Tigrinya."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from tests.browser.conftest import assert_accessible, screenshot
from webapp.db import get_session, utcnow
from webapp.models import AuthorKind, CheckIn, Child, Rating, User

PASSWORD = "mitthjul-demo"


def saved_check_ins(app) -> dict[str, int]:  # noqa: ANN001
    """A check-in by Noor and one by her guardian, written straight into the database."""
    with app.app_context():
        db = get_session()
        noor = db.scalar(select(Child).where(Child.first_name == "Noor"))
        layla = db.scalar(select(User).where(User.email == "layla@demo.mitthjul.se"))
        ids = {}
        for key, kind in (("child", AuthorKind.CHILD), ("guardian", AuthorKind.GUARDIAN)):
            c = CheckIn(client_id=str(uuid.uuid4()), author_kind=kind, subject_child_id=noor.id, wheel_id="girfec8",
                        wheel_version=1, help_choices="talk quiet", note="…", created_at=utcnow(),
                        author_child_id=noor.id if kind == AuthorKind.CHILD else None,
                        author_user_id=layla.id if kind == AuthorKind.GUARDIAN else None,
                        age_band="8-12" if kind == AuthorKind.CHILD else None)
            c.ratings = [Rating(part_key=k, position=i, value=(None if i == 2 else i % 5 + 1)) for i, k in
                         enumerate(["safe", "healthy", "achieving", "nurtured", "active", "respected",
                                    "responsible", "included", "hope"])]
            db.add(c)
            db.commit()
            ids[key] = c.id
        ids["noor"] = noor.id
        from webapp.consent.service import ask

        karin = db.scalar(select(User).where(User.email == "karin@demo.mitthjul.se"))
        ask(db, karin, noor, "Elevhälsan", "Sömn", "Svaren om sömn")
        db.commit()
        return ids


def sign_in(page, email: str, lang: str) -> None:  # noqa: ANN001
    page.goto(f"/sign-in?lang={lang}")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form[action^='/sign-in'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


def visit(page, url: str, lang: str, checked: list[str]) -> None:  # noqa: ANN001
    sep = "&" if "?" in url else "?"
    page.goto(f"{url}{sep}lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang, url
    assert_accessible(page)
    checked.append(url)


def click_and_check(page, selector: str, lang: str, checked: list[str], name: str) -> None:  # noqa: ANN001
    with page.expect_navigation():
        page.locator(selector).first.click()
    assert page.locator("html").get_attribute("lang") == lang or name in ("letter", "cards"), name
    assert_accessible(page)
    checked.append(name)


@pytest.mark.parametrize("lang", ["sv", "ar", "ti"])
def test_every_page_passes_axe(browser, live_server, lang):
    ids = saved_check_ins(live_server.app)
    checked: list[str] = []
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    page = context.new_page()
    for url in ["/", "/sign-in", "/join", "/languages", "/accessibility", "/talk", "/no-such-page"]:
        visit(page, url, lang, checked)
    # Guardian (with a consent request waiting for her answer)
    sign_in(page, "layla@demo.mitthjul.se", lang)
    for url in ["/", "/my-wheel", f"/check-ins/{ids['guardian']}", "/family/data", "/shared-with-me"]:
        visit(page, url, lang, checked)
    page.goto(f"/?lang={lang}")
    click_and_check(page, "form[action='/check-in/start'] button", lang, checked, "guardian step 1")
    for url in ["/check-in/more", "/check-in/summary"]:
        visit(page, url, lang, checked)
    # Child: Noor's turn on her guardian's phone
    page.goto(f"/?lang={lang}")
    page.locator(f"form[action='/children/{ids['noor']}/turn'] button").click()
    page.wait_for_url("**/turn")
    visit(page, "/turn", lang, checked)
    for picture in ["sun", "fish", "cat"]:
        page.locator(f"button[value='{picture}']").click()
    page.locator("form[action='/check-in/start']").wait_for()
    for url in ["/turn", "/my-wheel", f"/check-ins/{ids['child']}?saved=1", "/turn/new-code", "/shared-with-me",
                "/turn"]:
        visit(page, url, lang, checked)
    click_and_check(page, "form[action='/check-in/start'] button", lang, checked, "child step 1")
    if lang == "ar":
        screenshot(page, "check-in-ar")
    if lang == "ti":
        screenshot(page, "check-in-ti")
    for url in ["/check-in/more", "/check-in/summary"]:
        visit(page, url, lang, checked)
    # Sharing: choose, the exact preview, and the check-in page with its sharing log.
    visit(page, f"/check-ins/{ids['child']}/share", lang, checked)
    page.locator("input[name=part]").first.check()
    click_and_check(page, "form[action$='/share'] button[type=submit]", lang, checked, "share preview")
    click_and_check(page, "form[action$='/share/confirm'] button[type=submit]", lang, checked, "shared")
    visit(page, "/turn/end", lang, checked)
    context.close()
    # Contact person, then class mode on a tablet
    context = browser.new_context(base_url=live_server, viewport={"width": 820, "height": 1180})
    page = context.new_page()
    sign_in(page, "karin@demo.mitthjul.se", lang)
    visit(page, "/", lang, checked)
    visit(page, f"/children/{ids['noor']}/consent", lang, checked)
    visit(page, "/inbox", lang, checked)
    click_and_check(page, ".cards a", lang, checked, "shared check-in")
    page.goto(f"/?lang={lang}")
    page.locator("form[action='/class-mode/open'] button").click()
    page.wait_for_url("**/class")
    visit(page, "/class", lang, checked)
    visit(page, "/class/staff", lang, checked)
    page.locator("#password").fill(PASSWORD)
    page.locator("form[action='/class/staff'] button[type=submit]").click()
    page.get_by_role("table").wait_for()
    visit(page, "/class/staff", lang, checked)
    context.close()
    # Unit admin
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, "admin@demo.mitthjul.se", lang)
    visit(page, "/admin/", lang, checked)
    visit(page, f"/admin/children/{ids['noor']}", lang, checked)
    click_and_check(page, "form[action$='/invitations'] button[type=submit]", lang, checked, "letter")
    visit(page, f"/admin/children/{ids['noor']}", lang, checked)
    click_and_check(page, "form[action$='/code-card'] button", lang, checked, "cards")
    context.close()
    assert len(checked) >= 30, checked
