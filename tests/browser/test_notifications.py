"""The notification flow in a real browser: an appraiser returns a dossier; its unit's officer sees the bell's
count go up, opens the centre, clicks through to the dossier, and the count goes down."""
import pytest
from playwright.sync_api import expect

from app.models import Role, State
from tests.browser.conftest import TIMEOUT_MS

pytestmark = pytest.mark.browser


def test_officer_follows_a_returned_dossier_from_the_bell(page, browser, live_server, log_in, make):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    officer = make.make_user(Role.OFFICER, unit, full_name="Trần Thị Cán Bộ")
    appraiser = make.make_user(Role.APPRAISER, make.make_unit("Sở Nội vụ"), full_name="Nguyễn Văn Thẩm Định")
    dossier = make.make_complete_dossier(unit, state=State.APPRAISAL, name="Lê Thị Đề Nghị")

    log_in(page, officer)
    expect(page.locator("#nav-bell")).to_have_attribute("href", "/notifications")  # the bell has loaded
    expect(page.locator("#bell-count")).to_have_count(0)

    # The appraiser, in a browser of their own, returns the dossier with a comment.
    other = browser.new_context(base_url=live_server.url, locale="vi-VN")
    other.set_default_timeout(TIMEOUT_MS)
    try:
        appraiser_page = other.new_page()
        log_in(appraiser_page, appraiser)
        appraiser_page.goto(f"/dossiers/{dossier.id}")
        appraiser_page.locator("#dossier-actions [data-action=return]").click()
        appraiser_page.locator("#action-panel textarea[name=comment]").fill("Thiếu bản sao quyết định")
        appraiser_page.locator("#action-panel button[type=submit]").click()
        expect(appraiser_page.locator("#action-panel textarea[name=comment]")).to_have_count(0)
    finally:
        other.close()

    # The officer's bell (polled; a navigation loads it at once) shows one unread.
    page.goto("/")
    expect(page.locator("#bell-count")).to_have_text("1")
    expect(page.locator("#nav-bell")).to_have_attribute("aria-label", "Notifications: 1 unread")
    expect(page.locator("#bell")).to_have_attribute("aria-live", "polite")
    page.locator("#nav-bell").click()
    page.wait_for_url("**/notifications")
    item = page.locator("#notification-list button", has_text="Lê Thị Đề Nghị")
    expect(item).to_contain_text("Thiếu bản sao quyết định")
    item.click()
    page.wait_for_url(f"**/dossiers/{dossier.id}")
    expect(page.locator("#nav-bell")).to_have_attribute("aria-label", "Notifications")  # loaded, none unread
    expect(page.locator("#bell-count")).to_have_count(0)
