"""The shipped wheel definitions load, and a broken one fails with a message that says where."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from webapp.i18n import LANGUAGES
from webapp.wheels import (
    AGE_BANDS,
    CANONICAL_KEYS,
    DEFAULT_WHEEL,
    LOCALES,
    Text,
    WheelDefinitionError,
    load_all,
    load_definition,
)
from webapp.wheels.loader import DEFINITIONS, PICTOGRAMS

SHIPPED = sorted(DEFINITIONS.glob("*.json"))
SCRIPTS = {
    "ar": r"[\u0600-\u06FF]", "fa": r"[\u0600-\u06FF]", "ckb": r"[\u0600-\u06FF]",
    "ti": r"[\u1200-\u139F]", "uk": r"[\u0400-\u04FF]",
}


def _girfec8() -> dict[str, Any]:
    return json.loads((DEFINITIONS / "girfec8.json").read_text(encoding="utf-8"))


def _texts(raw_part: dict[str, Any]) -> list[dict[str, str]]:
    return [raw_part["name"], raw_part["meaning"], *raw_part["child_question"].values(),
            raw_part["guardian_question"]]


def _fails(tmp_path: Path, data: dict[str, Any] | str, *expected: str) -> str:
    path = tmp_path / "broken.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(WheelDefinitionError) as error:
        load_definition(path)
    message = str(error.value)
    for fragment in ("broken.json", *expected):
        assert fragment in message
    return message


# The shipped files


def test_shipped_wheels_load() -> None:
    wheels = load_all()
    assert set(wheels) == {"girfec8", "municipal7", "life_flower"}
    assert DEFAULT_WHEEL in wheels
    assert all(wheel.version >= 1 for wheel in wheels.values())


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_wheel_covers_every_canonical_key(path: Path) -> None:
    wheel = load_definition(path)
    assert wheel.id == path.stem
    assert {key for part in wheel.parts for key in part.canonical_keys} == set(CANONICAL_KEYS)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_pictograms_exist(path: Path) -> None:
    wheel = load_definition(path)
    for part in (*wheel.parts, *wheel.extras):
        assert (PICTOGRAMS / f"{part.pictogram}.svg").is_file(), part.key


def test_girfec8_is_the_eight_indicators_in_order_with_hope_as_an_extra() -> None:
    wheel = load_all()["girfec8"]
    assert [part.key for part in wheel.parts] == list(CANONICAL_KEYS)
    assert all(part.canonical_keys == (part.key,) for part in wheel.parts)
    assert [(extra.key, extra.canonical_keys) for extra in wheel.extras] == [("hope", ())]
    assert wheel.part("hope").name.get("sv") == "Framtidstro"


def test_municipal7_merges_respected_and_responsible() -> None:
    wheel = load_all()["municipal7"]
    assert len(wheel.parts) == 7
    assert wheel.part("respected_responsible").canonical_keys == ("respected", "responsible")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_texts_are_translated_not_copied(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for raw_part in (*data["parts"], *data["extras"]):
        for text in _texts(raw_part):
            for locale, pattern in SCRIPTS.items():
                assert re.search(pattern, text[locale]), (raw_part["key"], locale, text[locale])
            for locale in ("sv", "so", "pl", "bs", "tr", "fi"):
                assert text[locale] != text["en"], (raw_part["key"], locale, text[locale])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_only_guardian_questions_name_the_child(path: Path) -> None:
    wheel = load_definition(path)
    for part in (*wheel.parts, *wheel.extras):
        assert tuple(part.child_question) == AGE_BANDS
        for locale in LOCALES:
            assert "Zoë" in part.guardian_question.get(locale) % {"name": "Zoë"}
            assert all("%(" not in question.get(locale) for question in part.child_question.values())


def test_text_falls_back_to_english() -> None:
    text = Text({"en": "Safe", "sv": "Trygg"})
    assert text.get("sv") == "Trygg"
    assert text.get("ti") == "Safe"


def test_locales_are_the_app_languages() -> None:
    assert tuple(LANGUAGES) == LOCALES


# Broken copies


def test_invalid_json_names_the_file_line_and_part(tmp_path: Path) -> None:
    source = json.dumps(_girfec8(), ensure_ascii=False, indent=1)
    broken = source.replace('"pictogram": "wheel_healthy",', '"pictogram": "wheel_healthy"', 1)
    _fails(tmp_path, broken, "not valid JSON", "line ", "part 'healthy'")


def test_missing_field(tmp_path: Path) -> None:
    data = _girfec8()
    del data["parts"][1]["meaning"]
    _fails(tmp_path, data, "part 'healthy'", "missing field 'meaning'")


def test_missing_wheel_field(tmp_path: Path) -> None:
    data = _girfec8()
    del data["version"]
    _fails(tmp_path, data, "wheel", "missing field 'version'")


@pytest.mark.parametrize("locale", LOCALES)
def test_missing_translation(tmp_path: Path, locale: str) -> None:
    data = _girfec8()
    del data["parts"][2]["child_question"]["8-12"][locale]
    _fails(tmp_path, data, "part 'achieving'", "child_question 8-12", f"missing translation for '{locale}'")


def test_empty_translation_in_an_extra(tmp_path: Path) -> None:
    data = _girfec8()
    data["extras"][0]["meaning"]["ckb"] = "  "
    _fails(tmp_path, data, "extra 'hope'", "meaning", "missing translation for 'ckb'")


def test_unknown_canonical_key(tmp_path: Path) -> None:
    data = _girfec8()
    data["parts"][3]["canonical_keys"] = ["nurtured", "happy"]
    _fails(tmp_path, data, "part 'nurtured'", "unknown canonical key 'happy'")


def test_duplicate_part_key(tmp_path: Path) -> None:
    data = _girfec8()
    data["extras"].append(copy.deepcopy(data["parts"][4]))
    _fails(tmp_path, data, "part 'active'", "duplicate part key")


@pytest.mark.parametrize("pictogram", ["wheel_unicorn", "../pictograms/logo", "Wheel_Safe"])
def test_unknown_pictogram(tmp_path: Path, pictogram: str) -> None:
    data = _girfec8()
    data["parts"][5]["pictogram"] = pictogram
    _fails(tmp_path, data, "part 'respected'", f"unknown pictogram '{pictogram}'")


@pytest.mark.parametrize("bands", [["4-7", "8-12"], ["4-7", "8-12", "13-19"], ["4-7", "8-12", "13-18", "19-99"]])
def test_bad_age_bands(tmp_path: Path, bands: list[str]) -> None:
    data = _girfec8()
    questions = data["parts"][6]["child_question"]
    data["parts"][6]["child_question"] = {band: questions.get(band, questions["13-18"]) for band in bands}
    _fails(tmp_path, data, "part 'responsible'", "age bands")


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("ar", "برأيك، ما مدى شعور طفلك بالانتماء؟"),
        ("fi", "Kuinka hyvin %(nimi)s mielestäsi kokee kuuluvansa joukkoon?"),
        ("tr", "Sizce %(name)s ve %(name)s ne kadar dahil?"),
    ],
)
def test_guardian_placeholder_mismatch(tmp_path: Path, locale: str, text: str) -> None:
    data = _girfec8()
    data["parts"][7]["guardian_question"][locale] = text
    _fails(tmp_path, data, "part 'included'", "guardian_question", f"'{locale}'")


def test_lone_percent_in_a_guardian_question(tmp_path: Path) -> None:
    data = _girfec8()
    data["parts"][0]["guardian_question"]["pl"] = "Na ile (w %) %(name)s czuje się bezpiecznie?"
    _fails(tmp_path, data, "part 'safe'", "guardian_question", "'pl'", "%%")


def test_placeholder_in_a_child_question(tmp_path: Path) -> None:
    data = _girfec8()
    data["parts"][0]["child_question"]["4-7"]["sv"] = "Känner du dig trygg, %(name)s?"
    _fails(tmp_path, data, "part 'safe'", "child_question 4-7", "'sv'")


def test_canonical_key_covered_by_no_part(tmp_path: Path) -> None:
    data = _girfec8()
    data["parts"] = [part for part in data["parts"] if part["key"] != "included"]
    data["extras"][0]["canonical_keys"] = ["included"]  # an extra does not count
    _fails(tmp_path, data, "no part covers the canonical key 'included'")


def test_duplicate_wheel_id_across_files(tmp_path: Path) -> None:
    for name in ("girfec8.json", "girfec8-copy.json"):
        (tmp_path / name).write_text(json.dumps(_girfec8(), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(WheelDefinitionError) as error:
        load_all(tmp_path)
    message = str(error.value)
    assert "girfec8.json" in message and "girfec8-copy.json" in message
    assert "duplicate wheel id 'girfec8'" in message


def test_default_wheel_missing(tmp_path: Path) -> None:
    data = _girfec8()
    data["id"] = "other"
    (tmp_path / "other.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(WheelDefinitionError, match="default wheel 'girfec8' is missing"):
        load_all(tmp_path)
