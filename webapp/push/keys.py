"""VAPID keys (RFC 8292): the server's P-256 key pair that push services use to know the sender.

The private key comes from the environment (`VAPID_PRIVATE_KEY`) or a PEM file in the instance folder
(`VAPID_PRIVATE_KEY_PATH`, default `instance/vapid_private.pem`) made by `flask --app webapp push init-keys`.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid

from webapp.config import Config

DEFAULT_KEY_FILE = "vapid_private.pem"
# Used only when neither VAPID_SUBJECT nor an https PUBLIC_URL is set (a server on one's own machine).
FALLBACK_SUBJECT = "mailto:webmaster@localhost"


class InvalidKeyError(RuntimeError):
    """The configured key cannot be read (the message names where it came from, never the key)."""


class KeyExistsError(RuntimeError):
    """init-keys refuses to replace keys: every subscription made with the old key would stop working."""


def key_path(config: Config) -> Path:
    return config.vapid_private_key_path or config.instance_path / DEFAULT_KEY_FILE


def load_vapid(config: Config) -> Vapid | None:
    """The server's VAPID key, or None when this server has none (notifications are then not offered)."""
    if config.vapid_private_key:
        value = config.vapid_private_key.strip()
        try:
            return Vapid.from_pem(value.encode()) if value.startswith("-----BEGIN") else Vapid.from_string(value)
        except Exception as exc:
            raise InvalidKeyError("VAPID_PRIVATE_KEY is not a P-256 private key") from exc
    path = key_path(config)
    # Never Vapid.from_file on a missing path: it would quietly make a new key there.
    if not path.is_file():
        return None
    try:
        return Vapid.from_pem(path.read_bytes())
    except Exception as exc:
        raise InvalidKeyError(f"{path} is not a P-256 private key in PEM format") from exc


def application_server_key(vapid: Vapid) -> str:
    """The public key as the browser's `applicationServerKey`: the uncompressed point, base64url without padding."""
    raw = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def subject(config: Config) -> str:
    """Who push services may contact about this sender (the JWT's `sub`)."""
    if config.vapid_subject:
        return config.vapid_subject
    if config.public_url.startswith("https://"):
        return config.public_url
    return FALLBACK_SUBJECT


def create_keys(path: Path, force: bool = False) -> Vapid:
    """Make a new key pair and keep the private key at `path`, readable by the owner only."""
    if path.exists() and not force:
        raise KeyExistsError(str(path))
    vapid = Vapid()
    vapid.generate_keys()
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(path.name + ".new")
    fresh.unlink(missing_ok=True)
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(vapid.private_pem())
    fresh.replace(path)  # all at once: a worker never reads half a key
    return vapid
