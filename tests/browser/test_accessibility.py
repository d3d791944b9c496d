"""Issue 12: every page passes axe-core (no serious or critical violation), in Vietnamese and English, on a
desktop (1280×800) and a phone (390×844).

Each role of the demo logs in once per language and crawls: it starts from the home page and a few pages the
navigation does not link (a dossier in each state, the forms), follows every same-site link of every page it
reaches, and checks each kind of page once (ids in the path count as one kind, the query string is ignored),
so pages other people add later are covered as soon as something links them. On each page axe-core
(tests/browser/vendor/axe-core, injected by Playwright, never served by the app) runs with the WCAG 2.0/2.1 A
and AA rules and the best practices, at both widths; the test fails listing every serious or critical
violation with its rule, the elements, the page, the language and the viewport.

The app runs with its real Vietnamese catalogue here (the shared test app shows the English msgids), on a
second live server over the same database.
"""
import os
import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app import access, create_app
from app.demo import DEMO_PASSWORD, load
from app.extensions import babel, db
from app.models import CouncilAgendaItem, Dossier, State, User
from app.workflow.engine import available_actions
from tests import factories
from tests.browser.conftest import TIMEOUT_MS, LiveServer, _check_response

# Accessibility is a property of the pages' HTML, not of the database under them: CI runs the suite on SQLite
# and on PostgreSQL, and this crawl (a few minutes) runs on the SQLite pass only.
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                 reason="the pages are the same on PostgreSQL: checked on the SQLite run")]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CATALOGUE = Path(__file__).parents[2] / "app" / "translations" / "vi" / "LC_MESSAGES" / "messages.mo"
ROLES = ["officer", "unithead", "clusterlead", "appraiser", "secretary", "admin"]
LANGUAGES = ["vi", "en"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
FAILING = ("serious", "critical")
# Links that download a file or leave the HTML pages: nothing for axe to read.
NOT_A_PAGE = re.compile(r"\.(xlsx|docx|pdf|csv|zip)$|/download$|/attachments/\d+$|/evidence$|^/static/|/builtin$")
# Every kind of page once: numbers in the path are ids, and an object's "new" and "edit" pages share a form.
AN_ID = re.compile(r"/\d+(?=/|$)")
A_FORM = re.compile(r"/(new|<id>/edit)$")
# A role's crawl stops after this many kinds of page (a guard against a loop of generated links).
MAX_PAGES = 80

AXE_RUN = """async () => {
    const result = await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
        // preload fetches the style sheets again for a rule about orientation locks: not worth a request per run.
        resultTypes: ['violations'], preload: false, iframes: false,
    });
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
        // What axe measured on the first element (the colours and the ratio, for contrast).
        detail: (v.nodes[0].any[0] || v.nodes[0].all[0] || v.nodes[0].none[0] || {}).message || '',
    }));
}"""


@pytest.fixture(scope="module")
def translated_server(app, database_url):
    """The app with its real catalogue (and CSRF on, as in production) on a live server of its own."""
    if not CATALOGUE.exists() or CATALOGUE.stat().st_mtime < CATALOGUE.with_suffix(".po").stat().st_mtime:
        pytest.fail(f"{CATALOGUE} is missing or older than messages.po: run `make translations`")
    translated = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
        "SERVER_NAME": None,
    })
    server = LiveServer(translated)
    server.start()
    yield server
    server.stop()
    with translated.app_context():
        db.engine.dispose()


@pytest.fixture
def demo(translated_server):
    # Flask-Babel caches catalogues by locale on the shared Babel object: the shared test app (no catalogue)
    # must not lend this app its empty "vi" one. The autouse fixture clears it again before the next test.
    babel.domain_instance.cache.clear()
    load()
    # A council session with dossiers waiting for the council on its agenda (the demo holds none).
    session = factories.make_council_session(name="Phiên họp thường kỳ Hội đồng Thi đua - Khen thưởng tỉnh quý IV")
    for dossier_id in db.session.scalars(select(Dossier.id).where(Dossier.state == State.COUNCIL_REVIEW).limit(3)):
        db.session.add(CouncilAgendaItem(session=session, dossier_id=dossier_id))
    db.session.commit()
    yield {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(ROLES)))}
    translated_server.wait_idle()


@pytest.fixture
def new_tab(browser, translated_server):
    """``new_tab()``: a browser context and page of its own (one per role and language, reused for the whole
    crawl); JavaScript errors and 5xx answers fail the test."""
    contexts, problems = [], []

    def open_tab():
        context = browser.new_context(base_url=translated_server.url, locale="vi-VN",
                                      timezone_id="Asia/Ho_Chi_Minh", viewport=VIEWPORTS["desktop"],
                                      # The app's Content-Security-Policy forbids the script tag that brings
                                      # axe in; tests/browser/test_csp.py checks the policy itself.
                                      bypass_csp=True)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))
        page.on("response", lambda r: _check_response(r, translated_server.url, problems))
        return page

    yield open_tab
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


