"""The first admin is created from the command line."""

from __future__ import annotations

from sqlalchemy import select

from webapp.models import Role, StaffMembership, Unit, User


def test_create_admin_makes_organisation_unit_and_admin(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--email", "Boss@Example.org", "--name", "Bo Ss",
                                 "--organisation", "Nora kommun", "--unit", "Noraskolan",
                                 "--password", "a good long password"])
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.email == "boss@example.org"))
    assert user.role == Role.UNIT_ADMIN and user.password_hash.startswith("$argon2id$")
    unit = db.scalar(select(Unit).join(StaffMembership).where(StaffMembership.user_id == user.id))
    assert unit.name == "Noraskolan" and unit.organisation.name == "Nora kommun"
    again = runner.invoke(args=["create-admin", "--email", "boss@example.org", "--name", "X", "--organisation",
                                "Nora kommun", "--unit", "Noraskolan", "--password", "a good long password"])
    assert again.exit_code != 0 and "already exists" in again.output


def test_create_admin_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(args=["create-admin", "--email", "a@b.se", "--name", "A",
                                                "--organisation", "O", "--unit", "U", "--password", "short"])
    assert result.exit_code != 0 and "at least 10" in result.output
