"""Directory fixtures: the demo municipality at a fixed date, entries made to measure, a second municipality."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, select

from tests.helpers import PageClient, add_other_municipality
from webapp.db import clock
from webapp.directory.service import months_before
from webapp.models import DirectoryEntry, Organisation, Unit, User

# Ten o'clock in the morning in Sweden; a 31st, so that month ends are in play.
TODAY = date(2027, 3, 31)
NOW = datetime(2027, 3, 31, 8, 0, tzinfo=UTC)


@pytest.fixture
def world(demo, app, db):
    """The demo municipality on TODAY, with its directory emptied so that each test makes its own entries."""
    clock.fixed = NOW
    db.execute(delete(DirectoryEntry))
    db.commit()
    return app


def unit_named(db, name: str) -> Unit:
    return db.scalar(select(Unit).where(Unit.name == name))


def user(db, email: str) -> User:
    return db.scalar(select(User).where(User.email == email))


def make_entry(db, name: str, *, months_old: int = 0, unit: str | None = None, helps: str = "safe",
               languages: str = "sv", organisation: Organisation | None = None, owner: str = "admin@demo.mitthjul.se",
               **fields) -> DirectoryEntry:
    """An entry last reviewed `months_old` calendar months before TODAY (or exactly on that day)."""
    if organisation is None:
        organisation = db.scalar(select(Organisation).order_by(Organisation.id))
    entry = DirectoryEntry(
        organisation_id=organisation.id, unit_id=unit_named(db, unit).id if unit else None, name=name,
        helps_with=helps, for_whom=fields.pop("for_whom", "Everyone"),
        how_to_reach=fields.pop("how_to_reach", "Drop in"),
        languages=languages, owner_id=user(db, owner).id,
        last_reviewed_on=fields.pop("last_reviewed_on", months_before(TODAY, months_old)), created_at=NOW,
        updated_at=NOW, **fields,
    )
    db.add(entry)
    db.commit()
    return entry


def signed_in(app, email: str) -> PageClient:
    client = PageClient(app)
    client.sign_in(email)
    client.get("/?lang=en")  # remembered on the account: every page after this is in English
    return client


@pytest.fixture
def other_municipality(world, db):
    """Annanstad: a school, its admin and a family with a child there."""
    return add_other_municipality(world, db)["organisation"]
