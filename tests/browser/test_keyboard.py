"""Issue 12: keyboard-only use of the dossier form (with the nominee picker), the action panel and the scoring
sheet.

After logging in, these tests touch nothing with the mouse: only Tab, Shift+Tab, Enter, Space, the arrows and
typed text. At every stop the focus must be visible (an outline or a box shadow on the :focus-visible
element), the element wanted must be reachable in the tab order, and tabbing on must leave the page at its
end (nothing traps the focus). Transitions are switched off (prefers-reduced-motion) so that a focus ring is
read when it is drawn, not half-way.
"""
import re
from decimal import Decimal

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Dossier, Gender, Person, Role, ScoreEntry, SheetStatus
from app.models.states import State
from app.text import fold
from tests.browser.test_scoring import scoring_setup  # noqa: F401 (a fixture, used by name)

pytestmark = pytest.mark.browser

# What the focused element is and whether its focus shows, read in the page.
FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return {where: 'body', shown: false};
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none' && !/rgba\\([^)]*,\\s*0\\)\\s[^,]*$/.test(style.boxShadow);
    const text = (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().slice(0, 40);
    return {
        where: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name=' + el.name + ']' : '')
               + (text ? ' "' + text + '"' : ''),
        shown: el.matches(':focus-visible') && (outline || shadow),
    };
}"""


@pytest.fixture
def keyboard_page(page):
    page.emulate_media(reduced_motion="reduce")
    return page


def focus(page) -> dict:
    return page.evaluate(FOCUS)


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 60) -> None:
    """Press Tab (Shift+Tab) until ``selector`` has the focus, checking at each stop that the focus shows."""
    visited = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        where = focus(page)
        visited.append(where["where"])
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            assert where["shown"], f"the focus on {where['where']} is not visible"
            return
        if where["where"] != "body":
            assert where["shown"], f"the focus on {where['where']} is not visible"
    raise AssertionError(f"{selector} not reached with {'Shift+' if backwards else ''}Tab: {visited}")


def tab_through(page, limit: int = 250) -> list[str]:
    """Tab from the top of the page to its end; fail if the focus never leaves the page (a trap) or a stop
    does not show its focus. Return the stops, in order."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    stops: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = focus(page)
        if where["where"] == "body" or (stops and where["where"] == stops[0]):
            return stops
        assert where["shown"], f"the focus on {where['where']} is not visible"
        stops.append(where["where"])
    raise AssertionError(f"the focus never leaves the page after {limit} Tabs (a trap?): ...{stops[-10:]}")


def type_into(page, text: str) -> None:
    page.keyboard.type(text)


@pytest.fixture
def people(make):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    sub_unit = make.make_unit("Phòng Quản lý khoa học", parent=unit)
    officer = make.make_user(Role.OFFICER, unit=unit, username="officer")
    head = make.make_user(Role.UNIT_HEAD, unit=unit, username="head")
    report = make.make_attachment_type("report", "Báo cáo thành tích")
    award = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh", required=[report])
    campaign = make.make_campaign(2025, name="Thi đua đổi mới sáng tạo năm 2025")
    person = Person(full_name="Đặng Thị Hồng", search_key=fold("Đặng Thị Hồng"), birth_year=1985,
                    gender=Gender.FEMALE, unit_id=sub_unit.id, position="Trưởng phòng")
    db.session.add(person)
    db.session.commit()
    return dict(unit=unit, sub_unit=sub_unit, officer=officer, head=head, award=award, campaign=campaign,
                person=person, report=report)


