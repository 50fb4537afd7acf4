"""Text at twice its size and a screen 320 pixels wide (WCAG 2.1, 1.4.4 and 1.4.10): nothing cut off, no
sideways scrolling, every control within reach. Every role and the main flows, in Swedish and Arabic.

Each page is loaded once per language and checked twice: at 320 CSS pixels wide with text at its normal size,
then at 1280 pixels wide with the root text at 200 % (what a reader gets from the browser's font-size
setting, since every font size is in rem). Only a data table may scroll sideways, inside its own
`.table-scroll` box (the exception WCAG makes for two-dimensional content)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from tests.browser.conftest import screenshot
from tests.browser.family_device import sign_in
from webapp.checkins.service import Author
from webapp.db import get_session, utcnow
from webapp.models import AuthorKind, CheckIn, Child, Rating, User
from webapp.sharing.service import share_check_in

LANGS = ("sv", "ar")
NARROW = {"width": 320, "height": 720}
WIDE = {"width": 1280, "height": 800}

# One pass over the rendered page; returns what a reader would lose. Screen-reader-only text (.visually-hidden,
# clipped on purpose) and whatever is not rendered (closed <details>, display: none) are not looked at.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const view = document.documentElement.clientWidth;
  const page = document.scrollingElement;
  if (page.scrollWidth > view + 1) problems.push(`the page scrolls sideways: ${page.scrollWidth}px in ${view}px`);
  const name = el => `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.classList.length ?
    '.' + [...el.classList].join('.') : ''}> "${(el.innerText || el.value || '').trim().slice(0, 40)}"`;
  const sizes = el => `${el.clientWidth}x${el.clientHeight} box, ${el.scrollWidth}x${el.scrollHeight} content`;
  const at = r => `at ${Math.round(r.left)}..${Math.round(r.right)} of ${view}px`;
  const rendered = el => el.checkVisibility({visibilityProperty: true}) && !el.closest('.visually-hidden');
  const ownText = el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const clips = v => v === 'hidden' || v === 'clip';
  const scrolls = v => v === 'auto' || v === 'scroll';
  // A menu that opens over the page (positioned) is checked on its own, not as overflow of its opener.
  const outside = (inner, outer) => inner.left < outer.left - 1 || inner.right > outer.right + 1
    || inner.top < outer.top - 1 || inner.bottom > outer.bottom + 1;
  const popsOut = el => [...el.querySelectorAll('*')].some(d => rendered(d)
    && ['absolute', 'fixed'].includes(getComputedStyle(d).position)
    && outside(d.getBoundingClientRect(), el.getBoundingClientRect()));
  const inScrollBox = el => el.parentElement && el.parentElement.closest('.table-scroll');
  const interactive = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const spilling = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!rendered(el) || el.closest('svg') && el.tagName !== 'svg') continue;
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const wider = el.scrollWidth > el.clientWidth + 1, taller = el.scrollHeight > el.clientHeight + 1;
    const content = (el.innerText || '').trim() || el.querySelector('img, svg');
    if (content && (clips(style.overflowX) && wider || clips(style.overflowY) && taller))
      problems.push(`cut off: ${name(el)} ${sizes(el)}`);
    if (scrolls(style.overflowX) && wider && !(el.matches('.table-scroll') && el.querySelector('table')))
      problems.push(`scrolls sideways inside: ${name(el)}`);
    // Glyphs may stand a little above or below their line; a box too short for its text is off by more.
    const spillsDown = el.scrollHeight > el.clientHeight + parseFloat(style.fontSize) / 2;
    if (content && style.display !== 'inline' && style.overflowX === 'visible' && style.overflowY === 'visible'
        && (wider || spillsDown) && !inScrollBox(el) && !popsOut(el))
      spilling.push(el);
    if (inScrollBox(el)) continue;
    if (el.matches(interactive) && (r.right <= 0 || r.left >= view))
      problems.push(`out of reach: ${name(el)} ${at(r)}`);
    else if (ownText(el) && (r.left < -1 || r.right > view + 1))
      problems.push(`text off the side: ${name(el)} ${at(r)}`);
  }
  // Content sticking out of its box shows up on every ancestor too; name the innermost box only.
  for (const el of spilling)
    if (!spilling.some(other => other !== el && el.contains(other)))
      problems.push(`spills out of its box: ${name(el)} ${sizes(el)}`);
  return problems;
}"""

# Sets the root text to 200 % and names any text that did not grow with it (a size fixed in px).
TEXT_AT_200 = """() => {
  const texts = [...document.body.querySelectorAll('*')].filter(el => el.checkVisibility()
    && [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
  const before = texts.map(el => parseFloat(getComputedStyle(el).fontSize));
  const root = () => parseFloat(getComputedStyle(document.documentElement).fontSize);
  const normal = root();
  document.documentElement.style.fontSize = '200%';
  if (root() < normal * 1.95) return [`the root text stays at ${root()}px`];
  return texts.filter((el, i) => parseFloat(getComputedStyle(el).fontSize) < before[i] * 1.95)
    .map(el => `text does not grow: <${el.tagName.toLowerCase()}> "${el.textContent.trim().slice(0, 40)}"`);
}"""


