"""Lighthouse (mobile: its default emulated phone and throttling) on a child's check-in step.

The app runs on a local server with the demo data; a child's turn is opened first, and Lighthouse gets the
turn's session cookie. Lighthouse itself comes from the npm registry into `.bench/` the first time.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.benchmarks import demo_app
from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.setup import CHROMIUM
from webapp.auth.sessions import COOKIE_NAME
from webapp.db import get_session
from webapp.models import Child

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / ".bench"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
PERFORMANCE_TARGET = 95


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args) -> None:  # noqa: ANN002
        pass


class _Gzip:
    """Compress responses as the reverse proxy in front of the app does in production."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app

    def __call__(self, environ, start_response):  # noqa: ANN001, ANN204
        captured = {}

        def capture(status, headers, exc_info=None):  # noqa: ANN001, ANN202
            captured.update(status=status, headers=headers)
            return lambda data: None

        body = b"".join(self.app(environ, capture))
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "") and body:
            body = gzip.compress(body, compresslevel=6)
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        start_response(captured["status"], headers)
        return [body]


def _install() -> bool:
    if LIGHTHOUSE.exists():
        return True
    if shutil.which("npm") is None:
        print("  Lighthouse: skipped (npm is not installed)")
        return False
    TOOLS.mkdir(exist_ok=True)
    result = subprocess.run(["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "lighthouse@12"],  # noqa: S603, S607
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print("  Lighthouse: could not be installed from npm:", result.stderr[-300:])
    return LIGHTHOUSE.exists()


def _child_turn_cookie(app, base: str) -> str:  # noqa: ANN001
    """Sign in as a guardian, hand the device to Sam, enter Sam's code and start a check-in."""
    with app.app_context():
        sam_id = get_session().scalar(select(Child.id).where(Child.first_name == "Sam"))
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    client.post("/sign-in", data={"email": "anna@demo.mitthjul.se", "password": "mitthjul-demo",
                                  "csrf_token": token})
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    client.post(f"/children/{sam_id}/turn", data={"csrf_token": token})
    for picture in ("cat", "sun", "ball"):
        token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/turn").get_data(as_text=True)).group(1)
        client.post("/turn/code", data={"picture": picture, "csrf_token": token})
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/turn").get_data(as_text=True)).group(1)
    assert client.post("/check-in/start", data={"csrf_token": token}).status_code == 303
    cookie = client.get_cookie(COOKIE_NAME)
    return f"{COOKIE_NAME}={cookie.value}"


def report() -> bool:
    if not _install():
        return True
    tmp = Path(tempfile.mkdtemp())
    try:
        app = demo_app(tmp)
        server = make_server("127.0.0.1", 0, _Gzip(app), threaded=True, request_handler=_Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        cookie = _child_turn_cookie(app, base)
        out = tmp / "report.json"
        result = subprocess.run(  # noqa: S603
            [str(LIGHTHOUSE), f"{base}/check-in/step/1", "--quiet", "--output=json", f"--output-path={out}",
             "--only-categories=performance,accessibility", f"--chrome-path={CHROMIUM}",
             "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
             "--extra-headers=" + json.dumps({"Cookie": cookie})],
            capture_output=True, text=True, check=False, timeout=300,
        )
        server.shutdown()
        app.extensions["db_engine"].dispose()
        if result.returncode != 0 or not out.exists():
            print("  Lighthouse failed:", result.stderr[-500:])
            return False
        data = json.loads(out.read_text())
        if data["finalDisplayedUrl"].rstrip("/") != f"{base}/check-in/step/1":
            print("  Lighthouse measured another page:", data["finalDisplayedUrl"])
            return False
        cats = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
        audits = data["audits"]
        metrics = ", ".join(f"{name} {audits[key]['displayValue']}" for name, key in (
            ("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
            ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift"), ("SI", "speed-index")))
        print(f"Lighthouse (mobile) on the child's check-in step: performance {cats['performance']}, "
              f"accessibility {cats['accessibility']}  ({metrics})  target performance >= {PERFORMANCE_TARGET}")
        return cats["performance"] >= PERFORMANCE_TARGET
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
