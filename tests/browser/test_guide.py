"""axe-core (WCAG 2.1 A and AA) on the support guide: every page, in a left-to-right language, a
right-to-left one and Tigrinya, for each audience."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot
from webapp.guide.content import AUDIENCES, PART_PAGES, TRUST_PAGES


@pytest.mark.parametrize("lang", ["sv", "ar", "ti"])
def test_every_guide_page_passes_axe(page, lang):
    urls = ["/guide"]
    # Each part page once, the audiences taking turns, and every audience of one page.
    urls += [f"/guide/{slug}?for={AUDIENCES[i % len(AUDIENCES)]}" for i, slug in enumerate(PART_PAGES)]
    urls += [f"/guide/healthy?for={audience}" for audience in AUDIENCES]
    urls += [f"/guide/{slug}" for slug in TRUST_PAGES]
    for url in urls:
        sep = "&" if "?" in url else "?"
        page.goto(f"{url}{sep}lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang, url
        assert page.locator("h1").count() == 1, url
        assert_accessible(page)
    page.goto(f"/guide/sharing?lang={lang}")
    screenshot(page, f"guide-sharing-{lang}")
    assert not page.csp_violations


def test_guide_text_can_be_read_aloud(page):
    page.goto("/guide/safe?lang=en&for=4-7")
    buttons = page.get_by_role("button", name="Read aloud")
    assert buttons.count() == 3
    buttons.first.click()
    # Headless Chromium has no voices: it says so rather than reading in another language.
    expect(page.locator("#read-aloud-status")).to_contain_text("no voice")