def test_an_officer_fills_the_dossier_form_with_the_keyboard_only(keyboard_page, log_in, people):
    page = log_in(keyboard_page, people["officer"])
    page.goto("/dossiers/new")
    # The navigation bar tells which section this is (a screen reader says "current page").
    expect(page.locator("#mainnav [aria-current=page]")).to_have_text("Dossiers")
    stops = tab_through(page)
    assert any("#campaign_id" in s for s in stops) and any("Save" in s for s in stops), stops

    # The skip link first: Enter on it and the next Tab is in the page's content, not the navigation bar.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    assert "Skip to main content" in focus(page)["where"]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), focus(page)

    # Campaign and award: typing a select's first letters picks the option, as in any list box.
    tab_to(page, "#campaign_id")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#campaign_id")).to_have_value(str(people["campaign"].id))
    tab_to(page, "#award_id")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#award_id")).to_have_value(str(people["award"].id))
    expect(page.locator("#award-hint")).to_contain_text("Báo cáo thành tích")
    # The kind: the radio group is one stop, the arrows move in it (an individual is the default).
    tab_to(page, "input[name=nominee_kind]")
    expect(page.locator("input[name=nominee_kind]:focus")).to_have_attribute("value", "individual")

    # The picker: type part of the name without accents, Down to the list, Enter chooses.
    tab_to(page, "#picker_q")
    type_into(page, "dang thi ho")
    choices = page.locator("#picker-results [data-pick]")
    expect(choices).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(choices.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#nominee_name")).to_have_value("Đặng Thị Hồng")
    # The focus is not lost with the list that went away: it is on the pick's "Clear", then on with Tab.
    expect(page.locator("[data-unpick]")).to_be_focused()
    tab_to(page, "#achievement_summary")
    type_into(page, "Chủ trì đề tài chuyển đổi số cấp tỉnh, hoàn thành xuất sắc nhiệm vụ.")
    tab_to(page, "#dossier-form button[type=submit]")
    page.keyboard.press("Enter")
    # (The skip link's #main-content stays on the address through the redirect, as a browser keeps it.)
    page.wait_for_url(re.compile(r"/dossiers/\d+(#main-content)?$"))

    db.session.rollback()  # what the server committed
    dossier = db.session.get(Dossier, int(re.search(r"/dossiers/(\d+)", page.url).group(1)))
    assert dossier.nominee_person_id == people["person"].id
    assert (dossier.campaign_id, dossier.award_id, dossier.state) == (
        people["campaign"].id, people["award"].id, State.DRAFT)
    assert dossier.achievement_summary.startswith("Chủ trì đề tài")


def open_action(page, action: str) -> None:
    """Tab to a dossier's action button, press Enter: the action's form is in the panel, the focus with it."""
    tab_to(page, f"#dossier-actions [data-action={action}]")
    page.keyboard.press("Enter")
    expect(page.locator("#action-panel form")).to_be_visible()
    # htmx moves the focus (autofocus) when the swap settles, a few milliseconds after the form shows.
    try:
        page.wait_for_function("() => !!document.activeElement.closest('#action-panel')", timeout=2_000)
    except PlaywrightTimeout:
        where = focus(page)["where"]
        raise AssertionError(f"after opening {action} the focus is on {where}, not in the panel") from None


def test_the_action_panel_with_the_keyboard_only(keyboard_page, log_in, make, people):
    """The officer submits, the unit head returns with a reason (refused first without one), the officer
    submits again and the head approves: each through the panel's confirm step."""
    dossier = make.make_complete_dossier(people["unit"], award=people["award"], campaign=people["campaign"],
                                         name="Lê Thị Mai", created_by=people["officer"])
    db.session.commit()

    page = log_in(keyboard_page, people["officer"])
    page.goto(f"/dossiers/{dossier.id}")
    open_action(page, "submit")
    tab_to(page, "#action-panel button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#dossier-actions [data-action=submit]")).to_have_count(0)
    db.session.rollback()
    assert db.session.get(Dossier, dossier.id).state is State.UNIT_REVIEW

    page.context.clear_cookies()
    page = log_in(page, people["head"])
    page.goto(f"/dossiers/{dossier.id}")
    open_action(page, "return")
    # The confirm step without the reason the return needs: refused beside the field, nothing changed.
    tab_to(page, "#action-panel button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#action-panel .invalid-feedback, #action-panel [role=alert]").first).to_be_visible()
    db.session.rollback()
    assert db.session.get(Dossier, dossier.id).state is State.UNIT_REVIEW
    tab_to(page, "#action-panel textarea", backwards=True)
    type_into(page, "Thiếu số liệu năm 2025 trong báo cáo thành tích; đề nghị bổ sung.")
    tab_to(page, "#action-panel button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#dossier-actions [data-action=return]")).to_have_count(0)
    db.session.rollback()
    assert db.session.get(Dossier, dossier.id).state is State.RETURNED

    page.context.clear_cookies()
    page = log_in(page, people["officer"])
    page.goto(f"/dossiers/{dossier.id}")
    open_action(page, "resubmit")
    tab_to(page, "#action-panel textarea")
    type_into(page, "Đã bổ sung số liệu năm 2025.")
    tab_to(page, "#action-panel button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#dossier-actions [data-action=resubmit]")).to_have_count(0)

    page.context.clear_cookies()
    page = log_in(page, people["head"])
    page.goto(f"/dossiers/{dossier.id}")
    open_action(page, "approve")
    tab_to(page, "#action-panel button[type=submit]")
    page.keyboard.press("Space")
    expect(page.locator("#dossier-actions [data-action=approve]")).to_have_count(0)
    db.session.rollback()
    assert db.session.get(Dossier, dossier.id).state not in (State.UNIT_REVIEW, State.RETURNED, State.DRAFT)
    assert tab_through(page)  # nothing traps the focus on the dossier page either


def test_the_scoring_sheet_with_the_keyboard_only(keyboard_page, log_in, scoring_setup):  # noqa: F811
    s = scoring_setup
    items, scoring, sheet = s["items"], s["scoring"], s["sheet"]
    page = log_in(keyboard_page, s["officer"])
    page.goto(f"/scoring/{scoring.id}/sheets/{sheet.id}")
    stops = tab_through(page)
    assert any("Save draft" in stop for stop in stops), stops

    for code, score in (("1.1", "18"), ("1.2", "9,5"), ("2.1", "9"), ("C1", "5")):
        tab_to(page, f"input[name=score-{items[code].id}]")
        type_into(page, score)
    expect(page.locator("#total-score")).to_have_text("41,5")
    tab_to(page, "#sheet-form > button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#flash-area .alert-success")).to_be_visible()
    db.session.rollback()
    saved = {e.item_id: e.self_score for e in db.session.scalars(
        select(ScoreEntry).where(ScoreEntry.sheet_id == sheet.id))}
    assert (saved[items["1.1"].id], saved[items["1.2"].id]) == (18, Decimal("9.5"))

    # The head submits; the confirmation is the browser's own dialog (it gives the focus back by itself).
    page.on("dialog", lambda dialog: dialog.accept())
    page.context.clear_cookies()
    page = log_in(page, s["head"])
    page.goto(f"/scoring/{scoring.id}/sheets/{sheet.id}")
    tab_to(page, "#submit-sheet")
    page.keyboard.press("Enter")
    expect(page.locator("#flash-area .alert-success")).to_be_visible()
    expect(page.locator("#submit-sheet")).to_have_count(0)
    db.session.rollback()
    assert db.session.get(type(sheet), sheet.id).status is SheetStatus.SUBMITTED
