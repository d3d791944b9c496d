"""One dossier from draft to awarded in a real browser, each demo role acting through its own screens.

The administrator first routes the award "Tập thể lao động xuất sắc" through the cluster (configuration
as data); the officer drafts a collective dossier for it, attaches the documents and submits; the unit
head returns it once and approves the resubmission from the inbox; the cluster lead endorses; the
appraiser accepts (inbox) and forwards with an opinion; the secretary holds a council session, records
the votes, drafts the decision (read back with its blanks), sends it with the Tờ trình, records the
clerk's number and date with the signed PDF and issues it; the DOCX is downloaded and read back.
"""
import re

import pytest
from docx import Document
from playwright.sync_api import expect
from sqlalchemy import select

from app.demo import DEMO_PASSWORD, load
from app.documents.money import bonus_amount
from app.extensions import db
from app.models import Award, AwardDecision, Dossier, NomineeKind, User
from app.models.base import local_today
from app.models.states import State
from tests.pdfs import make_pdf

pytestmark = pytest.mark.browser

AWARD_CODE = "tt_ldxs"
# The form's campaign picker names the movement first: the yearly campaigns of two movements share names.
CAMPAIGN = "Thi đua đổi mới sáng tạo và chuyển đổi số — Năm 2026"
# A sub-collective the demo never proposes, so the one-form rule cannot refuse it.
NAME = "Tổ Thẩm định công nghệ, Sở Khoa học và Công nghệ"
RETURN_COMMENT = "Tờ trình chưa có chữ ký số của Giám đốc Sở; đề nghị bổ sung."
RESUBMIT_COMMENT = "Đã thay Tờ trình có chữ ký số của Giám đốc Sở."
OPINION = "Hồ sơ đầy đủ, tập thể đủ tiêu chuẩn danh hiệu Tập thể lao động xuất sắc; đề nghị Hội đồng xét."
# What the dossier's history holds at the end, oldest first: its three uploads, then the workflow.
WALK = [
    ("create", State.DRAFT), ("attach", State.DRAFT), ("attach", State.DRAFT), ("attach", State.DRAFT),
    ("submit", State.UNIT_REVIEW), ("return", State.RETURNED),
    ("resubmit", State.UNIT_REVIEW), ("approve", State.CLUSTER_REVIEW), ("endorse", State.SUBMITTED),
    ("accept", State.APPRAISAL), ("forward", State.COUNCIL_REVIEW), ("record_vote", State.APPROVED),
    ("issue_decision", State.AWARDED),
]


def tiny_pdf(text: str) -> bytes:
    """A one-page A4 PDF with a line of ASCII text and a correct cross-reference table."""
    content = b"BT /F1 14 Tf 72 770 Td (" + text.encode("ascii") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def docx_text(path) -> str:
    """Every paragraph of the document body, tables included, one per line."""
    document = Document(path)
    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    lines = []
    for paragraph in document.element.body.iter(f"{namespace}p"):
        lines.append("".join(t.text or "" for t in paragraph.iter(f"{namespace}t")))
    return "\n".join(lines)


@pytest.fixture
def demo():
    load()
    db.session.commit()
    users = {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(
        ("officer", "unithead", "clusterlead", "appraiser", "secretary", "admin"))))}
    award = db.session.scalar(select(Award).where(Award.code == AWARD_CODE))
    assert award is not None and not award.via_cluster, "the demo's tt_ldxs should start outside the cluster stage"
    assert db.session.scalar(select(Dossier.id).where(Dossier.nominee_name == NAME)) is None
    return users, award


@pytest.fixture
def become(page, log_in, demo):
    """``become("officer")``: log out whoever is in, then log in as that demo user through the form."""
    users, _ = demo

    def switch(username: str):
        logout = page.locator("form[action$='/logout'] button[type=submit]")
        if logout.count():
            logout.click()
            page.wait_for_url(re.compile(r"/login"))
        log_in(page, users[username], DEMO_PASSWORD)
        expect(page.locator(".navbar")).to_contain_text(users[username].full_name)

    return switch


