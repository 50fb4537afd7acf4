"""Languages: the twelve locales, how one is chosen for a request, and text direction."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, request, session
from flask_babel import Babel, format_date, format_datetime, get_locale

# Each language by its own name in its own script; never flags.
LANGUAGES: dict[str, str] = {
    "sv": "Svenska",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "ckb": "کوردیی ناوەندی",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "uk": "Українська",
    "pl": "Polski",
    "bs": "Bosanski",
    "tr": "Türkçe",
    "fi": "Suomi",
}
DEFAULT_LANGUAGE = "sv"
RTL_LANGUAGES = frozenset({"ar", "fa", "ckb"})


def select_locale() -> str:
    """`?lang=` (remembered), then the child's language in a turn, the user's, the session's, the browser's."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
            return asked
    ident = g.get("identity")
    if ident is not None:
        if ident.turn is not None:
            turn_language = session.get("turn_language")
            if turn_language in LANGUAGES:
                return turn_language
            if ident.turn.child is not None:  # the child the turn is for, even before their code
                return ident.turn.child.preferred_language
        elif ident.class_mode is not None:
            # The class screen: the language chosen on the tablet, else the school's default.
            return session.get("language") if session.get("language") in LANGUAGES else DEFAULT_LANGUAGE
        elif ident.user is not None and ident.user.preferred_language in LANGUAGES:
            return ident.user.preferred_language
    remembered = session.get("language")
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT_LANGUAGE)


def lang_url(code: str) -> str:
    """This page in another language: the same address and query, with `lang` set."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)]
    return request.path + "?" + urlencode(args)


def current_language() -> str:
    return str(get_locale() or DEFAULT_LANGUAGE)


def text_direction() -> str:
    return "rtl" if current_language() in RTL_LANGUAGES else "ltr"


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Stockholm")
    Babel(app, locale_selector=select_locale)
    app.jinja_env.filters["datetimeformat_short"] = lambda value: format_datetime(value, "short")
    app.jinja_env.filters["dateformat_long"] = lambda value: format_date(value, "long")
    app.jinja_env.filters["dateformat_medium"] = lambda value: format_date(value, "medium")

    @app.context_processor
    def _language_context() -> dict[str, object]:
        return {"languages": LANGUAGES, "current_language": current_language(), "text_direction": text_direction(),
                "lang_url": lang_url}
