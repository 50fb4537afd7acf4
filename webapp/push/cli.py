"""`flask --app webapp push init-keys` and `flask --app webapp push worker`."""

from __future__ import annotations

import signal
import threading
import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import delete
from sqlalchemy.exc import OperationalError

from webapp.db import get_session
from webapp.directory import service as directory
from webapp.models import PushSubscription
from webapp.push import keys, worker

push_cli = AppGroup("push", help="Web push notifications: keys and the delivery worker.")

PRUNE_EVERY = 3600.0  # seconds between clean-ups of old outbox rows


@push_cli.command("init-keys")
@click.option("--force", is_flag=True, help="Replace existing keys. Every device must turn notifications on again.")
def init_keys(force: bool) -> None:
    """Create the VAPID key pair that identifies this server to push services."""
    config = current_app.config["MITTHJUL"]
    if config.vapid_private_key:
        raise click.ClickException("VAPID_PRIVATE_KEY is set in the environment: that key is used, none is made.")
    path = keys.key_path(config)
    try:
        vapid = keys.create_keys(path, force=force)
    except keys.KeyExistsError:
        raise click.ClickException(
            f"{path} exists already. Replacing it stops every subscription made with it; use --force to do that."
        ) from None
    if force:
        # Subscriptions are bound to the key they were made with; push services refuse the new one for them.
        db = get_session()
        n = db.execute(delete(PushSubscription)).rowcount
        db.commit()
        if n:
            click.echo(f"Removed {n} subscriptions made with the old key.")
    click.echo(f"Saved the private key in {path} (readable by this user only).")
    click.echo(f"Public key (applicationServerKey): {keys.application_server_key(vapid)}")


@push_cli.command("worker")
@click.option("--interval", type=click.FloatRange(0.1, 3600), default=5.0, show_default=True,
              help="Seconds to wait when nothing is due.")
@click.option("--batch", type=click.IntRange(1, 10000), default=100, show_default=True,
              help="Messages per pass.")
@click.option("--once", is_flag=True, help="One pass, then stop.")
def run_worker(interval: float, batch: int, once: bool) -> None:
    """Deliver the push outbox (and queue weekly reminders). Several may run side by side on PostgreSQL."""
    try:
        pusher = worker.Pusher.from_app(current_app)
    except keys.InvalidKeyError as exc:
        raise click.ClickException(str(exc)) from None
    if pusher is None:
        raise click.ClickException("This server has no VAPID keys: run `flask --app webapp push init-keys` first.")
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    db = get_session()
    last_prune = 0.0
    try:
        while not stop.is_set():
            try:
                worker.enqueue_reminders(db)
                # Directory entries that fell due for a review: their owners hear of it once.
                directory.notify_due_owners(db, directory.today())
                db.commit()
                report = worker.deliver_due(db, limit=batch, pusher=pusher)
            except OperationalError:  # the database went away for a moment: try again after a pause
                current_app.logger.exception("push worker: database error")
                db.rollback()
                if once:
                    raise
                stop.wait(interval)
                continue
            if report.handled:
                click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}, "
                           f"gone {report.gone}")
            if time.monotonic() - last_prune > PRUNE_EVERY:
                worker.prune(db)
                last_prune = time.monotonic()
            if once:
                break
            if report.handled < batch:  # caught up: wait; otherwise go on at once
                stop.wait(interval)
    except KeyboardInterrupt:
        pass
    finally:
        db.rollback()
        pusher.close()
