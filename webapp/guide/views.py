"""The support guide: a page per wheel part for each age band and for guardians, the trust pages, and
the national helplines. Open to everyone: nothing here is personal."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for

from webapp import access
from webapp.checkins import service as checkins
from webapp.checkins.wheel_store import wheels
from webapp.guide.content import AUDIENCES, PART_PAGES, TRUST_PAGES, PartPage
from webapp.guide.store import guide
from webapp.i18n import current_language
from webapp.wheels import DEFAULT_WHEEL

bp = Blueprint("guide", __name__)

PART_PICTOGRAMS = {key: f"wheel_{key}" for key in PART_PAGES}
NATIONAL_HELP = ("bris", "health_advice", "emergency")


def default_audience() -> str:
    """A child in their own turn reads their age band's version; everyone else the guardians' version."""
    child = access.identity().child
    return checkins.age_band(child) if child is not None else "guardian"


def tel(number: str) -> str:
    return "tel:" + "".join(ch for ch in number if ch.isdigit())


def local_support_url(part: str | None = None) -> str | None:
    """The family's local support list, when this person can see one (a family member, signed in)."""
    ident = access.identity()
    if ident.class_mode is not None and ident.child is None:
        return None
    if ident.child is None and ident.user is None:
        return None
    if "directory.for_families" not in current_app.view_functions:
        return None
    return url_for("directory.for_families", part=part) if part else url_for("directory.for_families")


@bp.app_context_processor
def _guide_globals() -> dict:
    return {"tel": tel}


@bp.route("/guide")
@access.public
def index():
    lang = current_language()
    g = guide()
    wheel = wheels()[DEFAULT_WHEEL]
    return render_template(
        "guide/index.html",
        parts=[g.page(lang, slug) for slug in PART_PAGES],
        trust=[g.page(lang, slug) for slug in TRUST_PAGES],
        pictograms=PART_PICTOGRAMS,
        helplines=[g.contact(lang, key) for key in NATIONAL_HELP],
        audience=default_audience(),
        wheel=wheel,
        local_url=local_support_url(),
    )


@bp.route("/guide/<slug>")
@access.public
def page(slug: str):
    if slug not in PART_PAGES and slug not in TRUST_PAGES:
        abort(404)
    lang = current_language()
    g = guide()
    found = g.page(lang, slug)
    audience = request.args.get("for", "")
    if audience not in AUDIENCES:
        audience = default_audience()
    if isinstance(found, PartPage):
        section = found.sections[audience]
        return render_template(
            "guide/part.html", page=found, section=section, audience=audience, audiences=AUDIENCES,
            part_pictogram=PART_PICTOGRAMS[slug],
            contacts=[g.contact(lang, key) for key in section.who],
            see=[g.page(lang, s) for s in section.see],
            local_url=local_support_url(slug),
        )
    return render_template(
        "guide/trust.html", page=found, see=[g.page(lang, s) for s in found.see],
        helplines=[g.contact(lang, key) for key in NATIONAL_HELP], audience=audience,
    )

