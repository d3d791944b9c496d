"""A unit officer registers for the year in a real browser (issue 11): from the navigation bar to the
movement's page, the registration form (a wrong number refused beside nothing saved, then corrected), and
Sở Nội vụ finds the unit in the registration list. MOVE2's tests/browser/test_reports.py runs the report round."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Role
from app.models.movement_plans import Registration
from tests.movement_data import flag_awards, make_launch, this_year

pytestmark = pytest.mark.browser


def test_a_unit_officer_registers_for_the_year(page, browser, live_server, log_in, make):
    launch = make_launch(name="Thi đua đổi mới sáng tạo và chuyển đổi số")
    flag_awards()
    unit = make.make_unit("Sở Y tế")
    officer = make.make_user(Role.OFFICER, unit, full_name="Trần Thị Cán Bộ")
    appraiser = make.make_user(Role.APPRAISER, make.make_unit("Sở Nội vụ"))
    cq1, cq2 = launch.content_groups[0], launch.content_groups[1]
    year = this_year()

    log_in(page, officer)
    page.locator("#nav-movements").click()
    page.locator("#launches a", has_text="Thi đua đổi mới sáng tạo").click()
    expect(page.locator("#groups-agencies_and_localities")).to_contain_text("Tỷ lệ hồ sơ trực tuyến toàn trình")
    page.locator(f"#register-{year}").click()

    page.locator(f"#target_{cq1.id}").fill("150")
    page.locator(f"#target_{cq2.id}").fill("Triển khai 2 sáng kiến")
    page.locator("#award-co_thi_dua_tinh").check()
    page.locator("#register-submit").click()
    expect(page.locator("#register-error")).to_contain_text("CQ1")  # out of range: refused, nothing saved
    assert db.session.scalar(select(Registration.id)) is None
    expect(page.locator("#award-co_thi_dua_tinh")).to_be_checked()  # what was typed is kept
    expect(page.locator(f"#target_{cq2.id}")).to_have_value("Triển khai 2 sáng kiến")

    page.locator(f"#target_{cq1.id}").fill("85,5")
    page.locator("#register-submit").click()
    expect(page.locator("#my-registrations")).to_contain_text("Registered on")
    expect(page.locator(f"#register-{year}")).to_have_count(0)

    other = browser.new_context(base_url=live_server.url, locale="vi-VN")
    try:
        manager = other.new_page()
        log_in(manager, appraiser)
        manager.goto(f"/movements/launch/{launch.id}/registrations?year={year}")
        expect(manager.locator("#registrations-table")).to_contain_text("Sở Y tế")
        expect(manager.locator("#registrations-table")).to_contain_text("Cờ thi đua của UBND tỉnh")
        manager.locator("#tab-missing").click()
        expect(manager.locator("#missing-table")).to_contain_text("Sở Nội vụ")
        expect(manager.locator("#missing-table")).not_to_contain_text("Sở Y tế")
    finally:
        other.close()
