"""Check-in domain: who writes, on which wheel, the draft kept in the session, and idempotent saving."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from webapp.checkins.wheel_store import wheels
from webapp.db import Paged, paginate, utcnow
from webapp.models import AuthorKind, CheckIn, Child, Rating, User
from webapp.wheels import DEFAULT_WHEEL, Part, WheelDefinition

NOTE_MAX_LENGTH = 500

# The shared 1–5 axis. Children aged 4–7 see three faces (1, 3, 5), everybody else five.
ANSWER_LABELS = {
    # Translators: an answer on the wheel, the lowest of five.
    1: _l("Very hard"),
    # Translators: an answer on the wheel.
    2: _l("Quite hard"),
    # Translators: an answer on the wheel, the middle one.
    3: _l("Okay"),
    # Translators: an answer on the wheel.
    4: _l("Good"),
    # Translators: an answer on the wheel, the highest of five.
    5: _l("Very good"),
}
THREE_FACES = (5, 3, 1)
FIVE_FACES = (5, 4, 3, 2, 1)

# "What would help?" chips: key → text; the pictogram is help_<key>.
HELP_CHIPS = {
    # Translators: a "what would help?" choice after a check-in.
    "talk": _l("Talking with someone"),
    # Translators: a "what would help?" choice after a check-in.
    "hug": _l("A hug"),
    # Translators: a "what would help?" choice after a check-in.
    "rest": _l("Rest and sleep"),
    # Translators: a "what would help?" choice after a check-in.
    "play": _l("Playing"),
    # Translators: a "what would help?" choice after a check-in.
    "food": _l("Something good to eat"),
    # Translators: a "what would help?" choice after a check-in.
    "friend": _l("Being with friends"),
    # Translators: a "what would help?" choice after a check-in.
    "quiet": _l("Some peace and quiet"),
    # Translators: a "what would help?" choice after a check-in.
    "adult": _l("Help from an adult"),
}


def age_band(child: Child, year: int | None = None) -> str:
    """4–7 picture-first, 8–12 pictures and short text, 13–18 plain text and pictures."""
    age = (year or utcnow().year) - child.birth_year
    if age <= 7:
        return "4-7"
    if age <= 12:
        return "8-12"
    return "13-18"


@dataclass(frozen=True)
class Author:
    """Who is checking in: a child in their own turn, or a guardian about one of their children."""

    kind: AuthorKind
    user: User | None = None
    child: Child | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.child.id if self.child else self.user.id}"

    def owns(self, check_in: CheckIn) -> bool:
        if self.kind == AuthorKind.CHILD:
            return check_in.author_kind == AuthorKind.CHILD and check_in.author_child_id == self.child.id
        return check_in.author_kind == AuthorKind.GUARDIAN and check_in.author_user_id == self.user.id


def wheel_for(child: Child) -> WheelDefinition:
    """The wheel variant of the child's unit (the default wheel when the child has no class)."""
    catalogue = wheels()
    wheel_id = child.school_class.unit.wheel_id if child.school_class is not None else DEFAULT_WHEEL
    return catalogue.get(wheel_id) or catalogue[DEFAULT_WHEEL]


def questions(wheel: WheelDefinition) -> list[Part]:
    """Every question of a check-in, in order: the wheel's parts, then its extra items."""
    return [*wheel.parts, *wheel.extras]


def new_draft(author: Author, subject: Child) -> dict:
    wheel = wheel_for(subject)
    return {
        "client_id": str(uuid.uuid4()),
        "author": author.key,
        "subject": subject.id,
        "wheel": wheel.id,
        "version": wheel.version,
        "answers": {},
        "help": [],
        "note": "",
    }


def parse_answer(raw: str | None, band: str | None) -> tuple[bool, int | None]:
    """(valid, value): a face from the person's scale, or skipped ("skip" → None)."""
    if raw == "skip":
        return True, None
    allowed = THREE_FACES if band == "4-7" else FIVE_FACES
    value = {str(v): v for v in allowed}.get(raw or "")
    return (value is not None), value


def parse_client_id(raw: str | None) -> str | None:
    try:
        return str(uuid.UUID(raw or ""))
    except ValueError:
        return None


# A check-in finished offline keeps the time it was finished, if it arrives within this long.
OFFLINE_KEEPS_ITS_TIME = timedelta(days=30)


