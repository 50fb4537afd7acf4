"""The local support directory: admins keep it (and keep it true); families find help near them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, flash, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp import access
from webapp.auth.forms import EmptyForm, choices
from webapp.checkins.wheel_store import wheels
from webapp.db import get_session, utcnow
from webapp.directory import service
from webapp.directory.forms import EditEntryForm, EntryForm, phone_href
from webapp.i18n import LANGUAGES, current_language
from webapp.models import Child, DirectoryEntry, Organisation, Role, User
from webapp.pages import render_page, see_other
from webapp.wheels import CANONICAL_KEYS, DEFAULT_WHEEL

bp = Blueprint("directory", __name__)
ADMIN = access.adult(Role.UNIT_ADMIN)


def part_names(lang: str) -> dict[str, str]:
    """Each canonical wheel key by its name on the default wheel, in this language, in wheel order."""
    wheel = wheels()[DEFAULT_WHEEL]
    names = {key: part.name.get(lang) for part in wheel.parts for key in part.canonical_keys}
    return {key: names.get(key, key) for key in CANONICAL_KEYS}


@bp.app_template_global()
def directory_tel(phone: str) -> str:
    return phone_href(phone)


# --- Admins -----------------------------------------------------------------------------------------------


@dataclass
class AdminScope:
    """The municipalities this admin keeps the directory for, and who may own their entries."""

    organisations: list[Organisation]
    owner_organisations: dict[int, set[int]]  # owner id → municipalities they are an admin in
    owner_names: dict[int, str]

    @property
    def organisation_ids(self) -> set[int]:
        return {o.id for o in self.organisations}


def _admin_scope(db: Session, user: User) -> AdminScope:
    ids = access.admin_organisation_ids(db, user)
    organisations = list(db.scalars(
        select(Organisation).where(Organisation.id.in_(ids)).options(selectinload(Organisation.units))
        .order_by(Organisation.name)
    ))
    owners: dict[int, set[int]] = {}
    names: dict[int, str] = {}
    for owner_id, name, organisation_id in service.possible_owners(db, ids):
        owners.setdefault(owner_id, set()).add(organisation_id)
        names[owner_id] = name
    return AdminScope(organisations, owners, names)


def _set_choices(form: EntryForm, scope: AdminScope) -> None:
    places = []
    for o in scope.organisations:
        places.append((f"org-{o.id}", _("Everyone in %(municipality)s", municipality=o.name)))
        places.extend((f"unit-{u.id}", _("Only families at %(unit)s", unit=u.name)) for u in o.units)
    form.scope.choices = choices(places)
    form.helps_with.choices = choices(part_names(current_language()).items())
    form.languages.choices = choices(LANGUAGES.items())
    form.owner_id.choices = choices(scope.owner_names.items())


def _place(form: EntryForm, scope: AdminScope) -> tuple[int, int | None] | None:
    """(municipality, unit or None) from the chosen scope, after it was validated as one of the choices."""
    kind, _sep, raw = (form.scope.data or "").partition("-")
    for o in scope.organisations:
        if kind == "org" and raw == str(o.id):
            return o.id, None
        for u in o.units:
            if kind == "unit" and raw == str(u.id):
                return o.id, u.id
    return None


def _valid_entry_form(form: EntryForm, scope: AdminScope) -> tuple[int, int | None] | None:
    """Check the form as a whole: the owner must be an admin where the entry is."""
    if not form.validate_on_submit():
        return None
    place = _place(form, scope)
    if place is None:
        form.scope.errors.append(_("Choose one of the options."))
        return None
    if place[0] not in scope.owner_organisations.get(form.owner_id.data, set()):
        form.owner_id.errors.append(_("Choose someone who is an admin in the same municipality as the entry."))
        return None
    return place


def _fill(entry: DirectoryEntry, form: EntryForm, place: tuple[int, int | None]) -> None:
    entry.organisation_id, entry.unit_id = place
    entry.name = form.name.data
    entry.helps_with = " ".join(k for k in CANONICAL_KEYS if k in form.helps_with.data)
    entry.for_whom = form.for_whom.data
    entry.how_to_reach = form.how_to_reach.data
    entry.phone = form.phone.data or None
    entry.website = form.website.data or None
    entry.opening_hours = form.opening_hours.data or None
    entry.languages = " ".join(code for code in LANGUAGES if code in form.languages.data)
    entry.address = form.address.data or None
    entry.owner_id = form.owner_id.data
    entry.updated_at = utcnow()


def _list_page(user: User, form: EntryForm | None = None, status: int = 200):
    db = get_session()
    scope = _admin_scope(db, user)
    today = service.today()
    if form is None:
        form = EntryForm(owner_id=user.id, languages=["sv"])
    _set_choices(form, scope)
    entries = service.entries_for_admin(db, scope.organisation_ids, today)
    return render_page(
        "directory/admin_list.html", status=status, user=user, entries=entries, form=form,
        freshness={e.id: service.freshness(e, today) for e in entries},
        my_due=sum(1 for e in entries if e.owner_id == user.id and service.is_due(e, today)),
        parts=part_names(current_language()), organisations=scope.organisations,
        organisation_names={o.id: o.name for o in scope.organisations},
    )


@bp.route("/admin/directory")
@ADMIN
def admin_list(user: User):
    return _list_page(user)


@bp.route("/admin/directory", methods=["POST"])
@ADMIN
def add(user: User):
    db = get_session()
    scope = _admin_scope(db, user)
    form = EntryForm()
    _set_choices(form, scope)
    place = _valid_entry_form(form, scope)
    if place is None:
        return _list_page(user, form, status=400)
    now = utcnow()
    entry = DirectoryEntry(last_reviewed_on=service.today(), created_at=now)
    _fill(entry, form, place)
    db.add(entry)
    db.commit()
    flash(_("“%(name)s” was added. Families can find it now.", name=entry.name))
    return see_other(url_for("directory.admin_list"))


def _managed_entry(db: Session, user: User, entry_id: int) -> DirectoryEntry:
    entry = access.load(db, DirectoryEntry, entry_id)
    access.require(access.may_manage_directory_entry(db, user, entry))
    return entry


def _edit_page(user: User, entry: DirectoryEntry, form: EditEntryForm | None = None, status: int = 200):
    db = get_session()
    scope = _admin_scope(db, user)
    if form is None:
        form = EditEntryForm(data={
            "name": entry.name, "scope": f"unit-{entry.unit_id}" if entry.unit_id else f"org-{entry.organisation_id}",
            "helps_with": entry.part_keys, "for_whom": entry.for_whom, "how_to_reach": entry.how_to_reach,
            "phone": entry.phone, "website": entry.website, "opening_hours": entry.opening_hours,
            "languages": entry.language_codes, "address": entry.address, "owner_id": entry.owner_id,
        })
    _set_choices(form, scope)
    if not form.is_submitted() and entry.owner_id not in scope.owner_names:
        # The owner left or was disabled: nobody keeps the entry true until someone new is chosen.
        form.owner_id.errors = [_("%(name)s can no longer own entries here. Choose a new owner.",
                                  name=entry.owner.display_name)]
    today = service.today()
    return render_page("directory/admin_edit.html", status=status, entry=entry, form=form,
                       freshness=service.freshness(entry, today), parts=part_names(current_language()))


@bp.route("/admin/directory/<int:entry_id>")
@ADMIN
def edit(entry_id: int, user: User):
    return _edit_page(user, _managed_entry(get_session(), user, entry_id))


@bp.route("/admin/directory/<int:entry_id>", methods=["POST"])
@ADMIN
def save(entry_id: int, user: User):
    db = get_session()
    entry = _managed_entry(db, user, entry_id)
    scope = _admin_scope(db, user)
    form = EditEntryForm()
    _set_choices(form, scope)
    place = _valid_entry_form(form, scope)
    if place is None:
        return _edit_page(user, entry, form, status=400)
    _fill(entry, form, place)
    if form.reviewed.data:
        service.mark_reviewed(entry, service.today())
    db.commit()
    flash(_("“%(name)s” was saved.", name=entry.name))
    return see_other(url_for("directory.admin_list"))


@bp.route("/admin/directory/<int:entry_id>/reviewed", methods=["POST"])
@ADMIN
def reviewed(entry_id: int, user: User):
    """One tap: an admin checked that the entry is still true. It is fresh again; the notice is cleared."""
    db = get_session()
    entry = _managed_entry(db, user, entry_id)
    if not EmptyForm().validate_on_submit():
        flash(_("The form had expired. Please try again: nothing was saved."))
        return _list_page(user, status=400)
    service.mark_reviewed(entry, service.today())
    db.commit()
    flash(_("“%(name)s” is marked as reviewed today.", name=entry.name))
    return see_other(url_for("directory.admin_list"))


@bp.route("/admin/directory/<int:entry_id>/delete")
@ADMIN
def confirm_delete(entry_id: int, user: User):
    entry = _managed_entry(get_session(), user, entry_id)
    return render_page("directory/admin_delete.html", entry=entry)


@bp.route("/admin/directory/<int:entry_id>/delete", methods=["POST"])
@ADMIN
def delete(entry_id: int, user: User):
    db = get_session()
    entry = _managed_entry(db, user, entry_id)
    if not EmptyForm().validate_on_submit():
        flash(_("The form had expired. Please try again: nothing was saved."))
        return render_page("directory/admin_delete.html", entry=entry, status=400)
    name = entry.name
    db.delete(entry)
    db.commit()
    flash(_("“%(name)s” was deleted.", name=name))
    return see_other(url_for("directory.admin_list"))


# --- Families ---------------------------------------------------------------------------------------------


@bp.route("/support-near-you")
@access.support_reader
def for_families(child: Child | None, user: User | None):
    """Local support for the reader's units and municipality, by wheel part and language spoken."""
    db = get_session()
    lang = current_language()
    parts = part_names(lang)
    part = request.args.get("part", "")
    language = request.args.get("language", "")
    errors = {}
    if part and part not in parts:
        errors["part"] = _("Choose one of the parts of the wheel.")
        part = ""
    if language and language not in LANGUAGES:
        errors["language"] = _("Choose one of the languages.")
        language = ""
    units, organisations = access.support_scope(db, child=child, user=user)
    entries = service.entries_for_family(db, units, service.today(), organisation_ids=organisations,
                                         part=part or None, language=language or None)
    return render_page(
        "directory/for_families.html", "directory/_results.html", status=400 if errors else 200,
        entries=entries, parts=parts, part=part, language=language, errors=errors,
    )
