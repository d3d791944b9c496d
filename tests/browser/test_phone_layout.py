"""Issue 12, item 4: on a phone (390×844) no page scrolls sideways as a whole; lists become cards and wide
tables scroll inside their own box.

Every role's everyday pages are walked on the demo data (so the pages carry realistic, long Vietnamese names),
at a phone's width, and the page's own width is compared with the window's.
"""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.demo import DEMO_PASSWORD, load
from app.extensions import db
from app.models import ClusterScoring, CouncilAgendaItem, CouncilSession, Dossier, State, User
from tests import factories

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo():
    load()
    # A council session with the dossiers waiting for the council on its agenda (the demo holds none).
    session = factories.make_council_session(name="Phiên họp thường kỳ Hội đồng Thi đua - Khen thưởng tỉnh quý IV")
    for dossier_id in db.session.scalars(select(Dossier.id).where(Dossier.state == State.COUNCIL_REVIEW).limit(5)):
        db.session.add(CouncilAgendaItem(session=session, dossier_id=dossier_id))
    db.session.commit()
    return {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(
        ("officer", "unithead", "clusterlead", "appraiser", "secretary", "admin"))))}


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def wider_than_window(page) -> list[str]:
    """The elements that stick out of the window on the right, for the failure message."""
    return page.evaluate("""() => {
        const limit = document.documentElement.clientWidth;
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.right > limit + 1 && box.width > 0 && !el.closest('.table-responsive, .overflow-auto')) {
                const classes = typeof el.className === 'string' ? el.className.split(' ').join('.') : '';
                out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (classes ? '.' + classes : '')
                         + ' right=' + Math.round(box.right));
            }
        }
        return out.slice(0, 8);
    }""")


def visit(page, path: str, snapshot=None, name: str = "") -> None:
    response = page.goto(path)
    if snapshot:
        snapshot(page, f"phone-{name}{path.replace('/', '_')}")
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    assert overflow(page) <= 0, f"{path} scrolls sideways on a phone: {wider_than_window(page)}"


def pages_of(username: str) -> list[str]:
    scoring = db.session.scalar(select(ClusterScoring.id).order_by(ClusterScoring.id))
    session = db.session.scalar(select(CouncilSession.id).order_by(CouncilSession.id))
    dossier = db.session.scalar(select(Dossier.id).where(Dossier.submitted_at.is_not(None)).order_by(Dossier.id))
    common = ["/", "/dossiers/", "/account"]
    return {
        "officer": common + ["/inbox", "/dossiers/new", "/scoring/"],
        "unithead": common + ["/inbox", "/scoring/"],
        "clusterlead": common + ["/inbox", "/scoring/", f"/scoring/{scoring}", f"/scoring/{scoring}/scoreboard"],
        "appraiser": common + ["/inbox", f"/dossiers/{dossier}", "/decisions/", f"/scoring/{scoring}/scoreboard"],
        "secretary": common + ["/inbox", "/council/", f"/council/{session}", "/decisions/"],
        "admin": ["/", "/dossiers/", "/council/", f"/council/{session}", "/admin/"],
    }[username]


@pytest.mark.parametrize("username", ["officer", "unithead", "clusterlead", "appraiser", "secretary", "admin"])
def test_no_page_scrolls_sideways_on_a_phone(page, log_in, demo, username, snapshot):
    page.set_viewport_size(PHONE)
    log_in(page, demo[username], DEMO_PASSWORD)
    for path in pages_of(username):
        visit(page, path, snapshot, username)


@pytest.mark.parametrize("path, table", [("/dossiers/", "#dossier-table"), ("/inbox", "#inbox-table")])
def test_the_dossier_list_and_the_inbox_are_lists_of_cards_on_a_phone(page, log_in, demo, path, table):
    page.set_viewport_size(PHONE)
    log_in(page, demo["appraiser"], DEMO_PASSWORD)
    page.goto(path)
    # The column headings are gone and each dossier reads as a card: its nominee, award and state together.
    expect(page.locator(f"{table} thead")).to_be_hidden()
    first = page.locator(f"{table} tbody tr").first
    box = first.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    cells = first.locator("td")
    tops = {round(cells.nth(i).bounding_box()["y"]) for i in range(cells.count()) if cells.nth(i).is_visible()}
    assert len(tops) > 2, "a card stacks its fields, it does not squeeze them into one row"
    # Each field says what it is, since the heading row is hidden.
    label = first.locator("td[data-label]").first.evaluate("el => getComputedStyle(el, '::before').content")
    assert label not in ("none", "normal", '""')

    # On a desktop it is a table again.
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(page.locator(f"{table} thead")).to_be_visible()


@pytest.mark.parametrize("username", ["officer", "unithead", "admin"])
def test_the_navbar_fits_a_laptop_screen(page, log_in, demo, username):
    """At 1366 px (the office's usual laptop) the whole menu, the role switcher, the account and the language
    stay on the screen: the menu wraps instead of pushing them off to the right."""
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, demo[username], DEMO_PASSWORD)
    page.goto("/")
    assert overflow(page) <= 0, f"the navbar sticks out: {wider_than_window(page)}"
    for locator in ("#nav-account", "button[formaction$='/language/en']"):
        box = page.locator(locator).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1366, locator
