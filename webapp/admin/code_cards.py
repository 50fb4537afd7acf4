"""Printable picture-code cards, each in its child's own language. Codes are shown once, then only hashed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from webapp.auth.picture_code import CODE_LENGTH, PICTURE_CODE_SET, PICTURE_NAMES, set_code
from webapp.i18n import RTL_LANGUAGES
from webapp.models import Child


@dataclass(frozen=True)
class CodeCard:
    child: Child
    code: tuple[str, ...]
    lang: str
    dir: str
    title: str
    hint: str
    names: tuple[str, ...]


def new_random_code() -> tuple[str, ...]:
    pool = list(PICTURE_CODE_SET)
    return tuple(pool.pop(secrets.randbelow(len(pool))) for _ in range(CODE_LENGTH))


def make_cards(db: Session, children: list[Child]) -> list[CodeCard]:
    """Give each child a new random code (replacing the old, lifting any lock) and a card to print."""
    cards = []
    for child in children:
        code = new_random_code()
        set_code(db, child, code)
        with force_locale(child.preferred_language):
            cards.append(CodeCard(
                child=child, code=code, lang=child.preferred_language,
                dir="rtl" if child.preferred_language in RTL_LANGUAGES else "ltr",
                title=_("%(name)s, this is your picture code", name=child.first_name),
                hint=_("Tap these three pictures, in this order. Keep your code to yourself."),
                names=tuple(str(PICTURE_NAMES[p]) for p in code),
            ))
    return cards
