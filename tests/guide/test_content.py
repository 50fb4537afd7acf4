"""The guide's files: every page in every language, links that resolve, nothing left in English."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from flask import Flask

from webapp.guide import store
from webapp.guide.content import (
    AUDIENCES,
    CONTENT,
    LOCALES,
    PAGES,
    PART_PAGES,
    GuideContentError,
    PartPage,
    load_guide,
)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def test_the_shipped_guide_is_complete():
    guide = load_guide()
    assert set(guide.pages) == set(LOCALES)
    for locale in LOCALES:
        assert set(guide.pages[locale]) == set(PAGES)
        for slug in PART_PAGES:
            page = guide.page(locale, slug)
            assert isinstance(page, PartPage) and set(page.sections) == set(AUDIENCES)


def test_a_page_missing_in_one_language_stops_start_up(content: Path):
    (content / "so" / "healthy.toml").unlink()
    with pytest.raises(GuideContentError, match="so/healthy.toml.*missing"):
        load_guide(content)
    with pytest.raises(SystemExit, match="cannot start.*so/healthy.toml"):
        store.init_app(Flask(__name__), content)


def test_a_link_to_a_page_that_does_not_exist_is_refused(content: Path):
    path = content / "en" / "safe.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^see = .*$", 'see = ["no-such-page"]', text, count=1, flags=re.M), encoding="utf-8")
    with pytest.raises(GuideContentError, match="en/safe.toml.*no-such-page"):
        load_guide(content)


def test_a_text_left_in_english_is_refused(content: Path):
    english = (content / "en" / "your-data.toml").read_text(encoding="utf-8")
    (content / "pl" / "your-data.toml").write_text(english, encoding="utf-8")
    with pytest.raises(GuideContentError, match="pl/your-data.toml.*still the English text"):
        load_guide(content)


def test_an_empty_text_or_a_shorter_list_is_refused(content: Path):
    path = content / "fi" / "active.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("intro", text.index('["8-12"]'))
    end = text.index("\n", start)
    path.write_text(text[:start] + 'intro = "  "' + text[end:], encoding="utf-8")
    with pytest.raises(GuideContentError, match=r"fi/active.toml \[8-12.intro\].*not empty"):
        load_guide(content)


def test_a_file_that_is_not_toml_names_itself(content: Path):
    (content / "ar" / "staircase.toml").write_text("title = \n", encoding="utf-8")
    with pytest.raises(GuideContentError, match="ar/staircase.toml.*not valid TOML"):
        load_guide(content)
