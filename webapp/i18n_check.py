"""Catalog checks for CI: the .pot is current, every catalog is complete, placeholders match.

Run with `python -m webapp.i18n_check`; exits non-zero with one line per problem.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from webapp import ROOT
from webapp.i18n import LANGUAGES

TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def extract_pot(target: Path) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(TRANSLATIONS / "babel.cfg"), "--no-location",
        "--add-comments=Translators:", "--sort-output", "-k", "_l", "-k", "lazy_gettext",
        "-o", str(target), str(ROOT),
    ])


def _messages(catalog: Catalog) -> dict[object, tuple[str, ...]]:
    return {m.id: tuple(m.auto_comments) for m in catalog if m.id}


def check_pot_current(problems: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "messages.pot"
        extract_pot(fresh)
        with fresh.open("rb") as f:
            fresh_messages = _messages(read_po(f))
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        committed = _messages(read_po(f))
    if fresh_messages != committed:
        missing = len(set(fresh_messages) - set(committed))
        extra = len(set(committed) - set(fresh_messages))
        problems.append(f"translations/messages.pot is stale ({missing} new, {extra} gone): run `make translations`")


def check_catalog(path: Path, source_ids: set[object], problems: list[str]) -> None:
    with path.open("rb") as f:
        catalog = read_po(f)
    seen = set()
    for message in catalog:
        if not message.id:
            continue
        seen.add(message.id)
        label = f"{path.relative_to(ROOT)}: {str(message.id if isinstance(message.id, str) else message.id[0])[:60]!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"{label} is fuzzy")
        if not all(strings):
            problems.append(f"{label} is not translated")
            continue
        if isinstance(message.id, tuple):
            wanted = placeholders(message.id[0]) | placeholders(message.id[1])
            if len(strings) != catalog.num_plurals:
                problems.append(f"{label} has {len(strings)} plural forms, the locale needs {catalog.num_plurals}")
            for form in strings:
                # A plural form may leave the number out (Arabic "one", "two"), never anything else.
                if placeholders(form) - wanted or (wanted - {"num"}) - placeholders(form):
                    problems.append(f"{label} placeholders differ: {sorted(placeholders(form))} vs {sorted(wanted)}")
        elif placeholders(strings[0]) != placeholders(message.id):
            problems.append(
                f"{label} placeholders differ: {sorted(placeholders(strings[0]))} vs {sorted(placeholders(message.id))}"
            )
    if missing := source_ids - seen:
        problems.append(f"{path.relative_to(ROOT)} lacks {len(missing)} messages: run `make translations`")


def check_msgfmt(path: Path, problems: list[str]) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        problems.append("msgfmt (GNU gettext) is not installed; it checks format strings")
        return
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [msgfmt, "--check", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    if result.returncode != 0:
        problems.append(f"msgfmt --check {path.relative_to(ROOT)}: {result.stderr.strip()}")


def run_checks(check_pot: bool = True) -> list[str]:
    problems: list[str] = []
    if check_pot:
        check_pot_current(problems)
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        source_ids = {m.id for m in read_po(f) if m.id}
    for code in LANGUAGES:
        path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            problems.append(f"translations/{code} has no catalog")
            continue
        check_catalog(path, source_ids, problems)
        check_msgfmt(path, problems)
    return problems


def fill_english() -> None:
    """English is the source language: its catalog repeats every source string."""
    from babel.messages.pofile import write_po

    path = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with path.open("wb") as f:
        write_po(f, catalog, width=100, no_location=True)


def main() -> int:
    if sys.argv[1:] == ["fill-english"]:
        fill_english()
        return 0
    problems = run_checks()
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} translation problems", file=sys.stderr)
        return 1
    print(f"translations: {len(LANGUAGES)} catalogs complete, placeholders match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
