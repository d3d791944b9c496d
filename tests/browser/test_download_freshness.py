"""A document downloaded again after its decision moved on is the new one, not the browser's cached copy.

Every download (app/downloads.py and the other ``send_file`` answers) was sent ``Cache-Control: public,
max-age=3600`` (Flask's ``SEND_FILE_MAX_AGE_DEFAULT``, meant for static files) and varied only on the cookie (and
HX-Request): Chromium handed back the draft (DỰ THẢO, blank number) for the same URL once the decision was issued
whenever the session cookie had not changed in between. The workflow walk failed so once in CI: the cookie is
signed again only when the session changes (a flash message) and its timestamp counts seconds, so it came out
identical when the steps between the two downloads fell within one second. Here the decision moves on in the
database, no request changes the cookie, and without the fix the stale copy came back every time."""
import docx
import pytest
from docx.oxml.ns import qn
from playwright.sync_api import expect

from app.decisions import life
from app.extensions import db
from app.models import AwardDecision
from app.models.base import local_today
from tests.pdfs import make_pdf
from tests.test_decisions import Office

pytestmark = pytest.mark.browser

REFERENCE = "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 20/11/2026."


def body_text(path) -> str:
    """Every paragraph of the body, those of tables (the number line) included."""
    return "\n".join(p.text for p in docx.Document(path).element.body.iter(qn("w:p")))


def test_the_decision_downloaded_again_after_issuing_is_the_issued_one(page, log_in, make, app):
    office = Office(make, app)
    person = office.approved("Nguyễn Thị Hồng")
    decision = life.create_draft(office.secretary, office.award, [person], office.chairman, REFERENCE)
    db.session.commit()
    log_in(page, office.secretary)
    page.goto(f"/decisions/{decision.id}")
    with page.expect_download() as download:
        page.locator("#download-decision").click()
    assert "DỰ THẢO" in body_text(download.value.path())

    # The clerk's number and the signed copy recorded, then issued, without the browser's session changing.
    decision = db.session.get(AwardDecision, decision.id)
    life.send(office.secretary, decision)
    life.record_signature(office.secretary, decision, local_today(), None, make_pdf("Phạm Anh Tuấn"), "ky.pdf",
                          {"has_field": True, "signatures": []})
    life.issue(office.secretary, decision)
    db.session.commit()
    page.reload()
    expect(page.locator("#decision-status")).to_have_text("Issued")
    with page.expect_download() as download:
        page.locator("#download-decision").click()
    text = body_text(download.value.path())
    assert "DỰ THẢO" not in text and f"Số: {decision.number:02d}/QĐ-UBND" in text, text[:1500]
