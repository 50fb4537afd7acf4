"""Typed configuration read from the environment (and the instance folder for the embedded default)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path


class ConfigError(RuntimeError):
    """Raised when the app must not start with the configuration it was given."""


# Push services a subscription may point at (a host or a parent domain). The worker POSTs to these
# addresses, so a subscription must never aim it at an internal host. PUSH_SERVICE_HOSTS replaces the list.
DEFAULT_PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com",  # Chrome, Edge, Opera, Samsung Internet
    "android.googleapis.com",
    "push.services.mozilla.com",  # Firefox
    "push.apple.com",  # Safari (web.push.apple.com)
    "notify.windows.com",  # legacy Edge (wns2-*.notify.windows.com)
)

# Secrets too weak to run a real service with; refused in production mode.
_PLACEHOLDER_SECRETS = {"", "dev", "changeme", "change-me", "secret", "development"}


@dataclass(frozen=True)
class Config:
    """Everything the app reads from its surroundings, in one typed place."""

    secret_key: str
    database_url: str
    production: bool = False
    testing: bool = False
    ratelimit_storage_uri: str = "memory://"
    ratelimit_key_prefix: str = "mitthjul"  # keeps counters apart when one Redis serves several apps
    public_url: str = "http://127.0.0.1:5000"
    session_lifetime: timedelta = timedelta(hours=8)
    invitation_valid_for: timedelta = timedelta(days=14)
    turn_lifetime: timedelta = timedelta(minutes=30)
    picture_code_max_attempts: int = 5
    signin_rate_limit: str = "10 per minute"
    secure_cookies: bool = True
    instance_path: Path = field(default_factory=lambda: Path("instance"))
    # argon2id cost; tests lower it so the suite stays fast (see webapp.auth.passwords).
    argon2_time_cost: int = 3
    argon2_memory_cost: int = 64 * 1024
    # Web push (webapp.push): the VAPID private key itself (PEM, or base64url DER/raw) from the environment,
    # else a PEM file (default `instance/vapid_private.pem`, made by `flask --app webapp push init-keys`).
    vapid_private_key: str = ""
    vapid_private_key_path: Path | None = None
    vapid_subject: str = ""  # "mailto:..." or "https://..."; the public URL when that is https
    push_service_hosts: tuple[str, ...] = DEFAULT_PUSH_SERVICE_HOSTS
    push_timeout_seconds: float = 10.0

    @classmethod
    def from_env(cls, instance_path: Path, env: dict[str, str] | None = None) -> Config:
        """Build the config from environment variables, keeping an own secret in `instance/` when embedded."""
        env = dict(os.environ if env is None else env)
        production = env.get("MITTHJUL_ENV", "embedded") == "production"
        secret = env.get("SECRET_KEY", "")
        if production:
            if secret.strip().lower() in _PLACEHOLDER_SECRETS or len(secret) < 32:
                raise ConfigError(
                    "SECRET_KEY must be set to a random value of at least 32 characters in production "
                    '(python -c "import secrets; print(secrets.token_urlsafe(48))").'
                )
            if "DATABASE_URL" not in env:
                raise ConfigError("DATABASE_URL must be set in production (a PostgreSQL URL).")
        elif not secret:
            secret = _instance_secret(instance_path)
        database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'mitthjul.sqlite3'}"
        return cls(
            secret_key=secret,
            database_url=_normalise_database_url(database_url),
            production=production,
            ratelimit_storage_uri=env.get("RATELIMIT_STORAGE_URI", "memory://"),
            public_url=env.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
            secure_cookies=production or env.get("SECURE_COOKIES", "") == "1",
            instance_path=instance_path,
            vapid_private_key=env.get("VAPID_PRIVATE_KEY", ""),
            vapid_private_key_path=Path(env["VAPID_PRIVATE_KEY_PATH"]) if env.get("VAPID_PRIVATE_KEY_PATH") else None,
            vapid_subject=env.get("VAPID_SUBJECT", ""),
            push_service_hosts=_host_list(env.get("PUSH_SERVICE_HOSTS")) or DEFAULT_PUSH_SERVICE_HOSTS,
        )


def _instance_secret(instance_path: Path) -> str:
    """The embedded default keeps one random secret in the instance folder, made on first start."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(value)
    return value


def _host_list(value: str | None) -> tuple[str, ...]:
    return tuple(h.strip().lower().strip(".") for h in (value or "").split(",") if h.strip())


def _normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres URLs (the one this app installs)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
