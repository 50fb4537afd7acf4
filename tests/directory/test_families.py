"""Families see their units' and their municipality's entries, reviewed within a year, by wheel part and
language spoken; never another municipality's. The page asks the database the same number of questions
however long the directory is."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.checkins.conftest import as_child
from tests.directory.conftest import make_entry, signed_in
from tests.helpers import PageClient, count_queries
from webapp.models import Organisation

GUARDIAN = "anna@demo.mitthjul.se"  # Sam (2A) and Maja (7B), both at Björkbyskolan


def names(body: str) -> list[str]:
    section = body[body.index('id="directory-results"'):]
    return re.findall(r'<h2 dir="auto">([^<]+)</h2>', section)


@pytest.fixture
def places(world, db, other_municipality):
    make_entry(db, "Whole municipality", helps="safe nurtured", languages="sv ar")
    make_entry(db, "At the school", unit="Björkbyskolan", helps="achieving", languages="sv so")
    make_entry(db, "At the preschool", unit="Förskolan Lärkan", helps="safe", languages="sv ar")
    make_entry(db, "Due but shown", months_old=7, helps="active", languages="ti")
    make_entry(db, "Hidden for a year", months_old=13, helps="safe", languages="sv ar")
    make_entry(db, "Elsewhere", organisation=other_municipality, helps="safe", languages="sv ar",
               owner="oadmin@other.example")
    return world


def test_a_guardian_sees_their_units_and_municipalitys_entries_only(places):
    body = signed_in(places, GUARDIAN).text("/support-near-you")
    assert names(body) == ["At the school", "Due but shown", "Whole municipality"]


def test_another_municipalitys_family_sees_only_their_own(places):
    assert names(signed_in(places, "oguardian@other.example").text("/support-near-you")) == ["Elsewhere"]


def test_a_preschool_family_sees_the_preschools_entries(places):
    body = signed_in(places, "hodan@demo.mitthjul.se").text("/support-near-you")
    assert names(body) == ["At the preschool", "Due but shown", "Whole municipality"]


def test_a_thirteen_month_old_entry_is_hidden_from_families_but_not_from_the_admin(places):
    assert "Hidden for a year" not in signed_in(places, "hodan@demo.mitthjul.se").text("/support-near-you")
    assert "Hidden for a year" in signed_in(places, "admin@demo.mitthjul.se").text("/admin/directory")


def test_filtering_by_wheel_part(places):
    client = signed_in(places, GUARDIAN)
    assert names(client.text("/support-near-you?part=safe")) == ["Whole municipality"]
    assert names(client.text("/support-near-you?part=achieving")) == ["At the school"]
    body = client.text("/support-near-you?part=safe")
    assert '<option value="safe" selected>Safe</option>' in body


def test_filtering_by_language_spoken(places):
    client = signed_in(places, GUARDIAN)
    assert names(client.text("/support-near-you?language=so")) == ["At the school"]
    assert names(client.text("/support-near-you?language=ti")) == ["Due but shown"]
    assert names(client.text("/support-near-you?language=ar")) == ["Whole municipality"]
    assert names(client.text("/support-near-you?language=sv")) == ["At the school", "Whole municipality"]
    assert names(client.text("/support-near-you?language=ar&part=nurtured")) == ["Whole municipality"]
    body = client.text("/support-near-you?language=ar")
    assert '<option value="ar" lang="ar" selected>العربية</option>' in body
    assert '<span lang="ar" dir="auto">العربية</span>' in body, "languages by their own names"


def test_a_language_code_inside_another_word_does_not_match(world, db):
    make_entry(db, "Only Kurdish", languages="ckb")
    client = signed_in(world, GUARDIAN)
    assert names(client.text("/support-near-you?language=ckb")) == ["Only Kurdish"]
    assert "Only Kurdish" not in client.text("/support-near-you?language=sv")


def test_no_result_says_so_kindly_and_gives_the_national_helplines(places):
    body = signed_in(places, GUARDIAN).text("/support-near-you?language=pl")
    assert "We found no local support for this choice yet." in body
    for href in ('href="tel:116111"', 'href="tel:1177"', 'href="tel:112"'):
        assert href in body
    assert 'href="/support-near-you">Show all local support' in body


def test_an_unknown_part_or_language_is_a_400_with_a_message_and_the_rest_still_shown(places):
    client = signed_in(places, GUARDIAN)
    for query, field in (("part=happiness", "part"), ("language=xx", "language"),
                         ("part=" + "s" * 3000, "part"), ("language=%00", "language")):
        r = client.get(f"/support-near-you?{query}")
        assert r.status_code == 400, query
        body = r.get_data(as_text=True)
        assert f'id="filter-{field}-error"' in body
        assert names(body) == ["At the school", "Due but shown", "Whole municipality"]


def test_each_entry_shows_what_a_family_needs(world, db):
    make_entry(db, "Family centre", helps="healthy nurtured", languages="sv so", phone="+46 (0)19-12 34 56",
               opening_hours="Mon–Fri 9–16", address="Storgatan 12", website="https://example.org/fc",
               for_whom="Children 0–6 and their parents", how_to_reach="Drop in")
    body = signed_in(world, GUARDIAN).text("/support-near-you")
    assert '<a class="tel" href="tel:+4619123456">' in body, "digits only; the (0) is not dialled from abroad"
    for text in ("Mon–Fri 9–16", "Storgatan 12", "Children 0–6 and their parents", "Drop in", "example.org/fc",
                 "Soomaali"):
        assert text in body, text
    for key in ("healthy", "nurtured"):
        assert f'src="/static/pictograms/wheel_{key}.svg"' in body
    assert "Cared for" in body, "wheel parts by their names in the reader's language"


def test_a_child_in_their_own_turn_sees_their_units_support_in_their_language(places, db):
    client = PageClient(places)
    as_child(client, db, "Sam")
    body = client.text("/support-near-you?lang=sv")
    assert names(body) == ["At the school", "Due but shown", "Whole municipality"]
    assert '<html lang="sv"' in body


def test_a_contact_person_sees_their_units_support(places):
    body = signed_in(places, "ahmed@demo.mitthjul.se").text("/support-near-you")  # Förskolan Lärkan
    assert names(body) == ["At the preschool", "Due but shown", "Whole municipality"]


def test_nobody_signed_in_is_asked_to_sign_in(places):
    r = PageClient(places).get("/support-near-you")
    assert r.status_code == 302 and "/sign-in" in r.headers["Location"]


def test_a_turn_before_the_childs_code_shows_nothing(places, db):
    from tests.checkins.conftest import child_named

    client = signed_in(places, GUARDIAN)
    assert client.post(f"/children/{child_named(db, 'Sam').id}/turn").status_code == 302
    r = client.get("/support-near-you")
    assert r.status_code == 302 and r.headers["Location"].endswith("/turn")


def test_htmx_gets_only_the_results(places):
    client = signed_in(places, GUARDIAN)
    r = client.get("/support-near-you?part=achieving", headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    body = r.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="directory-results"') and "At the school" in body


def test_the_family_page_asks_the_same_number_of_questions_with_10_or_100_entries(world, db):
    org = db.scalar(select(Organisation).order_by(Organisation.id))

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            make_entry(db, f"Place {i:03d}", organisation=org, unit="Björkbyskolan" if i % 2 else None,
                       helps="safe healthy", languages="sv ar", phone="019-12 34 56")

    client = signed_in(world, GUARDIAN)
    add(10, 0)
    client.get("/support-near-you")  # warm up
    with_10 = count_queries(world, client, "/support-near-you?language=sv")
    add(90, 10)
    with_100 = count_queries(world, client, "/support-near-you?language=sv")
    assert with_10 == with_100, (with_10, with_100)
    assert len(names(client.text("/support-near-you?language=sv"))) == 100
