"""Helpers for check-in tests: a child's turn, a guardian, and walking through the wheel."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from tests.helpers import PageClient
from webapp.models import Child

CODES = {"Sam": ("cat", "sun", "ball"), "Maja": ("tree", "star", "fish"), "Amina": ("star", "apple", "car"),
         "Noor": ("sun", "fish", "cat"), "Omar": ("dog", "car", "apple")}
GUARDIANS = {"Sam": "anna@demo.mitthjul.se", "Maja": "anna@demo.mitthjul.se", "Amina": "hodan@demo.mitthjul.se",
             "Noor": "layla@demo.mitthjul.se", "Omar": "layla@demo.mitthjul.se"}


def child_named(db, name: str) -> Child:
    return db.scalar(select(Child).where(Child.first_name == name))


def as_child(client: PageClient, db, name: str) -> Child:
    """A guardian opens a turn and the child enters their picture code."""
    client.sign_in(GUARDIANS[name])
    child = child_named(db, name)
    assert client.post(f"/children/{child.id}/turn").status_code == 302
    for picture in CODES[name]:
        r = client.post("/turn/code", {"picture": picture})
    assert r.status_code == 303
    return child


def start(client: PageClient, child_id: int | None = None) -> str:
    r = client.post("/check-in/start", {"child_id": child_id} if child_id else {})
    assert r.status_code == 303, r.get_data(as_text=True)[:500]
    return r.headers["Location"]


def answer_all(client: PageClient, values: list[str]) -> None:
    for number, value in enumerate(values, start=1):
        r = client.post(f"/check-in/step/{number}", {"answer": value})
        assert r.status_code == 303, (number, value, r.status_code)


def summary_form(client: PageClient, help_keys=(), note: str = "") -> dict:
    """Finish the optional step and return what the summary's save form would send."""
    r = client.post("/check-in/more", {"help": list(help_keys), "note": note})
    assert r.status_code == 303 and r.headers["Location"] == "/check-in/summary"
    page = client.text("/check-in/summary")
    form = re.search(r'<form method="post" action="/check-in/save".*?</form>', page, re.S).group(0)
    data = {k: html.unescape(v) for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)}
    data["help"] = re.findall(r'name="help" value="([^"]+)"', form)
    return data


def finish(client: PageClient, help_keys=(), note: str = "") -> int:
    r = client.post("/check-in/save", summary_form(client, help_keys, note))
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    return int(re.search(r"/check-ins/(\d+)", r.headers["Location"]).group(1))


@pytest.fixture
def child_client(demo, app, db):
    def make(name: str) -> PageClient:
        client = PageClient(app)
        as_child(client, db, name)
        return client

    return make
