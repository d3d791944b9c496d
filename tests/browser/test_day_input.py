"""Issue 12, item 5: in a Chromium whose locale is English, a date is still typed and shown day first.

``<input type="date">`` follows the browser's locale (11/27/2026 for en-US) whatever the page's language;
the app's date fields are text inputs taking and showing dd/mm/yyyy.
"""
import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import ClusterScoring, ScoringStatus
from tests.browser.conftest import TIMEOUT_MS

pytestmark = pytest.mark.browser


@pytest.fixture
def english_page(browser, live_server, csrf_enabled):
    """A page in a Chromium context whose locale is American English, failing on JavaScript errors."""
    context = browser.new_context(base_url=live_server.url, locale="en-US", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on("response", lambda r: problems.append(f"{r.status} from {r.url}") if r.status >= 500 else None)
    yield page
    context.close()
    live_server.wait_idle()
    assert not problems, "\n".join(problems)


def test_a_deadline_typed_day_first_in_an_english_chromium_is_saved_and_shown_day_first(
        english_page, log_in, make):
    people = make.make_scoring_people()
    scoring = make.make_scoring(people.cluster, 2025)
    page = log_in(english_page, people.lead_user)
    page.goto(f"/scoring/{scoring.id}")

    deadline = page.locator("#deadline")
    expect(deadline).to_have_attribute("placeholder", "dd/mm/yyyy")
    deadline.fill("27/11/2026")
    page.get_by_role("button", name="Open for members").click()

    expect(page.locator("#round-status")).to_have_text("Open for self-scoring")
    expect(page.get_by_text("Deadline for self-scoring")).to_contain_text("27/11/2026")
    db.session.expire_all()
    saved = db.session.get(ClusterScoring, scoring.id)
    assert saved.status is ScoringStatus.OPEN and saved.deadline.isoformat() == "2026-11-27"


def test_an_impossible_date_is_refused_beside_the_field(english_page, log_in, make):
    """The admin's campaign form: 31/02/2026 is said to be no date, and stays in the field to be corrected."""
    from app.models import Role
    from tests.test_admin_campaigns import make_movement

    movement = make_movement()
    admin = make.make_user(Role.ADMIN)
    db.session.commit()
    page = log_in(english_page, admin)
    page.goto("/admin/campaigns/new")
    page.fill("#name", "Đợt thi đua chuyên đề")
    page.fill("#year", "2026")
    page.select_option("#movement_id", str(movement.id))
    page.fill("#submission_deadline", "31/02/2026")
    page.locator("#campaign-form button[type=submit]").first.click()
    feedback = page.locator("#field-submission_deadline .invalid-feedback")
    expect(feedback).to_contain_text("31/02/2026 is not a real date")
    expect(page.locator("#submission_deadline")).to_have_value("31/02/2026")
