"""Periodic reports in a real browser (issue 11): a unit fills in and submits its half-year report, Sở Nội vụ
returns it once with a reason, the unit corrects and resubmits, Sở Nội vụ accepts it and aggregates."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS
from tests.test_reports import World

pytestmark = pytest.mark.browser


def test_half_year_report_returned_once_then_aggregated(page, browser, live_server, log_in):
    world = World()
    report_round = world.open()
    report = world.report(report_round, world.finance)
    officer = world.officers[world.finance.id]

    # The unit's officer finds the request under Reports and fills it in; a wrong figure is refused first.
    log_in(page, officer)
    page.locator("#nav-reports").click()
    page.locator("#own-reports a", has_text="Báo cáo 6 tháng đầu năm 2026").click()
    page.wait_for_url(f"**/reports/report/{report.id}")
    page.fill(f"#fig_{world.initiatives.id}", "ba")
    page.fill(f"#fig_{world.online.id}", "80,5")
    page.fill("#narrative", "Hoàn thành 100% thủ tục trực tuyến.")
    page.locator("#submit-report").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Enter a whole number (digits only).")
    expect(page.locator("#report-status")).to_have_text("Not submitted")
    page.fill(f"#fig_{world.initiatives.id}", "30")
    page.locator("#submit-report").click()
    expect(page.locator("#report-status")).to_have_text("Submitted")

    # Sở Nội vụ, in a browser of its own, sees it on the desk and returns it with a reason.
    other = browser.new_context(base_url=live_server.url, locale="vi-VN")
    other.set_default_timeout(TIMEOUT_MS)
    try:
        desk = other.new_page()
        log_in(desk, world.appraiser)
        desk.goto(f"/reports/round/{report_round.id}")
        expect(desk.locator("#desk-summary")).to_contain_text("Submitted: 1")
        desk.locator(f"#desk-{report.id} a").click()
        desk.fill("#reason", "Số sáng kiến 30 chưa khớp quyết định công nhận (3).")
        desk.locator("#return").click()
        desk.wait_for_url(f"**/reports/round/{report_round.id}")
        expect(desk.locator(f"#desk-{report.id}")).to_contain_text("Returned for correction")
    finally:
        other.close()

    # The unit sees the reason, corrects the figure and submits again.
    page.goto(f"/reports/report/{report.id}")
    expect(page.locator("#return-reason")).to_contain_text("chưa khớp quyết định công nhận")
    page.fill(f"#fig_{world.initiatives.id}", "3")
    page.locator("#submit-report").click()
    expect(page.locator("#report-status")).to_have_text("Submitted")
    expect(page.locator("#history")).to_contain_text("Returned for correction")

    # Sở Nội vụ accepts it and opens the aggregated report, then downloads the DOCX.
    other = browser.new_context(base_url=live_server.url, locale="vi-VN")
    other.set_default_timeout(TIMEOUT_MS)
    try:
        desk = other.new_page()
        log_in(desk, world.appraiser)
        desk.goto(f"/reports/report/{report.id}")
        desk.locator("#accept").click()
        desk.wait_for_url(f"**/reports/round/{report_round.id}")
        desk.locator("#aggregate-link").click()
        expect(desk.locator("#counted")).to_have_text("1/4")
        row = desk.locator("#per-group tr[data-code=F1]")
        expect(row).to_contain_text("3")
        expect(desk.locator("#per-group tr[data-code=F2]")).to_contain_text("80,5 %")
        with desk.expect_download() as download:
            desk.locator("#download-docx").click()
        assert download.value.suggested_filename.endswith(".docx")
    finally:
        other.close()
