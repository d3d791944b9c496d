"""Issue 12, fixes from a new user's walk: regions that depend on each other refresh together, every URL a
user can reach works as a full page."""
import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Gender, Role

pytestmark = pytest.mark.browser

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def draft(make):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    officer = make.make_user(Role.OFFICER, unit=unit, username="officer", full_name="Trần Văn Bình")
    report = make.make_attachment_type("report", "Báo cáo thành tích")
    award = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh", required=[report])
    dossier = make.make_dossier(unit, award=award, name="Đặng Thị Hồng", nominee_gender=Gender.FEMALE,
                                created_by=officer)
    db.session.commit()
    return officer, report, dossier


def upload(page, type_name: str, file_name: str):
    page.select_option("#type_id", label=type_name)
    page.set_input_files("#file", files=[{"name": file_name, "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    page.locator("#attachments button[type=submit]").click()


def test_the_last_required_upload_unblocks_submit_and_shows_in_the_history_without_a_reload(page, log_in, draft):
    officer, report, dossier = draft
    log_in(page, officer)
    page.goto(f"/dossiers/{dossier.id}")
    expect(page.locator("#dossier-actions button[data-action=submit][disabled]")).to_be_visible()
    history = page.locator("#timeline li")
    expect(history).to_have_count(0)
    page.evaluate("window.sameDocument = true")

    upload(page, report.name, "bao-cao.pdf")
    expect(page.locator("#checklist-summary")).to_have_class(re.compile(r"\btext-success\b"))
    expect(page.locator("#dossier-actions a[data-action=submit]")).to_be_visible()
    expect(page.locator("#dossier-actions [data-action=submit][disabled]")).to_have_count(0)
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("bao-cao.pdf")
    assert page.evaluate("window.sameDocument") is True

    # Removing it blocks submitting again, and the history says so.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#attachment-list button").click()
    expect(page.locator("#dossier-actions button[data-action=submit][disabled]")).to_be_visible()
    expect(history).to_have_count(2)
    assert page.evaluate("window.sameDocument") is True

    # Restored, it can be sent, from the buttons that came with the upload.
    page.locator("#removed-attachments button[type=submit]").click()
    expect(history).to_have_count(3)
    page.locator("#dossier-actions a[data-action=submit]").click()
    page.locator("#action-panel button[type=submit]").click()
    expect(page.locator("h1 [data-state=unit_review]")).to_be_visible()


def test_an_action_link_opened_as_a_page_confirms(page, log_in, make, draft):
    """An action's link opened in a new tab (or by long-press) is a full page whose form works."""
    officer, report, dossier = draft
    make.make_attachment(dossier, report)
    head = make.make_user(Role.UNIT_HEAD, unit=dossier.unit, username="head", full_name="Lê Thị Thu")
    db.session.commit()
    log_in(page, officer)
    page.goto(f"/dossiers/{dossier.id}/act/submit")
    page.locator("#action-form-card button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/dossiers/{dossier.id}$"))
    expect(page.locator("h1 [data-state=unit_review]")).to_be_visible()

    # A refusal (the required comment) is shown on the same page, then the action goes through.
    page.locator("form[action$='/logout'] button[type=submit]").click()
    log_in(page, head)
    page.goto(f"/dossiers/{dossier.id}/act/return")
    page.locator("#action-form-card button[type=submit]").click()
    expect(page.locator("#action-form-card #field-comment .invalid-feedback, #action-error")).to_be_visible()
    page.locator("#action-form-card textarea[name=comment]").fill("Thiếu chữ ký của Giám đốc Sở.")
    page.locator("#action-form-card button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/dossiers/{dossier.id}$"))
    expect(page.locator("h1 [data-state=returned]")).to_be_visible()


def test_the_form_asks_gender_and_birth_year_of_an_individual_only(page, log_in, draft):
    officer, _report, _dossier = draft
    log_in(page, officer)
    page.goto("/dossiers/new")
    gender, birth_year = page.locator("#nominee_gender"), page.locator("#nominee_birth_year")
    for kind, shown in (("individual", True), ("collective", False), ("household", False), ("individual", True)):
        page.check(f"input[name=nominee_kind][value={kind}]")
        for field in (gender, birth_year):
            if shown:
                expect(field).to_be_visible()
            else:
                expect(field).to_be_hidden()
