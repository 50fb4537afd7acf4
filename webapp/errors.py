"""Translated error pages; bad input never ends in a bare 500."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (_l("Something in the request was not right"), _l("Please go back and try again.")),
    403: (_l("This page is not for you"), _l("You do not have access to this page.")),
    404: (_l("We could not find that page"), _l("It may have moved, or the address may be wrong.")),
    405: (_l("That did not work"), _l("Please go back and use the buttons on the page.")),
    413: (_l("That was too much at once"), _l("Please send less and try again.")),
    429: (_l("Please wait a moment"), _l("There were too many tries. Wait a minute and try again.")),
    500: (_l("Something went wrong on our side"), _l("Nothing you did caused this. Please try again later.")),
}


def render_error(status: int, detail: str | None = None) -> tuple[str, int]:
    title, text = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    return render_template("errors/error.html", title=title, text=detail or text, status=status), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_e: CSRFError) -> tuple[str, int]:
        return render_error(400, str(_l("The form had expired. Please try again: nothing was saved.")))

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException) -> tuple[str, int]:
        return render_error(e.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(e: Exception) -> tuple[str, int]:
        app.logger.exception("unhandled error")  # the traceback holds no form data
        return render_error(500)
