"""The cluster meeting's minutes (biên bản họp cụm/khối) as DOCX, in the Nghị định 30/2020 layout.

Every sentence is prepared here from the locked round — the meeting's facts, the ranking with the
acclamation vote per unit, the bonus cap, the excluded units, the proposals, the signatures — and
printed by the "cluster_minutes" Word template (app/documents/minutes.py, built by
app/documents/build_templates.py), through the version in force that an administrator may replace
(app/doctemplates): a template that fails falls back to the previous one, then the built-in one.
"""
from datetime import date

from app.doctemplates import store as template_store
from app.documents.dates import vn_place_date
from app.documents.decision import render_template
from app.documents.minutes import MinutesRow
from app.models.base import LOCAL_TZ, local_today
from app.numbers import format_score


def _score(value) -> str:
    """The document is Vietnamese whatever the reader's interface: the Vietnamese format of every page."""
    return format_score(value, "vi")


def minutes_context(scoring, result, names: dict[int, str], place: str = "Gia Lai",
                    held_on: date | None = None) -> dict:
    """The template's values (app/documents/minutes.py lists them), every one a prepared string."""
    held_on = held_on or (scoring.locked_at.astimezone(LOCAL_TZ).date() if scoring.locked_at else local_today())
    cluster = scoring.cluster.name
    members = ", ".join(names[r.unit_id] for r in result.ranked + result.excluded)
    intro = [f"Thành phần: đại diện lãnh đạo các đơn vị thành viên {cluster}: {members}.",
             f"Nội dung: tổng hợp kết quả chấm điểm thi đua năm {scoring.year} theo bảng tiêu chí của cụm, "
             "biểu quyết suy tôn và đề nghị khen thưởng."]
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
    lead = next((ls for ls in scoring.cluster.leaderships if ls.year == scoring.year), None)
    return {
        "org_name": cluster.upper(),
        "place_date": vn_place_date(place, held_on),
        "subject": f"Họp bình xét, suy tôn thi đua năm {scoring.year}",
        "intro": intro,
        "rows": rows,
        "notes": notes,
        "proposals": proposals,
        "closing": "Biên bản được thông qua tại cuộc họp và lập thành các bản có giá trị như nhau./.",
        "secretary_name": "",
        "chair_on_behalf": "TM. " + cluster.upper(),
        "chair_title": "CỤM TRƯỞNG",
        "chair_name": lead.lead_unit.name if lead else "",
    }


def render_minutes(scoring, result, names: dict[int, str], place: str = "Gia Lai",
                   held_on: date | None = None) -> bytes:
    context = minutes_context(scoring, result, names, place, held_on)
    return template_store.render("cluster_minutes",
                                 lambda template: render_template("cluster_minutes", context, template))
