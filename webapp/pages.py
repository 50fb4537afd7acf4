"""Rendering helpers: one URL serves the full page, or only its fragment to htmx."""

from __future__ import annotations

import re
from typing import Any

from flask import Response, redirect, render_template, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**63 - 1


def parse_id(raw: str | None) -> int | None:
    """A database id from a form or query string: plain ASCII digits that fit the column, else None."""
    if raw is None or not re.fullmatch(r"[0-9]{1,18}", raw):
        return None
    return int(raw)


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in URLs, but never larger than a database id can be (a huge one is a 404, not a 500)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002, ANN001, ANN002, ANN003
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def wants_fragment() -> bool:
    """htmx 4 asks for a part of the page with `HX-Request-Type: partial` (full for boosted navigation)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Request-Type") == "partial"


def render_page(page: str, fragment: str | None = None, status: int = 200, **context: Any) -> tuple[str, int]:
    """Render the full page, or just the fragment it includes when htmx asks for a partial."""
    if fragment is not None and wants_fragment():
        return render_template(fragment, **context), status
    return render_template(page, **context), status


def see_other(url: str) -> Response:
    """Redirect after a successful post; htmx gets `HX-Redirect` (fetch would follow a 303 silently)."""
    if request.headers.get("HX-Request") == "true":
        response = Response(status=204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)
