"""Security headers: a strict CSP with a per-request nonce, no caching of personal pages, and friends."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "media-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _headers(response: Response) -> Response:
        h = response.headers
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "no-referrer"
        h["X-Frame-Options"] = "DENY"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Cross-Origin-Resource-Policy"] = "same-origin"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        if app.config["MITTHJUL"].secure_cookies:
            h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint != "static":
            h["Content-Security-Policy"] = _content_security_policy(csp_nonce())
            # Pages may hold a family's or child's data and devices are shared: never store them.
            h["Cache-Control"] = "no-store"
            h.pop("Expires", None)
            response.vary.update(("HX-Request", "HX-Request-Type"))
            _whole_page_for_htmx(response)
        return response


def _whole_page_for_htmx(response: Response) -> None:
    """htmx asked for a fragment but got a whole page (an error page, or a redirect that fetch followed,
    e.g. to the class screen when a turn ended): swap the whole body instead of nesting a page in a step."""
    if request.headers.get("HX-Request") != "true" or response.mimetype != "text/html" or response.direct_passthrough:
        return
    if response.get_data(as_text=True).lstrip()[:15].lower().startswith("<!doctype"):
        response.headers["HX-Retarget"] = "body"
        response.headers["HX-Reswap"] = "outerHTML"
