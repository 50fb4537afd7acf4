"""The web app manifest, the service worker (served from the root so that it controls the whole app) and
the offline page. None of them holds anything personal."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, current_app, g, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from webapp import access
from webapp.i18n import LANGUAGES, RTL_LANGUAGES, current_language
from webapp.push.texts import push_texts

bp = Blueprint("pwa", __name__)

THEME_COLOUR = "#1d5b79"
BACKGROUND_COLOUR = "#fffdf8"
# What the service worker keeps for offline use: the app's own static files, never a page of anyone's.
# The PNG app icons are left out: only the browser's installer needs them, and it fetches them itself.
PRECACHED_SUFFIXES = (".css", ".js", ".svg")


@cache
def static_files(static_folder: str) -> tuple[tuple[str, ...], str]:
    """The static files to precache and one version for all of them: a new release changes the version,
    which makes the browser install the new service worker and drop the old cache."""
    root = Path(static_folder)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in PRECACHED_SUFFIXES)
    digest = hashlib.sha256()
    for p in files:
        digest.update(p.relative_to(root).as_posix().encode())
        digest.update(p.read_bytes())
    return tuple(p.relative_to(root).as_posix() for p in files), digest.hexdigest()[:16]


def _names(lang: str) -> dict[str, str]:
    with force_locale(lang):
        return {"name": _("My wheel"), "short_name": _("My wheel"),
                "description": _("How is life going? Check in on the wheel and choose what to share.")}


@bp.route("/manifest.webmanifest")
@access.public
def manifest():
    lang = current_language()
    icons = [
        {"src": url_for("static", filename=f"icons/icon-{purpose}-{size}.png"), "sizes": f"{size}x{size}",
         "type": "image/png", "purpose": purpose}
        for purpose in ("any", "maskable") for size in (192, 512)
    ]
    body = {
        "id": "/",
        **_names(lang),
        "lang": lang,
        "dir": "rtl" if lang in RTL_LANGUAGES else "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
        # The manifest's own language is the page's; browsers that read `translations` get every name.
        "translations": {code: _names(code) for code in LANGUAGES if code != lang},
    }
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")


@bp.route("/service-worker.js")
@access.public
def service_worker():
    files, version = static_files(current_app.static_folder)
    script = render_template(
        "pwa/service-worker.js",
        version=version,
        precache=[url_for("static", filename=f) for f in files],
        offline_url=url_for("pwa.offline"),
        languages=list(LANGUAGES),
        push_texts=push_texts(),
    )
    # Like every page it is sent `no-store`, so the browser asks the server each time and finds a release at once.
    return Response(script, mimetype="text/javascript")


@bp.route("/offline")
@access.public
def offline():
    # Kept in Cache Storage: rendered as for nobody, with no token, name or anything of the person's.
    g.identity = access.Identity()
    return render_template("pwa/offline.html", bare=True)


def outbox_owner() -> str | None:
    """Whose finished check-ins this device may keep while offline: a guardian on their own phone, or a
    child in a turn on a family device. A shared class tablet keeps nothing."""
    from webapp.models import Role

    ident = access.identity()
    if ident.class_mode is not None:
        return None
    if ident.turn is not None:
        return f"child:{ident.child.id}" if ident.child is not None else None
    if ident.user is not None and ident.user.role == Role.GUARDIAN:
        return f"guardian:{ident.user.id}"
    return None


@bp.app_context_processor
def _pwa_globals() -> dict:
    return {"outbox_owner": outbox_owner}
