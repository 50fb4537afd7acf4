"""Command-line tasks: migrate, first admin, demo data, session clean-up."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from sqlalchemy import delete, select

from webapp import ROOT
from webapp.auth.forms import MIN_PASSWORD_LENGTH
from webapp.auth.passwords import hash_secret
from webapp.db import get_session, utcnow
from webapp.models import Organisation, Role, StaffMembership, Unit, UnitKind, User, WebSession


def alembic_config(database_url: str) -> AlembicConfig:
    cfg = AlembicConfig(str(ROOT / "migrations" / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade_database(database_url: str) -> None:
    """Bring the database to the newest migration."""
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(database_url), "head")


def register_commands(app: Flask) -> None:
    @app.cli.command("migrate")
    def migrate() -> None:
        """Upgrade the database to the newest schema."""
        upgrade_database(current_app.config["MITTHJUL"].database_url)
        click.echo("Database is up to date.")

    @app.cli.command("create-admin")
    @click.option("--email", prompt=True)
    @click.option("--name", prompt="Name")
    @click.option("--organisation", prompt="Organisation (municipality)")
    @click.option("--unit", prompt="Unit (school, preschool or family centre)")
    @click.option("--unit-kind", type=click.Choice([k.value for k in UnitKind]), default=UnitKind.SCHOOL.value)
    @click.password_option(envvar="MITTHJUL_ADMIN_PASSWORD")
    def create_admin(email: str, name: str, organisation: str, unit: str, unit_kind: str, password: str) -> None:
        """Create a unit admin (and the organisation and unit, if new)."""
        db = get_session()
        email = email.strip().lower()
        if "@" not in email:
            raise click.BadParameter("that is not an e-mail address", param_hint="--email")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise click.BadParameter(f"use at least {MIN_PASSWORD_LENGTH} characters", param_hint="--password")
        if db.scalar(select(User).where(User.email == email)):
            raise click.ClickException(f"an account with {email} already exists")
        org = db.scalar(select(Organisation).where(Organisation.name == organisation))
        if org is None:
            org = Organisation(name=organisation)
            db.add(org)
            db.flush()
        the_unit = db.scalar(select(Unit).where(Unit.organisation_id == org.id, Unit.name == unit))
        if the_unit is None:
            the_unit = Unit(organisation_id=org.id, name=unit, kind=UnitKind(unit_kind))
            db.add(the_unit)
            db.flush()
        admin = User(
            email=email,
            display_name=name,
            password_hash=hash_secret(password),
            role=Role.UNIT_ADMIN,
            organisation_id=org.id,
            created_at=utcnow(),
        )
        db.add(admin)
        db.flush()
        db.add(StaffMembership(user_id=admin.id, unit_id=the_unit.id))
        db.commit()
        click.echo(f"Created admin {email} for {the_unit.name}.")

    @app.cli.command("load-demo")
    def load_demo() -> None:
        """Load the fictional demo municipality, once (does nothing if it is already there)."""
        from webapp.demo import load_demo_data

        created = load_demo_data(get_session())
        click.echo("Demo data loaded." if created else "Demo data was already there.")

    @app.cli.command("ledger-check")
    def ledger_check() -> None:
        """Verify the sharing ledger's hash chain; names the first entry that does not fit."""
        from webapp.sharing.ledger import verify

        broken = verify(get_session())
        if broken is not None:
            raise click.ClickException(
                f"ledger entry {broken} does not fit the chain: it was changed or one was removed"
            )
        click.echo("The ledger is intact.")

    @app.cli.command("retention")
    @click.option("--months", type=click.IntRange(1, 120), default=24, show_default=True)
    def retention(months: int) -> None:
        """Delete check-ins older than the retention limit (with their answers and shares)."""
        from webapp.family.service import delete_old_check_ins

        db = get_session()
        deleted = delete_old_check_ins(db, months)
        db.commit()
        click.echo(f"Deleted {deleted} check-ins older than {months} months.")

    from webapp.directory.cli import directory_cli

    app.cli.add_command(directory_cli)

    @app.cli.command("prune-sessions")
    def prune_sessions() -> None:
        """Delete expired sessions."""
        db = get_session()
        n = db.execute(delete(WebSession).where(WebSession.expires_at <= utcnow())).rowcount
        db.commit()
        click.echo(f"Deleted {n} expired sessions.")
