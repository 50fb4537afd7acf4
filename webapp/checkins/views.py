"""The check-in: one part of the wheel per screen, then what would help, a summary, and my wheel.

Every step is a plain form (works without JavaScript); with htmx only the step fragment is swapped and
the address follows, so back, forward and reload all work. The unfinished check-in lives in the
server-side session until it is saved or abandoned.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from webapp import access
from webapp.auth.forms import EmptyForm
from webapp.checkins import service
from webapp.checkins.drawing import ups_and_downs, wheel_sectors
from webapp.checkins.forms import MoreForm
from webapp.checkins.service import ANSWER_LABELS, FIVE_FACES, HELP_CHIPS, THREE_FACES, Author, SaveError
from webapp.checkins.wheel_store import wheels
from webapp.db import get_session, utcnow
from webapp.guide.store import guide
from webapp.guide.suggestions import suggested_pages
from webapp.i18n import current_language, text_direction
from webapp.models import AuthorKind, CheckIn, Child
from webapp.pages import parse_id, render_page, see_other
from webapp.sharing.service import open_talk_request, shares_of

bp = Blueprint("checkins", __name__)

LOW = 2  # answers at or below this get a kind word and a pointer to support


def _draft(author: Author) -> dict | None:
    draft = session.get("draft")
    return draft if isinstance(draft, dict) and draft.get("author") == author.key else None


def _store(draft: dict) -> None:
    session["draft"] = draft  # reassigned so that the session sees the change


def _switch_to(author: Author, subject: Child) -> dict:
    """The unfinished check-in about this child, resumed or new. One about another child is put aside,
    not thrown away: a guardian with several children loses nothing by switching."""
    current = _draft(author)
    if current is not None and current["subject"] == subject.id:
        return current
    aside = dict(session.get("drafts_aside") or {})  # keyed by the child's id as text (JSON keys)
    if current is not None:
        aside[str(current["subject"])] = current
    draft = aside.pop(str(subject.id), None)
    if not isinstance(draft, dict) or draft.get("author") != author.key:
        draft = service.new_draft(author, subject)
    session["drafts_aside"] = aside
    _store(draft)
    return draft


def _subject(author: Author, draft: dict) -> Child:
    if author.kind == AuthorKind.CHILD:
        return author.child
    child = access.load(get_session(), Child, draft["subject"])
    access.require(access.may_check_in_about(author.user, child))
    return child


def _context(author: Author, draft: dict) -> dict:
    subject = _subject(author, draft)
    wheel = wheels().get(draft["wheel"]) or service.wheel_for(subject)
    band = service.age_band(subject) if author.kind == AuthorKind.CHILD else None
    lang = current_language()
    return {
        "ask": lambda part: service.question_for(part, author, band, lang, subject.first_name),
        "author": author,
        "subject": subject,
        "wheel": wheel,
        "questions": service.questions(wheel),
        "band": band,
        "faces": THREE_FACES if band == "4-7" else FIVE_FACES,
        "labels": ANSWER_LABELS,
        "draft": draft,
        "lang": current_language(),
        "form": EmptyForm(),
    }


@bp.route("/check-in/start", methods=["POST"])
@access.check_in_author
def start(author: Author):
    """Begin (or resume) a check-in. A guardian says which child it is about."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    if author.kind == AuthorKind.CHILD:
        subject = author.child
    else:
        child_id = parse_id(request.form.get("child_id"))
        subject = access.load(get_session(), Child, child_id) if child_id is not None else abort(400)
        access.require(access.may_check_in_about(author.user, subject))
    draft = _switch_to(author, subject)
    return redirect(url_for("checkins.step", number=_first_open_step(draft)), code=303)


def _first_open_step(draft: dict) -> int:
    wheel = wheels()[draft["wheel"]]
    for i, part in enumerate(service.questions(wheel), start=1):
        if part.key not in draft["answers"]:
            return i
    return len(service.questions(wheel))


