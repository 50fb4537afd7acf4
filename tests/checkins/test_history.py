"""My ups and downs: every check-in can be reached, one child at a time, and wheel variants compare."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.checkins.conftest import answer_all, as_child, child_named, finish, start
from tests.checkins.test_query_count import add_check_ins
from tests.helpers import PageClient
from webapp.checkins.service import answers_on
from webapp.checkins.wheel_store import wheels
from webapp.db import utcnow
from webapp.models import AuthorKind, CheckIn, Rating, User


def listed_ids(page: str) -> list[int]:
    """The check-ins linked from the "all my check-ins" list, in page order."""
    section = re.search(r'<section class="all-check-ins".*?</section>', page, re.S)
    return [int(i) for i in re.findall(r'href="/check-ins/(\d+)"', section.group(0))] if section else []


def newest_first(db, child) -> list[int]:
    rows = db.scalars(select(CheckIn).where(CheckIn.author_child_id == child.id)
                      .order_by(CheckIn.created_at.desc(), CheckIn.id.desc()))
    return [c.id for c in rows]


def test_every_check_in_is_listed_newest_first_a_page_at_a_time(demo, app, db):
    client = PageClient(app)
    sam = as_child(client, db, "Sam")
    add_check_ins(db, sam, 45)
    everyone = newest_first(db, sam)
    first = client.text("/my-wheel?lang=en")
    assert listed_ids(first) == everyone[:20]
    assert "Page 1 of 3" in first and "Newer check-ins" not in first
    assert 'href="/my-wheel?page=2#all-check-ins-heading"' in first
    second = client.text("/my-wheel?page=2&lang=en")
    assert listed_ids(second) == everyone[20:40]
    assert 'href="/my-wheel?page=1#all-check-ins-heading"' in second
    assert 'href="/my-wheel?page=3#all-check-ins-heading"' in second
    last = client.text("/my-wheel?page=3&lang=en")
    assert listed_ids(last) == everyone[40:] and "Older check-ins" not in last
    assert len(everyone) == 45, "the oldest check-in can be opened too"
    assert client.get(f"/check-ins/{everyone[-1]}").status_code == 200


@pytest.mark.parametrize(("page", "shown"), [("0", 1), ("-1", 1), ("abc", 1), ("²", 1), ("", 1), ("2.5", 1),
                                             ("9" * 30, 1), ("4", 3), ("999999", 3)])
def test_a_page_number_that_does_not_fit_shows_a_page_that_does(demo, app, db, page, shown):
    client = PageClient(app)
    sam = as_child(client, db, "Sam")
    add_check_ins(db, sam, 45)
    r = client.get(f"/my-wheel?page={page}&lang=en")
    assert r.status_code == 200
    assert f"Page {shown} of 3" in r.get_data(as_text=True)


def test_a_few_check_ins_need_no_pages(demo, app, db):
    client = PageClient(app)
    sam = as_child(client, db, "Sam")
    add_check_ins(db, sam, 3)
    page = client.text("/my-wheel?page=2&lang=en")
    assert listed_ids(page) == newest_first(db, sam) and "Page 1 of" not in page


def layla_about_noor_and_omar(app, db) -> tuple[PageClient, dict[str, int]]:
    """Omar's preschool uses the life flower, Noor's school the 8-part wheel; Layla checks in about both."""
    omar, noor = child_named(db, "Omar"), child_named(db, "Noor")
    omar.school_class.unit.wheel_id = "life_flower"
    db.commit()
    assert noor.school_class.unit.wheel_id == "girfec8"
    client = PageClient(app)
    client.sign_in("layla@demo.mitthjul.se")
    ids = {}
    start(client, noor.id)
    answer_all(client, ["2"] * 9)
    ids["Noor"] = finish(client)
    start(client, omar.id)
    answer_all(client, ["5"] * 6)
    ids["Omar"] = finish(client)
    assert db.get(CheckIn, ids["Omar"]).wheel_id == "life_flower"
    return client, ids


def test_a_guardian_sees_one_child_at_a_time(demo, app, db):
    client, ids = layla_about_noor_and_omar(app, db)
    omar, noor = child_named(db, "Omar"), child_named(db, "Noor")
    page = client.text("/my-wheel?lang=en")
    assert "All my children" not in page
    assert "About Noor." in page and listed_ids(page) == [ids["Noor"]], "the first child, and only her"
    assert "Quite hard" in page and "Very good" not in page and "Home" not in page
    assert f'href="/my-wheel?child={omar.id}"' in page
    assert re.search(rf'href="/my-wheel\?child={noor.id}" aria-current="page"', page)
    page = client.text(f"/my-wheel?child={omar.id}&lang=en")
    assert "About Omar." in page and listed_ids(page) == [ids["Omar"]]
    assert "Very good" in page and "Quite hard" not in page and "Home" in page and "Cared for" not in page
    for odd in ["", "abc", "99999", str(child_named(db, "Sam").id)]:
        assert listed_ids(client.text(f"/my-wheel?child={odd}&lang=en")) == [ids["Noor"]], odd


def test_paging_keeps_the_chosen_child(demo, app, db):
    client, _ids = layla_about_noor_and_omar(app, db)
    omar = child_named(db, "Omar")
    layla = db.scalar(select(User).where(User.email == "layla@demo.mitthjul.se"))
    start_at = utcnow() - timedelta(days=30)
    for i in range(25):
        check_in = CheckIn(client_id=str(uuid.uuid4()), author_kind=AuthorKind.GUARDIAN, author_user_id=layla.id,
                           subject_child_id=omar.id, wheel_id="life_flower", wheel_version=1,
                           help_choices="", created_at=start_at + timedelta(days=i))
        check_in.ratings = [Rating(part_key="home", position=0, value=3)]
        db.add(check_in)
    db.commit()
    page = client.text(f"/my-wheel?child={omar.id}&lang=en")
    assert f'href="/my-wheel?page=2&amp;child={omar.id}#all-check-ins-heading"' in page
    second = client.text(f"/my-wheel?page=2&child={omar.id}&lang=en")
    assert "About Omar." in second and len(listed_ids(second)) == 6


def add_check_in(db, child, wheel_id: str, values: dict[str, int | None], days_ago: int) -> CheckIn:
    check_in = CheckIn(client_id=str(uuid.uuid4()), author_kind=AuthorKind.CHILD, author_child_id=child.id,
                       subject_child_id=child.id, wheel_id=wheel_id, wheel_version=1, age_band="8-12",
                       help_choices="", created_at=utcnow() - timedelta(days=days_ago))
    check_in.ratings = [Rating(part_key=k, position=i, value=v) for i, (k, v) in enumerate(values.items())]
    db.add(check_in)
    db.commit()
    return check_in


def row(page: str, part_name: str) -> str:
    """One part's answers in the side-by-side table, newest check-in first."""
    return re.search(rf'<tr><th scope="row"><img[^>]*> {re.escape(part_name)}</th>(.*?)</tr>', page, re.S).group(1)


