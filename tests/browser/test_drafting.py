"""An officer's day in a real browser: log in, draft a dossier, attach a file, find it again by search."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Attachment, Dossier, NomineeKind, Role
from app.models.states import State

pytestmark = pytest.mark.browser

# The smallest file that both filetype and a PDF reader accept as PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
NAME = "Đặng Thị Hồng"


@pytest.fixture
def officer_setup(make):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    officer = make.make_user(Role.OFFICER, unit=unit, username="officer", full_name="Trần Văn Bình")
    report = make.make_attachment_type("report", "Báo cáo thành tích")
    award = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh", required=[report])
    campaign = make.make_campaign(2025, name="Thi đua đổi mới sáng tạo năm 2025")
    make.make_dossier(unit, award=award, campaign=campaign, name="Nguyễn Văn An")
    db.session.commit()
    return officer, report, award, campaign


def test_login_form_rejects_a_wrong_password_then_lets_the_officer_in(page, live_server, make, snapshot):
    officer = make.make_user(Role.OFFICER, username="officer", full_name="Trần Văn Bình")
    db.session.commit()
    page.goto("/dossiers/")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    # Bootstrap and htmx are loaded: a styled primary button, the htmx global.
    button = page.locator("form:has(#password) button[type=submit]")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") not in ("", "rgba(0, 0, 0, 0)")
    assert page.evaluate("typeof htmx") == "object"

    page.fill("#username", "officer")
    page.fill("#password", "not-the-password")
    button.click()
    expect(page.locator("#field-password .invalid-feedback")).to_be_visible()
    expect(page.locator("#password")).to_have_class(re.compile(r"\bis-invalid\b"))
    snapshot(page, "login-error")

    page.fill("#password", "secret-pass-1")
    page.locator("form:has(#password) button[type=submit]").click()
    # Back where the officer wanted to go, logged in.
    expect(page).to_have_url(f"{live_server.url}/dossiers/")
    expect(page.locator(".navbar")).to_contain_text(officer.full_name)
    expect(page.locator("#password")).to_have_count(0)


def test_officer_drafts_a_dossier_attaches_a_file_and_finds_it_by_unaccented_search(
    page, log_in, officer_setup, snapshot
):
    officer, report, award, campaign = officer_setup
    log_in(page, officer)

    # Draft the dossier through the form.
    page.goto("/dossiers/")
    page.locator("a[href$='/dossiers/new']").first.click()
    page.select_option("#campaign_id", label=f"{campaign.movement.name} — {campaign.name}")
    page.select_option("#award_id", label=award.name)
    expect(page.locator("#award-hint")).to_contain_text(report.name)  # htmx hint of the award's needs
    page.check("input[name=nominee_kind][value=individual]")
    page.fill("#nominee_name", NAME)
    page.select_option("#nominee_gender", "female")
    page.fill("#nominee_birth_year", "1985")
    page.fill("#nominee_position", "Trưởng phòng Quản lý khoa học")
    page.fill("#achievement_summary", "Chủ trì đề tài chuyển đổi số cấp tỉnh, hoàn thành xuất sắc nhiệm vụ.")
    snapshot(page, "new-dossier")
    page.locator("#dossier-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dossiers/\d+$"))

    db.session.rollback()  # see what the server committed
    dossier = db.session.scalar(select(Dossier).where(Dossier.nominee_name == NAME))
    assert dossier is not None
    assert (dossier.nominee_kind, dossier.state) == (NomineeKind.INDIVIDUAL, State.DRAFT)
    assert dossier.search_key.startswith("dang thi hong")  # folded for the unaccented search
    assert dossier.created_by_id == officer.id
    expect(page.locator("h1")).to_contain_text(NAME)
    checklist_item = page.locator("#checklist li", has_text=report.name)
    expect(checklist_item).to_have_attribute("data-present", "no")

    # Upload over htmx: the attachments card is swapped, the page is not reloaded.
    page.evaluate("window.sameDocument = true")
    page.select_option("#type_id", label=report.name)
    page.set_input_files("#file", files=[{"name": "bao-cao-thanh-tich.pdf", "mimeType": "application/pdf",
                                          "buffer": PDF_BYTES}])
    page.locator("#attachments button[type=submit]").click()
    expect(checklist_item).to_have_attribute("data-present", "yes")
    expect(page.locator("#checklist-summary")).to_have_class(re.compile(r"\btext-success\b"))
    expect(page.locator("#attachment-list")).to_contain_text("bao-cao-thanh-tich.pdf")
    expect(page.locator("#field-file .invalid-feedback")).to_have_count(0)
    assert page.evaluate("window.sameDocument") is True
    db.session.rollback()
    attachment = db.session.scalar(select(Attachment).where(Attachment.dossier_id == dossier.id))
    assert (attachment.original_name, attachment.type_id, attachment.size_bytes) == (
        "bao-cao-thanh-tich.pdf", report.id, len(PDF_BYTES))
    snapshot(page, "dossier")

    # The list: both dossiers, then active search without accents narrows it to the new one.
    page.locator(".breadcrumb a[href$='/dossiers/']").click()
    rows = page.locator("#dossier-rows tr")
    expect(rows).to_have_count(2)
    snapshot(page, "list")
    page.evaluate("window.sameDocument = true")
    page.locator("#q").press_sequentially("dang thi hong")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NAME)
    expect(page.locator("#result-count")).to_contain_text("1")
    # The address bar keeps the search (blank filters left out), so it can be bookmarked.
    expect(page).to_have_url(re.compile(r"/dossiers/\?q=dang(\+|%20)thi(\+|%20)hong&sort=-updated$"))
    assert page.evaluate("window.sameDocument") is True
    snapshot(page, "list-search")

    # Back restores the unfiltered list.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/dossiers/$"))
    expect(rows).to_have_count(2)
    expect(page.locator("#q")).to_have_value("")
    # Forward again brings the search back, as a bookmark of the URL would.
    page.go_forward()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NAME)
