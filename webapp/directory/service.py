"""The local support directory's rules: when an entry needs a review, when families stop seeing it, who is told.

"Directories rot": a local who-helps-with-what list went out of date in the pilots. So every entry has an owner
and a last-reviewed date. Six months after its last review an entry is flagged on the admins' page and its owner
is told once; after twelve months families no longer see it, until someone reviews it.

Months are calendar months: an entry reviewed on 10 May is due from 11 November, and hidden from 11 May the
next year. "Six months before 31 August" is the last day of February (`months_before` clamps to the month's
end), so an entry reviewed on 28 February is due from 1 September. The rules compare dates only, and every
function takes `today` explicitly (see `today()`), so that tests can move the clock.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session, joinedload

from webapp.db import utcnow
from webapp.models import DirectoryEntry, PushKind, Role, StaffMembership, Unit, User
from webapp.push.outbox import enqueue

REVIEW_AFTER_MONTHS = 6
HIDE_AFTER_MONTHS = 12
# The municipalities' calendar: "reviewed today" means today in Sweden, also just after midnight.
LOCAL_TIMEZONE = ZoneInfo("Europe/Stockholm")
# Where an owner reviews their entries; the path of `directory.admin_list` (the push outbox wants a path).
ADMIN_PATH = "/admin/directory"


class Freshness(StrEnum):
    FRESH = "fresh"
    DUE = "due"  # flagged for a review; families still see it
    HIDDEN = "hidden"  # not reviewed for too long: families do not see it


def today() -> date:
    """Today's date in Sweden, from the app's clock (which tests can set)."""
    return utcnow().astimezone(LOCAL_TIMEZONE).date()


def months_before(day: date, months: int) -> date:
    """The same day of the month, `months` calendar months earlier; the month's last day if it is shorter."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_due(entry: DirectoryEntry, today: date) -> bool:
    """Last reviewed more than six calendar months ago."""
    return entry.last_reviewed_on < months_before(today, REVIEW_AFTER_MONTHS)


def is_hidden(entry: DirectoryEntry, today: date) -> bool:
    """Last reviewed more than twelve calendar months ago: families do not see it."""
    return entry.last_reviewed_on < months_before(today, HIDE_AFTER_MONTHS)


def freshness(entry: DirectoryEntry, today: date) -> Freshness:
    if is_hidden(entry, today):
        return Freshness.HIDDEN
    return Freshness.DUE if is_due(entry, today) else Freshness.FRESH


def _has_word(column, word: str):  # noqa: ANN001, ANN202
    """`word` is one of the space-separated words in `column`."""
    if not re.fullmatch(r"[a-z_]{1,20}", word):  # wheel keys and language codes; never a LIKE wildcard
        raise ValueError(f"not a wheel key or language code: {word!r}")
    return (literal(" ") + column + literal(" ")).like(f"% {word} %")


def entries_for_family(
    db: Session,
    unit_ids: Iterable[int],
    today: date,
    *,
    organisation_ids: Iterable[int] = (),
    part: str | None = None,
    language: str | None = None,
) -> list[DirectoryEntry]:
    """What a family sees: entries of their units, and those for the whole of their municipality (the units'
    municipalities and `organisation_ids`), reviewed within twelve months, by wheel part and language spoken.

    One query, however many entries there are.
    """
    unit_ids = list(unit_ids)
    organisation_ids = list(organisation_ids)
    if not unit_ids and not organisation_ids:
        return []
    municipalities = select(Unit.organisation_id).where(Unit.id.in_(unit_ids))
    query = (
        select(DirectoryEntry)
        .where(
            or_(
                DirectoryEntry.unit_id.in_(unit_ids),
                and_(
                    DirectoryEntry.unit_id.is_(None),
                    or_(DirectoryEntry.organisation_id.in_(municipalities),
                        DirectoryEntry.organisation_id.in_(organisation_ids)),
                ),
            ),
            DirectoryEntry.last_reviewed_on >= months_before(today, HIDE_AFTER_MONTHS),
        )
        .order_by(func.lower(DirectoryEntry.name), DirectoryEntry.id)
    )
    if part:
        query = query.where(_has_word(DirectoryEntry.helps_with, part))
    if language:
        query = query.where(_has_word(DirectoryEntry.languages, language))
    return list(db.scalars(query))


def entries_for_admin(db: Session, organisation_ids: Iterable[int], today: date) -> list[DirectoryEntry]:
    """Every entry of these municipalities. Entries with a problem come first, the newest problem first
    (the one reviewed most recently among them); the rest follow by name."""
    entries = list(db.scalars(
        select(DirectoryEntry)
        .where(DirectoryEntry.organisation_id.in_(list(organisation_ids)))
        .options(joinedload(DirectoryEntry.unit), joinedload(DirectoryEntry.owner))
        .order_by(func.lower(DirectoryEntry.name), DirectoryEntry.id)
    ))
    problems = sorted((e for e in entries if is_due(e, today)), key=lambda e: e.last_reviewed_on, reverse=True)
    return problems + [e for e in entries if not is_due(e, today)]


def possible_owners(db: Session, organisation_ids: Iterable[int]) -> list[tuple[int, str, int]]:
    """(user id, name, municipality) of every active admin there: the people who can keep an entry true,
    and who can open the page their reminder leads to. By name."""
    return [tuple(row) for row in db.execute(
        select(User.id, User.display_name, Unit.organisation_id).distinct()
        .join(StaffMembership, StaffMembership.user_id == User.id).join(Unit, Unit.id == StaffMembership.unit_id)
        .where(Unit.organisation_id.in_(list(organisation_ids)), User.role == Role.UNIT_ADMIN, User.is_active)
        .order_by(User.display_name, User.id)
    )]


def mark_reviewed(entry: DirectoryEntry, today: date) -> None:
    """Someone checked that the entry is still true: fresh again, and the next due period gets its own notice."""
    entry.last_reviewed_on = today
    entry.review_notice_sent_on = None
    entry.updated_at = utcnow()


def notify_due_owners(db: Session, today: date) -> int:
    """Tell each owner, once per due period, that entries of theirs need a review; returns how many entries.

    One push message per owner (however many of their entries fell due), in the caller's transaction: the
    caller commits. A notice sent on or before the last review belongs to an earlier period, so it does not
    count. Rows are locked and skipped by a second runner on PostgreSQL, so that no one is told twice.
    """
    entries = db.scalars(
        select(DirectoryEntry)
        .where(
            DirectoryEntry.last_reviewed_on < months_before(today, REVIEW_AFTER_MONTHS),
            or_(DirectoryEntry.review_notice_sent_on.is_(None),
                DirectoryEntry.review_notice_sent_on <= DirectoryEntry.last_reviewed_on),
        )
        .order_by(DirectoryEntry.id)
        .with_for_update(skip_locked=True)
    ).all()
    for entry in entries:
        entry.review_notice_sent_on = today
    owners = sorted({entry.owner_id for entry in entries})
    if owners:
        # The payload says only that something is due; the page says what, after sign-in.
        enqueue(db, owners, PushKind.REVIEW_DUE, ADMIN_PATH)
    return len(entries)


def due_count_for_owner(entries: Iterable[DirectoryEntry], owner_id: int, today: date) -> int:
    return sum(1 for e in entries if e.owner_id == owner_id and is_due(e, today))
