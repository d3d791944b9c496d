"""The cluster meeting's minutes (biên bản họp cụm/khối) as DOCX, in the Nghị định 30/2020 layout.

Every sentence is prepared here from the locked round — the meeting's facts, the ranking with the
acclamation vote per unit, the bonus cap, the excluded units, the proposals, the signatures — and
printed by the "cluster_minutes" Word template (app/documents/minutes.py, built by
app/documents/build_templates.py), through the version in force that an administrator may replace
(app/doctemplates): a template that fails falls back to the previous one, then the built-in one.
"""
from datetime import time

from sqlalchemy import select

from app.doctemplates import store as template_store
from app.documents.dates import vn_long_date, vn_place_date
from app.documents.decision import render_template
from app.documents.minutes import MinutesRow
from app.extensions import db
from app.models import ClusterKind, ClusterMeeting
from app.numbers import format_score


def _score(value) -> str:
    """The document is Vietnamese whatever the reader's interface: the Vietnamese format of every page."""
    return format_score(value, "vi")


class MinutesIncomplete(ValueError):
    """The meeting behind the minutes is not recorded: no number, time, place or signatories to print."""


def _clock(moment: time) -> str:
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút"


def _attendance_lines(meeting: ClusterMeeting, names: dict[int, str], members: int) -> list[str]:
    present = [row for row in meeting.attendance if row.present]
    absent = [row for row in meeting.attendance if not row.present]
    listed = "; ".join(names.get(row.unit_id, row.unit.name) + (f" ({row.representative})" if row.representative
                                                                 else "") for row in present)
    lines = [f"Thành phần: có mặt {len(present)}/{members} đơn vị thành viên: {listed}."]
    lines.append("Vắng mặt: " + (", ".join(names.get(row.unit_id, row.unit.name) for row in absent) + "."
                                 if absent else "không."))
    return lines


def minutes_context(scoring, result, names: dict[int, str], place: str = "Gia Lai") -> dict:
    """The template's values (app/documents/minutes.py lists them), every one a prepared string.

    Raises MinutesIncomplete when the meeting is not recorded (app/scoring/meeting.py): a biên bản
    without its number, time, place and the people who sign it is not one a clerk files."""
    meeting = db.session.scalar(select(ClusterMeeting).where(ClusterMeeting.scoring_id == scoring.id))
    if meeting is None:
        raise MinutesIncomplete(scoring.id)
    cluster = scoring.cluster.name
    members = len(result.ranked) + len(result.excluded)
    intro = [f"Vào lúc {_clock(meeting.starts_at)} {vn_long_date(meeting.held_on)}, tại {meeting.place}, "
             f"{cluster} tổ chức cuộc họp bình xét, suy tôn thi đua năm {scoring.year}.",
             f"Chủ trì: {meeting.chair_name}, {meeting.chair_position}.",
             f"Thư ký: {meeting.secretary_name}, {meeting.secretary_position}.",
             *_attendance_lines(meeting, names, members),
             f"Nội dung: tổng hợp kết quả chấm điểm thi đua năm {scoring.year} theo bảng tiêu chí của "
             f"{_kind_word(scoring.cluster).lower()}, biểu quyết suy tôn và đề nghị khen thưởng."]
    rows = []
    for r in result.ranked:
        vote = next((v for v in scoring.votes if v.unit_id == r.unit_id), None)
        rows.append(MinutesRow(str(r.rank), names[r.unit_id], _score(r.total), str(vote.votes_for) if vote else "—",
                               f"{vote.votes_against} / {vote.votes_abstain}" if vote else "—"))
    notes = []
    capped = [r for r in result.ranked + result.excluded if r.bonus_capped]
    cap_rule = f"Điểm thưởng được cộng tối đa {_score(scoring.bonus_cap)} điểm"
    if capped:
        notes.append(cap_rule + "; áp dụng mức tối đa cho: " + ", ".join(
            f"{names[r.unit_id]} (đạt {_score(r.bonus_earned)}, cộng {_score(r.bonus_total)})" for r in capped) + ".")
    else:
        notes.append(cap_rule + ".")
    if result.excluded:
        notes.append("Không xếp hạng do vi phạm nội dung bị loại: "
                     + ", ".join(names[r.unit_id] for r in result.excluded) + ".")

    from app.scoring.operations import proposal_slots

    slots = proposal_slots(scoring, result)
    flag = [names[u] for u, a in slots.items() if a == scoring.flag_award_id]
    merit = [names[u] for u, a in slots.items() if a == scoring.merit_award_id]
    proposals = []
    if flag and scoring.flag_award:
        proposals.append(f"Đề nghị tặng {scoring.flag_award.name}: {', '.join(flag)}.")
    if merit and scoring.merit_award:
        proposals.append(f"Đề nghị tặng {scoring.merit_award.name}: {', '.join(merit)}.")
    if not (flag or merit):
        proposals.append("Không có đơn vị được đề nghị.")
    ending = (f"Cuộc họp kết thúc vào lúc {_clock(meeting.ends_at)} cùng ngày. " if meeting.ends_at else "")
    return {
        "org_name": cluster.upper(),
        "number_line": f"Số: {meeting.number}",
        "place_date": vn_place_date(place, meeting.held_on),
        "subject": f"Họp bình xét, suy tôn thi đua năm {scoring.year}",
        "intro": intro,
        "rows": rows,
        "notes": notes,
        "proposals": proposals,
        "closing": ending + "Biên bản được thông qua tại cuộc họp và lập thành các bản có giá trị như nhau./.",
        "secretary_name": meeting.secretary_name,
        "chair_on_behalf": "TM. " + cluster.upper(),
        # A bloc's head is "Trưởng khối", a cluster's "Trưởng cụm"; the person signs, not the unit.
        "chair_title": "TRƯỞNG " + _kind_word(scoring.cluster).upper(),
        "chair_name": meeting.chair_name,
    }


def _kind_word(cluster) -> str:
    return "Khối" if cluster.kind is ClusterKind.BLOC else "Cụm"


def render_minutes(scoring, result, names: dict[int, str], place: str = "Gia Lai") -> bytes:
    context = minutes_context(scoring, result, names, place)
    return template_store.render("cluster_minutes",
                                 lambda template: render_template("cluster_minutes", context, template))
