"""`flask --app webapp directory notify-due`: tell owners whose directory entries need a review."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from webapp.db import get_session
from webapp.directory import service

directory_cli = AppGroup("directory", help="The local support directory.")


@directory_cli.command("notify-due")
def notify_due() -> None:
    """Queue one reminder per owner of entries not reviewed for six months (once per entry until reviewed).

    Safe to run as often as you like, e.g. daily from cron; the push worker delivers the reminders.
    """
    db = get_session()
    n = service.notify_due_owners(db, service.today())
    db.commit()
    click.echo(f"Entries newly due a review: {n}. Their owners were told." if n else "No new entries need a review.")
