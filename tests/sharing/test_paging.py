"""Long lists of shares come a page at a time: the contact person's inbox and "What I have shared"."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.sharing.test_sharing import child_check_in, contact
from webapp.models import Share
from webapp.sharing.service import SHARES_PER_PAGE


def shared_times(app, db, n: int):  # noqa: ANN001, ANN201
    """Sam shares one check-in with the contact person, then the same share is copied to make `n` in all,
    each a minute older than the last. Returns Sam's client and the share ids, newest first."""
    child, check_in_id = child_check_in(app, db)
    child.post(f"/check-ins/{check_in_id}/share/confirm", {"part": ["safe"]})
    first = db.scalar(select(Share))
    columns = [c.key for c in Share.__table__.columns if c.key != "id"]
    for i in range(1, n):
        copy = Share(**{key: getattr(first, key) for key in columns})
        copy.created_at = first.created_at - timedelta(minutes=i)
        db.add(copy)
    db.commit()
    return child, list(db.scalars(select(Share.id).order_by(Share.created_at.desc(), Share.id.desc())))


def opened(page: str, prefix: str) -> list[int]:
    return [int(i) for i in re.findall(rf'href="{prefix}(\d+)"', page)]


def listed(page: str) -> list[int]:
    """The shares on a "What I have shared" page."""
    return [int(i) for i in re.findall(r'id="share-(\d+)"', page)]


def test_the_inbox_shows_every_share_a_page_at_a_time(demo, app, db):
    _child, everyone = shared_times(app, db, SHARES_PER_PAGE + 5)
    karin = contact(app)
    first = karin.text("/inbox?lang=en")
    assert opened(first, "/inbox/") == everyone[:SHARES_PER_PAGE]
    assert "Page 1 of 2" in first and "Newer shares" not in first and 'href="/inbox?page=2"' in first
    second = karin.text("/inbox?page=2&lang=en")
    assert opened(second, "/inbox/") == everyone[SHARES_PER_PAGE:]
    assert "Older shares" not in second and 'href="/inbox?page=1"' in second
    assert karin.get(f"/inbox/{everyone[-1]}").status_code == 200, "the oldest one opens too"


def test_what_i_have_shared_shows_everything_a_page_at_a_time(demo, app, db):
    child, everyone = shared_times(app, db, SHARES_PER_PAGE + 1)
    first = child.text("/shared-by-me?lang=en")
    assert listed(first) == everyone[:SHARES_PER_PAGE]
    second = child.text("/shared-by-me?page=2&lang=en")
    assert listed(second) == everyone[SHARES_PER_PAGE:]
    assert "Page 2 of 2" in second


@pytest.mark.parametrize(("page", "shown"), [("0", 1), ("abc", 1), ("9" * 30, 1), ("", 1), ("3", 2)])
def test_a_page_number_that_does_not_fit_shows_a_page_that_does(demo, app, db, page, shown):
    _child, _ids = shared_times(app, db, SHARES_PER_PAGE + 1)
    r = contact(app).get(f"/inbox?page={page}&lang=en")
    assert r.status_code == 200 and f"Page {shown} of 2" in r.get_data(as_text=True)


def test_a_short_list_has_no_pages(demo, app, db):
    child, _ids = shared_times(app, db, 3)
    assert "Page 1 of" not in contact(app).text("/inbox?lang=en")
    assert "Page 1 of" not in child.text("/shared-by-me?lang=en")


def test_taking_back_a_share_on_a_later_page_returns_to_that_page(demo, app, db):
    child, everyone = shared_times(app, db, SHARES_PER_PAGE + 2)
    page = child.text("/shared-by-me?page=2&lang=en")
    oldest = everyone[-1]
    assert 'name="next" value="/shared-by-me?page=2"' in page
    r = child.post(f"/shares/{oldest}/withdraw", {"next": "/shared-by-me?page=2"})
    assert r.status_code == 303 and r.headers["Location"] == f"/shared-by-me?page=2#share-{oldest}"
    for outside in ["/shared-by-me?page=2&x=//evil.example", "https://evil.example/shared-by-me",
                    "/shared-by-me?page=-1"]:
        r = child.post(f"/shares/{everyone[-2]}/withdraw", {"next": outside})
        assert r.headers["Location"].startswith("/check-ins/"), outside
