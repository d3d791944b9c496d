"""A citizen comments on a nominee from the public notice, logged out; the appraiser reads it on the dossier."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Role, State
from app.models.base import local_today

pytestmark = pytest.mark.browser


def test_a_citizen_comments_logged_out_and_the_appraiser_reads_it(page, log_in, make):
    unit = make.make_unit("Sở Giáo dục và Đào tạo")
    award = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh")
    dossier = make.make_dossier(unit, award=award, name="Hoàng Thị Lan", state=State.PUBLIC_NOTICE,
                                notice_ends_on=local_today() + timedelta(days=10))
    appraiser = make.make_user(Role.APPRAISER, username="appraiser", full_name="Lê Thẩm Định")
    db.session.commit()

    page.goto("/cong-khai")
    row = page.locator(f"[data-dossier='{dossier.id}']")
    expect(row).to_contain_text("Hoàng Thị Lan")
    row.get_by_role("link").click()
    expect(page.locator("#website")).to_be_hidden()  # the honeypot
    page.fill("#text", "Đồng chí Lan đã chuyển công tác từ tháng 3.")
    page.fill("#name", "Nguyễn Văn Dân")
    page.fill("#contact", "dan@example.vn")
    page.locator("#public-comment-form button[type=submit]").click()
    expect(page.locator("#flash-area")).to_contain_text("Your comment has been received")

    log_in(page, appraiser)
    page.goto(f"/dossiers/{dossier.id}")
    comments = page.locator("#public-comments")
    expect(comments).to_contain_text("Đồng chí Lan đã chuyển công tác từ tháng 3.")
    expect(comments).to_contain_text("dan@example.vn")
    expect(page.locator("#public-comment-count")).to_have_text("1")