@bp.route("/check-in/step/<int:number>", methods=["GET", "POST"])
@access.check_in_author
def step(number: int, author: Author):
    draft = _draft(author)
    if draft is None:
        return redirect(url_for("home.index"))
    ctx = _context(author, draft)
    total = len(ctx["questions"])
    if not 1 <= number <= total:
        abort(404)
    part = ctx["questions"][number - 1]
    error = None
    if request.method == "POST":
        valid, value = service.parse_answer(request.form.get("answer"), ctx["band"])
        if EmptyForm().validate_on_submit() and valid:
            draft["answers"][part.key] = value
            _store(draft)
            # A child who says they do not feel safe at all sees at once who they can talk to.
            if author.kind == AuthorKind.CHILD and value == 1 and "safe" in part.canonical_keys:
                return see_other(url_for("checkins.talk", then=_next_url(number, total)))
            return redirect(_next_url(number, total), code=303)
        error = _("Choose one of the faces, or “I don't want to answer”.")
    return render_page(
        "checkins/step_page.html", "checkins/_step.html", status=400 if error else 200,
        part=part, number=number, total=total, chosen=draft["answers"].get(part.key, "unanswered"),
        error=error, offline_plan=lambda: _offline_plan(author, draft, ctx), chips=HELP_CHIPS,
        more_form=lambda: MoreForm(data={"help": draft["help"], "note": draft["note"]}), **ctx,
    )


def _offline_plan(author: Author, draft: dict, ctx: dict) -> dict:
    """Everything the page needs to finish the check-in without a connection (family devices only): the
    remaining questions and what the save form would carry. It is in the page already; nothing new."""
    questions = ctx["questions"]
    total = len(questions)
    return {
        "client_id": draft["client_id"], "wheel": draft["wheel"], "subject": draft["subject"],
        "author": author.key, "help": draft["help"], "note": draft["note"], "answers": draft["answers"],
        "steps": [{
            "key": part.key,
            "pictogram": url_for("static", filename=f"pictograms/{part.pictogram}.svg"),
            "question": ctx["ask"](part),
            "meaning": part.meaning.get(ctx["lang"]) if ctx["band"] != "4-7" else "",
            "progress": _("%(number)d of %(total)d", number=i, total=total),
            "safety": author.kind == AuthorKind.CHILD and "safe" in part.canonical_keys,
        } for i, part in enumerate(questions, start=1)],
    }


def _next_url(number: int, total: int) -> str:
    return url_for("checkins.step", number=number + 1) if number < total else url_for("checkins.more")


@bp.route("/check-in/more", methods=["GET", "POST"])
@access.check_in_author
def more(author: Author):
    draft = _draft(author)
    if draft is None:
        return redirect(url_for("home.index"))
    ctx = _context(author, draft)
    form = MoreForm(data={"help": draft["help"], "note": draft["note"]} if request.method == "GET" else None)
    if form.validate_on_submit():
        draft["help"] = [k for k in form.help.data if k in HELP_CHIPS]
        draft["note"] = (form.note.data or "").strip()
        _store(draft)
        return redirect(url_for("checkins.summary"), code=303)
    ctx["form"] = form
    return render_page("checkins/more_page.html", "checkins/_more.html",
                       status=400 if form.errors else 200, chips=HELP_CHIPS, **ctx)


@bp.route("/check-in/summary")
@access.check_in_author
def summary(author: Author):
    draft = _draft(author)
    if draft is None:
        return redirect(url_for("home.index"))
    ctx = _context(author, draft)
    return render_page("checkins/summary_page.html", "checkins/_summary.html", chips=HELP_CHIPS, **ctx)


