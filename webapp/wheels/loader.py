"""Wheel definitions are data: one JSON file per variant, validated when the app starts.

A broken file stops start-up with a message naming the file, the part and what is wrong.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from webapp.i18n import LANGUAGES

LOCALES: tuple[str, ...] = tuple(LANGUAGES)
FALLBACK_LOCALE = "en"
CANONICAL_KEYS = ("safe", "healthy", "achieving", "nurtured", "active", "respected", "responsible", "included")
AGE_BANDS: tuple[str, ...] = ("4-7", "8-12", "13-18")
DEFAULT_WHEEL = "girfec8"
DEFINITIONS = Path(__file__).parent / "definitions"
PICTOGRAMS = Path(__file__).resolve().parents[2] / "static" / "pictograms"

# Guardian questions are rendered with `text % {"name": first_name}`; no other text is %-formatted.
GUARDIAN_PLACEHOLDERS = frozenset({"name"})
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_PART_KEY = re.compile(r'"key"\s*:\s*"([^"]*)"')
_KEY = re.compile(r"[a-z][a-z0-9_]*")  # part keys are stored in check-ins; pictograms become file names
_WHEEL_FIELDS = {"id", "version", "name", "parts", "extras"}
_PART_FIELDS = {"key", "canonical_keys", "pictogram", "name", "meaning", "child_question", "guardian_question"}


class WheelDefinitionError(ValueError):
    """A wheel definition file is not valid."""


@dataclass(frozen=True)
class Text:
    """One text in every locale."""

    by_locale: Mapping[str, str]

    def get(self, locale: str) -> str:
        """The text in `locale`, or in English when that locale has none."""
        return self.by_locale.get(locale) or self.by_locale[FALLBACK_LOCALE]


@dataclass(frozen=True)
class Part:
    """One part of a wheel (or an extra item such as hope) and how it is asked."""

    key: str
    canonical_keys: tuple[str, ...]
    pictogram: str
    name: Text
    meaning: Text
    child_question: Mapping[str, Text]  # by age band
    guardian_question: Text  # holds %(name)s, the child's first name


@dataclass(frozen=True)
class WheelDefinition:
    """A versioned wheel variant; check-ins record its id and version."""

    id: str
    version: int
    name: Text
    parts: tuple[Part, ...]
    extras: tuple[Part, ...]

    def part(self, key: str) -> Part:
        """A part or extra item by key; KeyError when the wheel has none."""
        for part in (*self.parts, *self.extras):
            if part.key == key:
                return part
        raise KeyError(key)


class _Reader:
    """Reads one file, raising errors that say where in it the problem is."""

    def __init__(self, path: Path, pictograms: Path) -> None:
        self.path = path
        self.pictograms = pictograms

    def fail(self, where: str, problem: str) -> WheelDefinitionError:
        return WheelDefinitionError(f"{self.path.name}: {where}: {problem}")

    def fields(self, raw: Any, allowed: set[str], required: set[str], where: str) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.fail(where, "expected an object")
        if missing := sorted(required - raw.keys()):
            raise self.fail(where, f"missing field '{missing[0]}'")
        if unknown := sorted(raw.keys() - allowed):
            raise self.fail(where, f"unknown field '{unknown[0]}'")
        return raw

    def text(self, raw: Any, where: str, placeholders: frozenset[str] = frozenset()) -> Text:
        if not isinstance(raw, dict):
            raise self.fail(where, "expected an object of texts by locale")
        if unknown := sorted(raw.keys() - set(LOCALES)):
            raise self.fail(where, f"unknown locale '{unknown[0]}'")
        expected: list[str] | None = None
        for locale in LOCALES:
            value = raw.get(locale)
            if not isinstance(value, str) or not value.strip():
                raise self.fail(where, f"missing translation for '{locale}'")
            found = sorted(_PLACEHOLDER.findall(value))
            if not set(found) <= placeholders:
                raise self.fail(where, f"'{locale}' has a placeholder this text cannot fill: {found}")
            expected = found if expected is None else expected
            if found != expected:
                raise self.fail(where, f"placeholders in '{locale}' {found} differ from '{LOCALES[0]}' {expected}")
            if placeholders:
                try:
                    value % dict.fromkeys(placeholders, "")
                except (ValueError, TypeError, KeyError) as e:
                    raise self.fail(where, f"'{locale}' cannot be filled in ({e}); write a lone % as %%") from None
        return Text(MappingProxyType({locale: raw[locale] for locale in LOCALES}))

    def part(self, raw: Any, index: int, section: str) -> Part:
        key = raw.get("key") if isinstance(raw, dict) else None
        where = f"{section} '{key}'" if isinstance(key, str) else f"{section} #{index + 1}"
        raw = self.fields(raw, _PART_FIELDS, _PART_FIELDS, where)
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise self.fail(where, "'key' must be lower-case letters, digits and _")
        canonical = raw["canonical_keys"]
        if not isinstance(canonical, list) or not all(isinstance(k, str) for k in canonical):
            raise self.fail(where, "'canonical_keys' must be a list of keys")
        if unknown := [k for k in canonical if k not in CANONICAL_KEYS]:
            raise self.fail(where, f"unknown canonical key '{unknown[0]}' (known: {', '.join(CANONICAL_KEYS)})")
        if len(set(canonical)) != len(canonical) or (section == "part" and not canonical):
            raise self.fail(where, "'canonical_keys' must name each key once, and a part at least one")
        pictogram = raw["pictogram"]
        if not (isinstance(pictogram, str) and _KEY.fullmatch(pictogram)
                and (self.pictograms / f"{pictogram}.svg").is_file()):
            raise self.fail(where, f"unknown pictogram '{pictogram}' (no such file in static/pictograms)")
        questions = raw["child_question"]
        if not isinstance(questions, dict) or sorted(questions) != sorted(AGE_BANDS):
            found = sorted(questions) if isinstance(questions, dict) else questions
            raise self.fail(where, f"child_question must have exactly the age bands {list(AGE_BANDS)}, not {found}")
        return Part(
            key=key,
            canonical_keys=tuple(canonical),
            pictogram=pictogram,
            name=self.text(raw["name"], f"{where} name"),
            meaning=self.text(raw["meaning"], f"{where} meaning"),
            child_question=MappingProxyType(
                {band: self.text(questions[band], f"{where} child_question {band}") for band in AGE_BANDS}
            ),
            guardian_question=self.text(raw["guardian_question"], f"{where} guardian_question",
                                        GUARDIAN_PLACEHOLDERS),
        )

    def wheel(self) -> WheelDefinition:
        try:
            source = self.path.read_text(encoding="utf-8")
            data = json.loads(source)
        except json.JSONDecodeError as e:
            keys = _PART_KEY.findall(source, 0, e.pos)
            where = f"line {e.lineno}" + (f", in or after part '{keys[-1]}'" if keys else "")
            raise self.fail(where, f"not valid JSON ({e.msg})") from None
        except (OSError, UnicodeDecodeError) as e:
            raise self.fail("file", f"cannot be read ({e})") from None
        data = self.fields(data, _WHEEL_FIELDS, _WHEEL_FIELDS - {"extras"}, "wheel")
        wheel_id, version = data["id"], data["version"]
        if not isinstance(wheel_id, str) or not _KEY.fullmatch(wheel_id):
            raise self.fail("wheel", "'id' must be lower-case letters, digits and _")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.fail("wheel", "'version' must be a whole number from 1")
        raw_parts, raw_extras = data["parts"], data.get("extras", [])
        if not isinstance(raw_parts, list) or not raw_parts or not isinstance(raw_extras, list):
            raise self.fail("wheel", "'parts' must be a non-empty list and 'extras' a list")
        parts = tuple(self.part(raw, i, "part") for i, raw in enumerate(raw_parts))
        extras = tuple(self.part(raw, i, "extra") for i, raw in enumerate(raw_extras))
        seen: set[str] = set()
        for part in (*parts, *extras):
            if part.key in seen:
                raise self.fail(f"part '{part.key}'", "duplicate part key")
            seen.add(part.key)
        covered = {key for part in parts for key in part.canonical_keys}
        if missing := [key for key in CANONICAL_KEYS if key not in covered]:
            raise self.fail("wheel", f"no part covers the canonical key '{missing[0]}'")
        return WheelDefinition(wheel_id, version, self.text(data["name"], "wheel name"), parts, extras)


def load_definition(path: Path, pictograms: Path = PICTOGRAMS) -> WheelDefinition:
    """Read and validate one definition file."""
    return _Reader(Path(path), pictograms).wheel()


def load_all(directory: Path = DEFINITIONS, pictograms: Path = PICTOGRAMS) -> dict[str, WheelDefinition]:
    """Every definition in the folder by id; the default wheel must be among them."""
    wheels: dict[str, WheelDefinition] = {}
    files: dict[str, Path] = {}
    for path in sorted(Path(directory).glob("*.json")):
        wheel = load_definition(path, pictograms)
        if wheel.id in wheels:
            first = files[wheel.id].name
            raise WheelDefinitionError(f"{path.name}: wheel: duplicate wheel id '{wheel.id}', also in {first}")
        wheels[wheel.id], files[wheel.id] = wheel, path
    if DEFAULT_WHEEL not in wheels:
        raise WheelDefinitionError(f"{Path(directory).name}: the default wheel '{DEFAULT_WHEEL}' is missing")
    return wheels
