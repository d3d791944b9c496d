"""The secretary's whole path through a decision's life in a real browser (app/decisions/life.py): draft the
decision from the approved dossiers, send it with the Sở Nội vụ's Tờ trình, record the register's number and the
date with a digitally signed PDF (a number already used and a file that is not a PDF refused in place first),
issue it, and see the honourees awarded and the registry entries written only then."""
import docx
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.decisions import life
from app.extensions import db
from app.models import AwardDecision, Dossier, RegistryEntry, Setting, State
from app.models.base import local_today
from tests.pdfs import make_pdf
from tests.test_decisions import Office

pytestmark = pytest.mark.browser


def paragraphs(path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def test_the_secretary_drafts_sends_records_and_issues(page, log_in, make, app, snapshot):
    office = Office(make, app)
    db.session.delete(db.session.get(Setting, life.NUMBERING_KEY))  # the clerk types the register's number
    people = [office.approved("Nguyễn Thị Hồng"), office.approved("Trần Văn Bình")]
    make.make_decision(office.award, number=7, year=local_today().year)  # number 7 is taken this year
    db.session.commit()
    log_in(page, office.secretary)

    page.goto("/decisions/")
    page.locator("#waiting-awards a", has_text=office.award.name).click()
    page.fill("#proposal_reference", "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 20/11/2026.")
    page.locator("#save-draft").click()
    expect(page.locator("#decision-status")).to_have_text("Draft (dự thảo)")
    expect(page.locator("#decision-honourees tbody tr")).to_have_count(2)
    with page.expect_download() as download:
        page.locator("#download-decision").click()
    assert "DỰ THẢO" in paragraphs(download.value.path())

    page.locator("#send-decision").click()
    expect(page.locator("#decision-status")).to_have_text("Sent for signature")
    with page.expect_download() as download:
        page.locator("#download-proposal-snv").click()
    assert "Nguyễn Thị Hồng" in "\n".join(c.text for t in docx.Document(download.value.path()).tables
                                          for r in t.rows for c in r.cells)

    # Refused in place, nothing recorded: a number already used, then a file that is not a PDF.
    today = local_today().isoformat()
    page.fill("#number", "7")
    page.fill("#signed_on", today)
    page.set_input_files("#signed_copy", files=[{"name": "ky.pdf", "mimeType": "application/pdf",
                                                 "buffer": make_pdf("Phạm Anh Tuấn")}])
    page.locator("#record-signature").click()
    expect(page.locator("#decision-error")).to_contain_text("07/QĐ-UBND")
    page.fill("#number", "8")
    page.fill("#signed_on", today)
    page.set_input_files("#signed_copy", files=[{"name": "ky.pdf", "mimeType": "application/pdf",
                                                 "buffer": b"PK\x03\x04 a Word file renamed"}])
    page.locator("#record-signature").click()
    expect(page.locator("#decision-error")).to_contain_text("not a PDF")
    expect(page.locator("#decision-status")).to_have_text("Sent for signature")

    page.fill("#number", "8")
    page.fill("#signed_on", today)
    page.set_input_files("#signed_copy", files=[{"name": "quyet-dinh-ky-so.pdf", "mimeType": "application/pdf",
                                                 "buffer": make_pdf("Phạm Anh Tuấn")}])
    page.locator("#record-signature").click()
    expect(page.locator("#decision-status")).to_have_text("Signed")
    expect(page.locator("#signature-details")).to_contain_text("Phạm Anh Tuấn")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(RegistryEntry)) == 0
    assert all(db.session.get(Dossier, d.id).state is State.APPROVED for d in people)
    snapshot(page, "decision-signed")

    page.locator("#issue-decision").click()
    expect(page.locator("#decision-status")).to_have_text("Issued")
    expect(page.locator("#decision-honourees tbody tr", has_text="Awarded")).to_have_count(2)
    expect(page.locator("#decision-timeline li")).to_have_count(4)
    with page.expect_download() as download:
        page.locator("#download-signed").click()
    with open(download.value.path(), "rb") as signed:
        assert signed.read().startswith(b"%PDF-")
    db.session.rollback()
    decision = db.session.scalar(select(AwardDecision).where(AwardDecision.number == 8))
    assert decision.is_issued
    assert db.session.scalar(select(func.count()).select_from(RegistryEntry)
                             .where(RegistryEntry.decision_id == decision.id)) == 2
    page.goto(f"/dossiers/{people[0].id}")
    expect(page.locator("#workflow-status")).to_contain_text("08/QĐ-UBND")
