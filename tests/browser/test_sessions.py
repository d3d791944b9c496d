"""Sessions in a real browser: "Log out everywhere" on the account page ends the session of another
browser logged in as the same user."""
import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Role

pytestmark = pytest.mark.browser


def test_log_out_everywhere_ends_the_other_browsers_session(page, browser, live_server, log_in, make):
    user = make.make_user(Role.OFFICER, username="canbo", full_name="Lê Thị Hoa")
    db.session.commit()
    other = browser.new_context(base_url=live_server.url)
    try:
        elsewhere = log_in(other.new_page(), user)
        log_in(page, user)
        page.locator("#nav-account").click()
        expect(page.locator("#last-login")).to_contain_text("Last login:")
        page.get_by_role("button", name="Log out everywhere").click()
        page.wait_for_url(re.compile(r"/login"))
        expect(page.locator(".alert")).to_contain_text("every device")

        elsewhere.goto("/dossiers/")
        elsewhere.wait_for_url(re.compile(r"/login"))
    finally:
        other.close()
