"""Cluster scoring in a real browser: a member scores itself with live totals, its head submits, the lead
adjusts one score with a reason, locks the round, reads the scoreboard and proposes the winner for the flag."""
import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Attachment,
    ClusterScoring,
    Dossier,
    ItemKind,
    Role,
    ScoreEntry,
    ScoringGroup,
    ScoringItem,
    ScoringStatus,
    SheetStatus,
    UnitKind,
)
from app.models.states import State
from app.scoring import operations as ops

pytestmark = pytest.mark.browser

ADJUST_REASON = "Theo số liệu của Trung tâm Phục vụ hành chính công, tỷ lệ hồ sơ trực tuyến đạt 76%."


@pytest.fixture
def scoring_setup(make):
    """A cluster of three members led by a fourth unit, an open 2025 round, two members already submitted."""
    member = make.make_unit("Phường Quy Nhơn Nam", UnitKind.WARD)
    second = make.make_unit("Phường Quy Nhơn Bắc", UnitKind.WARD)
    third = make.make_unit("Xã Tuy Phước", UnitKind.COMMUNE)
    lead_unit = make.make_unit("Phường An Nhơn", UnitKind.WARD)
    cluster = make.make_cluster("Cụm thi đua các phường, xã khu vực phía Đông", members=(member, second, third),
                                year=2025, lead=lead_unit)
    officer = make.make_user(Role.OFFICER, unit=member, username="officer.qnn", full_name="Nguyễn Thị Thu")
    head = make.make_user(Role.UNIT_HEAD, unit=member, username="head.qnn", full_name="Trần Văn Hải")
    lead = make.make_user(Role.CLUSTER_LEAD, unit=lead_unit, username="lead.annhon", full_name="Lê Minh Quân")
    minutes = make.make_attachment_type("bien_ban_hop_cum", "Biên bản họp cụm, khối thi đua")
    other = make.make_attachment_type("khac", "Tài liệu khác")
    flag = make.make_award("co_thi_dua_tinh", "Cờ Thi đua của Ủy ban nhân dân tỉnh", for_individual=False,
                           via_cluster=True, required=[minutes], coefficient_individual=None,
                           coefficient_collective=Decimal("8.0"))
    merit = make.make_award("bang_khen_tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    campaign = make.make_campaign(2025, name="Năm 2025")

    scoring = ops.create_round(lead, cluster.id, 2025)  # takes the flag and merit awards by their codes
    assert (scoring.flag_award_id, scoring.merit_award_id) == (flag.id, merit.id)
    tasks = ScoringGroup(scoring=scoring, name="I. Thực hiện nhiệm vụ chính trị, chuyên môn", sort_order=1)
    emulation = ScoringGroup(scoring=scoring, name="II. Công tác thi đua, khen thưởng", sort_order=2)
    items = {
        "1.1": ScoringItem(scoring=scoring, group=tasks, kind=ItemKind.CRITERION, code="1.1", max_score=20,
                           name="Hoàn thành các chỉ tiêu, nhiệm vụ trọng tâm được giao", sort_order=1),
        "1.2": ScoringItem(scoring=scoring, group=tasks, kind=ItemKind.CRITERION, code="1.2", max_score=10,
                           name="Chuyển đổi số; hồ sơ thủ tục hành chính trực tuyến toàn trình", sort_order=2),
        "2.1": ScoringItem(scoring=scoring, group=emulation, kind=ItemKind.CRITERION, code="2.1", max_score=10,
                           name="Tổ chức phong trào thi đua thường xuyên, theo chuyên đề", sort_order=3),
        "C1": ScoringItem(scoring=scoring, kind=ItemKind.BONUS, code="C1", max_score=5,
                          name="Có mô hình, sáng kiến được UBND tỉnh công nhận, nhân rộng", sort_order=4),
    }
    db.session.add_all([tasks, emulation, *items.values()])
    db.session.flush()
    ops.open_round(lead, scoring, date(2025, 12, 15))
    sheets = {sheet.unit_id: sheet for sheet in scoring.sheets}
    # The two other members have scored themselves and submitted, lower than the member in the browser.
    for unit, scores in ((second, ("15", "7", "8", "0")), (third, ("17", "8", "8", "2.5"))):
        unit_officer = make.make_user(Role.OFFICER, unit=unit)
        unit_head = make.make_user(Role.UNIT_HEAD, unit=unit)
        values = {item.id: (score, "") for item, score in zip(items.values(), scores)}
        assert ops.save_self_scores(unit_officer, sheets[unit.id], values) == {}
        ops.submit_sheet(unit_head, sheets[unit.id])
    db.session.commit()
    return dict(member=member, second=second, third=third, officer=officer, head=head, lead=lead, scoring=scoring,
                sheet=sheets[member.id], items=items, flag=flag, merit=merit, campaign=campaign, minutes=minutes,
                other=other)


def score_input(page, item):
    return page.locator(f"input[name=score-{item.id}]")


def test_a_member_scores_itself_and_the_lead_adjusts_locks_and_proposes_the_winner(
    page, log_in, scoring_setup, snapshot
):
    s = scoring_setup
    items, scoring, sheet = s["items"], s["scoring"], s["sheet"]
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations before submitting and locking

    # The member's officer opens the round and lands on the unit's own sheet.
    log_in(page, s["officer"])
    page.goto("/scoring/")
    page.locator("#rounds a", has_text="Cụm thi đua các phường, xã khu vực phía Đông").click()
    page.wait_for_url(re.compile(rf"/scoring/{scoring.id}/sheets/{sheet.id}$"))
    expect(page.locator("#sheet-status")).to_be_visible()
    total = page.locator("#total-score")
    expect(total).to_have_text("0")

    # Totals follow the typing over htmx, without a reload; a score above the maximum is named.
    page.evaluate("window.sameDocument = true")
    score_input(page, items["1.1"]).fill("25")
    expect(page.locator("#totals [role=alert]")).to_contain_text("1.1")
    expect(page.locator("#totals [role=alert]")).to_contain_text("20")
    score_input(page, items["1.1"]).fill("18")
    expect(page.locator("#totals [role=alert]")).to_have_count(0)
    expect(total).to_have_text("18")
    score_input(page, items["1.2"]).fill("9,5")  # a Vietnamese decimal comma is understood
    score_input(page, items["2.1"]).fill("9")
    score_input(page, items["C1"]).fill("5")
    expect(page.locator("#total-criteria")).to_have_text("36,5")  # the Vietnamese format
    expect(total).to_have_text("41,5")
    assert page.evaluate("window.sameDocument") is True
    page.locator(f"textarea[name=note-{items['1.2'].id}]").fill("Tỷ lệ hồ sơ trực tuyến toàn trình đạt 82%.")
    snapshot(page, "scoring-1-self-scores")
    page.locator("#sheet-form > button[type=submit]").click()  # not the evidence uploads
    expect(page.locator("#flash-area .alert-success")).to_be_visible()
    expect(score_input(page, items["1.2"])).to_have_value("9,5")
    expect(total).to_have_text("41,5")
    # The officer enters; only the head can submit.
    expect(page.locator("#submit-sheet")).to_have_count(0)
    db.session.rollback()
    entries = db.session.scalars(select(ScoreEntry).where(ScoreEntry.sheet_id == sheet.id))
    saved = {e.item_id: e.self_score for e in entries}
    assert saved == {items["1.1"].id: 18, items["1.2"].id: Decimal("9.5"), items["2.1"].id: 9, items["C1"].id: 5}

    # The head submits the sheet.
    page.locator("form[action$='/logout'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/login"))
    log_in(page, s["head"])
    page.goto(f"/scoring/{scoring.id}/sheets/{sheet.id}")
    page.locator("#submit-sheet").click()
    expect(page.locator("#flash-area .alert-success")).to_be_visible()
    expect(page.locator("#submit-sheet")).to_have_count(0)
    expect(score_input(page, items["1.1"])).to_have_count(0)  # no longer editable
    db.session.rollback()
    assert db.session.get(type(sheet), sheet.id).status is SheetStatus.SUBMITTED

    # The lead sees every member has submitted and opens the member's sheet.
    page.locator("form[action$='/logout'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/login"))
    log_in(page, s["lead"])
    page.goto(f"/scoring/{scoring.id}")
    progress = page.locator("#progress tbody tr")
    expect(progress).to_have_count(3)
    expect(progress.locator(".badge.text-bg-success")).to_have_count(3)
    progress.locator("a", has_text=s["member"].name).click()
    page.wait_for_url(re.compile(rf"/sheets/{sheet.id}$"))

    # An adjustment without a reason is refused in place; with one, it sits beside the self-score.
    cell = page.locator(f"#adjust-{items['1.2'].id}")
    page.evaluate("window.sameDocument = true")
    cell.locator(f"input[name=adjusted-{items['1.2'].id}]").fill("8")
    cell.locator("button").click()
    expect(cell.locator("[role=alert]")).to_be_visible()
    expect(cell.locator("strong")).to_have_count(0)
    cell.locator(f"input[name=adjusted-{items['1.2'].id}]").fill("8")
    cell.locator(f"input[name=reason-{items['1.2'].id}]").fill(ADJUST_REASON)
    cell.locator("button").click()
    expect(cell.locator("strong.text-primary")).to_have_text(re.compile(r"^8(\.0+)?$"))
    expect(cell).to_contain_text("9,5")  # the self-score, kept
    expect(cell).to_contain_text(ADJUST_REASON)
    expect(cell.locator("[role=alert]")).to_have_count(0)
    # The sheet's totals follow: 18 + 8 + 9 + 5, the self-assessed 41.5 shown beside them.
    expect(total).to_have_text("40")
    expect(page.locator("#self-total")).to_contain_text("41,5")
    assert page.evaluate("window.sameDocument") is True
    snapshot(page, "scoring-2-adjusted")
    db.session.rollback()
    entry = db.session.scalar(select(ScoreEntry).where(ScoreEntry.sheet_id == sheet.id,
                                                       ScoreEntry.item_id == items["1.2"].id))
    assert (entry.self_score, entry.adjusted_score, entry.adjust_reason) == (Decimal("9.5"), 8, ADJUST_REASON)

    # Lock, then the scoreboard: the member first with 40 points, every total drawn as a bar.
    # The lock button says why it cannot lock yet (no "lock?" question first); the vote unblocks it.
    page.goto(f"/scoring/{scoring.id}")
    expect(page.locator("#lock-button")).to_be_disabled()
    expect(page.locator("#lock-refusal")).to_contain_text("acclamation vote")
    for unit, votes_for in ((s["member"], "3"), (s["third"], "2"), (s["second"], "1")):
        page.fill(f"input[name=for-{unit.id}]", votes_for)
        page.fill(f"input[name=against-{unit.id}]", "0")
        page.fill(f"input[name=abstain-{unit.id}]", "0")
    page.locator("#votes + form button[type=submit]").click()
    expect(page.locator("#flash-area .alert-success")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#lock-button").click()
    expect(page.locator("#round-status")).to_have_class(re.compile(r"\btext-bg-success\b"))
    db.session.rollback()
    assert db.session.get(ClusterScoring, scoring.id).status is ScoringStatus.LOCKED
    page.locator("#scoreboard-link").click()
    rows = page.locator("#scoreboard tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_have_attribute("data-unit", str(s["member"].id))
    expect(rows.first).to_contain_text("40")
    expect(rows.nth(1)).to_have_attribute("data-unit", str(s["third"].id))
    expect(rows.nth(2)).to_have_attribute("data-unit", str(s["second"].id))
    widths = []
    for index in range(3):
        bar = rows.nth(index).locator("svg rect")
        expect(bar).to_be_visible()
        widths.append(bar.bounding_box()["width"])
    assert widths[0] > widths[1] > widths[2] > 0, widths
    snapshot(page, "scoring-3-scoreboard")

    # The minutes wait for the meeting: the lead records its number, time, place, chair, secretary and
    # attendance (dates and times typed as Vietnamese documents write them), then proposes.
    page.locator(f".breadcrumb a[href$='/scoring/{scoring.id}']").click()
    expect(page.locator("#minutes-refusal")).to_contain_text("Record the meeting")
    page.locator("#meeting-link").click()
    page.fill("#number", "01/BB-CTĐ1")
    page.fill("#held_on", "19/12/2025")
    page.fill("#starts_at", "08:00")
    page.fill("#ends_at", "11:00")
    page.fill("#place", "Hội trường Sở Tài chính")
    page.fill("#chair_name", "Trần Quốc Hưng")
    page.fill("#chair_position", "Giám đốc Sở Tài chính")
    page.fill("#secretary_name", "Lê Thị Mai")
    page.fill("#secretary_position", "Chuyên viên")
    page.uncheck(f"#present-{s['second'].id}")
    page.locator("#meeting-save").click()
    expect(page.locator("#flash-area .alert-success")).to_be_visible()
    expect(page.locator("#meeting")).to_contain_text("01/BB-CTĐ1")

    # Propose for the 2025 campaign: the winner's flag dossier, with the minutes and the scoreboard.
    page.select_option("#campaign_id", label=s["campaign"].name)
    page.locator("#propose-button").click()
    expect(page.locator("#flash-area .alert-success")).to_contain_text(s["member"].name)
    snapshot(page, "scoring-4-proposed")
    db.session.rollback()
    dossier = db.session.scalar(select(Dossier).where(Dossier.unit_id == s["member"].id,
                                                      Dossier.award_id == s["flag"].id))
    assert dossier is not None
    assert (dossier.state, dossier.campaign_id, dossier.via_cluster) == (State.DRAFT, s["campaign"].id, True)
    types = set(db.session.scalars(select(Attachment.type_id).where(Attachment.dossier_id == dossier.id)))
    assert types == {s["minutes"].id, s["other"].id}
    # The runners-up are proposed for Bằng khen, not for the flag.
    merits = set(db.session.scalars(select(Dossier.unit_id).where(Dossier.award_id == s["merit"].id)))
    assert merits == {s["second"].id, s["third"].id}

    # The member's officer finds the flag dossier with both files attached.
    page.locator("form[action$='/logout'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/login"))
    log_in(page, s["officer"])
    page.goto(f"/dossiers/{dossier.id}")
    expect(page.locator("h1")).to_contain_text(s["member"].name)
    expect(page.locator("#checklist li", has_text=s["minutes"].name)).to_have_attribute("data-present", "yes")
    expect(page.locator("#attachment-list a[href*='/attachments/']")).to_have_count(2)
    expect(page.locator("#attachment-list")).to_contain_text(".docx")
    expect(page.locator("#attachment-list")).to_contain_text(".xlsx")
