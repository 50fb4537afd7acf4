"""Bytes a child's device downloads for a check-in: the first visit, then each further step.

Sizes are gzip-compressed (level 6, as a reverse proxy or CDN-less server would send them); a resource
counts once, as a browser caches it (static files are served with a max-age).
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from sqlalchemy import select

from tests.benchmarks import demo_app
from tests.helpers import PageClient
from webapp.db import get_session
from webapp.i18n import LANGUAGES
from webapp.models import Child
from webapp.pwa.views import static_files

FIRST_VISIT_BUDGET = 60 * 1024
STEP_BUDGET = 8 * 1024
HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.in_template = 0  # a <template>'s content is inert: the browser fetches nothing in it

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.in_template -= 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        if tag in ("script", "img", "image") and a.get("src"):
            self.urls.append(a["src"])
        elif a.get("href") and (tag == "image" or (tag == "link" and a.get("rel") in ("stylesheet", "icon"))):
            self.urls.append(a["href"])


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def resources(html: str) -> list[str]:
    parser = _Resources()
    parser.feed(html)
    return [u for u in parser.urls if u.startswith("/static/")]


def measure() -> dict:
    tmp = Path(tempfile.mkdtemp())
    try:
        app = demo_app(tmp)
        with app.app_context():
            sam_id = get_session().scalar(select(Child.id).where(Child.first_name == "Sam"))
        client = PageClient(app)
        client.sign_in("anna@demo.mitthjul.se")
        client.post(f"/children/{sam_id}/turn")
        for p in ("cat", "sun", "ball"):
            r = client.post("/turn/code", {"picture": p})
        assert r.status_code == 303, "Sam's picture code"
        r = client.post("/check-in/start")
        assert r.headers["Location"] == "/check-in/step/1", r.status_code
        cache: set[str] = set()

        def fetch_static(html: str) -> tuple[int, int]:
            total = count = 0
            for u in resources(html):
                if u in cache:
                    continue
                cache.add(u)
                r = client.client.get(u)
                total += gz(r.get_data())
                count += 1
                r.close()
            return total, count

        first = client.client.get("/check-in/step/1")
        assert first.status_code == 200
        html = first.get_data(as_text=True)
        static_bytes, static_count = fetch_static(html)
        first_visit = gz(first.get_data()) + static_bytes
        steps = []
        for number in range(1, 9):
            r = client.client.post(f"/check-in/step/{number}", data={"answer": "4", "csrf_token": client.token()},
                                   headers=HTMX, follow_redirects=True)
            extra, _n = fetch_static(r.get_data(as_text=True))
            steps.append(gz(r.get_data()) + extra)
        # After the first visit the service worker fetches its precache once, in the background.
        files, _version = static_files(app.static_folder)
        precache = [gz(client.client.get(f"/static/{f}").get_data()) for f in files]
        precache += [gz(client.client.get(f"/offline?lang={lang}").get_data()) for lang in LANGUAGES]
        app.extensions["db_engine"].dispose()
        return {"first_visit": first_visit, "first_html": gz(first.get_data()), "static": static_bytes,
                "static_files": static_count, "steps": steps, "precache": sum(precache),
                "precache_files": len(precache)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report() -> bool:
    m = measure()
    print("Child check-in, bytes transferred (gzip):")
    print(f"  first visit: {m['first_visit']:>6} B  (HTML {m['first_html']} B + {m['static_files']} static files "
          f"{m['static']} B)  budget {FIRST_VISIT_BUDGET} B")
    print(f"  further steps: max {max(m['steps'])} B, median {sorted(m['steps'])[len(m['steps']) // 2]} B  "
          f"budget {STEP_BUDGET} B each")
    print(f"  service worker precache, once in the background after the first visit: {m['precache']} B "
          f"({m['precache_files']} files incl. the offline page in each language; not part of the check-in's budget)")
    return m["first_visit"] <= FIRST_VISIT_BUDGET and max(m["steps"]) <= STEP_BUDGET
