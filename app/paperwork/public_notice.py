"""The public notice (Thông báo công khai) of a campaign's nominees and the report on the comments received
during it, as DOCX from the dossiers and their PublicComment rows; and recording how a comment was handled.

A dossier is under notice from the day the appraiser forwarded it (its "forward" history row) to its
``notice_ends_on`` (working days counted then); the notice lists those under notice now, the report every
dossier of the campaign that had a notice, with each comment and how it was handled.
"""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.documents.decision import clean
from app.documents.process_kinds import CommentRow, NoticeRow
from app.extensions import db
from app.models import Campaign, Dossier, DossierEvent, PublicComment, State, User
from app.models.base import LOCAL_TZ, utcnow
from app.paperwork import common, texts
from app.text import clean_text

HANDLING_MAX = 2000


class NothingToPrint(ValueError):
    """No dossier for the document: the view says so instead of printing an empty list."""


@dataclass(frozen=True)
class Noticed:
    dossier: Dossier
    starts_on: date
    ends_on: date


def _local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def noticed_dossiers(campaign: Campaign, *, current_only: bool) -> list[Noticed]:
    """The campaign's dossiers that had a public notice (or have one now), with its period, by award then name."""
    query = (select(Dossier).where(Dossier.campaign_id == campaign.id, Dossier.notice_ends_on.is_not(None),
                                   Dossier.deleted_at.is_(None), Dossier.submitted_at.is_not(None))
             .options(joinedload(Dossier.award), joinedload(Dossier.unit), joinedload(Dossier.nominee_unit))
             .order_by(Dossier.award_id, Dossier.nominee_name, Dossier.id))
    if current_only:
        query = query.where(Dossier.state == State.PUBLIC_NOTICE)
    dossiers = list(db.session.scalars(query).unique())
    starts = dict(db.session.execute(
        select(DossierEvent.dossier_id, DossierEvent.created_at)
        .where(DossierEvent.dossier_id.in_([d.id for d in dossiers]), DossierEvent.action == "forward")
        .order_by(DossierEvent.id)).all())  # the latest forward wins: a dossier may be forwarded again
    found = []
    for dossier in dossiers:
        assert dossier.notice_ends_on is not None  # the query's condition
        started = starts.get(dossier.id)
        found.append(Noticed(dossier, _local_day(started) if started else dossier.notice_ends_on,
                             dossier.notice_ends_on))
    return found


def _period(starts: date, ends: date) -> str:
    return f"{starts:%d/%m/%Y} - {ends:%d/%m/%Y}"


def notice_context(campaign: Campaign) -> dict:
    noticed = noticed_dossiers(campaign, current_only=True)
    if not noticed:
        raise NothingToPrint("no dossier under notice")
    first, last = min(n.starts_on for n in noticed), max(n.ends_on for n in noticed)
    rows = [NoticeRow(str(no), clean(n.dossier.nominee_name), common.position_unit(n.dossier),
                      common.award_phrase(n.dossier.award), _period(n.starts_on, n.ends_on))
            for no, n in enumerate(noticed, start=1)]
    return {
        **common.snv_header("TB"),
        "subject": f"Công khai danh sách tập thể, cá nhân được đề nghị khen thưởng ({clean(campaign.name)})",
        "intro": ["Thực hiện quy định của Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 về công khai danh sách "
                  "đề nghị khen thưởng, Sở Nội vụ thông báo công khai danh sách "
                  f"{common.two_digits(len(rows))} tập thể, cá nhân được đề nghị khen thưởng để lấy ý kiến của "
                  "cơ quan, đơn vị và Nhân dân, như sau:"],
        "period_line": f"Thời gian công khai: từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}.",
        "rows": rows,
        "closing_lines": [texts.text("documents.public_notice.how_to_comment")],
    }


def _comment_line(comment: PublicComment) -> str:
    who = clean(comment.name) or "người gửi không ghi tên"
    return f"Ngày {_local_day(comment.created_at):%d/%m/%Y}, {who}: {clean(comment.text)}"


def report_context(campaign: Campaign) -> dict:
    noticed = noticed_dossiers(campaign, current_only=False)
    if not noticed:
        raise NothingToPrint("no dossier had a notice")
    comments: dict[int, list[PublicComment]] = {}
    for comment in db.session.scalars(select(PublicComment).where(
            PublicComment.dossier_id.in_([n.dossier.id for n in noticed]))
            .order_by(PublicComment.created_at, PublicComment.id)):
        comments.setdefault(comment.dossier_id, []).append(comment)
    rows, number, handled = [], 0, 0
    for n in noticed:
        nominee = f"{clean(n.dossier.nominee_name)} ({common.award_phrase(n.dossier.award)})"
        received = comments.get(n.dossier.id, [])
        if not received:
            number += 1
            rows.append(CommentRow(str(number), nominee, "Không có ý kiến.", ""))
        for comment in received:
            number += 1
            handled += bool(comment.handling.strip())
            rows.append(CommentRow(str(number), nominee, _comment_line(comment),
                                   clean(comment.handling) or "Chưa xử lý."))
    total = sum(len(c) for c in comments.values())
    first, last = min(n.starts_on for n in noticed), max(n.ends_on for n in noticed)
    summary = (f"Trong thời gian công khai, Sở Nội vụ nhận được {common.two_digits(total)} ý kiến, đã xử lý "
               f"{common.two_digits(handled)} ý kiến, cụ thể:") if total else \
        "Trong thời gian công khai, Sở Nội vụ không nhận được ý kiến nào, cụ thể:"
    return {
        **common.snv_header("BC"),
        "subject": "Kết quả tiếp nhận, xử lý ý kiến trong thời gian công khai danh sách đề nghị khen thưởng "
                   f"({clean(campaign.name)})",
        "intro": [f"Sở Nội vụ đã công khai danh sách {common.two_digits(len(noticed))} tập thể, cá nhân được đề nghị "
                  f"khen thưởng từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}. {summary}"],
        "rows": rows,
        "closing_lines": ["Sở Nội vụ báo cáo Hội đồng Thi đua - Khen thưởng tỉnh xem xét./."],
    }


def record_handling(actor: User, comment: PublicComment, handling: str) -> None:
    """How the appraiser dealt with a comment (printed in the report); the view checks who acts."""
    comment.handling = clean_text(handling)[:HANDLING_MAX]
    comment.handled_at, comment.handled_by_id = utcnow(), actor.id
    db.session.flush()
