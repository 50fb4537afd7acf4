"""The history page asks the database the same number of questions with 10 or 500 check-ins."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from sqlalchemy import select

from tests.checkins.conftest import as_child, child_named
from tests.helpers import PageClient, count_queries
from webapp.db import utcnow
from webapp.models import AuthorKind, CheckIn, Rating, User

PARTS = ["safe", "healthy", "achieving", "nurtured", "active", "respected", "responsible", "included", "hope"]


def add_check_ins(db, child, n: int, guardian=None) -> None:
    """n check-ins about the child, one a day up to today: the child's own, or a guardian's about them."""
    start = utcnow() - timedelta(days=n)
    author = ({"author_kind": AuthorKind.GUARDIAN, "author_user_id": guardian.id} if guardian else
              {"author_kind": AuthorKind.CHILD, "author_child_id": child.id, "age_band": "8-12"})
    for i in range(n):
        check_in = CheckIn(client_id=str(uuid.uuid4()), subject_child_id=child.id, wheel_id="girfec8",
                           wheel_version=1, help_choices="", created_at=start + timedelta(days=i), **author)
        check_in.ratings = [Rating(part_key=k, position=p, value=(i + p) % 5 + 1) for p, k in enumerate(PARTS)]
        db.add(check_in)
    db.commit()


def test_history_query_count_does_not_grow_with_data(demo, app, db):
    client = PageClient(app)
    sam = as_child(client, db, "Sam")
    add_check_ins(db, child_named(db, "Sam"), 10)
    client.get("/my-wheel")  # warm up
    with_10 = count_queries(app, client, "/my-wheel")
    add_check_ins(db, sam, 490)
    with_500 = count_queries(app, client, "/my-wheel")
    assert with_10 == with_500, (with_10, with_500)
    assert count_queries(app, client, "/my-wheel?page=13") == with_500, "a page deep in the list costs the same"
    page = client.text("/my-wheel?page=13&lang=en")
    assert "500 check-ins so far" in page and "Page 13 of 25" in page
    assert len(re.findall(r'<li><a href="/check-ins/\d+"', page)) == 20


def test_a_guardians_history_query_count_does_not_grow_with_data(demo, app, db):
    client = PageClient(app)
    client.sign_in("anna@demo.mitthjul.se")
    sam, maja = child_named(db, "Sam"), child_named(db, "Maja")
    anna = db.scalar(select(User).where(User.email == "anna@demo.mitthjul.se"))
    add_check_ins(db, sam, 10, guardian=anna)
    add_check_ins(db, maja, 10, guardian=anna)
    url = f"/my-wheel?child={maja.id}&page=2"
    client.get(url)  # warm up
    with_10 = count_queries(app, client, url)
    add_check_ins(db, maja, 490, guardian=anna)
    assert count_queries(app, client, url) == with_10
