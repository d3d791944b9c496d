"""Demo dossiers, created and carried through their past by the app's own write paths.

Each planned dossier (app/demo/plan.py) gets the steps that take a new draft to its target state and
a timeline for them in the past (office hours, days or weeks apart). The steps are then taken as the
demo's people would take them, each at its moment (``at=``): the officer drafts with
``create_dossier``, ``add_attachment`` and ``update_dossier`` (app/nominations/operations.py), and
every state change goes through the workflow engine, which checks the actor, the relationship and
the guard and sets the deadlines, so a step the app would refuse fails the load. A central award is
proposed by the province's Tờ trình (app/demo/decisions.py): those steps wait until every dossier is
built and are then taken in date order, so that the register numbers the letters as they were
signed. The provincial decisions are issued after that.
"""
import math
import random
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.demo import attachments, decisions
from app.demo.org import HOME_UNIT, cluster_of, lead_username
from app.demo.plan import CENTRAL_ONLY, SEED, DossierSpec, dossier_specs
from app.demo.tally import Tally
from app.extensions import db
from app.models import Award, AwardLevel, Campaign, DecisionKind, Dossier, Signer, Unit, User
from app.models.base import utcnow
from app.nominations.operations import DuplicateNominee, NomineeData, create_dossier, update_dossier
from app.workflow import engine
from app.workflow.calendar import WorkingCalendar

COUNCIL_MEMBERS = 21
SUPPLEMENT_DAYS = 10  # the deadline the supplement comments announce

