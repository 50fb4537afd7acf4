"""Every guide and trust page in every language and for every audience, with no missing page, broken link
or text left in English. The pages read no data, so one app on SQLite serves them all."""

from __future__ import annotations

import re
import shutil
from html import unescape

import pytest

from tests.conftest import make_config
from tests.guide.test_pages import english_texts
from tests.helpers import PageClient
from webapp import create_app
from webapp.guide.content import AUDIENCES, LOCALES, PART_PAGES, SOURCE_LOCALE, TRUST_PAGES

HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture
def guide_client(sqlite_template, tmp_path):
    path = tmp_path / "guide.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app(make_config(f"sqlite:///{path}", tmp_path))
    yield PageClient(app)
    app.extensions["db_engine"].dispose()


def test_every_page_in_every_language_and_audience_renders_and_links_resolve(guide_client: PageClient):
    client = guide_client
    linked: set[str] = set()
    for lang in LOCALES:
        r = client.get(f"/guide?lang={lang}")
        assert r.status_code == 200 and f'lang="{lang}"' in r.get_data(as_text=True)
        linked.update(h for h in HREF.findall(r.get_data(as_text=True)) if h.startswith("/guide"))
        for slug in (*PART_PAGES, *TRUST_PAGES):
            audiences = AUDIENCES if slug in PART_PAGES else ("guardian",)
            english = [t for t in english_texts(slug) if len(t) >= 24]
            for audience in audiences:
                r = client.get(f"/guide/{slug}?lang={lang}&for={audience}")
                assert r.status_code == 200, (lang, slug, audience)
                body = unescape(r.get_data(as_text=True))
                assert f'lang="{lang}"' in body
                if lang != SOURCE_LOCALE:
                    left = [t for t in english if t in body]
                    assert not left, (lang, slug, audience, left[:1])
                linked.update(unescape(h) for h in HREF.findall(body) if h.startswith("/guide"))
    for href in sorted(linked):
        assert client.get(href).status_code == 200, href