def test_check_ins_on_another_wheel_are_compared_part_by_part(demo, app, db):
    """Sam's school moved from the 8-part wheel to the 7-part one: the older answers still show."""
    client = PageClient(app)
    sam = as_child(client, db, "Sam")
    eight = {"safe": 5, "healthy": 4, "achieving": 4, "nurtured": 4, "active": 3, "respected": 4,
             "responsible": 2, "included": 5, "hope": 4}
    add_check_in(db, sam, "girfec8", eight, days_ago=10)
    seven = {"safe": 4, "healthy": 4, "achieving": 4, "nurtured": 4, "active": 4, "respected_responsible": 5,
             "included": 4, "hope": None}
    add_check_in(db, sam, "municipal7", seven, days_ago=1)
    page = client.text("/my-wheel?lang=en")
    assert "Some check-ins were on another wheel" in page
    both = row(page, "Respected and responsible")
    assert "Very good" in both and "Quite hard" in both, "the lower of the two answers it covers"
    assert "Not answered" not in both
    assert "Not answered" in row(page, "Hope"), "skipped in the newest check-in"
    assert re.search(r"Good</td>.*Very good</td>", row(page, "Safe"), re.S)


def test_answers_match_through_canonical_keys(app):
    """From the 8-part wheel to the life flower and back: each part takes the answer about the same thing."""
    eight = CheckIn(wheel_id="girfec8", ratings=[
        Rating(part_key=k, value=v) for k, v in {"safe": 1, "healthy": 4, "achieving": 3, "nurtured": 5,
                                                  "active": None, "respected": None, "responsible": 4,
                                                  "included": 2, "hope": 5}.items()])
    flower = CheckIn(wheel_id="life_flower", ratings=[
        Rating(part_key=k, value=v) for k, v in {"home": 2, "body": None, "school": 4, "friends": 5,
                                                  "me": 3, "hope": None}.items()])
    with app.app_context():
        catalogue = wheels()
        assert answers_on(catalogue["life_flower"], eight) == {
            "home": 1, "body": 4, "school": 3, "friends": 2, "me": 4, "hope": 5}
        assert answers_on(catalogue["girfec8"], flower) == {
            "safe": 2, "healthy": None, "achieving": 4, "nurtured": 2, "active": None, "respected": 5,
            "responsible": 3, "included": 5, "hope": None}
        assert answers_on(catalogue["girfec8"], eight)["safe"] == 1


def test_a_guardian_goes_back_from_a_check_in_to_that_childs_history(demo, app, db):
    client, ids = layla_about_noor_and_omar(app, db)
    omar = child_named(db, "Omar")
    assert f'href="/my-wheel?child={omar.id}"' in client.text(f"/check-ins/{ids['Omar']}?lang=en")
    child = PageClient(app)
    as_child(child, db, "Sam")
    start(child)
    answer_all(child, ["3"] * 9)
    assert 'href="/my-wheel"' in child.text(f"/check-ins/{finish(child)}?lang=en")
