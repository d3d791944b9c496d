"""Demo dossiers in the database, each with a history of events that leads to its current state.

The histories are written directly (not through the workflow engine): they lie in the past, with
the times and actors of each step, which the engine (acting now, as one user) cannot produce. Each
step has the effects the engine's transition would have. The files the workflow's guards ask for
are attached right after creation (app/demo/attachments.py); decisions are issued afterwards through
the decisions module itself (app/demo/decisions.py).
"""
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.demo import attachments
from app.demo.org import HOME_UNIT, cluster_of, lead_username
from app.demo.plan import CENTRAL_ONLY, SEED, DossierSpec, dossier_specs
from app.demo.tally import Tally
from app.extensions import db
from app.models import Award, Campaign, Dossier, DossierEvent, StageDeadline, Unit, User
from app.models.base import utcnow
from app.text import nfc
from app.workflow.calendar import WorkingCalendar
from app.models.base import LOCAL_TZ
from app.models.states import INACTIVE_STATES, State

COUNCIL_MEMBERS = 21

RETURN_COMMENTS = [
    "Đề nghị bổ sung số liệu minh chứng thành tích trong năm và quyết định công nhận sáng kiến.",
    "Báo cáo thành tích chưa có xác nhận của thủ trưởng đơn vị; đề nghị hoàn thiện theo Mẫu 03.",
    "Tóm tắt thành tích chưa nêu rõ hiệu quả áp dụng sáng kiến; đề nghị viết lại.",
]
SUPPLEMENT_COMMENTS = [
    "Hồ sơ còn thiếu: biên bản họp Hội đồng Thi đua - Khen thưởng cơ sở (ghi rõ kết quả bỏ phiếu). "
    "Đề nghị bổ sung trong 10 ngày làm việc.",
    "Hồ sơ còn thiếu: xác nhận sáng kiến của Hội đồng sáng kiến cấp cơ sở; báo cáo thành tích chưa có "
    "xác nhận của cấp trình. Đề nghị bổ sung trong 10 ngày làm việc.",
]
LEAD_RETURN_COMMENT = (
    "Theo kết quả chấm điểm, xếp hạng thi đua năm 2025 của Khối (đã khóa), đơn vị không dẫn đầu Khối nên "
    "không đủ điều kiện đề nghị tặng Cờ thi đua của UBND tỉnh. Đề nghị đơn vị xem xét rút hồ sơ."
)
WITHDRAW_COMMENT = "Rút hồ sơ theo kết quả chấm điểm, xếp hạng thi đua năm 2025 của Khối."
OPINIONS = [
    "Hồ sơ đầy đủ theo quy định; cá nhân, tập thể đủ điều kiện, tiêu chuẩn. Đề nghị trình Hội đồng xét.",
    "Đủ tiêu chuẩn theo Luật Thi đua, khen thưởng năm 2022 và quy định của tỉnh; đề nghị Hội đồng xem xét.",
]


@dataclass(frozen=True)
class Step:
    action: str
    to_state: State
    actor: str  # officer, head, lead, appraiser or secretary
    comment: str = ""
    min_gap: int = 1  # calendar days at least since the previous step


