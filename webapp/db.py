"""Engine and per-request session. Plain SQLAlchemy 2: domain functions take the session explicitly."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import DateTime, Engine, Enum, MetaData, Select, create_engine, event, func, select, text
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

# Stable constraint names so that Alembic migrations match on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both SQLite (which drops the zone) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is not None:
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value


def str_enum(cls: type[enum.StrEnum], length: int = 20) -> Enum:
    """Store an enum as its plain value in a VARCHAR, the same on SQLite and PostgreSQL."""
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)


def utcnow() -> datetime:
    """The current time; tests move it with `webapp.db.clock`."""
    return clock.now()


class _Clock:
    """A clock tests can set, so that expiry and lockout rules are tested without sleeping."""

    def __init__(self) -> None:
        self.fixed: datetime | None = None

    def now(self) -> datetime:
        return self.fixed or datetime.now(UTC)


clock = _Clock()


def make_engine(url: str) -> Engine:
    """Create the engine; SQLite gets WAL and enforced foreign keys on every connection."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def take_write_lock(db: Session, table: str, key: int = 0) -> None:
    """Hold off other writers of `table` (for one `key`, e.g. a child) until this transaction ends, before
    reading what is about to be extended. PostgreSQL: an advisory lock on exactly that. SQLite has one
    writer at a time: a write that changes nothing takes that lock now (waiting its turn, up to the busy
    timeout) instead of at the first real write, when the read would already be stale."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(hashtext(:table), :key)"), {"table": table, "key": key})
    else:
        db.execute(text(f'UPDATE "{table}" SET id = id WHERE 0 = 1'))  # noqa: S608 - a model's table name


def init_app(app: Flask, url: str) -> None:
    engine = make_engine(url)
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.close()


def get_session() -> Session:
    """The session of the current request (or app context), opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


@dataclass(frozen=True)
class Paged:
    """One page of a longer list, numbered from 1."""

    items: list[Any]
    page: int
    pages: int
    total: int


def paginate(db: Session, query: Select, page: int | None, per_page: int, *order: Any, options: tuple = ()) -> Paged:
    """A page of `query`'s rows in `order`: no page number means the first; past the end, the last.
    Two queries (the count, then the page), however long the list."""
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    number = min(page, pages) if page else 1
    items = list(db.scalars(query.options(*options).order_by(*order).offset((number - 1) * per_page).limit(per_page)))
    return Paged(items, number, pages, total)
