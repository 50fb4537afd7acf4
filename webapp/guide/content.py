"""The support guide's texts: TOML files per language in the repository, checked when the app starts.

A page missing in one language, an empty text, a list shorter than the English source, a link to a page that
does not exist, or a long text left in English stops start-up with a message naming the file and the place.
The format is described for writers and translators in content/README.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from webapp.wheels.loader import AGE_BANDS, CANONICAL_KEYS, LOCALES, PICTOGRAMS

CONTENT = Path(__file__).parent / "content"
SOURCE_LOCALE = "en"
PART_PAGES: tuple[str, ...] = CANONICAL_KEYS
TRUST_PAGES: tuple[str, ...] = ("sharing", "staircase", "social-services", "your-data")
PAGES: tuple[str, ...] = PART_PAGES + TRUST_PAGES
AUDIENCES: tuple[str, ...] = (*AGE_BANDS, "guardian")
CONTACTS: tuple[str, ...] = ("contact_person", "school_health", "local", "bris", "health_advice", "emergency")
# Numbers are the same in every language, so they live here and not in the texts.
PHONES = MappingProxyType({"bris": "116 111", "emergency": "112", "health_advice": "1177"})
# A text this long that is word for word the English one has not been translated.
_UNTRANSLATED_MIN_LENGTH = 24


class GuideContentError(ValueError):
    """A guide file is missing or not valid."""


@dataclass(frozen=True)
class Section:
    intro: str
    helps: tuple[str, ...]
    yourself: tuple[str, ...]
    who: tuple[str, ...]
    see: tuple[str, ...]


@dataclass(frozen=True)
class PartPage:
    slug: str
    title: str
    sections: MappingProxyType  # audience → Section

    kind = "part"


@dataclass(frozen=True)
class Step:
    pictogram: str
    heading: str
    text: str


@dataclass(frozen=True)
class TrustPage:
    slug: str
    title: str
    intro: str
    steps: tuple[Step, ...]
    see: tuple[str, ...]

    kind = "trust"


@dataclass(frozen=True)
class Contact:
    key: str
    name: str
    for_children: str
    for_guardians: str
    phone: str | None


@dataclass(frozen=True)
class Guide:
    pages: MappingProxyType  # locale → slug → PartPage | TrustPage
    contacts: MappingProxyType  # locale → key → Contact

    def page(self, locale: str, slug: str) -> PartPage | TrustPage:
        return self.pages[locale if locale in self.pages else SOURCE_LOCALE][slug]

    def contact(self, locale: str, key: str) -> Contact:
        return self.contacts[locale if locale in self.contacts else SOURCE_LOCALE][key]


class _Reader:
    """Reads one language's files; `source` (the English reading) fixes the shape every language must have."""

    def __init__(self, directory: Path, locale: str, source: dict[str, Any] | None) -> None:
        self.directory = directory / locale
        self.locale = locale
        self.source = source

    def fail(self, name: str, where: str, problem: str) -> GuideContentError:
        place = f" [{where}]" if where else ""
        return GuideContentError(f"guide content {self.locale}/{name}.toml{place}: {problem}")

    def load(self, name: str) -> dict[str, Any]:
        path = self.directory / f"{name}.toml"
        if not path.is_file():
            raise self.fail(name, "", "the file is missing (every language has every page)")
        try:
            with path.open("rb") as f:
                return tomllib.load(f)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise self.fail(name, "", f"not valid TOML: {e}") from None

    def text(self, raw: Any, name: str, where: str, english: Any = None) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise self.fail(name, where, "must be a text that is not empty")
        if (self.locale != SOURCE_LOCALE and isinstance(english, str) and raw.strip() == english.strip()
                and len(raw) >= _UNTRANSLATED_MIN_LENGTH):
            raise self.fail(name, where, "is still the English text")
        return raw.strip()

    def texts(self, raw: Any, name: str, where: str, english: Any = None) -> tuple[str, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail(name, where, "must be a list of texts")
        if isinstance(english, list) and len(raw) != len(english):
            raise self.fail(name, where, f"has {len(raw)} texts; the English page has {len(english)}")
        english = english if isinstance(english, list) else [None] * len(raw)
        return tuple(self.text(item, name, f"{where}.{i + 1}", english[i]) for i, item in enumerate(raw))

    def keys(self, raw: Any, name: str, where: str, known: tuple[str, ...], what: str) -> tuple[str, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list) or not all(isinstance(k, str) for k in raw):
            raise self.fail(name, where, f"must be a list of {what}")
        if unknown := [k for k in raw if k not in known]:
            raise self.fail(name, where, f"'{unknown[0]}' is not one of the {what} ({', '.join(known)})")
        return tuple(raw)

    def fields(self, raw: Any, name: str, where: str, required: set[str], optional: set[str] = frozenset()) -> dict:
        if not isinstance(raw, dict):
            raise self.fail(name, where, "must be a table")
        if missing := sorted(required - raw.keys()):
            raise self.fail(name, where, f"'{missing[0]}' is missing")
        if unknown := sorted(raw.keys() - required - optional):
            raise self.fail(name, where, f"'{unknown[0]}' is not a known field")
        return raw

    def part_page(self, slug: str, raw: dict[str, Any]) -> PartPage:
        english = self.source[slug] if self.source else {}
        raw = self.fields(raw, slug, "", {"title", *AUDIENCES})
        sections = {}
        for audience in AUDIENCES:
            table = self.fields(raw[audience], slug, audience, {"intro", "helps", "yourself", "who"}, {"see"})
            src = english.get(audience, {})
            who = self.keys(table["who"], slug, f"{audience}.who", CONTACTS, "contacts")
            see = self.keys(table.get("see"), slug, f"{audience}.see", PAGES, "guide pages")
            if self.source is not None and (list(who) != src.get("who") or list(see) != src.get("see", [])):
                raise self.fail(slug, audience, "'who' and 'see' must be the same as on the English page")
            if slug in see:
                raise self.fail(slug, f"{audience}.see", "a page cannot link to itself")
            sections[audience] = Section(
                intro=self.text(table["intro"], slug, f"{audience}.intro", src.get("intro")),
                helps=self.texts(table["helps"], slug, f"{audience}.helps", src.get("helps")),
                yourself=self.texts(table["yourself"], slug, f"{audience}.yourself", src.get("yourself")),
                who=who,
                see=see,
            )
        return PartPage(slug=slug, title=self.text(raw["title"], slug, "title"),
                        sections=MappingProxyType(sections))

    def trust_page(self, slug: str, raw: dict[str, Any]) -> TrustPage:
        english = self.source[slug] if self.source else {}
        raw = self.fields(raw, slug, "", {"title", "intro", "steps"}, {"see"})
        see = self.keys(raw.get("see"), slug, "see", PAGES, "guide pages")
        if self.source is not None and list(see) != english.get("see", []):
            raise self.fail(slug, "see", "must be the same as on the English page")
        if not isinstance(raw["steps"], list) or not raw["steps"]:
            raise self.fail(slug, "steps", "must be a list of steps")
        source_steps = english.get("steps", [])
        if self.source is not None and len(raw["steps"]) != len(source_steps):
            raise self.fail(slug, "steps", f"has {len(raw['steps'])} steps; the English page has {len(source_steps)}")
        steps = []
        for i, step in enumerate(raw["steps"]):
            where = f"steps.{i + 1}"
            step = self.fields(step, slug, where, {"pictogram", "heading", "text"})
            src = source_steps[i] if i < len(source_steps) else {}
            if not (PICTOGRAMS / f"{step['pictogram']}.svg").is_file():
                raise self.fail(slug, f"{where}.pictogram", f"no pictogram '{step['pictogram']}' in static/pictograms")
            if self.source is not None and step["pictogram"] != src.get("pictogram"):
                raise self.fail(slug, f"{where}.pictogram", "must be the same as on the English page")
            steps.append(Step(pictogram=step["pictogram"],
                              heading=self.text(step["heading"], slug, f"{where}.heading", src.get("heading")),
                              text=self.text(step["text"], slug, f"{where}.text", src.get("text"))))
        return TrustPage(slug=slug, title=self.text(raw["title"], slug, "title"),
                         intro=self.text(raw["intro"], slug, "intro", english.get("intro")),
                         steps=tuple(steps), see=see)

    def contacts(self, raw: dict[str, Any]) -> dict[str, Contact]:
        english = self.source["contacts"] if self.source else {}
        raw = self.fields(raw, "contacts", "", set(CONTACTS))
        found = {}
        for key in CONTACTS:
            table = self.fields(raw[key], "contacts", key, {"name", "for_children", "for_guardians"})
            src = english.get(key, {})
            found[key] = Contact(key=key, name=self.text(table["name"], "contacts", f"{key}.name"),
                                 for_children=self.text(table["for_children"], "contacts", f"{key}.for_children",
                                                        src.get("for_children")),
                                 for_guardians=self.text(table["for_guardians"], "contacts", f"{key}.for_guardians",
                                                         src.get("for_guardians")),
                                 phone=PHONES.get(key))
        return found

    def read(self) -> tuple[dict[str, Any], dict[str, PartPage | TrustPage], dict[str, Contact]]:
        if not self.directory.is_dir():
            raise GuideContentError(f"guide content: no folder for the language '{self.locale}'")
        expected = {f"{name}.toml" for name in (*PAGES, "contacts")}
        if extra := sorted(p.name for p in self.directory.glob("*.toml") if p.name not in expected):
            raise GuideContentError(f"guide content {self.locale}/{extra[0]}: not a known page")
        raw = {name: self.load(name) for name in (*PAGES, "contacts")}
        pages: dict[str, PartPage | TrustPage] = {}
        for slug in PART_PAGES:
            pages[slug] = self.part_page(slug, raw[slug])
        for slug in TRUST_PAGES:
            pages[slug] = self.trust_page(slug, raw[slug])
        return raw, pages, self.contacts(raw["contacts"])


def load_guide(directory: Path = CONTENT, locales: tuple[str, ...] = LOCALES) -> Guide:
    """Read and check every language; the English source is read first and fixes the shape of the rest."""
    source_raw, pages, contacts = _Reader(directory, SOURCE_LOCALE, None).read()
    all_pages = {SOURCE_LOCALE: MappingProxyType(pages)}
    all_contacts = {SOURCE_LOCALE: MappingProxyType(contacts)}
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        _raw, pages, contacts = _Reader(directory, locale, source_raw).read()
        all_pages[locale] = MappingProxyType(pages)
        all_contacts[locale] = MappingProxyType(contacts)
    return Guide(pages=MappingProxyType(all_pages), contacts=MappingProxyType(all_contacts))