def take_action(page, action: str, comment: str | None = None):
    """Open an action's form from the dossier page's buttons (htmx) and confirm it."""
    page.locator(f"#dossier-actions [data-action={action}]").click()
    form = page.locator("#action-panel form")
    expect(form).to_be_visible()
    if comment is not None:
        form.locator("textarea[name=comment]").fill(comment)
    form.locator("button[type=submit]").click()


def expect_state(page, state: State):
    expect(page.locator(f"h1 [data-state={state.value}]")).to_be_visible()


def bulk_from_inbox(page, dossier_id: int, action: str, state: State):
    """Select one dossier in the inbox, preview the bulk action, confirm, and read the result."""
    page.goto(f"/inbox?state={state.value}")
    page.locator(f"#inbox-table input[name=ids][value='{dossier_id}']").check()
    page.locator(f"#bulk-form button[name=action][value={action}]").click()
    preview = page.locator("#bulk-table tbody tr")
    expect(preview).to_have_count(1)
    expect(preview).to_contain_text(NAME)
    expect(preview.locator(".text-success")).to_be_visible()  # the pre-check passes
    page.locator("form:has(#bulk-table) button[type=submit]").click()
    expect(page.locator("#bulk-summary")).to_have_class(re.compile(r"\balert-success\b"))
    result = page.locator("#bulk-results tbody tr")
    expect(result).to_have_count(1)
    expect(result).not_to_have_class(re.compile(r"table-danger"))


