"""`make bench`: measurements against the budgets in the product brief."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tests.conftest import make_config
from webapp import create_app
from webapp.cli import upgrade_database
from webapp.db import get_session
from webapp.demo import load_demo_data


def demo_app(folder: Path) -> Flask:
    """The app on a fresh SQLite database in `folder`, migrated and with the demo data, as `make run` has it."""
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade_database(url)
    app = create_app(make_config(url, folder))
    with app.app_context():
        load_demo_data(get_session())
    return app
