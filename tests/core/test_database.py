"""Migrations and models agree; SQLite runs with WAL and foreign keys; the health check tells the truth."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import IntegrityError

from tests.conftest import make_config
from webapp import create_app
from webapp.db import Base, make_engine
from webapp.models import Child, ContactAssignment, User


def test_migrations_reach_head_and_match_the_models(database_url):
    engine = create_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
        heads = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
    assert heads == ["0001"] or len(heads) == 1


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_a_child_has_exactly_one_current_contact_person(demo, db):
    sam = db.scalar(select(Child).where(Child.first_name == "Sam"))
    karin = db.scalar(select(User).where(User.email == "karin@demo.mitthjul.se"))
    db.add(ContactAssignment(child_id=sam.id, contact_person_id=karin.id))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


def test_changing_contact_person_keeps_history(demo, app, db):
    from webapp.admin.service import assign_contact_person, contact_history

    sam = db.scalar(select(Child).where(Child.first_name == "Sam"))
    ahmed = db.scalar(select(User).where(User.email == "ahmed@demo.mitthjul.se"))
    with app.app_context():
        assign_contact_person(db, sam, ahmed, None)
        db.commit()
    history = contact_history(db, sam)
    assert [a.contact_person.display_name for a in history] == ["Ahmed Hassan", "Karin Berg"]
    assert history[0].ends_at is None and history[1].ends_at is not None


def test_healthz_is_200_with_the_database_and_503_without(app, client, tmp_path):
    assert client.get("/healthz").status_code == 200
    broken = create_app(make_config("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path))
    r = broken.test_client().get("/healthz")
    assert r.status_code == 503 and r.get_json() == {"status": "unavailable"}


def test_demo_data_loads_once_with_every_age_band(demo, db):
    from webapp.demo import load_demo_data

    with demo.app_context():
        assert load_demo_data(db) is False
    children = db.scalars(select(Child)).all()
    assert len(children) == 7
    year = db.scalar(select(Child.created_at)).year
    ages = {year - c.birth_year for c in children}
    assert any(4 <= a <= 7 for a in ages) and any(8 <= a <= 12 for a in ages) and any(13 <= a <= 18 for a in ages)
    languages = set(db.scalars(select(User.preferred_language)))
    assert {"ar", "ti", "so", "sv"} <= languages
