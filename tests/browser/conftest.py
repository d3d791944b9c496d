"""Browser-test fixtures: the app on a live server in a thread, Debian's Chromium through Playwright.

One server and one browser per session; every test gets a fresh browser context (its own cookies and
storage), so tests stay independent and fast. The server thread serves the session ``app`` fixture, so
the test and the server share one database: a test creates its data with the factories, commits, then
lets the browser act. Without ``/usr/bin/chromium`` the tests are skipped, except in CI (``CI=true``)
where a skipped browser test would hide a broken set-up, so they fail instead.
"""
import os
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import ThreadedWSGIServer

from app.extensions import db
from tests import factories

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
# Fail fast: a page of this app answers in milliseconds, a missing element should not cost 30 s.
TIMEOUT_MS = 5_000


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _unavailable(reason: str):
    if in_ci():
        pytest.fail(f"{reason}. CI=true: browser tests must run there, a skip would hide it.", pytrace=False)
    pytest.skip(reason)


class _TrackingServer(ThreadedWSGIServer):
    """Werkzeug's threaded server, remembering which connections it is still handling.

    It is what ``make_server(..., threaded=True)`` builds, plus bookkeeping. Connections are counted
    from accept to the end of their handler thread, not through the WSGI iterable's close(): werkzeug
    drains the socket before calling close() and skips it when the browser resets the connection then.
    """

    def __init__(self, host: str, port: int, app):
        self._lock = threading.Lock()
        self._busy: dict[int, str] = {}  # id(socket) -> what it is doing, for the error message
        self._socket_of_thread: dict[int, int] = {}
        super().__init__(host, port, self._labelling(app))

    def _labelling(self, app):
        def wsgi(environ, start_response):
            with self._lock:
                key = self._socket_of_thread.get(threading.get_ident())
                if key in self._busy:
                    self._busy[key] = f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}"
            return app(environ, start_response)

        return wsgi

    def process_request(self, request, client_address):
        # Runs in the accepting thread, so a connection counts before its handler thread starts.
        with self._lock:
            self._busy[id(request)] = "(reading the request)"
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        with self._lock:
            self._socket_of_thread[threading.get_ident()] = id(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._busy.pop(id(request), None)
                self._socket_of_thread.pop(threading.get_ident(), None)

    def busy(self) -> list[str]:
        with self._lock:
            return sorted(self._busy.values())


class LiveServer:
    """The app on 127.0.0.1 and a free port, served by threads from a background thread."""

    def __init__(self, app):
        self._server = _TrackingServer("127.0.0.1", 0, app)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="live-server", daemon=True)

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Wait until no request is being served, so nothing touches the tables while they are emptied."""
        deadline = time.monotonic() + timeout
        while self._server.busy():
            if time.monotonic() > deadline:
                raise AssertionError(f"the live server still serves {self._server.busy()} after {timeout} s")
            time.sleep(0.01)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(app):
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(live_server):
    """Chromium for the whole session (it depends on the server so that it closes before the server stops)."""
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - requirements.txt installs it
        _unavailable(f"Playwright is not installed ({error})")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception as error:
        playwright.stop()
        _unavailable(f"{CHROMIUM} does not start under Playwright: {error}")
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so the page fixture knows whether the test failed.
    report = yield
    setattr(item, "report_" + report.when, report)
    return report


@pytest.fixture
def page(request, browser, live_server, csrf_enabled, tmp_path):
    """A fresh context and page on the live server; fails the test on JavaScript errors, Content-Security-Policy
    violations and 5xx answers.

    CSRF protection is on, as in production, so every form and htmx request proves it sends the token.
    """
    assert request.node.get_closest_marker("browser"), "mark browser tests with @pytest.mark.browser"
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    # The app sends a Content-Security-Policy: anything it blocks (an inline script, style or handler) is
    # a broken page, which Chromium reports only on the console.
    page.on("console", lambda message: problems.append(f"CSP violation: {message.text}")
            if "Content Security Policy" in message.text else None)
    page.on("response", lambda r: _check_response(r, live_server.url, problems))
    yield page
    try:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            shot = tmp_path / "failure.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot of the failing page: {shot} (URL {page.url})")
    finally:
        context.close()
        # The tables are emptied next: let requests the page left behind finish first.
        live_server.wait_idle()
    assert not problems, "\n".join(problems)


def _check_response(response, base_url: str, problems: list[str]) -> None:
    if not response.url.startswith(base_url):
        return
    if response.status >= 500:
        problems.append(f"{response.status} from {response.request.method} {response.url}")
    elif response.status == 404 and "/static/" in response.url:
        problems.append(f"missing static file {response.url}")


@pytest.fixture
def log_in(live_server):
    """Log a user in through the real login form; ``log_in(page, user)`` commits pending test data first."""

    def do_log_in(page, user, password: str = factories.PASSWORD):
        db.session.commit()
        page.goto("/login")
        page.fill("#username", user.username)
        page.fill("#password", password)
        page.locator("form:has(#password) button[type=submit]").click()
        page.wait_for_url(lambda url: "/login" not in url)
        return page

    return do_log_in


@pytest.fixture
def snapshot():
    """``snapshot(page, name)`` saves a full-page screenshot when BROWSER_SCREENSHOTS names a folder.

    For looking at the pages by eye while working on templates; nothing is written otherwise.
    """
    folder = os.environ.get("BROWSER_SCREENSHOTS")

    def take(page, name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return take
