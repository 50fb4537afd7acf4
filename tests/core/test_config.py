"""Configuration: production refuses weak secrets; the embedded default keeps its own."""

from __future__ import annotations

import pytest

from webapp.config import Config, ConfigError


def test_production_refuses_to_start_without_a_real_secret(tmp_path):
    for secret in ["", "dev", "changeme", "short"]:
        with pytest.raises(ConfigError, match="SECRET_KEY"):
            Config.from_env(tmp_path, {"MITTHJUL_ENV": "production", "SECRET_KEY": secret,
                                       "DATABASE_URL": "postgresql://x/y"})


def test_production_needs_a_database_url(tmp_path):
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        Config.from_env(tmp_path, {"MITTHJUL_ENV": "production", "SECRET_KEY": "k" * 40})


def test_production_config_is_read_from_the_environment(tmp_path):
    config = Config.from_env(tmp_path, {
        "MITTHJUL_ENV": "production", "SECRET_KEY": "k" * 40, "DATABASE_URL": "postgresql://db/mitthjul",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", "PUBLIC_URL": "https://mitthjul.example/",
    })
    assert config.production and config.secure_cookies
    assert config.database_url == "postgresql+psycopg://db/mitthjul"
    assert config.ratelimit_storage_uri == "redis://127.0.0.1:6379/0"
    assert config.public_url == "https://mitthjul.example"


def test_embedded_default_makes_and_keeps_its_own_secret(tmp_path):
    first = Config.from_env(tmp_path, {})
    second = Config.from_env(tmp_path, {})
    assert len(first.secret_key) >= 48 and first.secret_key == second.secret_key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert first.database_url == f"sqlite:///{tmp_path / 'mitthjul.sqlite3'}"
    assert not first.production
