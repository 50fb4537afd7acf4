"""Extension objects shared by blueprints; bound to the app in `create_app`."""

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


def signin_email_key() -> str:
    """Rate-limit sign-in per account too, so one address cannot be guessed at from many places."""
    return "signin:" + request.form.get("email", "").strip().lower()[:254]
