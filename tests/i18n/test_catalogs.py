"""Catalog checks: complete, right plural forms (CLDR), and the checker itself catches broken placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from webapp import ROOT
from webapp.i18n import LANGUAGES
from webapp.i18n_check import check_catalog, placeholders

# Integer plural categories per CLDR (fractions aside): the number of forms each catalog must have.
CLDR_PLURALS = {"sv": 2, "en": 2, "ar": 6, "fa": 2, "ckb": 2, "so": 2, "ti": 2, "uk": 3, "pl": 3, "bs": 3,
                "tr": 2, "fi": 2}


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_each_catalog_has_the_cldr_number_of_plural_forms(code):
    with (ROOT / "translations" / code / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    assert catalog.num_plurals == CLDR_PLURALS[code]


def test_every_catalog_is_complete_with_matching_placeholders():
    from webapp.i18n_check import run_checks

    problems = run_checks(check_pot=True)
    assert problems == []


def _po(tmp_path: Path, msgstr: str) -> Path:
    path = tmp_path / "translations" / "xx" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        f'msgid "Hello %(name)s"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    return path


def test_the_check_catches_a_broken_placeholder(tmp_path, monkeypatch):
    import webapp.i18n_check as checker

    monkeypatch.setattr(checker, "ROOT", tmp_path)
    problems: list[str] = []
    check_catalog(_po(tmp_path, "Hej %(namn)s"), {"Hello %(name)s"}, problems)
    assert problems and "placeholders differ" in problems[0]


def test_the_check_passes_a_good_catalog_and_flags_an_empty_one(tmp_path, monkeypatch):
    import webapp.i18n_check as checker

    monkeypatch.setattr(checker, "ROOT", tmp_path)
    problems: list[str] = []
    check_catalog(_po(tmp_path, "Hej %(name)s"), {"Hello %(name)s"}, problems)
    assert problems == []
    empty = tmp_path / "empty"
    monkeypatch.setattr(checker, "ROOT", empty)
    check_catalog(_po(empty, ""), {"Hello %(name)s"}, problems)
    assert problems and "not translated" in problems[0]


def test_placeholder_parsing():
    assert placeholders("%(num)d of %(total)d {x}") == {"num", "total", "x"}
