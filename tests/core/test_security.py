"""Security headers, CSP nonces, no caching of personal pages, no third-party requests anywhere."""

from __future__ import annotations

import re
from pathlib import Path

from webapp import ROOT


def test_pages_have_a_strict_csp_with_a_fresh_nonce(demo, client):
    r1, r2 = client.get("/"), client.get("/")
    csp = r1.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    n1 = re.search(r"'nonce-([^']+)'", csp).group(1)
    n2 = re.search(r"'nonce-([^']+)'", r2.headers["Content-Security-Policy"]).group(1)
    assert n1 != n2


def test_personal_pages_are_never_stored(demo, client):
    client.sign_in("anna@demo.mitthjul.se")
    r = client.get("/")
    assert r.headers["Cache-Control"] == "no-store"
    assert "HX-Request" in r.headers["Vary"] and "HX-Request-Type" in r.headers["Vary"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"


def test_static_files_are_cacheable(client):
    r = client.get("/static/css/app.css")
    assert r.status_code == 200 and "no-store" not in r.headers.get("Cache-Control", "")
    r.close()


def test_no_file_we_serve_points_at_another_host():
    """Templates, CSS and our JS load nothing from elsewhere (no CDN, fonts, analytics)."""
    pattern = re.compile(r"""(?:src|href|action|url)\s*[=(]\s*["']?(?:https?:)?//""", re.I)
    offenders = []
    for folder in ("templates", "static/css", "static/js"):
        for path in Path(ROOT / folder).rglob("*"):
            if path.is_file() and pattern.search(path.read_text(errors="ignore")):
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders


def test_errors_are_pages_of_our_own(client):
    r = client.get("/no/such/page?lang=en")
    assert r.status_code == 404 and "We could not find that page" in r.get_data(as_text=True)
    r = client.client.delete("/sign-in?lang=en")
    assert r.status_code == 405


def test_htmx_gets_a_whole_page_swapped_whole(demo, client):
    """An htmx request answered with a whole page (error, or a redirect it followed) replaces the body."""
    headers = {"HX-Request": "true", "HX-Request-Type": "partial"}
    r = client.client.get("/no-such-page", headers=headers)
    assert r.status_code == 404 and r.headers["HX-Retarget"] == "body" and r.headers["HX-Reswap"] == "outerHTML"
    r = client.client.post("/check-in/step/1", data={"answer": "4"}, headers=headers, follow_redirects=True)
    assert r.headers.get("HX-Retarget") == "body", "signed out: the sign-in page replaces the whole page"