def history(spec: DossierSpec, award: Award, rng: random.Random) -> list[Step]:
    """The transitions that take a new dossier to the spec's target, in DOMAIN.md §6 order."""
    target = spec.target
    assert award.is_central or target not in CENTRAL_ONLY, (spec.award, target)
    steps = [Step("create", State.DRAFT, "officer")]
    if target == "draft":
        if rng.random() < 0.4:
            steps.append(Step("edit", State.DRAFT, "officer"))
        return steps
    steps.append(Step("submit", State.UNIT_REVIEW, "officer"))
    if target == "unit_review":
        return steps
    if target == "returned_head" or spec.reworked:
        steps.append(Step("return", State.RETURNED, "head", rng.choice(RETURN_COMMENTS)))
        if target == "returned_head":
            return steps
        steps.append(Step("resubmit", State.UNIT_REVIEW, "officer", "Đã bổ sung, hoàn thiện hồ sơ theo yêu cầu."))
    steps.append(Step("approve", State.CLUSTER_REVIEW if award.via_cluster else State.SUBMITTED, "head"))
    if target == "cluster_review":
        return steps
    if target in ("returned_lead", "withdrawn_lead"):
        steps.append(Step("return", State.RETURNED, "lead", LEAD_RETURN_COMMENT))
        if target == "withdrawn_lead":
            steps.append(Step("withdraw", State.WITHDRAWN, "officer", WITHDRAW_COMMENT))
        return steps
    if award.via_cluster:
        steps.append(Step("endorse", State.SUBMITTED, "lead",
                          "Hội nghị cụm, khối thi đua suy tôn; đề nghị khen thưởng theo kết quả chấm điểm."))
    if target == "submitted":
        return steps
    steps.append(Step("accept", State.APPRAISAL, "appraiser", "Tiếp nhận hồ sơ, đủ thành phần."))
    if target == "appraisal":
        return steps
    if target == "returned_supplement":
        steps.append(Step("request_supplement", State.RETURNED, "appraiser", rng.choice(SUPPLEMENT_COMMENTS)))
        return steps
    notice = award.public_notice_days > 0
    steps.append(Step("forward", State.PUBLIC_NOTICE if notice else State.COUNCIL_REVIEW, "appraiser",
                      rng.choice(OPINIONS)))
    if target == "public_notice":
        return steps
    if notice:
        # Ten working days of notice take a fortnight or more of calendar time.
        steps.append(Step("close_notice", State.COUNCIL_REVIEW, "appraiser",
                          f"Đã công khai đủ {award.public_notice_days} ngày làm việc; không có ý kiến phản ánh.",
                          min_gap=award.public_notice_days * 7 // 5 + 4))
    if target == "council_review":
        return steps
    steps.append(Step("record_vote", State.APPROVED, "secretary", _vote_comment(award, rng)))
    if target in ("approved", "decided"):
        assert target == "approved" or not award.is_central, (spec.award, target)
        return steps
    steps.append(Step("forward_central", State.PROPOSED_TO_CENTRAL, "secretary",
                      f"Tờ trình số {rng.randint(60, 190)}/TTr-UBND trình Thủ tướng Chính phủ (qua Bộ Nội vụ)."))
    if target == "proposed_to_central":
        return steps
    steps.append(Step("record_central", State.AWARDED, "secretary", "", min_gap=30))
    assert target == "awarded", target
    return steps


def _vote_comment(award: Award, rng: random.Random) -> str:
    present = rng.randint(17, COUNCIL_MEMBERS)
    needed = math.ceil(float(award.approval_threshold) * COUNCIL_MEMBERS)
    votes_for = rng.randint(min(needed, present), present)
    against = rng.randint(0, present - votes_for)
    return (f"Hội đồng có mặt {present}/{COUNCIL_MEMBERS} thành viên; tán thành {votes_for}, không tán thành "
            f"{against}, không biểu quyết {present - votes_for - against} "
            f"({votes_for * 100 // COUNCIL_MEMBERS}% tổng số thành viên).")


def _timeline(steps: list[Step], recent: bool, rng: random.Random, now: datetime) -> list[datetime]:
    """Ascending office-hour times (Asia/Ho_Chi_Minh 08:00–17:00) ending at least a day before now."""
    days_ago = rng.randint(1, 14) if recent else rng.randint(5, 60)
    longest = 8 if recent else 15
    gaps = [0] + [max(step.min_gap, rng.randint(1, longest)) for step in steps[1:]]
    start_day = (now - timedelta(days=days_ago + sum(gaps))).date()
    times, offset = [], 0
    for gap in gaps:
        offset += gap
        day = start_day + timedelta(days=offset)
        times.append(datetime(day.year, day.month, day.day, rng.randint(1, 9), rng.randint(0, 59), tzinfo=timezone.utc))
    return times


def _actors(spec: DossierSpec, campaign: Campaign, users: dict[str, User]) -> dict[str, User | None]:
    code = spec.unit.lower()
    cluster = cluster_of(spec.unit, campaign.year)
    lead = lead_username(cluster.leadership[campaign.year][0]) if cluster else None
    return {
        "officer": users["officer" if spec.unit == HOME_UNIT else f"officer.{code}"],
        "head": users["unithead" if spec.unit == HOME_UNIT else f"head.{code}"],
        "lead": users.get(lead) if lead else None,
        "appraiser": users["appraiser"],
        "secretary": users["secretary"],
    }


def build_dossier(spec: DossierSpec, index: int, units: dict[str, Unit], users: dict[str, User],
                  award: Award, campaign: Campaign, now: datetime, calendar: WorkingCalendar,
                  stage_days: dict[State, int], tally: Tally, pending: attachments.PendingFiles) -> Dossier:
    rng = random.Random(f"{SEED}:{index}")
    steps = history(spec, award, rng)
    times = _timeline(steps, campaign.year >= 2026, rng, now)
    actors = _actors(spec, campaign, users)
    dossier = Dossier(
        unit=units[spec.unit], campaign=campaign, award=award, nominee_kind=spec.kind, nominee_name=nfc(spec.name),
        nominee_gender=spec.gender, nominee_birth_year=spec.birth_year, nominee_position=nfc(spec.position),
        nominee_unit=units[spec.nominee_unit], nominee_key=spec.key, achievement_summary=nfc(spec.summary),
        search_key=spec.search_key, state=steps[-1].to_state, via_cluster=award.via_cluster,
        created_by=actors["officer"], created_at=times[0], updated_at=times[-1], state_changed_at=times[-1],
    )
    previous = None
    for step, when in zip(steps, times):
        comment, day = step.comment, when.astimezone(LOCAL_TZ).date()
        # The same effects the workflow engine's transitions have (app/workflow/transitions.py).
        dossier.stage_due_on = calendar.add_working_days(day, stage_days[step.to_state]) \
            if step.to_state in stage_days else None
        if step.action == "approve" and dossier.submitted_at is None:
            dossier.submitted_at = when  # the dossier leaves its unit: the province sees it from now on
        elif step.action == "request_supplement":
            dossier.stage_due_on = calendar.add_working_days(day, 10)
        elif step.action == "forward":
            dossier.appraisal_opinion = comment
            days = award.public_notice_days
            dossier.notice_ends_on = calendar.add_working_days(day, days) if days else None
        elif step.action == "record_central":
            dossier.central_decision_date = day - timedelta(days=rng.randint(5, 20))
            symbol = "QĐ-CTN" if award.code.startswith("huan_chuong") else "QĐ-TTg"
            dossier.central_decision_number = f"{rng.randint(900, 2400)}/{symbol}"
            comment = f"Quyết định số {dossier.central_decision_number} ngày {dossier.central_decision_date:%d/%m/%Y}."
        actor = actors[step.actor]
        dossier.events.append(DossierEvent(
            action=step.action, actor=actor, actor_role=actor.role, from_state=previous, to_state=step.to_state,
            comment=comment, created_at=when,
        ))
        if step.action == "create":
            types = attachments.wanted_types(spec, award.required_attachment_types, index)
            attachments.attach_while_drafting(tally, spec, dossier, types, actors["officer"], when, pending)
        previous = step.to_state
    return dossier


def load_dossiers(tally: Tally, units: dict[str, Unit], users: dict[str, User], awards: dict[str, Award],
                  campaigns: dict[str, Campaign],
                  pending: attachments.PendingFiles) -> list[tuple[DossierSpec, Dossier]]:
    """Add the missing demo dossiers and files; returns every demo dossier in the database with its spec."""
    tally.declare("dossiers", "attachments")
    keys = {tuple(row[1:]): row[0] for row in db.session.execute(
        select(Dossier.id, Dossier.unit_id, Dossier.campaign_id, Dossier.award_id, Dossier.nominee_key))}
    active = set(db.session.execute(
        select(Dossier.campaign_id, Dossier.award_id, Dossier.nominee_key).where(
            Dossier.state.not_in(INACTIVE_STATES))).all())
    now = utcnow()
    calendar = WorkingCalendar.load()
    stage_days = dict(db.session.execute(select(StageDeadline.state, StageDeadline.working_days)).all())
    found: list[tuple[int, DossierSpec, int]] = []  # (spec index, spec, existing dossier id)
    built: list[tuple[DossierSpec, Dossier]] = []
    for index, spec in enumerate(dossier_specs()):
        unit, campaign, award = units[spec.unit], campaigns[spec.campaign], awards[spec.award]
        dossier_id = keys.get((unit.id, campaign.id, award.id, spec.key))
        if dossier_id is not None:
            tally.present("dossiers")
            found.append((index, spec, dossier_id))
            continue
        if (campaign.id, award.id, spec.key) in active:
            # Someone already proposes this nominee for this award and campaign (the one-form rule).
            tally.skipped += 1
            continue
        dossier = build_dossier(spec, index, units, users, award, campaign, now, calendar, stage_days, tally, pending)
        db.session.add(dossier)
        built.append((spec, dossier))
        active.add((campaign.id, award.id, spec.key))
        tally.created("dossiers")
    db.session.flush()

    existing = {d.id: d for d in db.session.scalars(
        select(Dossier).where(Dossier.id.in_([dossier_id for _, _, dossier_id in found]))
        .options(selectinload(Dossier.attachments), selectinload(Dossier.award)))}
    for index, spec, dossier_id in found:
        dossier = existing[dossier_id]
        types = attachments.wanted_types(spec, dossier.award.required_attachment_types, index)
        attachments.complete_existing(tally, spec, dossier, types, pending)
    db.session.flush()
    pairs = [(spec, existing[dossier_id]) for _, spec, dossier_id in found] + built
    attachments.restore_missing_files(tally, {d.id: spec for spec, d in pairs}, pending)
    return pairs
