"""`flask push init-keys` and `flask push worker`, and where the VAPID key may come from."""

from __future__ import annotations

from dataclasses import replace

import pytest
from py_vapid import Vapid
from sqlalchemy import select

from tests.conftest import make_config
from tests.helpers import PageClient
from tests.push.conftest import b64, subscribe
from webapp import create_app
from webapp.config import Config
from webapp.db import clock
from webapp.models import PushKind, PushMessage, PushSubscription
from webapp.push import keys
from webapp.push.outbox import enqueue


@pytest.fixture
def keyless_app(database_url, tmp_path):  # noqa: ANN001, ANN201
    app = create_app(make_config(database_url, tmp_path / "instance"))
    yield app
    app.extensions["db_engine"].dispose()
    clock.fixed = None


def test_init_keys_makes_a_private_key_and_refuses_to_replace_it(keyless_app, tmp_path):
    runner = keyless_app.test_cli_runner()
    result = runner.invoke(args=["push", "init-keys"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "instance" / "vapid_private.pem"
    assert path.stat().st_mode & 0o777 == 0o600
    vapid = keys.load_vapid(keyless_app.config["MITTHJUL"])
    public = keys.application_server_key(vapid)
    assert public in result.output and len(public) == 87 and "PRIVATE" not in result.output
    before = path.read_bytes()
    again = runner.invoke(args=["push", "init-keys"])
    assert again.exit_code != 0 and "--force" in again.output
    assert path.read_bytes() == before


def test_init_keys_with_force_replaces_the_key_and_the_subscriptions_made_with_it(demo, app, db, browser, tmp_path):
    subscribe(db, "karin@demo.mitthjul.se", browser)
    old = keys.application_server_key(keys.load_vapid(app.config["MITTHJUL"]))
    result = app.test_cli_runner().invoke(args=["push", "init-keys", "--force"])
    assert result.exit_code == 0, result.output
    assert keys.application_server_key(keys.load_vapid(app.config["MITTHJUL"])) != old
    assert "Removed 1 subscriptions" in result.output
    assert db.scalars(select(PushSubscription)).all() == []


def test_the_key_may_come_from_the_environment_instead(tmp_path):
    vapid = Vapid()
    vapid.generate_keys()
    public = keys.application_server_key(vapid)
    raw = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    for value in [vapid.private_pem().decode(), b64(raw)]:
        config = Config.from_env(tmp_path, {"VAPID_PRIVATE_KEY": value, "VAPID_SUBJECT": "mailto:it@kommun.example"})
        assert keys.application_server_key(keys.load_vapid(config)) == public
        assert keys.subject(config) == "mailto:it@kommun.example"
    with pytest.raises(keys.InvalidKeyError, match="VAPID_PRIVATE_KEY") as caught:
        keys.load_vapid(replace(config, vapid_private_key="not-a-key"))
    assert "not-a-key" not in str(caught.value)
    refused = create_app(replace(make_config("sqlite://", tmp_path), vapid_private_key=vapid.private_pem().decode()))
    result = refused.test_cli_runner().invoke(args=["push", "init-keys"])
    assert result.exit_code != 0 and "VAPID_PRIVATE_KEY" in result.output
    refused.extensions["db_engine"].dispose()


def test_the_key_file_and_subject_follow_the_configuration(tmp_path):
    config = Config.from_env(tmp_path, {"VAPID_PRIVATE_KEY_PATH": str(tmp_path / "keys" / "push.pem"),
                                        "PUBLIC_URL": "https://mitthjul.kommun.example"})
    assert keys.key_path(config) == tmp_path / "keys" / "push.pem" and keys.load_vapid(config) is None
    assert keys.subject(config) == "https://mitthjul.kommun.example"
    assert keys.subject(replace(config, public_url="http://127.0.0.1:5000")) == keys.FALLBACK_SUBJECT
    keys.create_keys(keys.key_path(config))
    assert keys.load_vapid(config) is not None
    assert Config.from_env(tmp_path, {"PUSH_SERVICE_HOSTS": " push.example , .other.example"}
                           ).push_service_hosts == ("push.example", "other.example")


def test_an_unreadable_key_turns_notifications_off_instead_of_failing(demo, app, db, tmp_path):
    (tmp_path / keys.DEFAULT_KEY_FILE).write_text("-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n")
    client = PageClient(app)
    client.sign_in("anna@demo.mitthjul.se")
    assert "Notifications are not set up on this server." in client.text("/settings/notifications?lang=en")
    result = app.test_cli_runner().invoke(args=["push", "worker", "--once"])
    assert result.exit_code != 0 and "not a P-256 private key" in result.output


def test_the_worker_command_delivers_and_stops_after_one_pass(demo, app, db, push, browser):
    subscription = subscribe(db, "karin@demo.mitthjul.se", browser)
    enqueue(db, subscription.user_id, PushKind.NEW_SHARE, "/inbox")
    db.commit()
    result = app.test_cli_runner().invoke(args=["push", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output and len(push.to(browser.path)) == 1
    db.expire_all()
    assert db.scalar(select(PushMessage)).sent_at is not None


def test_the_worker_command_needs_keys(keyless_app):
    result = keyless_app.test_cli_runner().invoke(args=["push", "worker", "--once"])
    assert result.exit_code != 0 and "init-keys" in result.output