def parse_finished_at(raw: str | None, now: datetime) -> datetime | None:
    """When a check-in kept offline was finished (ISO 8601 from the device). None when missing, unreadable,
    older than OFFLINE_KEEPS_ITS_TIME or ahead of the server's clock: then it is dated on arrival."""
    try:
        finished = datetime.fromisoformat((raw or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    if finished.tzinfo is None or not now - OFFLINE_KEEPS_ITS_TIME <= finished <= now:
        return None
    return finished.astimezone(UTC)


class SaveError(Exception):
    """The check-in could not be saved as given (the message is for the person)."""


def save_check_in(
    db: Session,
    *,
    author: Author,
    subject: Child,
    client_id: str,
    wheel: WheelDefinition,
    answers: dict[str, int | None],
    help_keys: list[str],
    note: str,
    finished_at: datetime | None = None,
) -> tuple[CheckIn, bool]:
    """Store a finished check-in once. Returns (check-in, created); the same client id again returns the first."""
    existing = db.scalar(select(CheckIn).where(CheckIn.client_id == client_id))
    if existing is not None:
        if not author.owns(existing):
            raise SaveError("client id belongs to another check-in")
        return existing, False
    check_in = CheckIn(
        client_id=client_id,
        author_kind=author.kind,
        author_child_id=author.child.id if author.kind == AuthorKind.CHILD else None,
        author_user_id=author.user.id if author.kind == AuthorKind.GUARDIAN else None,
        subject_child_id=subject.id,
        wheel_id=wheel.id,
        wheel_version=wheel.version,
        age_band=age_band(subject) if author.kind == AuthorKind.CHILD else None,
        help_choices=" ".join(k for k in HELP_CHIPS if k in help_keys),
        note=note.strip()[:NOTE_MAX_LENGTH] or None,
        created_at=finished_at or utcnow(),
    )
    check_in.ratings = [
        Rating(part_key=part.key, position=i, value=answers.get(part.key))
        for i, part in enumerate(questions(wheel))
    ]
    db.add(check_in)
    try:
        db.commit()
    except IntegrityError:
        # Sent twice at once: the other request stored it first.
        db.rollback()
        existing = db.scalar(select(CheckIn).where(CheckIn.client_id == client_id))
        if existing is None or not author.owns(existing):
            raise SaveError("client id belongs to another check-in") from None
        return existing, False
    return check_in, True


def authored_by(author: Author):  # noqa: ANN201
    """A query filter: check-ins written by this author (a child's own, or a guardian's own)."""
    if author.kind == AuthorKind.CHILD:
        return (CheckIn.author_kind == AuthorKind.CHILD) & (CheckIn.author_child_id == author.child.id)
    return (CheckIn.author_kind == AuthorKind.GUARDIAN) & (CheckIn.author_user_id == author.user.id)


def recent_check_ins(db: Session, author: Author, subject_id: int | None = None, limit: int = 20) -> list[CheckIn]:
    """The newest check-ins of this author (two queries, however many there are)."""
    query = select(CheckIn).where(authored_by(author))
    if subject_id is not None:
        query = query.where(CheckIn.subject_child_id == subject_id)
    query = query.order_by(CheckIn.created_at.desc(), CheckIn.id.desc()).limit(limit)
    return list(db.scalars(query.options(selectinload(CheckIn.ratings))))


def check_ins_page(db: Session, author: Author, subject_id: int | None, page: int | None, per_page: int) -> Paged:
    """One page (from 1) of this author's check-ins, newest first; the answers are not loaded."""
    query = select(CheckIn).where(authored_by(author))
    if subject_id is not None:
        query = query.where(CheckIn.subject_child_id == subject_id)
    return paginate(db, query, page, per_page, CheckIn.created_at.desc(), CheckIn.id.desc())


def answers_on(wheel: WheelDefinition, check_in: CheckIn) -> dict[str, int | None]:
    """A check-in's answers for each part of `wheel`, so that check-ins on different wheel variants compare.

    On another variant a part takes the answer of the parts that cover the same canonical keys (a 7-part
    wheel's "respected and responsible" is the 8-part wheel's "respected" and "responsible"). When several
    answers meet in one part, the lowest is shown: a hard answer is never hidden by the others. Extra items
    such as hope have no canonical keys and match by their key.
    """
    own = {rating.part_key: rating.value for rating in check_in.ratings}
    theirs = wheels().get(check_in.wheel_id)
    if check_in.wheel_id == wheel.id or theirs is None:
        return {part.key: own.get(part.key) for part in questions(wheel)}
    answers: dict[str, int | None] = {}
    for part in questions(wheel):
        if part.canonical_keys:
            keys = [q.key for q in theirs.parts if set(q.canonical_keys) & set(part.canonical_keys)]
        else:
            keys = [q.key for q in theirs.extras if q.key == part.key]
        given = [own[key] for key in keys if own.get(key) is not None]
        answers[part.key] = min(given) if given else None
    return answers


def question_for(part: Part, author: Author, band: str | None, lang: str, child_name: str) -> str:
    """The question in the reader's words: by age band for a child, about the child for a guardian."""
    if author.kind == AuthorKind.CHILD:
        return part.child_question[band or "13-18"].get(lang)
    return part.guardian_question.get(lang) % {"name": child_name}