def choose_language(page, language: str) -> None:
    """Press the VI/EN switch of the navigation bar, as a user would."""
    page.locator(f"button[formaction$='/language/{language}']").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language


def log_in(page, user, language: str) -> None:
    page.goto("/login")
    choose_language(page, language)
    page.fill("#username", user.username)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("form:has(#password) button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def kind_of_page(path: str) -> str:
    return A_FORM.sub("/<form>", AN_ID.sub("/<id>", path))


def settle(page) -> None:
    """Wait until the requests htmx started on load (hx-trigger="load" regions) have been swapped in."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")


def axe_violations(page, label: str, language: str) -> list[str]:
    """The serious and critical violations of the page as it is, at both widths, one line each."""
    found = []
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        # Two frames: what the page does when its size changes (resize observers, media queries) is done.
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE))
        for violation in page.evaluate(AXE_RUN):
            if violation["impact"] in FAILING:
                found.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) on {label} "
                             f"[{language}, {viewport}]: {', '.join(violation['targets'][:6])}"
                             + (f" and {len(violation['targets']) - 6} more" if len(violation["targets"]) > 6 else "")
                             + (f" — {violation['detail']}" if violation["detail"] else ""))
    page.set_viewport_size(VIEWPORTS["desktop"])
    return found


def links_of(page, base: str) -> list[str]:
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base or NOT_A_PAGE.search(parts.path):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


class Crawl:
    """Every kind of page, checked once per language; the violations and the pages checked, for the message."""

    def __init__(self, base: str, language: str):
        self.base, self.language = base, language
        self.checked: dict[str, str] = {}
        self.violations: list[str] = []

    def run(self, page, who: str, starts: list[tuple[str, str]]) -> None:
        """Visit every kind of page reachable from ``starts`` (pairs of a path and the kind it stands for,
        empty for the kind its path says) that no one checked before."""
        queue = deque(starts)
        budget = MAX_PAGES
        while queue and budget:
            path, kind = queue.popleft()
            generic = kind_of_page(urlsplit(path).path)
            kind = kind or generic
            if kind in self.checked:
                continue
            budget -= 1
            try:
                response = page.goto(path)
            except Exception as error:  # a link answered with a file: nothing to check
                if "Download is starting" in str(error) or "ERR_ABORTED" in str(error):
                    self.checked[kind] = f"{path} (a download)"
                    continue
                raise
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                self.checked[kind] = f"{path} (not a page)"
                continue
            settle(page)
            self.checked[kind] = f"{path} ({response.status}, {who})"
            self.checked.setdefault(generic, self.checked[kind])
            self.violations += axe_violations(page, f"{path} (HTTP {response.status}, {who})", self.language)
            if response.ok:
                queue.extend((link, "") for link in links_of(page, self.base))

    def report(self) -> str:
        return ("\n".join(self.violations) + f"\n\n{len(self.violations)} serious or critical violations; "
                f"{len(self.checked)} pages checked:\n  " + "\n  ".join(self.checked.values()))


def starting_points(username: str) -> list[tuple[str, str]]:
    """Where a role's crawl starts: its home page and inbox, the dossier form, a page that does not exist, and
    a dossier in each state: once for everyone, and again for this role where it may act on it (the action
    panel differs). The crawl finds the rest through the links."""
    starts = [("/", f"/ {username}"), ("/inbox", f"/inbox {username}"), ("/dossiers/new", ""),
              ("/does-not-exist", "404")]
    user = db.session.scalar(select(User).where(User.username == username))
    for dossier in db.session.scalars(select(Dossier).order_by(Dossier.id)):
        if not access.can_see_dossier(user, dossier.id):
            continue
        # The administrator may act on nearly everything: the other roles' panels cover the same forms.
        acting = f" {username}" if username != "admin" and available_actions(user, dossier) else ""
        starts.append((f"/dossiers/{dossier.id}", f"/dossiers/<id> {dossier.state.value}{acting}"))
        if dossier.state in (State.DRAFT, State.RETURNED) and acting:
            starts.append((f"/dossiers/{dossier.id}/edit", f"/dossiers/<id>/edit {username}"))
    return starts


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_passes_axe(new_tab, demo, translated_server, language):
    """Each role in turn, then a visitor without an account; a kind of page one role checked is not checked
    again for the next (except each role's home page, inbox and dossier pages)."""
    crawl = Crawl(translated_server.url, language)
    for username in ROLES:
        page = new_tab()
        log_in(page, demo[username], language)
        crawl.run(page, username, starting_points(username))
    notice = db.session.scalar(select(Dossier.id).where(Dossier.state == State.PUBLIC_NOTICE).order_by(Dossier.id))
    page = new_tab()
    page.goto("/login")
    choose_language(page, language)
    crawl.run(page, "no login", [("/login", ""), ("/cong-khai", ""), (f"/cong-khai/{notice}/y-kien", ""),
                                 ("/does-not-exist", "404 no login")])
    assert len(crawl.checked) > 60, crawl.report()
    assert not crawl.violations, crawl.report()
