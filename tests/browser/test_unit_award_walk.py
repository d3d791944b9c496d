"""A unit awards a Giấy khen end to end without Sở Nội vụ, signed by a deputy under delegation (issue 10).

A Giấy khen is a unit-level award (DOMAIN.md §10b): Sở Khoa học và Công nghệ's emulation officer drafts the
dossier for one of the department's people and sends it; the Director approves it into the department's own
council, which the appraiser of Sở Nội vụ neither lists nor has in the inbox; the officer holds the council's
session and records the votes, drafts the Director's decision (read back as DỰ THẢO with the department's
symbol) and sends it for signature; the Deputy Director, holding the Director's delegation (KT., every
scope, this calendar year), switches to it in the navbar, signs, and the decision comes out numbered in the
department's register, "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC". The dossier is awarded; the province reads the
decision and cannot sign it, and its inbox never held the dossier.
"""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.demo import load
from app.documents.money import bonus_amount
from app.extensions import db
from app.models import Award, AwardDecision, AwardLevel, Dossier, NomineeKind, User
from app.models.base import local_today
from app.models.states import State

# become: a fixture, used by name; it logs in the users of this module's own demo fixture.
from tests.browser.test_workflow_walk import become, docx_text, expect_state, take_action, tiny_pdf  # noqa: F401

pytestmark = pytest.mark.browser

AWARD_CODE = "giay_khen"
UNIT_SYMBOL = "QĐ-SKHCN"
CAMPAIGN = "Thi đua đổi mới sáng tạo và chuyển đổi số — Năm 2026"
# A person of the department the demo never proposes.
NAME = "Phạm Thị Thu Hà"
SUB_UNIT = "Phòng Quản lý khoa học"
USERS = ("officer", "unithead", "phogiamdoc", "appraiser", "secretary")
# The dossier's history, oldest first: its uploads, then the unit's own route (no Sở Nội vụ stage).
WALK = [
    ("create", State.DRAFT), ("attach", State.DRAFT), ("attach", State.DRAFT), ("attach", State.DRAFT),
    ("submit", State.UNIT_REVIEW), ("approve", State.COUNCIL_REVIEW), ("record_unit_vote", State.APPROVED),
    ("issue_unit_decision", State.AWARDED),
]


@pytest.fixture
def demo():
    load()
    db.session.commit()
    users = {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(USERS)))}
    assert set(users) == set(USERS)
    award = db.session.scalar(select(Award).where(Award.code == AWARD_CODE))
    assert award is not None and award.level is AwardLevel.UNIT
    assert db.session.scalar(select(Dossier.id).where(Dossier.nominee_name == NAME)) is None
    return users, award


def expect_not_listed(page, dossier_id: int):
    """Neither the dossier list (searched by name) nor the inbox of the current user holds the dossier."""
    page.goto("/dossiers/?q=" + NAME.replace(" ", "+"))
    expect(page.locator("#result-count")).to_contain_text("0 dossiers")
    expect(page.locator("#dossier-rows tr", has_text=NAME)).to_have_count(0)
    page.goto("/inbox")
    expect(page.locator("#inbox-table")).to_be_visible()
    expect(page.locator(f"#inbox-table a[href$='/dossiers/{dossier_id}']")).to_have_count(0)
    expect(page.locator("#inbox-table tr", has_text=NAME)).to_have_count(0)