def test_a_collective_dossier_walks_from_draft_to_awarded(page, demo, become, snapshot):
    users, award = demo
    required = [t.name for t in award.required_attachment_types]
    assert required, "tt_ldxs asks for documents in the demo"

    # The administrator sends the award through the emulation cluster: configuration, not code.
    become("admin")
    page.goto("/admin/awards/")
    page.locator(f"tr[data-award-code={AWARD_CODE}] a[href$='/edit']").click()
    page.locator("#via_cluster").check()
    page.locator("#award-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/awards/$"))
    db.session.rollback()
    assert db.session.get(Award, award.id).via_cluster is True

    # The officer drafts the dossier and attaches every required document.
    become("officer")
    page.goto("/dossiers/new")
    page.select_option("#campaign_id", label=CAMPAIGN)
    page.select_option("#award_id", label=award.name)
    page.check("input[name=nominee_kind][value=collective]")
    page.fill("#nominee_name", NAME)
    page.fill("#nominee_position", "Trực thuộc Sở Khoa học và Công nghệ")
    page.fill("#achievement_summary", "Hoàn thành xuất sắc nhiệm vụ năm 2026; thẩm định 42 hồ sơ chuyển giao công "
                                      "nghệ đúng hạn, không có hồ sơ phải làm lại.")
    page.locator("#dossier-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dossiers/\d+$"))
    dossier_id = int(page.url.rsplit("/", 1)[1])
    db.session.rollback()
    dossier = db.session.get(Dossier, dossier_id)
    assert (dossier.nominee_name, dossier.nominee_kind, dossier.via_cluster) == (NAME, NomineeKind.COLLECTIVE, True)
    expect_state(page, State.DRAFT)
    # Before the files, sending is offered but blocked, with the reason.
    expect(page.locator("#dossier-actions button[data-action=submit][disabled]")).to_be_visible()
    for number, type_name in enumerate(required, start=1):
        page.select_option("#type_id", label=type_name)
        page.set_input_files("#file", files=[{"name": f"tai-lieu-{number}.pdf", "mimeType": "application/pdf",
                                              "buffer": tiny_pdf(f"Document {number}")}])
        page.locator("#attachments button[type=submit]").click()
        expect(page.locator("#checklist li", has_text=type_name)).to_have_attribute("data-present", "yes")
    expect(page.locator("#checklist-summary")).to_have_class(re.compile(r"\btext-success\b"))
    take_action(page, "submit")
    expect_state(page, State.UNIT_REVIEW)
    snapshot(page, "walk-1-submitted")

    # The unit head returns it with a comment.
    become("unithead")
    page.goto(f"/dossiers/{dossier_id}")
    page.locator("#dossier-actions [data-action=return]").click()
    page.locator("#action-panel button[type=submit]").click()  # without the required comment first
    expect(page.locator("#action-panel #field-comment .invalid-feedback, #action-panel #action-error")).to_be_visible()
    expect_state(page, State.UNIT_REVIEW)
    page.locator("#action-panel textarea[name=comment]").fill(RETURN_COMMENT)
    page.locator("#action-panel button[type=submit]").click()
    expect_state(page, State.RETURNED)

    # The officer sees why and resubmits with an answer.
    become("officer")
    page.goto(f"/dossiers/{dossier_id}")
    expect(page.locator("#return-reason")).to_contain_text(RETURN_COMMENT)
    expect(page.locator("#return-reason")).to_contain_text(users["unithead"].full_name)
    snapshot(page, "walk-2-returned")
    take_action(page, "resubmit", RESUBMIT_COMMENT)
    expect_state(page, State.UNIT_REVIEW)

    # The unit head approves from the inbox; the award now goes through the cluster.
    become("unithead")
    bulk_from_inbox(page, dossier_id, "approve", State.UNIT_REVIEW)
    snapshot(page, "walk-3-bulk-approved")
    db.session.rollback()
    assert db.session.get(Dossier, dossier_id).state is State.CLUSTER_REVIEW

    # The cluster lead finds it in the inbox and endorses it.
    become("clusterlead")
    page.goto("/inbox")
    page.locator("#inbox-table a", has_text=NAME).click()
    page.wait_for_url(re.compile(rf"/dossiers/{dossier_id}$"))
    take_action(page, "endorse")
    expect_state(page, State.SUBMITTED)

    # The appraiser accepts it with the inbox's bulk action, then forwards it with an opinion.
    become("appraiser")
    bulk_from_inbox(page, dossier_id, "accept", State.SUBMITTED)
    page.locator("#bulk-results a", has_text=NAME).click()
    expect_state(page, State.APPRAISAL)
    take_action(page, "forward", OPINION)
    expect_state(page, State.COUNCIL_REVIEW)
    expect(page.locator(".alert", has_text=OPINION)).to_be_visible()

    # The secretary holds a council session: agenda, votes.
    become("secretary")
    page.goto("/council/")
    page.fill("#name", "Phiên họp Hội đồng Thi đua - Khen thưởng tỉnh, đợt 1 năm 2026")
    page.fill("#members_total", "15")
    page.fill("#members_present", "13")
    page.locator("main form:has(#members_total) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/council/\d+$"))
    page.locator(f"#cand-{dossier_id}").check()
    page.locator("form:has(#candidates) button[type=submit]").click()
    row = page.locator("#agenda tbody tr", has_text=NAME)
    expect(row).to_have_count(1)
    row.locator("input[name^=for-]").fill("12")
    row.locator("input[name^=against-]").fill("1")
    row.locator("input[name^=abstain-]").fill("0")
    page.locator("form:has(#agenda) button[type=submit]").click()
    expect(row.locator(".badge.text-bg-success")).to_be_visible()
    snapshot(page, "walk-4-council")
    db.session.rollback()
    assert db.session.get(Dossier, dossier_id).state is State.APPROVED

    # The decision's life for this award (app/decisions/life.py): the draft, sent with the Tờ trình, the
    # signature recorded with the clerk's number and the signed PDF, then issued.
    page.locator(".navbar a[href$='/decisions/']").click()
    page.locator("#waiting-awards a", has_text=award.name).click()
    page.wait_for_url(re.compile(rf"/decisions/new/{award.id}$"))
    boxes = page.locator("#candidates input[name=dossier_ids]")
    for index in range(boxes.count()):  # other approved dossiers of the demo wait for another decision
        box = boxes.nth(index)
        box.set_checked(box.get_attribute("value") == str(dossier_id))
    # Not prefilled (a template with "số …/TTr-SNV ngày …" would be sent on unedited): the secretary cites it.
    page.fill("#proposal_reference", "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 20/11/2026.")
    page.locator("#save-draft").click()
    page.wait_for_url(re.compile(r"/decisions/\d+$"))
    amount = bonus_amount(award.coefficient_collective, 2_340_000)
    money = f"{amount:,}".replace(",", ".")
    expect(page.locator("#decision-status")).to_have_text("Draft (dự thảo)")
    expect(page.locator("#decision-honourees tr", has_text=NAME)).to_contain_text(money)
    snapshot(page, "walk-5-decision-draft")
    with page.expect_download() as download_info:
        page.locator("#download-decision").click()
    draft_text = docx_text(download_info.value.path())
    assert "DỰ THẢO" in draft_text and re.search(r"Số:\s+/QĐ-UBND", draft_text) and NAME in draft_text
    page.locator("#send-decision").click()
    expect(page.locator("#decision-status")).to_have_text("Sent for signature")
    with page.expect_download() as download_info:
        page.locator("#download-proposal-snv").click()
    proposal_text = docx_text(download_info.value.path())
    assert "TỜ TRÌNH" in proposal_text and NAME in proposal_text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh" in proposal_text
    db.session.rollback()
    used = db.session.scalars(select(AwardDecision.number).where(
        AwardDecision.symbol == "QĐ-UBND", AwardDecision.year == local_today().year,
        AwardDecision.number.is_not(None))).all()
    number = max(used, default=0) + 1  # the next of the issuer's register, as the clerk would give it
    page.fill("#number", str(number))
    page.fill("#signed_on", local_today().isoformat())
    page.set_input_files("#signed_copy", files=[{"name": "quyet-dinh-da-ky.pdf", "mimeType": "application/pdf",
                                                 "buffer": make_pdf("Hồ Văn Niên")}])
    page.locator("#record-signature").click()
    expect(page.locator("#decision-status")).to_have_text("Signed")
    expect(page.locator("#signature-details")).to_contain_text("Hồ Văn Niên")
    db.session.rollback()
    assert db.session.get(Dossier, dossier_id).state is State.APPROVED  # signed is not yet issued
    page.locator("#issue-decision").click()
    expect(page.locator("#decision-status")).to_have_text("Issued")
    expect(page.locator("#decision-honourees tr", has_text=NAME)).to_contain_text("Awarded")
    snapshot(page, "walk-6-decision-issued")
    with page.expect_download() as download_info:
        page.locator("#download-signed").click()
    assert download_info.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as download_info:
        page.locator("#download-decision").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    text = docx_text(download.path())
    assert NAME in text and "DỰ THẢO" not in text
    number = re.search(r"Số: (\d+)/QĐ-UBND", text)
    assert number, text[:1000]
    assert money in text

    # Back with the officer: awarded, linked to the decision, the whole history on the page.
    become("officer")
    page.goto(f"/dossiers/{dossier_id}")
    expect_state(page, State.AWARDED)
    # The same number as the document prints it ("03/QĐ-UBND" below 10).
    expect(page.locator("#workflow-status a[href$='/download']")).to_have_text(
        re.compile(rf"^\s*{number.group(1)}/QĐ-UBND\s*$"))
    expect(page.locator("#workflow-status")).to_contain_text(money)
    snapshot(page, "walk-6-awarded")
    entries = page.locator("#timeline li")
    expect(entries).to_have_count(len(WALK))
    returned = entries.filter(has_text=RETURN_COMMENT)
    expect(returned).to_have_count(1)
    expect(returned).to_contain_text(users["unithead"].full_name)
    expect(entries.filter(has_text=RESUBMIT_COMMENT)).to_have_count(1)
    expect(entries.filter(has_text=OPINION)).to_have_count(1)
    # Newest first; each transition shows the state it led to (creation and uploads show none).
    for entry, (action, state) in zip(entries.all(), reversed(WALK)):
        if action not in ("create", "attach"):
            expect(entry.locator("[data-state]").last).to_have_attribute("data-state", state.value)
    db.session.rollback()
    dossier = db.session.get(Dossier, dossier_id)
    assert [(e.action, e.to_state) for e in sorted(dossier.events, key=lambda e: e.id)] == WALK
    assert dossier.decision is not None and dossier.bonus_amount == amount
