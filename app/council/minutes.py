"""The minutes (biên bản) of a provincial council session as DOCX: every sentence prepared here from the
session (time, place, chair, secretary, attendance the secretary filled in; the agenda's votes) and
printed by the "council_minutes" template in force (app/documents/process_kinds.py lists its values).

The minutes are printed only once they can be complete: the details filled in and every vote on the
agenda recorded (``missing``); the view says what is missing instead of printing blanks.
"""
from flask_babel import gettext as _

from app.documents.dates import vn_long_date
from app.documents.decision import BLANK_NUMBER, clean
from app.documents.process_kinds import CouncilRow
from app.models import CouncilSession
from app.paperwork import common, texts


def missing(session: CouncilSession) -> list[str]:
    """What keeps the minutes from being printed, as messages for the secretary (empty: ready)."""
    problems = []
    if not (session.starts_at and session.place.strip() and session.chair_name.strip()
            and session.secretary_name.strip() and session.present_names.strip()):
        problems.append(_("Fill in the minutes details: time, place, chair, secretary and members present."))
    if not session.items:
        problems.append(_("The agenda is empty."))
    elif any(item.approved is None for item in session.items):
        problems.append(_("Record the votes of every dossier on the agenda first."))
    return problems


def _people(names: str, last: str) -> list[str]:
    people = [clean(line).rstrip(" .;,") for line in names.splitlines() if clean(line)]
    return [f"- {person}{';' if position < len(people) - 1 else last}" for position, person in enumerate(people)]


def _nominee(item) -> str:
    dossier = item.dossier
    where = common.position_unit(dossier)
    return f"{clean(dossier.nominee_name)}, {where}" if where else clean(dossier.nominee_name)


def minutes_context(session: CouncilSession) -> dict:
    total, present = session.members_total, session.members_present
    absent = total - present
    symbol = texts.text("documents.council.symbol")
    number = (f"Số: {session.minutes_number:02d}/{symbol}" if session.minutes_number
              else f"Số:{BLANK_NUMBER}/{symbol}")
    starts = session.starts_at
    assert starts is not None  # missing() refuses the minutes without it
    when = f"Vào lúc {starts.hour:02d} giờ {starts.minute:02d} phút, {vn_long_date(session.held_on)}"
    approved = sum(1 for item in session.items if item.approved)
    rows = [CouncilRow(str(no), _nominee(item), common.award_phrase(item.dossier.award), str(item.votes_for),
                       str(item.votes_against), str(item.votes_abstain), "Đạt" if item.approved else "Không đạt")
            for no, item in enumerate(session.items, start=1)]
    chair = clean(session.chair_name) + (f", {clean(session.chair_title)}" if clean(session.chair_title) else "")
    # A unit's own council (DOMAIN.md §10b) heads its minutes with the unit and proposes to the unit's head.
    unit = session.unit
    council = f"Hội đồng Thi đua - Khen thưởng {clean(unit.name)}" if unit else "Hội đồng Thi đua - Khen thưởng tỉnh"
    default_conclusion = texts.text("documents.council.conclusion") if unit is None else (
        "Giao bộ phận làm công tác thi đua, khen thưởng hoàn thiện hồ sơ, trình thủ trưởng đơn vị quyết định khen "
        "thưởng các tập thể, cá nhân đạt tỷ lệ phiếu tán thành theo quy định.")
    conclusion = [clean(line) for line in session.conclusion.splitlines() if clean(line)] or [default_conclusion]
    return {
        "org_parent": texts.province_organ() if unit is None else clean(unit.name).upper(),
        "org_name": texts.text("documents.council.org_name").upper(),
        "number_line": number, "place_date": common.place_date(session.held_on),
        "subject": texts.text("documents.council.subject") if unit is None else
        f"Họp {council} xét đề nghị khen thưởng",
        "opening": f"{when}, tại {clean(session.place).rstrip('.')}, {council} họp "
                   f"xét đề nghị khen thưởng ({clean(session.name)}).",
        "chair_line": f"Chủ trì: {chair}.",
        "secretary_line": f"Thư ký: {clean(session.secretary_name)}.",
        "present_line": f"Thành viên Hội đồng có mặt: {common.two_digits(present)}/{common.two_digits(total)} "
                        "thành viên, gồm:",
        "present": _people(session.present_names, "."),
        "absent_line": (f"Vắng mặt: {common.two_digits(absent)} thành viên"
                        + (":" if session.absent_names.strip() else ".")) if absent else "Vắng mặt: không.",
        "absent": _people(session.absent_names, ".") if absent else [],
        "agenda_lines": [f"Hội đồng xem xét {common.two_digits(len(rows))} hồ sơ đề nghị khen thưởng "
                         + ("do Sở Nội vụ trình, đã được thẩm định theo quy định." if unit is None else
                            "do các phòng, đơn vị trực thuộc đề nghị, đã được thủ trưởng đơn vị xem xét."),
                         "Số thành viên có mặt bảo đảm túc số để Hội đồng biểu quyết theo quy định."],
        "rows": rows,
        "result_lines": [f"Kết quả: {common.two_digits(approved)} hồ sơ đạt, {common.two_digits(len(rows) - approved)} "
                         "hồ sơ không đạt tỷ lệ phiếu tán thành theo quy định."],
        "conclusion": conclusion,
        "closing": texts.text("documents.council.closing"),
        "secretary_name": clean(session.secretary_name), "chair_name": clean(session.chair_name),
    }


def render_minutes(session: CouncilSession) -> bytes:
    return common.render("council_minutes", minutes_context(session))
