"""The manifest, the service worker script and the offline page hold nothing personal and keep to the
caching policy: static files precached, pages never, htmx requests left alone."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import PageClient

pytestmark = pytest.mark.usefixtures("demo")


def test_the_manifest_is_installable_and_translated(client: PageClient):
    r = client.get("/manifest.webmanifest?lang=fa")
    assert r.mimetype == "application/manifest+json"
    m = json.loads(r.get_data(as_text=True))
    assert m["lang"] == "fa" and m["dir"] == "rtl" and m["display"] == "standalone"
    assert m["start_url"] == "/" and m["scope"] == "/" and m["id"] == "/"
    sizes = {(i["sizes"], i["purpose"]) for i in m["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")}
    for icon in m["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200 and response.mimetype == "image/png"
        response.close()
    assert set(m["translations"]) == {"sv", "en", "ar", "ckb", "so", "ti", "uk", "pl", "bs", "tr", "fi"}


def test_the_service_worker_precaches_static_files_only_and_passes_htmx_by(client: PageClient):
    client.sign_in("anna@demo.mitthjul.se")
    r = client.get("/service-worker.js")
    assert r.mimetype == "text/javascript" and r.headers["Cache-Control"] == "no-store"
    script = r.get_data(as_text=True)
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", script).group(1))
    assert precache and all(url.startswith("/static/") for url in precache)
    assert "/static/css/app.css" in precache and "/static/vendor/htmx.min.js" in precache
    assert not any(url.endswith(".png") for url in precache)
    assert 'request.headers.get("HX-Request")' in script
    assert "Anna" not in script and "Sam" not in script


def test_a_new_release_has_a_new_cache_name(app, tmp_path):
    from webapp.pwa.views import static_files

    files, version = static_files(app.static_folder)
    assert re.fullmatch(r"[0-9a-f]{16}", version) and "css/app.css" in files
    for release, css in (("one", "a{}"), ("two", "a{color:red}")):
        (tmp_path / release / "css").mkdir(parents=True)
        (tmp_path / release / "css" / "app.css").write_text(css)
        (tmp_path / release / "notes.txt").write_text("not precached")
    one, two = static_files(str(tmp_path / "one")), static_files(str(tmp_path / "two"))
    assert one[0] == two[0] == ("css/app.css",)
    assert one[1] != two[1], "a changed file makes a new version, so the old cache is dropped"


def test_the_offline_page_is_nobodys(client: PageClient):
    client.sign_in("anna@demo.mitthjul.se")
    body = client.get("/offline?lang=en").get_data(as_text=True)
    assert "No connection" in body
    assert "csrf-token" not in body and "Anna" not in body and "outbox-owner" not in body
    assert 'href="tel:116111"' in body


def test_pages_are_never_stored(client: PageClient):
    client.sign_in("anna@demo.mitthjul.se")
    for url in ["/", "/my-wheel", "/guide", "/offline"]:
        assert client.get(url).headers["Cache-Control"] == "no-store", url
