"""The Sở Nội vụ's letters to a unit about its dossiers (DOMAIN.md §10c): the request for a supplement, the
appraisal result and the not-approved notice, each built from the dossiers and their history — the note
the appraiser wrote when returning a dossier or asking for more, the appraisal opinion, the council's vote.

A letter concerns one dossier or a batch (one unit's dossiers in a campaign); ``qualifies`` says which
dossiers a kind of letter can speak of, so the batch takes exactly those.
"""
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.documents.decision import clean
from app.documents.process_kinds import LetterRow
from app.extensions import db
from app.models import CouncilAgendaItem, Dossier, DossierEvent, Role, State, ThresholdBase, Unit
from app.models.base import LOCAL_TZ
from app.numbers import smallest_reaching
from app.paperwork import common
from app.workflow.calendar import WorkingCalendar


def _last_event(dossier: Dossier) -> DossierEvent | None:
    return dossier.events[-1] if dossier.events else None


def _asked_for_more(dossier: Dossier) -> DossierEvent | None:
    """The appraiser's request for a supplement (or return to the unit) the dossier is still answering."""
    last = _last_event(dossier)
    if dossier.state is State.RETURNED and last is not None and last.actor_role is Role.APPRAISER and \
            last.action in ("request_supplement", "return"):
        return last
    return None


def _forwarded(dossier: Dossier) -> DossierEvent | None:
    return next((e for e in reversed(dossier.events) if e.action == "forward"), None)


def _supplement_detail(dossier: Dossier) -> str:
    event = _asked_for_more(dossier)
    assert event is not None  # qualifies() chose the dossier
    parts = [f"Còn thiếu: {'; '.join(clean(t.name) for t in dossier.missing_attachment_types())}."] \
        if dossier.missing_attachment_types() else []
    if clean(event.comment):
        parts.append(f"Ý kiến thẩm định: {clean(event.comment).rstrip('.')}.")
    return " ".join(parts)


def _appraisal_detail(dossier: Dossier) -> str:
    event = _forwarded(dossier)
    opinion = clean(dossier.appraisal_opinion or (event.comment if event else "")).rstrip(".")
    start = event.created_at.astimezone(LOCAL_TZ).date() if event else None
    if dossier.notice_ends_on and start:
        step = (f"Công khai từ ngày {start:%d/%m/%Y} đến ngày {dossier.notice_ends_on:%d/%m/%Y}, sau đó trình "
                "Hội đồng Thi đua - Khen thưởng tỉnh xem xét.")
    else:
        step = "Trình Hội đồng Thi đua - Khen thưởng tỉnh xem xét."
    return f"Đủ điều kiện, tiêu chuẩn. {opinion + '. ' if opinion else ''}{step}"


def _refusal_detail(dossier: Dossier, vote: CouncilAgendaItem | None) -> str:
    if vote is None or vote.votes_for is None:
        return "Không được Hội đồng Thi đua - Khen thưởng tỉnh chấp thuận."
    session, award = vote.session, dossier.award
    base = session.members_total if award.threshold_base is ThresholdBase.ALL_MEMBERS else session.members_present
    needed = smallest_reaching(base, award.approval_threshold)
    of_whom = "tổng số thành viên Hội đồng" if award.threshold_base is ThresholdBase.ALL_MEMBERS else \
        "số thành viên có mặt"
    share = f"{award.approval_threshold * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return (f"Hội đồng Thi đua - Khen thưởng tỉnh họp ngày {session.held_on:%d/%m/%Y} biểu quyết "
            f"{vote.votes_for}/{base} phiếu tán thành, chưa đạt tỷ lệ {share}% {of_whom} "
            f"(cần {needed} phiếu).")


@dataclass(frozen=True)
class LetterKind:
    name: str             # the template kind
    slug: str             # in the URL and the file name
    subject: str
    qualifies: Callable[[Dossier], bool]
    intro: str