class Reflow:
    """Checks the page open in one browser context at both sizes and keeps what it finds."""

    def __init__(self, browser, base_url: str) -> None:  # noqa: ANN001
        self.context = browser.new_context(base_url=base_url, viewport=NARROW)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.checked: list[str] = []

    def visit(self, url: str, lang: str) -> None:
        self.page.goto(f"{url}{'&' if '?' in url else '?'}lang={lang}")
        assert self.page.locator("html").get_attribute("lang") == lang, url
        self.check(f"{url} [{lang}]")

    def check(self, where: str) -> None:
        page = self.page
        page.set_viewport_size(NARROW)
        found = [f"320px {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
        page.set_viewport_size(WIDE)
        found += [f"text 200% {p}" for p in page.evaluate(TEXT_AT_200)]
        found += [f"text 200% {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
        if found:
            screenshot(page, "text-size-" + "".join(c if c.isalnum() else "-" for c in where))
        page.evaluate("() => document.documentElement.style.fontSize = ''")
        page.set_viewport_size(NARROW)
        self.problems += [f"{where}: {p}" for p in found]
        self.checked.append(where)

    def visit_all(self, urls: list[str]) -> None:
        for url in urls:
            for lang in LANGS:
                self.visit(url, lang)

    def close(self) -> None:
        self.context.close()
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def shared_check_in(live_server) -> dict[str, int]:  # noqa: ANN001
    """Anna's check-in about Sam, with a note, shared with his contact person Karin."""
    with live_server.app.app_context():
        db = get_session()
        sam = db.scalar(select(Child).where(Child.first_name == "Sam"))
        anna = db.scalar(select(User).where(User.email == "anna@demo.mitthjul.se"))
        karin = db.scalar(select(User).where(User.email == "karin@demo.mitthjul.se"))
        check_in = CheckIn(client_id=str(uuid.uuid4()), author_kind=AuthorKind.GUARDIAN, author_user_id=anna.id,
                           subject_child_id=sam.id, wheel_id="girfec8", wheel_version=1, help_choices="talk quiet",
                           note="Sam sover dåligt sedan flytten och vill inte gå till fritids på eftermiddagarna.",
                           created_at=utcnow())
        check_in.ratings = [Rating(part_key=key, position=i, value=None if i == 2 else i % 5 + 1) for i, key in
                            enumerate(["safe", "healthy", "achieving", "nurtured", "active", "respected",
                                       "responsible", "included", "hope"])]
        db.add(check_in)
        db.flush()
        share = share_check_in(db, Author(AuthorKind.GUARDIAN, user=anna), check_in, karin,
                               ["safe", "healthy", "included"], include_note=True)
        db.commit()
        return {"check_in": check_in.id, "share": share.id, "sam": sam.id}


def sam_id(live_server) -> int:  # noqa: ANN001
    with live_server.app.app_context():
        return get_session().scalar(select(Child.id).where(Child.first_name == "Sam"))


def test_public_pages(browser, live_server):
    reflow = Reflow(browser, live_server)
    reflow.visit_all(["/sign-in", "/", "/accessibility", "/guide", "/guide/safe?for=4-7", "/guide/social-services",
                      "/guide/sharing", "/guide/staircase", "/guide/your-data", "/join", "/languages", "/talk",
                      "/pictograms", "/offline", "/no-such-page"])
    for lang in LANGS:  # the language menu, opened
        reflow.page.goto(f"/sign-in?lang={lang}")
        reflow.page.locator(".language-menu summary").click()
        reflow.check(f"/sign-in, language menu open [{lang}]")
    reflow.close()


def test_guardian_and_child_turn(browser, live_server, shared_check_in):
    reflow = Reflow(browser, live_server)
    page = reflow.page
    sign_in(page, "anna@demo.mitthjul.se", "sv")
    reflow.visit_all(["/", f"/check-ins/{shared_check_in['check_in']}", "/support-near-you",
                      "/settings/notifications", "/guide/healthy?for=guardian", "/my-wheel", "/family/data",
                      "/shared-by-me", f"/shares/{shared_check_in['share']}", "/shared-with-me",
                      f"/children/{shared_check_in['sam']}/contact-person"])
    sam = page.locator(".card", has=page.get_by_role("heading", name="Sam"))
    page.goto("/?lang=sv")
    sam.locator("form[action='/check-in/start'] button").click()
    page.wait_for_url("**/check-in/step/1")
    reflow.visit_all(["/check-in/step/1", "/check-in/more", "/check-in/summary"])
    page.goto("/?lang=sv")
    sam.locator("form[action$='/turn'] button").click()
    page.wait_for_url("**/turn")
    reflow.visit_all(["/turn"])  # the picture-code pad
    for picture in ["cat", "sun", "ball"]:
        page.locator(f"button[value='{picture}']").click()
    page.locator("form[action='/check-in/start']").wait_for()
    reflow.visit_all(["/turn"])
    page.locator("form[action='/check-in/start'] button").click()
    page.wait_for_url("**/check-in/step/1")
    reflow.visit_all(["/check-in/step/1", "/my-wheel", "/turn/new-code", "/talk", "/shared-by-me", "/turn/end"])
    reflow.close()
    assert len(reflow.checked) == 2 * 22


def test_contact_person(browser, live_server, shared_check_in):
    reflow = Reflow(browser, live_server)
    sign_in(reflow.page, "karin@demo.mitthjul.se", "sv")
    reflow.visit_all(["/", "/inbox", f"/inbox/{shared_check_in['share']}", "/settings/contact-details",
                      f"/children/{shared_check_in['sam']}/consent"])
    page = reflow.page
    page.goto("/?lang=sv")
    page.locator("form[action='/class-mode/open'] button").first.click()
    page.wait_for_url("**/class")
    reflow.visit_all(["/class", "/class/staff"])
    reflow.close()


def test_unit_admin(browser, live_server):
    reflow = Reflow(browser, live_server)
    sign_in(reflow.page, "admin@demo.mitthjul.se", "sv")
    reflow.visit_all(["/admin/", "/admin/directory", "/settings/notifications",
                      f"/admin/children/{sam_id(live_server)}"])
    reflow.close()
