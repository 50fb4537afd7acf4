"""Class rosters from CSV: every row checked first; one bad row and nothing is imported."""

from __future__ import annotations

import csv
import enum
import io
import re
from dataclasses import dataclass, field
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.admin.service import add_child
from webapp.auth.invitations import email_hash
from webapp.db import utcnow
from webapp.i18n import LANGUAGES
from webapp.models import Child, Family, Guardianship, Invitation, SchoolClass, Unit, User
from webapp.pictograms import AVATARS

COLUMNS = ("first_name", "birth_year", "class", "language", "guardian_email")
MAX_ROWS = 500


def too_big_message(max_bytes: int) -> str:
    return str(_l("The file is too big: at most %(kb)d KB at a time. Split the class list into smaller files "
                  "and import them one by one.", kb=max_bytes // 1024))


@dataclass
class RosterRow:
    line: int
    first_name: str
    birth_year: int
    class_name: str
    language: str
    guardian_email: str | None


@dataclass
class RosterCheck:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


def read_roster(raw: bytes, max_bytes: int) -> RosterCheck:
    """Parse and check a whole roster file; errors name the line and the reason. A file longer than
    `max_bytes` is refused as a whole: never a part of it imported."""
    result = RosterCheck()
    if len(raw) > max_bytes:
        result.errors.append((0, too_big_message(max_bytes)))
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append((0, str(_l("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))))
        return result
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames][: len(COLUMNS)] != list(COLUMNS):
        result.errors.append((1, str(_l("The first line must be: %(columns)s", columns=",".join(COLUMNS)))))
        return result
    this_year = utcnow().year
    try:
        _check_rows(reader, result, this_year)
    except csv.Error as e:
        result.errors.append((reader.line_num, str(_l("This line cannot be read as CSV (%(problem)s).", problem=e))))
    if not result.rows and not result.errors:
        result.errors.append((1, str(_l("The file has no rows."))))
    return result


def _check_rows(reader: csv.DictReader, result: RosterCheck, this_year: int) -> None:
    for row in reader:
        line = reader.line_num
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append((line, str(_l("At most 500 rows at a time."))))
            break
        values = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        reasons = []
        name = values.get("first_name", "")
        if not name or len(name) > 50:
            reasons.append(_l("first name or nickname is missing or longer than 50 characters"))
        year_raw = values.get("birth_year", "")
        year = int(year_raw) if re.fullmatch(r"[0-9]{4}", year_raw) else 0
        if not this_year - 18 <= year <= this_year - 4:
            reasons.append(_l("birth year must be a year for a child aged 4 to 18"))
        class_name = values.get("class", "")
        if not class_name or len(class_name) > 100:
            reasons.append(_l("class is missing"))
        language = values.get("language", "")
        if language not in LANGUAGES:
            reasons.append(_l("language must be one of: %(codes)s", codes=", ".join(LANGUAGES)))
        email = values.get("guardian_email", "") or None
        if email:
            try:
                email = validate_email(email, check_deliverability=False).normalized.lower()
            except EmailNotValidError:
                reasons.append(_l("guardian e-mail is not an e-mail address"))
        if reasons:
            result.errors.append((line, "; ".join(str(r) for r in reasons)))
        else:
            result.rows.append(RosterRow(line, name, year, class_name, language, email))


class Outcome(enum.StrEnum):
    NEW_FAMILY = "new_family"  # a new family; a letter for the guardian if the row has an e-mail
    SAME_GUARDIAN = "same_guardian"  # a sibling of an earlier row in the file with the same guardian e-mail
    EARLIER_LETTER = "earlier_letter"  # a sibling of a child from an earlier list whose letter is still open
    EARLIER_FAMILY = "earlier_family"  # the same, but that letter has expired: a new letter for the family
    ALREADY_LISTED = "already_listed"  # skipped: this child is already on the class list, with this guardian


@dataclass
class Imported:
    row: RosterRow
    child: Child
    outcome: Outcome
    letter: bool = False  # print a new letter for the child's family
    open_until: datetime | None = None  # EARLIER_LETTER: until when the letter printed then can be used


def _person_key(first_name: str, birth_year: int) -> tuple[str, int]:
    return first_name.strip().casefold(), birth_year


def _child_key(first_name: str, birth_year: int, class_name: str) -> tuple[str, int, str]:
    return (*_person_key(first_name, birth_year), class_name)


@dataclass(frozen=True)
class Letter:
    """The newest letter a class list sent to a guardian e-mail, for a family nobody has joined yet."""

    family_id: int
    expires_at: datetime


@dataclass
class Listed:
    """What the unit has already.

    children: its children by (name, birth year, class). guardians: (family id, e-mail hash) for the guardian
    accounts of their families and every letter a class list sent them. waiting: by e-mail hash, the letter
    of a family that nobody has joined yet (only such a family may take in a sibling from a later list: no
    adult can see it). joined: e-mail hashes of class-list letters that were used; the guardian has an
    account, perhaps under another address.
    """

    children: dict[tuple[str, int, str], list[Child]]
    guardians: set[tuple[int, str]]
    waiting: dict[str, Letter]
    joined: set[str]


def _listed(db: Session, unit: Unit) -> Listed:
    children: dict[tuple[str, int, str], list[Child]] = {}
    for child, class_name in db.execute(
        select(Child, SchoolClass.name).join(SchoolClass, SchoolClass.id == Child.class_id)
        .where(SchoolClass.unit_id == unit.id)
    ).all():
        children.setdefault(_child_key(child.first_name, child.birth_year, class_name), []).append(child)
    family_ids = {c.family_id for listed in children.values() for c in listed}
    listed = Listed(children, set(), {}, set())
    if not family_ids:
        return listed
    with_adults: set[int] = set()
    for family_id, email in db.execute(
        select(Guardianship.family_id, User.email).join(User, User.id == Guardianship.user_id)
        .where(Guardianship.family_id.in_(family_ids))
    ).all():
        listed.guardians.add((family_id, email_hash(email)))
        with_adults.add(family_id)
    for invitation in db.scalars(
        select(Invitation).where(Invitation.family_id.in_(family_ids), Invitation.email_hash.is_not(None))
        .order_by(Invitation.created_at, Invitation.id)
    ):
        listed.guardians.add((invitation.family_id, invitation.email_hash))
        if invitation.used_at is not None:
            listed.joined.add(invitation.email_hash)
        elif invitation.family_id not in with_adults:
            listed.waiting[invitation.email_hash] = Letter(invitation.family_id, invitation.expires_at)
    return listed


def _already_listed(row: RosterRow, listed: Listed) -> Child | None:
    """The same child only when the same guardian is already theirs (by account, or by the letter a class list
    sent): two children with one name and birth year in a class are common, and matching on the name alone
    would skip one, or hand a new child's guardian to another family."""
    if not row.guardian_email:
        return None
    guardian = email_hash(row.guardian_email)
    for child in listed.children.get(_child_key(row.first_name, row.birth_year, row.class_name), []):
        if (child.family_id, guardian) in listed.guardians:
            return child
    return None


def check_against_database(db: Session, unit: Unit, check: RosterCheck) -> None:
    """Rows that are fine on their own but not with what is already stored become errors in `check`.

    A guardian e-mail that already belongs to an account is refused (unless the row is a child already
    listed with that guardian): a list never links a child to an existing account by itself, because a
    typo or an old e-mail would hand the child to another family. Staff add such a child from the
    family's page, where they see who the family is. The same holds for a guardian who joined through a
    letter from an earlier list, whatever address they gave when joining."""
    emails = {r.guardian_email for r in check.rows if r.guardian_email}
    if not emails:
        return
    taken = {e.lower() for e in db.scalars(select(User.email).where(func.lower(User.email).in_(emails)))}
    listed = _listed(db, unit)
    for row in check.rows:
        if not row.guardian_email or _already_listed(row, listed) is not None:
            continue
        if row.guardian_email in taken:
            check.errors.append((row.line, str(_l(
                "the guardian e-mail belongs to an account that cannot be linked to this child here; "
                "leave the e-mail empty and invite the guardian from the child's page"))))
        elif email_hash(row.guardian_email) in listed.joined:
            check.errors.append((row.line, str(_l(
                "this guardian has already joined through a letter from an earlier list (perhaps with another "
                "e-mail address); leave the e-mail empty and invite the guardian from the child's page"))))
    check.errors.sort(key=lambda e: e[0])


def import_roster(db: Session, unit: Unit, rows: list[RosterRow]) -> list[Imported]:
    """Create classes as needed and the children, in the caller's transaction.

    Rows with the same guardian e-mail become one family (one letter). A row whose guardian was sent a letter
    with an earlier list, in a family nobody has joined yet, joins that family: the letter printed then still
    serves, or, if it has expired, a new one is printed for the family. A child already on the class list with
    the same guardian (an account, or a letter from an earlier list) is skipped, so importing a file twice adds
    nobody twice (a row without an e-mail is always a new child; letters printed before migration 0010 carry no
    e-mail hash, so their children are not recognised this way)."""
    classes = {c.name: c for c in db.scalars(select(SchoolClass).where(SchoolClass.unit_id == unit.id))}
    listed = _listed(db, unit)
    now = utcnow()
    families: dict[str, Family] = {}  # guardian e-mail -> the family made for it in this file
    seen: set[tuple[tuple[str, int, str], str]] = set()  # (child, e-mail) already in this file
    renewed: set[int] = set()  # families given a new letter by this file
    avatars = list(AVATARS)
    results: list[Imported] = []

    def renew(family_id: int, letter: Letter | None) -> bool:
        """A new letter for a family whose letter has expired, once per file."""
        if letter is None or letter.family_id != family_id or letter.expires_at > now or family_id in renewed:
            return False
        renewed.add(family_id)
        return True

    for i, row in enumerate(rows):
        key = _child_key(row.first_name, row.birth_year, row.class_name)
        letter = listed.waiting.get(email_hash(row.guardian_email)) if row.guardian_email else None
        child = _already_listed(row, listed)
        if child is None and row.guardian_email and (key, row.guardian_email) in seen:
            child = next(r.child for r in results if r.row.guardian_email == row.guardian_email
                         and _child_key(r.row.first_name, r.row.birth_year, r.row.class_name) == key)
        if child is None and letter is not None and row.guardian_email not in families:
            # In the family of that letter already under another class name (a class renamed): the same child.
            same = _person_key(row.first_name, row.birth_year)
            child = next((c for c in db.get(Family, letter.family_id).children
                          if _person_key(c.first_name, c.birth_year) == same), None)
        if child is not None:
            results.append(Imported(row, child, Outcome.ALREADY_LISTED, letter=renew(child.family_id, letter)))
            continue
        school_class = classes.get(row.class_name)
        if school_class is None:
            school_class = classes[row.class_name] = SchoolClass(unit_id=unit.id, name=row.class_name)
            db.add(school_class)
            db.flush()
        extra: dict = {}
        if row.guardian_email and row.guardian_email in families:
            family, outcome = families[row.guardian_email], Outcome.SAME_GUARDIAN
        elif letter is not None:
            family = db.get(Family, letter.family_id)
            if letter.expires_at > now:
                outcome, extra = Outcome.EARLIER_LETTER, {"open_until": letter.expires_at}
            else:
                outcome, extra = Outcome.EARLIER_FAMILY, {"letter": renew(family.id, letter)}
        else:
            family, outcome = Family(organisation_id=unit.organisation_id, created_at=utcnow()), Outcome.NEW_FAMILY
            db.add(family)
            extra = {"letter": row.guardian_email is not None}
            if row.guardian_email:
                families[row.guardian_email] = family
        child = add_child(db, family=family, first_name=row.first_name, birth_year=row.birth_year,
                          avatar=avatars[i % len(avatars)], language=row.language, class_id=school_class.id)
        if row.guardian_email:
            seen.add((key, row.guardian_email))
        results.append(Imported(row, child, outcome, **extra))
    return results
