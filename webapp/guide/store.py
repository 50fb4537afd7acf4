"""The guide is read and checked once when the app starts; a broken file stops start-up."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Flask, current_app

from webapp.guide.content import CONTENT, Guide, GuideContentError, load_guide


@cache
def _load(directory: Path) -> Guide:
    return load_guide(directory)


def init_app(app: Flask, directory: Path = CONTENT) -> None:
    try:
        app.extensions["guide"] = _load(directory)
    except GuideContentError as e:
        raise SystemExit(f"Mitt hjul cannot start: {e}") from None

    def guide_title(slug: str) -> str:
        """A guide page's title in the page's language (an answer names the page it suggests)."""
        from webapp.i18n import current_language

        return guide().page(current_language(), slug).title

    app.jinja_env.globals["guide_title"] = guide_title


def guide() -> Guide:
    return current_app.extensions["guide"]
