"""Bad input and lost sessions in a real browser: fake files, expired sessions, markup in names."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Attachment, Role

pytestmark = pytest.mark.browser


@pytest.fixture
def draft(make):
    """An officer with one draft whose award needs one document type."""
    officer = make.make_user(Role.OFFICER, username="officer")
    report = make.make_attachment_type("report", "Báo cáo thành tích")
    award = make.make_award(required=[report])
    dossier = make.make_dossier(officer.unit, award=award, name="Phạm Minh Tuấn", created_by=officer)
    db.session.commit()
    return officer, report, dossier


def test_a_pdf_name_on_other_content_is_refused_beside_the_field(page, log_in, draft, snapshot):
    officer, report, dossier = draft
    log_in(page, officer)
    page.goto(f"/dossiers/{dossier.id}")
    page.select_option("#type_id", label=report.name)
    page.set_input_files("#file", files=[{"name": "gia-mao.pdf", "mimeType": "application/pdf",
                                          "buffer": b"Plain text wearing a .pdf name, not a PDF at all.\n"}])
    page.locator("#attachments button[type=submit]").click()

    error = page.locator("#field-file .invalid-feedback")
    expect(error).to_be_visible()
    expect(error).to_contain_text("gia-mao.pdf")
    expect(page.locator("#file")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#checklist li", has_text=report.name)).to_have_attribute("data-present", "no")
    expect(page.locator("#attachment-list a")).to_have_count(0)
    # The chosen type is kept so the officer only has to pick the right file.
    expect(page.locator("#type_id")).to_have_value(str(report.id))
    snapshot(page, "upload-error")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_an_expired_session_sends_an_htmx_search_to_the_login_page(page, log_in, draft):
    officer, _, _ = draft
    log_in(page, officer)
    page.goto("/dossiers/")
    expect(page.locator("#dossier-rows tr")).to_have_count(1)
    page.context.clear_cookies()  # the session is gone, the page is still open

    page.locator("#q").press_sequentially("pham")
    page.wait_for_url(re.compile(r"/login"))
    expect(page.locator("#password")).to_be_visible()
    # A whole login page, not a login form swapped into the results table.
    expect(page.locator("#dossier-results")).to_have_count(0)
    expect(page.locator("table #password")).to_have_count(0)


def test_an_expired_session_sends_an_htmx_upload_to_the_login_page(page, log_in, draft):
    officer, report, dossier = draft
    log_in(page, officer)
    page.goto(f"/dossiers/{dossier.id}")
    page.context.clear_cookies()

    page.select_option("#type_id", label=report.name)
    page.set_input_files("#file", files=[{"name": "to-trinh.pdf", "mimeType": "application/pdf",
                                          "buffer": b"%PDF-1.4\n%%EOF\n"}])
    with page.expect_response(re.compile(r"/attachments$")):
        page.locator("#attachments button[type=submit]").click()
    # The redirect follows the answer at once; no need to wait the full timeout to see it missing.
    page.wait_for_url(re.compile(r"/login"), timeout=1_500)
    expect(page.locator("#password")).to_be_visible()


def test_markup_in_names_shows_as_text(page, log_in, make):
    officer = make.make_user(Role.OFFICER, username="officer")
    name = '<script>window.injected = "name"</script><img src=x onerror="window.injected = \'img\'">Lê Thị Mai'
    dossier = make.make_dossier(officer.unit, name=name, created_by=officer)
    make.make_dossier(officer.unit, name="Trần Văn Nam", created_by=officer)
    db.session.commit()
    log_in(page, officer)

    page.goto("/dossiers/")
    link = page.locator("#dossier-rows a", has_text="Lê Thị Mai")
    expect(link).to_have_text(name)
    # The same row again through the htmx fragment of the active search.
    page.locator("#q").press_sequentially("le thi mai")
    expect(page).to_have_url(re.compile(r"q=le(\+|%20)thi(\+|%20)mai"))
    expect(page.locator("#dossier-rows tr")).to_have_count(1)
    expect(link).to_have_text(name)

    link.click()
    page.wait_for_url(re.compile(rf"/dossiers/{dossier.id}$"))
    expect(page.locator("#nominee-name")).to_have_text(name)
    assert name in page.title()
    expect(page.locator("script", has_text="window.injected")).to_have_count(0)
    expect(page.locator("img[src=x]")).to_have_count(0)
    assert page.evaluate("typeof window.injected") == "undefined"
