"""What a notification says, per kind, in every language: rendered into the service worker, which picks the
text by the payload's `type` and `lang`. No names and no content, only that something is new."""

from __future__ import annotations

from flask import has_app_context
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from webapp.i18n import LANGUAGES
from webapp.models import PushKind

# Shown when a payload names a kind this service worker does not know yet (a newer server).
GENERIC = "generic"

TEXTS = {
    # Translators: a phone notification to a contact person. It must never say who shared or what.
    PushKind.NEW_SHARE.value: (_l("Something new was shared with you"), _l("Sign in to My wheel to read it.")),
    # Translators: a phone notification to a guardian after the child's contact person answered what they shared.
    PushKind.RESPONSE.value: (_l("Your contact person answered"), _l("Sign in to My wheel to read the answer.")),
    # Translators: a weekly phone notification, only for guardians who asked for it.
    PushKind.REMINDER.value: (_l("Time for a check-in?"),
                              _l("How is the week going? Open My wheel when it suits you.")),
    # Translators: a phone notification to staff: entries they keep in the local support list need a review.
    PushKind.REVIEW_DUE.value: (_l("Time for a review"), _l("Sign in to My wheel to see what is due.")),
    GENERIC: (_l("My wheel"), _l("Something new is waiting for you. Sign in to read it.")),
}


def push_texts() -> dict[str, dict[str, dict[str, str]]]:
    """{language: {kind: {"title", "body"}}} for every language the app speaks (inside an app context)."""
    if not has_app_context():  # without an app, Flask-Babel would quietly give English for every language
        raise RuntimeError("push_texts() needs an app context to find the translations")
    result = {}
    for code in LANGUAGES:
        with force_locale(code):
            result[code] = {kind: {"title": str(title), "body": str(body)} for kind, (title, body) in TEXTS.items()}
    return result
