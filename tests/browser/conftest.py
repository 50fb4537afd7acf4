"""A live server on a demo database and a real Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.setup import CHROMIUM, missing
from tests.conftest import make_config
from webapp import create_app
from webapp.db import get_session
from webapp.demo import load_demo_data

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # The test server's threads leave a static file to the garbage collector when the browser
            # drops a request half-way (navigation); that is the test server, not the app.
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # noqa: ANN201
    """When a browser test fails, its report says where each open page was and what it showed."""
    report = yield
    browser = getattr(item, "funcargs", {}).get("browser")
    if report.when == "call" and report.failed and browser is not None:
        before = getattr(item, "contexts_before", set())
        for context in browser.contexts:
            if id(context) in before:
                continue
            for page in context.pages:
                try:
                    text = page.locator("body").inner_text(timeout=2000)
                except Exception as exc:  # noqa: BLE001 - a report must not fail on a closed page
                    text = f"(not readable: {exc})"
                report.sections.append((f"page {page.url}", text[:1500]))
    return report


@pytest.fixture(autouse=True)
def own_contexts(request: pytest.FixtureRequest) -> Iterator[None]:
    """The browser contexts a test opens are its own: its failure report shows only those, and any it left
    open (a test that failed half-way) are closed after it."""
    browser = request.getfixturevalue("browser")
    request.node.contexts_before = before = {id(c) for c in browser.contexts}
    yield
    for context in browser.contexts:
        if id(context) not in before:
            context.close()


@pytest.fixture(autouse=True)
def quiet_request_log(caplog: pytest.LogCaptureFixture) -> None:
    """One line per request would bury a failing test's own message; the test server's warnings stay."""
    caplog.set_level(logging.WARNING, logger="werkzeug")


@pytest.fixture(scope="session")
def browser():
    if missing():
        # Never skipped: `make test` installs these first; without them the run must fail loudly.
        pytest.fail("browser tests need: " + ", ".join(missing()) + " (make test installs them as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class LiveServer(str):
    """The server's base URL, carrying the app so that tests can prepare data directly."""

    app = None


@pytest.fixture
def live_server(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "live.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app(make_config(f"sqlite:///{path}", tmp_path))
    with app.app_context():
        load_demo_data(get_session())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = LiveServer(f"http://127.0.0.1:{server.server_port}")
    url.app = app
    yield url
    server.shutdown()
    thread.join(5)
    app.extensions["db_engine"].dispose()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844},
                                  device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda msg: page.csp_violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:  # noqa: ANN001
    """Run axe-core's WCAG 2.1 A and AA rules on the current page."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [{"id": v["id"], "help": v["help"], "nodes": [n["html"][:120] for n in v["nodes"][:3]]}
            for v in result["violations"]]


def assert_accessible(page) -> None:  # noqa: ANN001
    violations = axe_violations(page)
    assert not violations, f"{page.url}: " + json.dumps(violations, indent=1, ensure_ascii=False)


def screenshot(page, name: str) -> Path:  # noqa: ANN001
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
# Assertions that wait (expect) wait as long as actions do: the machines running the suite are shared.
expect.set_options(timeout=30_000)