@bp.route("/check-in/save", methods=["POST"])
@access.check_in_author
def save(author: Author):
    """Store the finished check-in. The form carries every answer and a client-made id, so the same
    check-in sent twice (a double tap, a retry after a lost connection) is stored once."""
    form = EmptyForm()
    client_id = service.parse_client_id(request.form.get("client_id"))
    db = get_session()
    if author.kind == AuthorKind.CHILD:
        subject = author.child
    else:
        subject_id = parse_id(request.form.get("subject"))
        subject = access.load(db, Child, subject_id) if subject_id is not None else None
        if subject is not None:
            access.require(access.may_check_in_about(author.user, subject))
    wheel = wheels().get(request.form.get("wheel", ""))
    if request.form.get("author", author.key) != author.key:
        # Kept on a device while offline by someone else (a child's turn, another guardian): it waits
        # there for its own person and is never stored under the wrong name.
        return _("This check-in belongs to someone else on this device."), 409
    if not form.validate_on_submit() or client_id is None or subject is None or wheel is None:
        return _save_failed(author)
    expected_wheel = _wheel_of_draft(author, client_id)
    if expected_wheel is not None and wheel.id != expected_wheel:
        return _save_failed(author)
    band = service.age_band(subject) if author.kind == AuthorKind.CHILD else None
    answers: dict[str, int | None] = {}
    for part in service.questions(wheel):
        valid, value = service.parse_answer(request.form.get(f"part-{part.key}", "skip"), band)
        if not valid:
            return _save_failed(author)
        answers[part.key] = value
    help_keys = request.form.getlist("help")
    note = request.form.get("note", "")
    if len(note) > service.NOTE_MAX_LENGTH:
        return _save_failed(author)
    try:
        check_in, _created = service.save_check_in(
            db, author=author, subject=subject, client_id=client_id, wheel=wheel, answers=answers,
            help_keys=help_keys, note=note,
            finished_at=service.parse_finished_at(request.form.get("finished_at"), utcnow()),
        )
    except SaveError:
        return _save_failed(author)
    draft = _draft(author)
    if draft is not None and draft.get("client_id") == client_id:
        session.pop("draft", None)
    return redirect(url_for("checkins.show", check_in_id=check_in.id, saved=1), code=303)


def _wheel_of_draft(author: Author, client_id: str) -> str | None:
    """The wheel a check-in must be saved on: the one its draft was started with. A check-in kept offline
    may arrive after its draft is gone (None): then it keeps the wheel it was answered on, even if the unit
    has chosen another meanwhile, rather than waiting on the device for ever."""
    for draft in (_draft(author), *dict(session.get("drafts_aside") or {}).values()):
        if isinstance(draft, dict) and draft.get("author") == author.key and draft.get("client_id") == client_id:
            return draft.get("wheel")
    return None


def _save_failed(author: Author):
    """Nothing is lost: the draft stays, and the person is sent back to the summary with a message."""
    draft = _draft(author)
    if draft is None:
        abort(400)
    ctx = _context(author, draft)
    ctx["error"] = _("That did not save. Your answers are still here: please try again.")
    return render_page("checkins/summary_page.html", status=400, chips=HELP_CHIPS, **ctx)


@bp.route("/check-in/abandon", methods=["POST"])
@access.check_in_author
def abandon(author: Author):
    if EmptyForm().validate_on_submit() and _draft(author) is not None:
        session.pop("draft", None)
    return redirect(url_for("home.index"), code=303)


def _wheel_drawing(check_in: CheckIn):  # noqa: ANN202
    """The check-in's own answers, in its own order; texts and pictures from its wheel definition."""
    wheel = wheels().get(check_in.wheel_id)
    parts = {p.key: p for p in service.questions(wheel)} if wheel else {}
    extras = {p.key for p in wheel.extras} if wheel else set()
    on_wheel = [(r.part_key, r.value) for r in check_in.ratings if r.part_key not in extras]
    return wheel, parts, wheel_sectors(on_wheel, rtl=text_direction() == "rtl")


