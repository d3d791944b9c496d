"""The dossier list in a real browser (issue 12, lists): filter it (htmx), save the filter, reload, apply it
from the saved filters' dropdown, and download the XLSX of the filtered list."""
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from app import list_exports
from app.models import Role, State

pytestmark = pytest.mark.browser


def test_filter_save_apply_and_export_the_dossier_list(page, log_in, make):
    appraiser = make.make_user(Role.APPRAISER, username="appraiser")
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    campaign = make.make_campaign(2025, name="Thi đua năm 2025")
    provincial, national = make.make_award(name="Bằng khen tỉnh"), make.make_award(name="Chiến sĩ thi đua")
    make.make_dossier(unit, award=provincial, campaign=campaign, name="Nguyễn Thị Hồng", state=State.SUBMITTED)
    make.make_dossier(unit, award=provincial, campaign=campaign, name="=cmd|' /C calc'!A0", state=State.SUBMITTED)
    make.make_dossier(unit, award=national, campaign=campaign, name="Trần Văn Bình", state=State.SUBMITTED)
    log_in(page, appraiser)

    page.goto("/dossiers/")
    expect(page.locator("#dossier-rows tr")).to_have_count(3)
    page.select_option("#f-award", label="Bằng khen tỉnh")
    page.wait_for_url(re.compile(rf"award={provincial.id}"))
    expect(page.locator("#dossier-rows tr")).to_have_count(2)
    # The export link and the save form are in the swapped region: they follow the filter.
    expect(page.locator("#dossier-export")).to_have_attribute("href", re.compile(rf"award={provincial.id}"))

    page.fill("#save-filter-name", "Bằng khen tỉnh của tôi")
    page.locator("#save-filter").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("saved")

    page.goto("/dossiers/")  # no filter any more
    expect(page.locator("#dossier-rows tr")).to_have_count(3)
    page.reload()
    page.locator("#saved-filters-toggle").click()
    page.locator("#saved-filters-menu a", has_text="Bằng khen tỉnh của tôi").click()
    page.wait_for_url(re.compile(rf"award={provincial.id}"))
    expect(page.locator("#dossier-rows tr")).to_have_count(2)
    expect(page.locator("#f-award")).to_have_value(str(provincial.id))

    with page.expect_download() as download_info:
        page.locator("#dossier-export").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        sheet = load_workbook(BytesIO(file.read())).active
    names = [row[1] for row in sheet.iter_rows(min_row=list_exports.HEADER_ROW + 1, values_only=True)]
    assert sorted(names) == sorted(["Nguyễn Thị Hồng", "'=cmd|' /C calc'!A0"])


def test_the_print_view_prints_from_its_script_file(page, log_in, make):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    officer = make.make_user(Role.OFFICER, unit=unit, username="officer")
    dossier = make.make_dossier(unit, name="Nguyễn Thị Hồng")
    log_in(page, officer)
    # window.print() opens a dialog headless Chromium cannot show: count the calls instead.
    page.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    page.goto(f"/dossiers/{dossier.id}")
    page.locator("#print-link").click()
    page.wait_for_url(re.compile(rf"/dossiers/{dossier.id}/print$"))
    expect(page.locator("#print-nominee")).to_contain_text("Nguyễn Thị Hồng")
    expect(page.locator("nav")).to_have_count(0)
    page.locator("#print-button").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(page.locator("#print-button")).to_be_hidden()
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Times New Roman" in family


def test_rename_and_delete_a_saved_filter(page, log_in, make):
    appraiser = make.make_user(Role.APPRAISER, username="appraiser")
    log_in(page, appraiser)
    page.goto("/dossiers/?q=hong")
    page.fill("#save-filter-name", "Tìm Hồng")
    page.locator("#save-filter").click()
    page.wait_for_url(re.compile(r"q=hong"))
    page.locator("#saved-filters-toggle").click()
    page.locator("#saved-filters-manage").click()
    page.wait_for_url(re.compile(r"/saved-filters/manage/dossiers$"))
    page.locator("#saved-filter-list input[name=name]").fill("Hồng")
    page.get_by_role("button", name="Rename").click()
    expect(page.locator("#saved-filter-list")).to_contain_text("Hồng")
    expect(page.locator("#saved-filter-list a")).to_have_text("Hồng")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    expect(page.locator("#saved-filter-list")).to_contain_text("No saved filter yet.")
