"""A fictional municipality for trying the app: one school, one preschool, five families."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.admin.service import assign_contact_person
from webapp.auth.passwords import hash_secret
from webapp.auth.picture_code import set_code
from webapp.db import utcnow
from webapp.directory.service import months_before, today
from webapp.models import (
    Child,
    DirectoryEntry,
    Family,
    Guardianship,
    Organisation,
    Role,
    SchoolClass,
    StaffMembership,
    Unit,
    UnitKind,
    User,
)

DEMO_ORGANISATION = "Björkby kommun (demo)"
DEMO_PASSWORD = "mitthjul-demo"  # noqa: S105 - fictional accounts, listed in the README

# (e-mail, name, role, language, job title)
STAFF = [
    ("admin@demo.mitthjul.se", "Eva Admin", Role.UNIT_ADMIN, "sv", None),
    ("karin@demo.mitthjul.se", "Karin Berg", Role.CONTACT_PERSON, "sv", "Kurator"),
    ("ahmed@demo.mitthjul.se", "Ahmed Hassan", Role.CONTACT_PERSON, "sv", "Familjestödjare"),
]

# Each family: guardians (e-mail, name, language, custody) and children (name, age, avatar, language,
# class key, contact person e-mail, picture code).
FAMILIES = [
    {
        "guardians": [("anna@demo.mitthjul.se", "Anna Lind", "sv", True),
                      ("jonas@demo.mitthjul.se", "Jonas Lind", "sv", True)],
        "children": [("Sam", 8, "fox", "sv", "2A", "karin", ("cat", "sun", "ball")),
                     ("Maja", 13, "owl", "sv", "7B", "karin", ("tree", "star", "fish"))],
    },
    {
        "guardians": [("layla@demo.mitthjul.se", "Layla Haddad", "ar", True)],
        "children": [("Omar", 5, "lion", "ar", "Solen", "ahmed", ("dog", "car", "apple")),
                     ("Noor", 9, "butterfly", "ar", "2A", "karin", ("sun", "fish", "cat"))],
    },
    {
        "guardians": [("senait@demo.mitthjul.se", "Senait Tesfay", "ti", True)],
        "children": [("Yonas", 14, "elephant", "ti", "7B", "karin", ("ball", "tree", "dog"))],
    },
    {
        "guardians": [("hodan@demo.mitthjul.se", "Hodan Ali", "so", True)],
        "children": [("Amina", 6, "rabbit", "so", "Solen", "ahmed", ("star", "apple", "car"))],
    },
    {
        "guardians": [("mikael@demo.mitthjul.se", "Mikael Nyström", "sv", True)],
        "children": [("Elin", 16, "penguin", "sv", "7B", "karin", ("fish", "ball", "sun"))],
    },
]


# Local support (name, unit or None for the whole municipality, helps with, for whom, how to reach, phone,
# opening hours, languages, address, months since the last review). One needs a review, one is hidden.
DIRECTORY = [
    ("Familjecentralen Björkby", None, "healthy nurtured included", "Föräldrar och barn 0–6 år",
     "Kom förbi på öppettid, eller ring och boka ett samtal med barnmorska, BVC-sköterska eller familjestödjare.",
     "0123-45 60 00", "Mån–fre 9–16", "sv ar so ti", "Storgatan 12, Björkby", 1),
    ("Elevhälsan på Björkbyskolan", "Björkbyskolan", "safe healthy achieving",
     "Elever i årskurs 1–9 och deras vårdnadshavare",
     "Skolsköterskan och kuratorn har drop-in varje tisdag. Du kan också be din mentor om en tid.",
     "0123-45 61 10", "Mån–fre 8–15", "sv en", "Björkbyskolan, hus B", 7),
    ("Fritidsgården Kulan", None, "active respected responsible included", "Unga 10–17 år",
     "Kom in när det är öppet. Personalen finns där och det kostar inget.",
     None, "Tis–fre 15–21", "sv ar fa", "Parkvägen 3, Björkby", 13),
    ("Öppna förskolan Lärkan", "Förskolan Lärkan", "nurtured active included", "Barn 0–5 år med en vuxen",
     "Kom förbi med ditt barn. Ingen anmälan behövs.",
     "0123-45 62 20", "Mån, ons, fre 9–12", "sv so uk", "Lärkvägen 5, Björkby", 2),
]


def _add_directory(db: Session, org: Organisation, owner: User) -> None:
    units = {u.name: u for u in db.scalars(select(Unit).where(Unit.organisation_id == org.id))}
    now = utcnow()
    for name, unit, helps, for_whom, how, phone, hours, langs, address, months_ago in DIRECTORY:
        db.add(DirectoryEntry(
            organisation_id=org.id, unit_id=units[unit].id if unit else None, name=name, helps_with=helps,
            for_whom=for_whom, how_to_reach=how, phone=phone, opening_hours=hours, languages=langs, address=address,
            owner_id=owner.id, last_reviewed_on=months_before(today(), months_ago), created_at=now, updated_at=now,
        ))


def load_demo_data(db: Session) -> bool:
    """Create the demo municipality unless it exists; returns whether anything was created."""
    existing = db.scalar(select(Organisation).where(Organisation.name == DEMO_ORGANISATION))
    if existing is not None:
        return _add_directory_once(db, existing)
    password_hash = hash_secret(DEMO_PASSWORD)
    now = utcnow()
    org = Organisation(name=DEMO_ORGANISATION)
    school = Unit(organisation=org, name="Björkbyskolan", kind=UnitKind.SCHOOL)
    preschool = Unit(organisation=org, name="Förskolan Lärkan", kind=UnitKind.PRESCHOOL)
    classes = {
        "2A": SchoolClass(unit=school, name="2A"),
        "7B": SchoolClass(unit=school, name="7B"),
        "Solen": SchoolClass(unit=preschool, name="Solen"),
    }
    db.add_all([org, school, preschool, *classes.values()])
    db.flush()

    staff: dict[str, User] = {}
    for email, name, role, language, title in STAFF:
        user = User(email=email, display_name=name, password_hash=password_hash, role=role, organisation_id=org.id,
                    preferred_language=language, job_title=title, created_at=now)
        if role == Role.CONTACT_PERSON:
            user.work_phone = "0123-45 67 89"
            user.reachable = "Mån–fre 8–16"
        db.add(user)
        staff[email.split("@")[0]] = user
    db.flush()
    db.add_all([
        StaffMembership(user_id=staff["admin"].id, unit_id=school.id),
        StaffMembership(user_id=staff["admin"].id, unit_id=preschool.id),
        StaffMembership(user_id=staff["karin"].id, unit_id=school.id),
        StaffMembership(user_id=staff["ahmed"].id, unit_id=preschool.id),
    ])

    for spec in FAMILIES:
        family = Family(organisation_id=org.id, created_at=now)
        db.add(family)
        db.flush()
        for email, name, language, custody in spec["guardians"]:
            guardian = User(email=email, display_name=name, password_hash=password_hash, role=Role.GUARDIAN,
                            organisation_id=org.id, preferred_language=language, created_at=now)
            db.add(guardian)
            db.flush()
            db.add(Guardianship(family_id=family.id, user_id=guardian.id, has_custody=custody))
        for name, age, avatar, language, class_key, contact, code in spec["children"]:
            child = Child(family_id=family.id, first_name=name, birth_year=now.year - age, avatar=avatar,
                          preferred_language=language, class_id=classes[class_key].id, created_at=now)
            db.add(child)
            db.flush()
            set_code(db, child, code)
            assign_contact_person(db, child, staff[contact], assigned_by=staff["admin"])
    _add_directory(db, org, staff["admin"])
    db.commit()
    return True


def _add_directory_once(db: Session, org: Organisation) -> bool:
    """A demo loaded before the directory existed gets its entries too; never twice."""
    if db.scalar(select(DirectoryEntry.id).where(DirectoryEntry.organisation_id == org.id).limit(1)) is not None:
        return False
    admin = db.scalar(select(User).where(User.email == STAFF[0][0]))
    if admin is None:
        return False
    _add_directory(db, org, admin)
    db.commit()
    return True