@bp.route("/check-ins/<int:check_in_id>")
@access.check_in_author
def show(check_in_id: int, author: Author):
    """One check-in as its author sees it: the wheel, the answers as a table, a kind word if it was hard."""
    db = get_session()
    check_in = access.load(db, CheckIn, check_in_id)
    access.require(author.owns(check_in))
    wheel, parts, sectors = _wheel_drawing(check_in)
    low = [r for r in check_in.ratings if r.value is not None and r.value <= LOW]
    contact_id = access.current_contact_person_id(db, check_in.subject)
    return render_template(
        "checkins/show.html", check_in=check_in, wheel=wheel, parts=parts, sectors=sectors, low=low,
        shares=shares_of(db, check_in), contact=db.get(access.User, contact_id) if contact_id else None,
        labels=ANSWER_LABELS, chips=HELP_CHIPS, author=author, lang=current_language(),
        saved=request.args.get("saved") == "1",
        suggestions=[guide().page(current_language(), slug) for slug in suggested_pages(check_in, wheel)],
    )


HISTORY_PAGE_SIZE = 20
LINE_LENGTH = 20  # the lines show this many check-ins, the newest


def _history_children(author: Author) -> list[Child]:
    """A guardian's children, each once, in the order the families list them."""
    if author.kind != AuthorKind.GUARDIAN:
        return []
    seen: dict[int, Child] = {}
    for guardianship in author.user.guardianships:
        for child in guardianship.family.children:
            seen.setdefault(child.id, child)
    return list(seen.values())


@bp.route("/my-wheel")
@access.check_in_author
def history(author: Author):
    """My ups and downs about one child: each part's line over time, the last few check-ins side by side,
    and every check-in, newest first, a page at a time. A guardian chooses which child; never a mix."""
    db = get_session()
    children = _history_children(author)
    if author.kind == AuthorKind.GUARDIAN:
        asked = parse_id(request.args.get("child"))
        subject = next((c for c in children if c.id == asked), children[0] if children else None)
    else:
        subject = author.child
    recent: list[CheckIn] = []
    listed: list[CheckIn] = []
    total, pages, page = 0, 1, 1
    if subject is not None:
        paged = service.check_ins_page(db, author, subject.id, parse_id(request.args.get("page")), HISTORY_PAGE_SIZE)
        listed, page, pages, total = paged.items, paged.page, paged.pages, paged.total
        recent = service.recent_check_ins(db, author, subject.id, limit=LINE_LENGTH) if total else []
    # Drawn on the wheel of the newest check-in; older ones on other variants are matched part by part.
    wheel = (wheels().get(recent[0].wheel_id) or service.wheel_for(subject)) if recent else None
    answers = [service.answers_on(wheel, c) for c in reversed(recent)] if wheel else []
    lines = ups_and_downs([p.key for p in service.questions(wheel)] if wheel else [], answers,
                          rtl=text_direction() == "rtl")
    side_by_side = list(zip(recent[:4], reversed(answers), strict=False))
    return render_template(
        "checkins/history.html", author=author, subject=subject, children=children, total=total,
        recent=recent, side_by_side=side_by_side, lines=lines, wheel=wheel,
        parts={p.key: p for p in service.questions(wheel)} if wheel else {},
        mixed_wheels=len({c.wheel_id for c in recent}) > 1, line_length=LINE_LENGTH,
        listed=listed, page=page, pages=pages, labels=ANSWER_LABELS, lang=current_language(), form=EmptyForm(),
    )


@bp.route("/talk")
@access.public
def talk():
    """“I need to talk to someone”: who can help, now. Nothing is sent from here."""
    ident = access.identity()
    contact = waiting = None
    if ident.child is not None:
        db = get_session()
        contact_id = access.current_contact_person_id(db, ident.child)
        contact = db.get(access.User, contact_id) if contact_id else None
        waiting = open_talk_request(db, ident.child)  # already asked: show how it is going, not the button
    then = request.args.get("then", "")
    then = then if re.fullmatch(r"/check-in/(step/[0-9]{1,3}|more|summary)", then) else None
    return render_template("checkins/talk.html", contact=contact, waiting=waiting, then=then, form=EmptyForm())
