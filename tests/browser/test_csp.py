"""The pages that used inline handlers or styles work under the Content-Security-Policy in a real browser
(the page fixture fails a test on any CSP violation Chromium reports)."""
import re

import pytest
from playwright.sync_api import expect

from app.models import Role, UnitKind
from app.models.states import State

pytestmark = pytest.mark.browser


def test_admin_pages_with_tree_search_and_year_picker(page, log_in, make, snapshot):
    parent = make.make_unit("Sở Y tế", code="SYT")
    make.make_unit("Bệnh viện Đa khoa tỉnh", kind=UnitKind.SUB_UNIT, parent=parent, code="BVDK")
    cluster = make.make_cluster("Cụm thi đua khối Sở", members=(parent,), year=2025, lead=parent)
    make.make_user(Role.APPRAISER, username="thamdinh", full_name="Phạm Thẩm Định")
    admin = make.make_user(Role.ADMIN, username="root", full_name="Quản trị viên")
    log_in(page, admin)

    page.goto("/admin/units/")
    parent_link = page.locator("tr[data-unit-code=SYT] a").first
    child_link = page.locator("tr[data-unit-code=BVDK] a").first
    # The sub-unit sits one level further right than its parent, without a style attribute.
    assert child_link.bounding_box()["x"] > parent_link.bounding_box()["x"] + 15

    page.goto("/admin/users/")
    expect(page.locator("#user-spinner")).to_have_css("opacity", "0")  # htmx's indicator rules from app.css
    page.locator("#user-q").press_sequentially("tham")
    expect(page.locator("#user-rows tr[data-username]")).to_have_count(1)
    expect(page.locator("tr[data-username=thamdinh]")).to_be_visible()

    page.goto(f"/admin/clusters/{cluster.id}/members?year=2025")
    expect(page.locator("#year-select")).to_have_css("width", "112px")  # 7rem, from app.css
    page.select_option("#year-select", "2026")  # sends its form by itself (app.js, no onchange=)
    page.wait_for_url(re.compile(r"year=2026"))
    snapshot(page, "cluster-year-2026")


def test_select_all_ticks_every_dossier_in_the_inbox(page, log_in, make):
    head = make.make_user(Role.UNIT_HEAD, username="head", full_name="Trần Văn Hải")
    for name in ("Lê Thị Hoa", "Phạm Văn Bình", "Ngô Thị Lan"):
        make.make_dossier(head.unit, name=name, state=State.UNIT_REVIEW)
    log_in(page, head)
    page.goto("/inbox")
    boxes = page.locator("#inbox-table input[name=ids]")
    expect(boxes).to_have_count(3)
    page.locator("#inbox-table input[data-select-all]").check()
    for index in range(3):
        expect(boxes.nth(index)).to_be_checked()
    page.locator("#inbox-table input[data-select-all]").uncheck()
    for index in range(3):
        expect(boxes.nth(index)).not_to_be_checked()