def test_a_unit_awards_a_giay_khen_signed_by_a_deputy_under_delegation(page, demo, become, snapshot):  # noqa: F811
    users, award = demo
    required = [t.name for t in award.required_attachment_types]
    deputy = users["phogiamdoc"].full_name
    assert deputy == "Nguyễn Văn Khoa"

    # The officer drafts the dossier for a person of the department and attaches every required document.
    become("officer")
    page.goto("/dossiers/new")
    page.select_option("#campaign_id", label=CAMPAIGN)
    page.select_option("#award_id", label=award.name)
    page.check("input[name=nominee_kind][value=individual]")
    page.fill("#nominee_name", NAME)
    page.select_option("#nominee_gender", "female")
    page.fill("#nominee_birth_year", "1988")
    page.select_option("#nominee_unit_id", label=SUB_UNIT)
    page.fill("#nominee_position", "Chuyên viên Phòng Quản lý khoa học")
    page.fill("#achievement_summary", "Hoàn thành xuất sắc nhiệm vụ năm 2026; chủ trì số hóa 120 hồ sơ nhiệm vụ "
                                      "khoa học và công nghệ cấp tỉnh đúng hạn.")
    page.locator("#dossier-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dossiers/\d+$"))
    dossier_id = int(page.url.rsplit("/", 1)[1])
    expect_state(page, State.DRAFT)
    for number, type_name in enumerate(required, start=1):
        page.select_option("#type_id", label=type_name)
        page.set_input_files("#file", files=[{"name": f"tai-lieu-{number}.pdf", "mimeType": "application/pdf",
                                              "buffer": tiny_pdf(f"Document {number}")}])
        page.locator("#attachments button[type=submit]").click()
        expect(page.locator("#checklist li", has_text=type_name)).to_have_attribute("data-present", "yes")
    take_action(page, "submit")
    expect_state(page, State.UNIT_REVIEW)
    snapshot(page, "unit-walk-1-submitted")
    db.session.rollback()
    dossier = db.session.get(Dossier, dossier_id)
    assert (dossier.nominee_name, dossier.nominee_kind, dossier.award_id) == (NAME, NomineeKind.INDIVIDUAL, award.id)

    # The Director approves: the dossier goes to the department's own council, not to Sở Nội vụ.
    become("unithead")
    page.goto(f"/dossiers/{dossier_id}")
    take_action(page, "approve")
    expect_state(page, State.COUNCIL_REVIEW)
    expect(page.locator(f"h1 [data-state={State.COUNCIL_REVIEW.value}]")).to_have_text("Council review")
    snapshot(page, "unit-walk-2-council-review")
    db.session.rollback()
    assert db.session.get(Dossier, dossier_id).submitted_at is None  # it never left the unit

    # Sở Nội vụ's appraiser neither lists it nor has it in the inbox.
    become("appraiser")
    expect_not_listed(page, dossier_id)

    # The officer holds a session of the department's council and records the votes.
    become("officer")
    page.goto("/council/")
    expect(page.locator("#council-of")).to_contain_text("Sở Khoa học và Công nghệ")
    page.fill("#name", "Phiên họp Hội đồng Thi đua - Khen thưởng Sở Khoa học và Công nghệ, năm 2026")
    page.fill("#members_total", "9")
    page.fill("#members_present", "8")
    page.locator("main form:has(#members_total) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/council/\d+$"))
    page.locator(f"#cand-{dossier_id}").check()
    page.locator("form:has(#candidates) button[type=submit]").click()
    row = page.locator("#agenda tbody tr", has_text=NAME)
    expect(row).to_have_count(1)
    row.locator("input[name^=for-]").fill("7")
    row.locator("input[name^=against-]").fill("1")
    row.locator("input[name^=abstain-]").fill("0")
    page.locator("form:has(#agenda) button[type=submit]").click()
    expect(row.locator(".badge.text-bg-success", has_text="Approved")).to_be_visible()
    snapshot(page, "unit-walk-3-council")
    db.session.rollback()
    assert db.session.get(Dossier, dossier_id).state is State.APPROVED

    # The officer drafts the Director's decision from the navbar's Decisions, downloads it, sends it.
    page.locator(".navbar a[href$='/decisions/unit/']").click()
    page.wait_for_url(re.compile(r"/decisions/unit/$"))
    page.locator("#unit-waiting-awards a", has_text=award.name).click()
    page.wait_for_url(re.compile(rf"/decisions/unit/new/{award.id}$"))
    boxes = page.locator("#candidates input[name=dossier_ids]")
    expect(page.locator(f"#candidates input[name=dossier_ids][value='{dossier_id}']")).to_be_visible()
    for index in range(boxes.count()):  # the demo's own approved Giấy khen waits for another decision
        box = boxes.nth(index)
        box.set_checked(box.get_attribute("value") == str(dossier_id))
    page.locator("#save-draft").click()
    page.wait_for_url(re.compile(r"/decisions/\d+$"))
    decision_url = page.url
    expect(page.locator("#decision-status")).to_have_text("Draft (dự thảo)")
    amount = bonus_amount(award.coefficient_individual, 2_340_000)
    money = f"{amount:,}".replace(",", ".")
    expect(page.locator("#decision-honourees tr", has_text=NAME)).to_contain_text(money)
    snapshot(page, "unit-walk-4-decision-draft")
    with page.expect_download() as download_info:
        page.locator("#download-decision").click()
    draft_text = docx_text(download_info.value.path())
    assert "DỰ THẢO" in draft_text and NAME in draft_text, draft_text[:1500]
    assert re.search(rf"Số:\s+/{UNIT_SYMBOL}", draft_text), draft_text[:1500]  # numbered only at the signature
    assert "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Sở Khoa học và Công nghệ" in draft_text
    page.locator("#send-decision").click()
    expect(page.locator("#decision-status")).to_have_text("Sent for signature")
    expect(page.locator("#sign-decision")).to_have_count(0)  # the officer does not sign

    # The Deputy Director switches to the Director's delegation, signs and issues.
    become("phogiamdoc")
    switcher = page.locator("#hat-switcher")
    expect(switcher).to_be_visible()
    page.locator("#hat-switcher-button").click()
    switcher.locator("button[name=hat]", has_text="KT.").click()
    expect(page.locator("#current-hat")).to_contain_text("KT.")
    expect(page.locator("#current-hat")).to_contain_text(users["unithead"].full_name)
    snapshot(page, "unit-walk-5-hat")
    page.goto("/decisions/unit/")
    page.locator("#unit-decisions tr", has_text=award.name).filter(has_text="Sent for signature").locator(
        "a").first.click()
    page.wait_for_url(decision_url)
    expect(page.locator("#acting-note")).to_contain_text(users["unithead"].full_name)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#sign-decision").click()
    expect(page.locator("#decision-status")).to_have_text("Issued")
    expect(page.locator("#decision-signer")).to_contain_text(deputy)
    expect(page.locator("#decision-honourees tr", has_text=NAME)).to_contain_text("Awarded")
    snapshot(page, "unit-walk-6-issued")
    with page.expect_download() as download_info:
        page.locator("#download-decision").click()
    text = docx_text(download_info.value.path())
    number = re.search(rf"Số:\s*(\d+)/{UNIT_SYMBOL}", text)
    assert number, text[:1500]
    for expected in ("GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", deputy, NAME):
        assert expected in text, (expected, text[-1500:])
    assert "DỰ THẢO" not in text and money in text
    # The signature block: ký thay the Director, the deputy's own title, the space to sign, the name.
    assert re.search(rf"\nKT\. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\s*{deputy}\n", text), text[-1500:]
    db.session.rollback()
    decision = db.session.scalar(select(AwardDecision).where(AwardDecision.symbol == UNIT_SYMBOL,
                                                             AwardDecision.number == int(number.group(1)),
                                                             AwardDecision.year == local_today().year))
    assert decision is not None and decision.signer_name == deputy
    assert decision.on_behalf_of_id == users["unithead"].id

    # Back with the officer: awarded, and the history ends with the unit's decision.
    become("officer")
    page.goto(f"/dossiers/{dossier_id}")
    expect_state(page, State.AWARDED)
    expect(page.locator(f"h1 [data-state={State.AWARDED.value}]")).to_have_text("Awarded")
    entries = page.locator("#timeline li")
    expect(entries).to_have_count(len(WALK))
    expect(entries.first).to_contain_text("Issue the unit's decision")
    expect(entries.first).to_contain_text(deputy)
    expect(entries.first.locator("[data-state]").last).to_have_attribute("data-state", State.AWARDED.value)
    snapshot(page, "unit-walk-7-awarded")
    db.session.rollback()
    dossier = db.session.get(Dossier, dossier_id)
    assert [(e.action, e.to_state) for e in sorted(dossier.events, key=lambda e: e.id)] == WALK
    assert dossier.decision_id == decision.id and dossier.bonus_amount == amount

    # The province reads the issued decision, cannot sign it, and its inbox never held the dossier.
    become("appraiser")
    page.goto("/decisions/unit/")
    row = page.locator("#unit-decisions tr", has_text=f"{number.group(1)}/{UNIT_SYMBOL}")
    expect(row).to_contain_text("Issued")
    row.locator("a").first.click()
    page.wait_for_url(decision_url)
    expect(page.locator("#decision-status")).to_have_text("Issued")
    expect(page.locator("#decision-signer")).to_contain_text(deputy)
    expect(page.locator("#sign-decision")).to_have_count(0)
    expect(page.locator("#send-decision")).to_have_count(0)
    snapshot(page, "unit-walk-8-province-reads")
    page.goto("/inbox")
    expect(page.locator("#inbox-table")).to_be_visible()
    expect(page.locator("#inbox-table tr", has_text=NAME)).to_have_count(0)
    become("secretary")
    page.goto("/inbox")
    expect(page.locator("#inbox-table")).to_be_visible()
    expect(page.locator("#inbox-table tr", has_text=NAME)).to_have_count(0)
    db.session.rollback()
    events = {e.action for e in db.session.get(Dossier, dossier_id).events}
    assert not events & {"accept", "forward", "record_vote", "issue_decision"}, events
