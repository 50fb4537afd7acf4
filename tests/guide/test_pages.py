"""Every guide and trust page in every language and for every audience; suggestions after a check-in."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from tests.checkins.conftest import answer_all, finish, start
from tests.helpers import PageClient
from webapp.guide.content import PART_PAGES, PHONES, SOURCE_LOCALE, load_guide
from webapp.models import Rating

pytestmark = pytest.mark.usefixtures("demo")
HREF = re.compile(r'href="([^"]+)"')


def english_texts(slug: str) -> list[str]:
    page = load_guide().page(SOURCE_LOCALE, slug)
    if slug in PART_PAGES:
        return [t for s in page.sections.values() for t in (s.intro, *s.helps, *s.yourself)]
    return [page.intro, *[t for step in page.steps for t in (step.heading, step.text)]]


def test_national_help_is_tap_to_call(client: PageClient):
    body = client.get("/guide/healthy?lang=en&for=8-12").get_data(as_text=True)
    assert 'href="tel:116111"' in body and 'href="tel:1177"' in body
    body = client.get("/guide?lang=en").get_data(as_text=True)
    assert all(f'href="tel:{n.replace(" ", "")}"' in body for n in PHONES.values())


def test_a_child_reads_their_own_age_band_and_a_guardian_the_guardians_version(app, db, child_client):
    guide = load_guide()
    sam = child_client("Sam")  # Sam is 8–12 in the demo
    body = unescape(sam.get("/guide/safe").get_data(as_text=True))
    lang = re.search(r'<html lang="(\w+)"', body).group(1)
    assert guide.page(lang, "safe").sections["8-12"].intro in body
    guardian = PageClient(app)
    guardian.sign_in("anna@demo.mitthjul.se")
    body = unescape(guardian.get("/guide/safe?lang=en").get_data(as_text=True))
    assert guide.page("en", "safe").sections["guardian"].intro in body


def test_unknown_pages_and_audiences_are_harmless(client: PageClient):
    assert client.get("/guide/nothing-here?lang=en").status_code == 404
    assert client.get("/guide/safe?lang=en&for=<b>").status_code == 200


def test_after_a_check_in_the_lowest_parts_get_suggestions(app, db, child_client):
    """healthy (2nd) and active (5th) rated lowest: their guide pages are suggested, calmly."""
    sam = child_client("Sam")
    start(sam)
    values = ["4", "1", "5", "4", "2", "5", "4", "5", "4"]
    answer_all(sam, values)
    check_in_id = finish(sam)
    ratings = db.scalars(select(Rating).where(Rating.check_in_id == check_in_id)).all()
    assert {r.part_key: r.value for r in ratings}["healthy"] == 1
    body = sam.get(f"/check-ins/{check_in_id}?saved=1").get_data(as_text=True)
    begin = body.index('id="suggestions-heading"')
    suggestions = body[begin:body.index("</section>", begin)]
    assert re.findall(r'href="/guide/([\w-]+)"', suggestions) == ["healthy", "active"]


def test_a_good_check_in_suggests_nothing(app, db, child_client):
    sam = child_client("Sam")
    start(sam)
    answer_all(sam, ["5", "4", "5", "4", "5", "5", "4", "5", "4"])
    body = sam.get(f"/check-ins/{finish(sam)}?saved=1").get_data(as_text=True)
    assert "suggestions-heading" not in body
