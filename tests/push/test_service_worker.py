"""The service worker's push part: the right text in the person's language, nothing from the payload but the
path, and a tap opens that path of this app only. Runs the rendered snippet in Node with a stand-in `self`."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from flask import render_template

from webapp.i18n import LANGUAGES
from webapp.models import PushKind
from webapp.push.texts import push_texts

# A stand-in for the service worker global scope: records notifications, windows and navigations.
HARNESS = r"""
const vm = require("vm");
const fs = require("fs");
const [snippetPath, casesJson] = process.argv.slice(2);
const shown = [], opened = [], navigated = [], focused = [];
const handlers = {};
const windows = JSON.parse(casesJson).windows.map((url) => ({
  url,
  navigate: async (target) => { if (url.startsWith("https://other.example")) throw new TypeError("no");
                                navigated.push(target); return { focus: async () => focused.push(target) }; },
  focus: async () => focused.push(url),
}));
const self = {
  location: { origin: "https://mitthjul.example" },
  addEventListener: (type, fn) => { handlers[type] = fn; },
  registration: { showNotification: async (title, options) => { shown.push({ title, ...options }); } },
  clients: { matchAll: async () => windows, openWindow: async (url) => { opened.push(url); } },
};
vm.runInNewContext(fs.readFileSync(snippetPath, "utf8"), { self, URL, console });
const run = async () => {
  for (const data of JSON.parse(casesJson).pushes) {
    let waited;
    handlers.push({ data: data === null ? null : { json: () => JSON.parse(data) }, waitUntil: (p) => { waited = p; } });
    await waited;
  }
  for (const url of JSON.parse(casesJson).clicks) {
    let waited;
    handlers.notificationclick({ notification: { data: { url }, close: () => {} }, waitUntil: (p) => { waited = p; } });
    await waited;
  }
  console.log(JSON.stringify({ shown, opened, navigated, focused }));
};
run();
"""


def run_snippet(app, tmp_path, pushes=(), clicks=(), windows=()) -> dict:  # noqa: ANN001
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    with app.test_request_context("/service-worker.js"):
        (tmp_path / "sw_push.js").write_text(render_template("push/_sw_push.js"), encoding="utf-8")
    (tmp_path / "harness.js").write_text(HARNESS)
    cases = json.dumps({"pushes": list(pushes), "clicks": list(clicks), "windows": list(windows)})
    out = subprocess.run([node, str(tmp_path / "harness.js"), str(tmp_path / "sw_push.js"), cases],
                         capture_output=True, text=True, timeout=20, check=True)
    return json.loads(out.stdout)


def payload(kind: str, lang: str, url: str = "/inbox/3") -> str:
    return json.dumps({"v": 1, "type": kind, "lang": lang, "url": url})


def test_every_language_has_a_title_and_body_for_every_kind(app):
    with app.test_request_context("/"):
        texts = push_texts()
    assert set(texts) == set(LANGUAGES)
    for lang, kinds in texts.items():
        assert set(kinds) == {k.value for k in PushKind} | {"generic"}, lang
        assert all(t["title"] and t["body"] for t in kinds.values()), lang
    assert texts["sv"]["generic"]["title"] == "Mitt hjul" and texts["en"]["generic"]["title"] == "My wheel"


def test_the_notification_is_in_the_payloads_language_and_falls_back_to_swedish(app, tmp_path):
    with app.test_request_context("/"):
        texts = push_texts()
    result = run_snippet(app, tmp_path, pushes=[
        payload("new_share", "en"), payload("response", "ar", "/check-ins/4"), payload("reminder", "xx", "/"),
        payload("something_newer", "en"), "not json", None,
    ])
    first, second, third, fourth, fifth, sixth = result["shown"]
    assert (first["title"], first["body"]) == (texts["en"]["new_share"]["title"], texts["en"]["new_share"]["body"])
    assert first["lang"] == "en" and first["tag"] == "new_share" and first["data"] == {"url": "/inbox/3"}
    assert first["icon"].startswith("/static/") and first["renotify"] is True
    assert second["title"] == texts["ar"]["response"]["title"] and second["data"]["url"] == "/check-ins/4"
    assert third["title"] == texts["sv"]["reminder"]["title"] and third["lang"] == "sv"
    assert fourth["title"] == texts["en"]["generic"]["title"], "a kind this worker does not know still shows"
    assert fifth["title"] == sixth["title"] == texts["sv"]["generic"]["title"]


def test_a_payload_cannot_point_anywhere_but_this_app(app, tmp_path):
    evil = ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", 5]
    result = run_snippet(app, tmp_path, pushes=[json.dumps({"type": "new_share", "lang": "sv", "url": u})
                                                for u in evil])
    assert [n["data"]["url"] for n in result["shown"]] == ["/"] * len(evil)


def test_a_tap_navigates_an_open_window_of_the_app_or_opens_one(app, tmp_path):
    result = run_snippet(app, tmp_path, clicks=["/inbox/3"],
                         windows=["https://other.example/page", "https://mitthjul.example/"])
    assert result["navigated"] == ["https://mitthjul.example/inbox/3"] and result["opened"] == []
    assert result["focused"] == ["https://mitthjul.example/inbox/3"]
    result = run_snippet(app, tmp_path, clicks=["/check-ins/4", "https://evil.example/"],
                         windows=["https://other.example/page"])
    assert result["opened"] == ["https://mitthjul.example/check-ins/4", "https://mitthjul.example/"]