LETTERS = {letter.slug: letter for letter in (
    LetterKind("notice_supplement", "bo-sung-ho-so", "V/v bổ sung hồ sơ đề nghị khen thưởng",
               lambda d: _asked_for_more(d) is not None,
               "Qua thẩm định, hồ sơ của các tập thể, cá nhân dưới đây chưa đủ thành phần hoặc cần làm rõ, "
               "Sở Nội vụ đề nghị bổ sung như sau:"),
    LetterKind("notice_appraisal_result", "ket-qua-tham-dinh", "V/v kết quả thẩm định hồ sơ đề nghị khen thưởng",
               lambda d: _forwarded(d) is not None and d.state not in (State.RETURNED, State.WITHDRAWN),
               "Sở Nội vụ đã thẩm định hồ sơ đề nghị khen thưởng; kết quả như sau:"),
    LetterKind("notice_not_approved", "khong-chap-thuan", "V/v hồ sơ đề nghị khen thưởng không được chấp thuận",
               lambda d: d.state is State.NOT_APPROVED,
               "Sở Nội vụ thông báo các hồ sơ đề nghị khen thưởng dưới đây không được chấp thuận, lý do như sau:"),
)}


def dossiers_for(letter: LetterKind, unit: Unit, campaign_id: int | None = None,
                 dossier_id: int | None = None) -> list[Dossier]:
    """The unit's dossiers (of the campaign, or the one dossier) the letter speaks of, by award then name."""
    query = (select(Dossier).where(Dossier.unit_id == unit.id, Dossier.deleted_at.is_(None),
                                   Dossier.submitted_at.is_not(None))
             .options(joinedload(Dossier.award), joinedload(Dossier.campaign), selectinload(Dossier.events),
                      selectinload(Dossier.attachments))
             .order_by(Dossier.award_id, Dossier.nominee_name, Dossier.id))
    if campaign_id is not None:
        query = query.where(Dossier.campaign_id == campaign_id)
    if dossier_id is not None:
        query = query.where(Dossier.id == dossier_id)
    return [d for d in db.session.scalars(query).unique() if letter.qualifies(d)]


def _latest_votes(dossiers: list[Dossier]) -> dict[int, CouncilAgendaItem]:
    rows = db.session.scalars(select(CouncilAgendaItem).where(
        CouncilAgendaItem.dossier_id.in_([d.id for d in dossiers]), CouncilAgendaItem.approved.is_(False))
        .options(joinedload(CouncilAgendaItem.session)).order_by(CouncilAgendaItem.id))
    return {item.dossier_id: item for item in rows}


def letter_context(letter: LetterKind, unit: Unit, dossiers: list[Dossier]) -> dict:
    votes = _latest_votes(dossiers) if letter.name == "notice_not_approved" else {}
    details = {
        "notice_supplement": _supplement_detail,
        "notice_appraisal_result": _appraisal_detail,
        "notice_not_approved": lambda d: _refusal_detail(d, votes.get(d.id)),
    }[letter.name]
    rows = [LetterRow(str(no), clean(d.nominee_name), common.award_phrase(d.award), details(d))
            for no, d in enumerate(dossiers, start=1)]
    campaigns = sorted({clean(d.campaign.name) for d in dossiers})
    unit_name = clean(unit.name)
    intro = [f"Sở Nội vụ nhận được hồ sơ đề nghị khen thưởng của {unit_name} ({'; '.join(campaigns)}). "
             + letter.intro]
    closing = _closing(letter, unit_name, dossiers)
    return {**common.snv_header(""), "subject": letter.subject, "addressee": f"Kính gửi: {unit_name}.",
            "intro": intro, "rows": rows, "closing_lines": closing}


def _closing(letter: LetterKind, unit_name: str, dossiers: list[Dossier]) -> list[str]:
    if letter.name == "notice_supplement":
        due = [d.stage_due_on for d in dossiers if d.stage_due_on]
        if not due:
            return [f"Đề nghị {unit_name} bổ sung, hoàn thiện hồ sơ và gửi lại Sở Nội vụ để tiếp tục thẩm định./."]
        deadline = min(due)
        asked = min(e.created_at.astimezone(LOCAL_TZ).date() for e in (_asked_for_more(d) for d in dossiers) if e)
        days = WorkingCalendar.load().working_days_between(asked, deadline)
        return [f"Đề nghị {unit_name} bổ sung, hoàn thiện hồ sơ và gửi về Sở Nội vụ trước ngày {deadline:%d/%m/%Y} "
                f"({common.two_digits(days)} ngày làm việc kể từ ngày {asked:%d/%m/%Y}). Quá thời hạn trên, hồ sơ "
                "chưa được xem xét trong đợt này./."]
    if letter.name == "notice_appraisal_result":
        return [f"Sở Nội vụ thông báo để {unit_name} biết./."]
    return [f"Sở Nội vụ thông báo để {unit_name} biết và thông báo đến tập thể, cá nhân có liên quan./."]
