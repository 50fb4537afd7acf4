"""Every route declares who may use it; every role is refused objects of another family or unit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.helpers import PageClient, add_other_municipality
from webapp.access import BUILTIN_PUBLIC_ENDPOINTS
from webapp.db import utcnow
from webapp.models import AuthorKind, CheckIn, Child, ConsentRequest, Rating, Share, ShareKind, User


def test_every_route_has_a_declared_access_policy(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in BUILTIN_PUBLIC_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        if not getattr(view, "access_policy", None):
            missing.append(f"{rule.rule} ({rule.endpoint})")
    assert not missing, "routes without an access policy: " + ", ".join(missing)


def test_staff_routes_require_staff_roles(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            assert app.view_functions[rule.endpoint].access_policy == "adult:unit_admin", rule.rule


@pytest.fixture
def other_world(demo, db):
    """A second municipality with its own unit, class, admin, contact person and family, and a shared check-in."""
    people = add_other_municipality(demo, db)
    child = people["child"]

    check_in = CheckIn(client_id="00000000-0000-4000-8000-000000000001", author_kind=AuthorKind.GUARDIAN,
                       author_user_id=people["oguardian"].id, subject_child_id=child.id, wheel_id="girfec8",
                       wheel_version=1, help_choices="")
    check_in.ratings = [Rating(part_key="safe", position=0, value=2)]
    db.add(check_in)
    db.flush()
    share = Share(kind=ShareKind.CHECK_IN, check_in_id=check_in.id, child_id=child.id,
                  by_user_id=people["oguardian"].id, contact_person_id=people["ocontact"].id, parts="safe")
    consent = ConsentRequest(child_id=child.id, contact_person_id=people["ocontact"].id, service="S", purpose="P",
                             information="I", valid_until=utcnow().replace(year=utcnow().year + 1))
    db.add_all([share, consent])
    db.commit()
    return {"child": child.id, "family": people["family"].id, "unit": people["unit"].id, "staff": people["ocontact"].id,
            "check_in": check_in.id, "share": share.id, "consent": consent.id}


def object_requests(ids: dict) -> list[tuple[str, str, dict]]:
    """Every route that acts on one object, aimed at the other municipality's objects."""
    return [
        ("POST", f"/children/{ids['child']}/turn", {}),
        ("POST", f"/children/{ids['child']}/unlock-code", {}),
        ("GET", f"/admin/children/{ids['child']}", {}),
        ("POST", f"/admin/children/{ids['child']}/contact-person", {"contact_person_id": ids["staff"]}),
        ("POST", f"/admin/children/{ids['child']}/code-card", {}),
        ("POST", f"/admin/families/{ids['family']}/children", {"first_name": "X", "birth_year": 2015,
                                                              "avatar": "fox", "language": "sv", "class_id": 1}),
        ("POST", f"/admin/families/{ids['family']}/invitations", {"language": "sv"}),
        ("POST", f"/admin/units/{ids['unit']}/classes", {"name": "X"}),
        ("POST", f"/admin/units/{ids['unit']}/invitations", {"role": "contact_person", "language": "sv"}),
        ("POST", f"/admin/staff/{ids['staff']}/active", {"active": "0"}),
        ("GET", f"/check-ins/{ids['check_in']}", {}),
        ("GET", f"/check-ins/{ids['check_in']}/share", {}),
        ("POST", f"/check-ins/{ids['check_in']}/share/confirm", {"part": ["safe"]}),
        ("POST", f"/check-ins/{ids['check_in']}/delete", {}),
        ("GET", f"/inbox/{ids['share']}", {}),
        ("POST", f"/inbox/{ids['share']}/respond", {"kind": "message", "text": "x"}),
        ("POST", f"/inbox/{ids['share']}/seen", {}),
        ("POST", f"/shares/{ids['share']}/withdraw", {}),
        ("POST", f"/shares/{ids['share']}/withdraw", {"next": f"/shares/{ids['share']}"}),
        ("GET", f"/shares/{ids['share']}", {}),
        ("GET", f"/children/{ids['child']}/consent", {}),
        ("POST", f"/consent/{ids['consent']}/answer", {"answer": "yes"}),
    ]


@pytest.mark.parametrize("email", ["anna@demo.mitthjul.se", "karin@demo.mitthjul.se", "admin@demo.mitthjul.se"])
def test_every_role_is_refused_another_municipalitys_objects(app, other_world, db, email):
    client = PageClient(app)
    client.sign_in(email)
    for method, url, data in object_requests(other_world):
        r = client.get(url) if method == "GET" else client.post(url, data)
        assert r.status_code in (403, 404), f"{email} {method} {url} -> {r.status_code}"
    db.expire_all()
    staff = db.get(User, other_world["staff"])
    assert staff.is_active, "nothing was changed"
    from webapp.models import AccessEvent, CheckIn, ConsentAnswer, Share

    assert db.get(CheckIn, other_world["check_in"]) is not None
    assert db.get(Share, other_world["share"]).withdrawn_at is None
    assert db.scalars(select(AccessEvent)).all() == [] and db.scalars(select(ConsentAnswer)).all() == []
    assert db.get(Child, other_world["child"]).school_class.name == "3C"


def test_within_one_municipality_roles_reach_only_their_own(demo, app, db):
    """Anna's family is not Layla's; Karin (school) is not Ahmed's (preschool) contact person."""
    noor = db.scalar(select(Child).where(Child.first_name == "Noor"))
    omar = db.scalar(select(Child).where(Child.first_name == "Omar"))
    anna = PageClient(app)
    anna.sign_in("anna@demo.mitthjul.se")
    assert anna.post(f"/children/{noor.id}/turn").status_code == 404
    assert anna.post(f"/children/{noor.id}/unlock-code").status_code == 403, "only staff unlock codes"
    assert anna.get(f"/admin/children/{noor.id}").status_code == 403
    karin = PageClient(app)
    karin.sign_in("karin@demo.mitthjul.se")
    assert karin.post(f"/children/{omar.id}/unlock-code").status_code == 404, "Omar is at the preschool"
    assert karin.post(f"/children/{omar.id}/turn").status_code == 403, "staff open no family turns"


def test_anonymous_visitors_are_sent_to_sign_in(demo, client, db):
    sam = db.scalar(select(Child).where(Child.first_name == "Sam"))
    for url in ["/admin/", f"/admin/children/{sam.id}"]:
        r = client.get(url)
        assert r.status_code == 302 and r.headers["Location"].startswith("/sign-in")
    r = client.post(f"/children/{sam.id}/turn")
    assert r.status_code == 302