RETURN_COMMENTS = [
    "Đề nghị bổ sung số liệu minh chứng thành tích trong năm và quyết định công nhận sáng kiến.",
    "Báo cáo thành tích chưa có xác nhận của thủ trưởng đơn vị; đề nghị hoàn thiện theo Mẫu 03.",
    "Tóm tắt thành tích chưa nêu rõ hiệu quả áp dụng sáng kiến; đề nghị viết lại.",
]
SUPPLEMENT_COMMENTS = [
    "Hồ sơ còn thiếu: biên bản họp Hội đồng Thi đua - Khen thưởng cơ sở (ghi rõ kết quả bỏ phiếu). "
    f"Đề nghị bổ sung trong {SUPPLEMENT_DAYS} ngày làm việc.",
    "Hồ sơ còn thiếu: xác nhận sáng kiến của Hội đồng sáng kiến cấp cơ sở; báo cáo thành tích chưa có "
    f"xác nhận của cấp trình. Đề nghị bổ sung trong {SUPPLEMENT_DAYS} ngày làm việc.",
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
    action: str  # "create", "edit", or a workflow action of app/workflow/transitions.py
    actor: str  # officer, head, lead, appraiser or secretary
    comment: str = ""
    min_gap: int = 1  # calendar days at least since the previous step
    payload: dict = field(default_factory=dict)


def history(spec: DossierSpec, award: Award, rng: random.Random) -> list[Step]:
    """The steps that take a new dossier to the spec's target, in DOMAIN.md §6 order."""
    target = spec.target
    assert award.is_central or target not in CENTRAL_ONLY, (spec.award, target)
    steps = [Step("create", "officer")]
    if target == "draft":
        if rng.random() < 0.4:
            steps.append(Step("edit", "officer"))
        return steps
    steps.append(Step("submit", "officer"))
    if target == "unit_review":
        return steps
    if target == "returned_head" or spec.reworked:
        steps.append(Step("return", "head", rng.choice(RETURN_COMMENTS)))
        if target == "returned_head":
            return steps
        steps.append(Step("resubmit", "officer", "Đã bổ sung, hoàn thiện hồ sơ theo yêu cầu."))
    steps.append(Step("approve", "head"))  # to the cluster stage, straight to the province, or the unit's council
    if award.level is AwardLevel.UNIT:
        if target == "council_review":
            return steps
        steps.append(Step("record_unit_vote", "officer", _unit_vote_comment(rng), payload={"approved": True}))
        assert target in ("approved", "decided"), (spec.award, target)
        return steps  # a "decided" one's decision is the unit head's (decisions.py)
    if target == "cluster_review":
        return steps
    if target in ("returned_lead", "withdrawn_lead"):
        steps.append(Step("return", "lead", LEAD_RETURN_COMMENT))
        if target == "withdrawn_lead":
            steps.append(Step("withdraw", "officer", WITHDRAW_COMMENT))
        return steps
    if award.via_cluster:
        steps.append(Step("endorse", "lead",
                          "Hội nghị cụm, khối thi đua suy tôn; đề nghị khen thưởng theo kết quả chấm điểm."))
    if target == "submitted":
        return steps
    steps.append(Step("accept", "appraiser", "Tiếp nhận hồ sơ, đủ thành phần."))
    if target == "appraisal":
        return steps
    if target == "returned_supplement":
        steps.append(Step("request_supplement", "appraiser", rng.choice(SUPPLEMENT_COMMENTS),
                          payload={"deadline_days": SUPPLEMENT_DAYS}))
        return steps
    notice = award.public_notice_days > 0
    steps.append(Step("forward", "appraiser", rng.choice(OPINIONS)))  # to the public notice or the council
    if target == "public_notice":
        return steps
    if notice:
        # Ten working days of notice take a fortnight or more of calendar time (_timeline adds holidays).
        steps.append(Step("close_notice", "appraiser",
                          f"Đã công khai đủ {award.public_notice_days} ngày làm việc; không có ý kiến phản ánh.",
                          min_gap=award.public_notice_days * 7 // 5 + 4))
    if target == "council_review":
        return steps
    steps.append(Step("record_vote", "secretary", _vote_comment(award, rng), payload={"approved": True}))
    if target in ("approved", "decided"):
        assert target == "approved" or not award.is_central, (spec.award, target)
        return steps  # a "decided" dossier's decision is issued with the others of its award (decisions.py)
    steps.append(Step("forward_central", "secretary"))  # by the province's Tờ trình
    if target == "proposed_to_central":
        return steps
    steps.append(Step("record_central", "secretary", min_gap=30))  # its payload depends on the day
    assert target == "awarded", target
    return steps


def _unit_vote_comment(rng: random.Random) -> str:
    present = rng.randint(7, 9)
    votes_for = rng.randint(present - 1, present)
    return (f"Hội đồng Thi đua - Khen thưởng của đơn vị có mặt {present}/9 thành viên; tán thành {votes_for}, "
            f"không tán thành {present - votes_for}.")


def _vote_comment(award: Award, rng: random.Random) -> str:
    present = rng.randint(17, COUNCIL_MEMBERS)
    needed = math.ceil(float(award.approval_threshold) * COUNCIL_MEMBERS)
    votes_for = rng.randint(min(needed, present), present)
    against = rng.randint(0, present - votes_for)
    return (f"Hội đồng có mặt {present}/{COUNCIL_MEMBERS} thành viên; tán thành {votes_for}, không tán thành "
            f"{against}, không biểu quyết {present - votes_for - against} "
            f"({votes_for * 100 // COUNCIL_MEMBERS}% tổng số thành viên).")


def _timeline(steps: list[Step], award: Award, recent: bool, rng: random.Random, now: datetime,
              calendar: WorkingCalendar) -> list[datetime]:
    """Ascending office-hour times (Asia/Ho_Chi_Minh 08:00–16:59) ending at least a day before now."""
    days_ago = rng.randint(1, 14) if recent else rng.randint(5, 60)
    longest = 8 if recent else 15
    gaps = [max(step.min_gap, rng.randint(1, longest)) for step in steps[1:]]
    # Laid out backwards from the last step, so that a step can be moved earlier without touching the later ones.
    days = [(now - timedelta(days=days_ago)).date()]
    for step, gap in zip(reversed(steps[1:]), reversed(gaps)):
        day = days[0] - timedelta(days=gap)
        if step.action == "close_notice":
            # The notice must be over when it is closed (the engine's guard): holidays such as Tết lengthen it.
            while calendar.add_working_days(day, award.public_notice_days) > days[0]:
                day -= timedelta(days=1)
        days.insert(0, day)
    # The hours are 01–09 UTC, so each time's local date is its UTC date.
    return [datetime(day.year, day.month, day.day, rng.randint(1, 9), rng.randint(0, 59), tzinfo=UTC)
            for day in days]


def _actors(spec: DossierSpec, campaign: Campaign, users: dict[str, User]) -> dict[str, User]:
    code = spec.unit.lower()
    actors = {
        "officer": users["officer" if spec.unit == HOME_UNIT else f"officer.{code}"],
        "head": users["unithead" if spec.unit == HOME_UNIT else f"head.{code}"],
        "appraiser": users["appraiser"],
        "secretary": users["secretary"],
    }
    cluster = cluster_of(spec.unit, campaign.year)
    if cluster is not None:  # a unit outside every cluster that year has no lead
        actors["lead"] = users[lead_username(cluster.leadership[campaign.year][0])]
    return actors


def _central_decision(step: Step, award: Award, when: datetime, rng: random.Random) -> Step:
    """The step recording the central decision, with its number and date (days before it was recorded)."""
    central_date = when.date() - timedelta(days=rng.randint(5, 20))
    symbol = "QĐ-CTN" if award.code.startswith("huan_chuong") else "QĐ-TTg"
    number = f"{rng.randint(900, 2400)}/{symbol}"
    return replace(step, comment=f"Quyết định số {number} ngày {central_date:%d/%m/%Y}.",
                   payload={"central_number": number, "central_date": central_date})


@dataclass
class Proposal:
    """The steps of a dossier from its proposal to the central level on, waiting to be taken."""

    dossier: Dossier
    actors: dict[str, User]
    steps: list[tuple[Step, datetime]]


def _take(step: Step, when: datetime, dossier: Dossier, actors: dict[str, User], signers: dict[str, Signer],
          calendar: WorkingCalendar, tally: Tally) -> None:
    if step.action == "forward_central":
        decisions.propose_to_central(tally, actors["secretary"], dossier, signers, when)
    else:
        engine.apply(actors[step.actor], dossier, step.action, comment=step.comment, payload=step.payload, at=when,
                     calendar=calendar)


def build_dossier(spec: DossierSpec, index: int, units: dict[str, Unit], users: dict[str, User], award: Award,
                  campaign: Campaign, signers: dict[str, Signer], now: datetime, calendar: WorkingCalendar,
                  tally: Tally, written: list[str], proposals: list[Proposal]) -> Dossier:
    """Create the spec's dossier and take it through its history, up to a proposal to the central level,
    which is appended to ``proposals``; raises DuplicateNominee as create_dossier does."""
    rng = random.Random(f"{SEED}:{index}")
    steps = history(spec, award, rng)
    times = _timeline(steps, award, campaign.year >= 2026, rng, now, calendar)
    steps = [_central_decision(step, award, when, rng) if step.action == "record_central" else step
             for step, when in zip(steps, times)]
    actors = _actors(spec, campaign, users)
    officer = actors["officer"]
    data = NomineeData(campaign=campaign, award=award, kind=spec.kind, name=spec.name, gender=spec.gender,
                       birth_year=spec.birth_year, position=spec.position,
                       nominee_unit_id=units[spec.nominee_unit].id, achievement_summary=spec.summary)
    dossier = create_dossier(officer, data, unit_id=units[spec.unit].id, at=times[0])
    # The workflow's guards ask for the files before the dossier leaves the draft.
    types = attachments.wanted_types(spec, award.required_attachment_types, index)
    attachments.attach_while_drafting(tally, spec, dossier, types, officer, times[0], written)
    scheduled = list(zip(steps[1:], times[1:]))
    for position, (step, when) in enumerate(scheduled):
        if step.action == "forward_central":
            proposals.append(Proposal(dossier, actors, scheduled[position:]))
            break
        if step.action == "edit":
            update_dossier(officer, dossier, data, at=when)
        else:
            _take(step, when, dossier, actors, signers, calendar, tally)
    return dossier


class DemoConflict(Exception):
    """A demo dossier cannot be built on what users have changed since (the engine or the database refused
    a step); the loader rolls back and loads again without it."""

    def __init__(self, index: int, reason: str):
        super().__init__(f"demo dossier {index}: {reason}")
        self.index = index


def load_dossiers(tally: Tally, units: dict[str, Unit], users: dict[str, User], awards: dict[str, Award],
                  campaigns: dict[str, Campaign], signers: dict[str, Signer],
                  written: list[str], skip: frozenset[int] = frozenset()) -> list[tuple[DossierSpec, Dossier]]:
    """Add the missing demo dossiers and files; returns every demo dossier in the database with its spec.

    ``written`` collects the stored names of the files this run writes, for the caller to delete if
    the load fails; ``skip`` are the specs (by index) that an earlier attempt found in conflict.
    """
    tally.declare("dossiers", "attachments", "central proposals")
    keys = {tuple(row[1:]): row[0] for row in db.session.execute(
        select(Dossier.id, Dossier.unit_id, Dossier.campaign_id, Dossier.award_id, Dossier.nominee_key))}
    now, calendar = utcnow(), WorkingCalendar.load()
    found: list[tuple[int, DossierSpec, int]] = []  # (spec index, spec, existing dossier id)
    built: list[tuple[DossierSpec, Dossier]] = []
    proposals: list[Proposal] = []
    for index, spec in enumerate(dossier_specs()):
        unit, campaign, award = units[spec.unit], campaigns[spec.campaign], awards[spec.award]
        dossier_id = keys.get((unit.id, campaign.id, award.id, spec.key))
        if dossier_id is not None:
            tally.present("dossiers")
            found.append((index, spec, dossier_id))
            continue
        if index in skip:
            tally.skipped += 1
            continue
        try:
            dossier = build_dossier(spec, index, units, users, award, campaign, signers, now, calendar, tally,
                                    written, proposals)
        except DuplicateNominee as conflict:
            if conflict.existing_id is None:  # caught by the database at flush: the session is unusable
                raise DemoConflict(index, "duplicate nominee") from conflict
            # Someone already proposes this nominee for this award and campaign (the one-form rule).
            tally.skipped += 1
            continue
        except (engine.WorkflowError, IntegrityError) as refused:
            # E.g. an administrator changed the cluster's lead or a setting the history relies on.
            raise DemoConflict(index, str(getattr(refused, "message", refused))) from refused
        built.append((spec, dossier))
        tally.created("dossiers")
    for proposal in sorted(proposals, key=lambda p: p.steps[0][1]):
        for step, when in proposal.steps:
            _take(step, when, proposal.dossier, proposal.actors, signers, calendar, tally)

    existing = {d.id: d for d in db.session.scalars(
        select(Dossier).where(Dossier.id.in_([dossier_id for _, _, dossier_id in found]))
        .options(selectinload(Dossier.attachments), selectinload(Dossier.award), selectinload(Dossier.decision)))}
    for index, spec, dossier_id in found:
        dossier = existing[dossier_id]
        types = attachments.wanted_types(spec, dossier.award.required_attachment_types, index)
        attachments.complete_existing(tally, spec, dossier, types, written)
    tally.present("central proposals", len({d.decision_id for d in existing.values()
                                            if d.decision is not None and d.decision.kind is DecisionKind.PROPOSAL}))
    found_pairs = [(spec, existing[dossier_id]) for _, spec, dossier_id in found]
    attachments.restore_missing_files(tally, {d.id: spec for spec, d in found_pairs})
    return found_pairs + built
