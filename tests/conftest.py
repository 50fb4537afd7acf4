"""Fixtures: an app on a fresh, migrated database (SQLite always, PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.helpers import PageClient
from webapp import create_app
from webapp.cli import upgrade_database
from webapp.config import Config
from webapp.db import Base, clock, get_session

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once; every test gets a copy of this file."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> Iterator[str]:
    """A database of this test worker's own, migrated once and emptied before every test."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = make_url(base).set(drivername="postgresql+psycopg")
    # Worker and process in the name, so that two test runs on one server never drop each other's database.
    name = f"{url.database or 'mitthjul_test'}_{worker_id}_{os.getpid()}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    test_url = url.set(database=name).render_as_string(hide_password=False)
    upgrade_database(test_url)
    yield test_url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


def make_config(database_url: str, tmp_path: Path, **overrides) -> Config:  # noqa: ANN003
    values = dict(
        secret_key=secrets.token_urlsafe(32),
        database_url=database_url,
        testing=True,
        secure_cookies=False,
        instance_path=tmp_path,
        argon2_time_cost=1,
        argon2_memory_cost=1024,
    )
    values.update(overrides)
    return Config(**values)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(make_config(database_url, tmp_path))
    yield app
    app.extensions["db_engine"].dispose()
    clock.fixed = None


@pytest.fixture
def db(app: Flask):
    """A session of the test's own. No app context is held open: requests must not share `g` with it."""
    session = app.extensions["db_sessionmaker"]()
    yield session
    session.close()


@pytest.fixture
def client(app: Flask) -> PageClient:
    return PageClient(app)


@pytest.fixture
def demo(app: Flask):
    """The demo municipality, loaded as `make run` loads it."""
    from webapp.demo import load_demo_data

    with app.app_context():
        load_demo_data(get_session())
    return app
