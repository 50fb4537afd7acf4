"""Sharing a check-in with the contact person (choose, preview exactly, confirm, withdraw), the contact
person's inbox and answers, and the child's one-tap "tell my contact person I want to talk"."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp import access
from webapp.auth.forms import EmptyForm
from webapp.checkins.service import ANSWER_LABELS, HELP_CHIPS, Author
from webapp.checkins.wheel_store import wheels
from webapp.db import get_session, utcnow
from webapp.guide.content import PAGES
from webapp.guide.store import guide
from webapp.i18n import current_language
from webapp.models import AuthorKind, CheckIn, ResponseKind, Role, Share, User
from webapp.pages import parse_id
from webapp.sharing import service

bp = Blueprint("sharing", __name__)


def _own_check_in(author: Author, check_in_id: int) -> CheckIn:
    db = get_session()
    check_in = access.load(db, CheckIn, check_in_id)
    access.require(author.owns(check_in))
    return check_in


def _contact_person(check_in_or_child) -> User | None:  # noqa: ANN001
    db = get_session()
    child = check_in_or_child.subject if isinstance(check_in_or_child, CheckIn) else check_in_or_child
    contact_id = access.current_contact_person_id(db, child)
    return db.get(User, contact_id) if contact_id else None


def _view_context(check_in: CheckIn) -> dict:
    wheel = wheels().get(check_in.wheel_id)
    parts = {p.key: p for p in (*wheel.parts, *wheel.extras)} if wheel else {}
    return {"parts": parts, "labels": ANSWER_LABELS, "chips": HELP_CHIPS, "lang": current_language()}


def _chosen(check_in: CheckIn) -> tuple[list[str], bool]:
    keys = {r.part_key for r in check_in.ratings}
    return [k for k in request.form.getlist("part") if k in keys], request.form.get("note") == "yes"


def _recipient(contact: User | None) -> tuple[str, User | None]:
    """'family' (the child's guardians, or the child) or the contact person; the contact person by default."""
    if request.form.get("to") == "family" or contact is None:
        return "family", None
    return "contact_person", contact


@bp.route("/check-ins/<int:check_in_id>/share", methods=["GET", "POST"])
@access.check_in_author
def choose(check_in_id: int, author: Author):
    """Choose what to share. Nothing is chosen to begin with. Posting shows the exact preview."""
    check_in = _own_check_in(author, check_in_id)
    contact = _contact_person(check_in)
    if request.method == "POST":
        parts, note = _chosen(check_in)
        to, recipient = _recipient(contact)
        if not EmptyForm().validate_on_submit() or not (parts or note):
            return render_template("sharing/choose.html", check_in=check_in, contact=contact, form=EmptyForm(),
                                   author=author, error=_("Choose at least one part to share."),
                                   **_view_context(check_in)), 400
        return render_template("sharing/preview.html", check_in=check_in, contact=recipient, to=to,
                               author=author, form=EmptyForm(), shared_parts=parts, include_note=note,
                               **_view_context(check_in))
    return render_template("sharing/choose.html", check_in=check_in, contact=contact, form=EmptyForm(),
                           author=author, **_view_context(check_in))


@bp.route("/check-ins/<int:check_in_id>/share/confirm", methods=["POST"])
@access.check_in_author
def confirm(check_in_id: int, author: Author):
    db = get_session()
    check_in = _own_check_in(author, check_in_id)
    parts, note = _chosen(check_in)
    _to, recipient = _recipient(_contact_person(check_in))
    if not EmptyForm().validate_on_submit() or not (parts or note):
        abort(400)
    service.share_check_in(db, author, check_in, recipient, parts, note)
    db.commit()
    flash(_("Shared. You can take it back at any time."))
    return redirect(url_for("checkins.show", check_in_id=check_in.id), code=303)


def _back_after_withdraw(share: Share) -> str:
    """Back where the tap came from: the share's own page or the page of "What I have shared" it is on (only
    these, never an address from outside), else the check-in's page."""
    back = request.form.get("next", "")
    if back == url_for("sharing.show", share_id=share.id):
        return back
    mine = re.fullmatch(re.escape(url_for("sharing.mine")) + r"(?:\?page=([0-9]{1,18}))?", back)
    if mine:
        return url_for("sharing.mine", page=parse_id(mine.group(1)), _anchor=f"share-{share.id}")
    return url_for("checkins.show", check_in_id=share.check_in_id) if share.check_in_id else url_for("sharing.mine")


def _own_share(author: Author, share_id: int) -> Share:
    share = access.load(get_session(), Share, share_id)
    access.require(service.is_sharer(author, share))
    return share


@bp.route("/shares/<int:share_id>/withdraw", methods=["POST"])
@access.check_in_author
def withdraw(share_id: int, author: Author):
    """One tap takes a share back; from now on the contact person cannot open it."""
    db = get_session()
    share = _own_share(author, share_id)
    if EmptyForm().validate_on_submit():
        service.withdraw(db, author, share)
        db.commit()
        flash(_("Taken back. It can no longer be opened."))
    return redirect(_back_after_withdraw(share), code=303)


@bp.route("/shares/<int:share_id>")
@access.check_in_author
def show(share_id: int, author: Author):
    """One thing I shared, as I see it: with whom, when, who opened it, what they answered; take it back."""
    share = _own_share(author, share_id)
    return render_template("sharing/show.html", share=share, author=author, form=EmptyForm(), lang=current_language(),
                           parts_of=_parts_of)


@bp.route("/shared-by-me")
@access.check_in_author
def mine(author: Author):
    """What I have shared: every check-in and talk request, newest first, taken back or not."""
    listed = service.shared_by(get_session(), author, parse_id(request.args.get("page")))
    return render_template("sharing/mine.html", shares=listed.items, listed=listed, author=author, form=EmptyForm(),
                           lang=current_language(), parts_of=_parts_of)


@bp.route("/talk/request", methods=["POST"])
@access.child_in_turn
def talk_request(child, turn):  # noqa: ANN001
    """Sends only the wish to talk, and only because the child tapped it. A second tap sends nothing more:
    it shows the request that is already waiting."""
    db = get_session()
    contact = _contact_person(child)
    if contact is None or not EmptyForm().validate_on_submit():
        abort(400)
    share, sent = service.request_talk(db, child, contact)
    db.commit()
    if sent:
        flash(_("Sent. %(name)s knows you want to talk.", name=contact.display_name))
    else:
        flash(_("You have already told %(name)s that you want to talk. Here is how it is going.",
                name=contact.display_name))
    return redirect(url_for("sharing.show", share_id=share.id), code=303)


@bp.route("/inbox")
@access.adult(Role.CONTACT_PERSON)
def inbox(user: User):
    listed = service.inbox(get_session(), user, parse_id(request.args.get("page")))
    return render_template("sharing/inbox.html", shares=listed.items, listed=listed, user=user,
                           lang=current_language(), parts_of=_parts_of)


def _parts_of(share: Share) -> dict:
    return _view_context(share.check_in)["parts"] if share.check_in else {}


def _readable_share(user: User, share_id: int) -> Share:
    db = get_session()
    share = access.load(db, Share, share_id)
    access.require(access.may_read_share(db, user, share))
    return share


@bp.route("/inbox/<int:share_id>")
@access.adult(Role.CONTACT_PERSON)
def read(share_id: int, user: User):
    """Open what was shared: exactly the shared parts. The family sees that it was opened."""
    db = get_session()
    share = _readable_share(user, share_id)
    service.record_access(db, user, share, "opened")
    db.commit()
    return _render_read(share)


RESPONSE_KINDS = ("message", "support", "meet")


def _render_read(share: Share, error: str | None = None, text: str = "", kind: str = "message", status: int = 200):
    ctx = _view_context(share.check_in) if share.check_in else {"lang": current_language()}
    pages = [(slug, guide().page(current_language(), slug).title) for slug in PAGES]
    return render_template("sharing/read.html", share=share, check_in=share.check_in, shared_parts=share.part_keys,
                           include_note=share.include_note, kinds=RESPONSE_KINDS, form=EmptyForm(), error=error,
                           text=text, kind=kind, guide_pages=pages, **ctx), status


@bp.route("/inbox/<int:share_id>/seen", methods=["POST"])
@access.adult(Role.CONTACT_PERSON)
def mark_seen(share_id: int, user: User):
    db = get_session()
    share = _readable_share(user, share_id)
    if EmptyForm().validate_on_submit() and share.seen_at is None:
        share.seen_at = utcnow()
        service.record_access(db, user, share, "seen")
        db.commit()
    return redirect(url_for("sharing.inbox"), code=303)


@bp.route("/inbox/<int:share_id>/respond", methods=["POST"])
@access.adult(Role.CONTACT_PERSON)
def respond(share_id: int, user: User):
    db = get_session()
    share = _readable_share(user, share_id)
    kind = request.form.get("kind", "")
    text = request.form.get("text", "").strip()
    guide_page = request.form.get("guide_page", "") or None
    valid = (kind in RESPONSE_KINDS and 0 < len(text) <= service.RESPONSE_MAX_LENGTH
             and (guide_page is None or guide_page in PAGES))
    if not EmptyForm().validate_on_submit() or not valid:
        return _render_read(share, _("Write an answer of at most 1000 characters and choose what kind it is."),
                            text, kind, 400)
    service.respond(db, user, share, ResponseKind(kind), text, guide_page)
    db.commit()
    flash(_("Your answer was sent. The family sees it next to what they shared."))
    return redirect(url_for("sharing.inbox"), code=303)


@bp.route("/shared-with-me")
@access.check_in_author
def family(author: Author):
    """What the other side of the family shared: a child sees their guardians' check-ins about them, a guardian
    their children's own. Where both shared, the two views stand side by side, never merged."""
    db = get_session()
    if author.kind == AuthorKind.CHILD:
        child_ids = [author.child.id]
    else:
        child_ids = [c.id for gs in author.user.guardianships for c in gs.family.children]
    theirs = service.shared_within_family(db, author, child_ids)
    mine = {s.child_id: s for s in reversed(service.my_family_shares(db, author, child_ids))}
    wheel = wheels().get("girfec8")
    return render_template("sharing/family.html", theirs=theirs, mine=mine, author=author,
                           labels=ANSWER_LABELS, lang=current_language(), parts_of=_parts_of,
                           default_parts={p.key: p for p in (*wheel.parts, *wheel.extras)})
