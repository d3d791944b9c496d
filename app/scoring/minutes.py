"""The cluster meeting's minutes (biên bản họp cụm/khối) as DOCX, in the Nghị định 30/2020 layout.

Built directly with python-docx on the same page setup and named styles as the decision templates
(app/documents/build_templates.py), since its content is a generated table rather than prose an
editor would reword: the header (cluster | national title), the title, the meeting's facts, the
ranking with the acclamation vote per unit, the excluded units, the proposals, and the signatures.
"""
import io
from datetime import date

from app.documents.build_templates import (
    CONTENT_WIDTH,
    HEADER_COLUMNS,
    SIGNATURE_COLUMNS,
    add_row,
    fill,
    fixed_table,
    keep_signature_with_text,
    new_document,
    para,
    rule,
)
from app.documents.dates import vn_place_date
from app.models.base import LOCAL_TZ, local_today

RESULT_COLUMNS = (16, 64, 25, 25, 35)


def _score(value) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def render_minutes(scoring, result, names: dict[int, str], place: str = "Gia Lai",
                   held_on: date | None = None) -> bytes:
    held_on = held_on or (scoring.locked_at.astimezone(LOCAL_TZ).date() if scoring.locked_at else local_today())
    cluster = scoring.cluster.name
    doc = new_document(f"Biên bản họp {cluster} năm {scoring.year}")
    header = fixed_table(doc, HEADER_COLUMNS, bordered=False)
    left, right = add_row(header, HEADER_COLUMNS)
    fill(left, [(cluster.upper(), "Org Name")])
    rule(left, 25, HEADER_COLUMNS[0] - 4)
    fill(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "National Title"), ("Độc lập - Tự do - Hạnh phúc", "Motto")])
    rule(right, 61, HEADER_COLUMNS[1] - 4)
    left, right = add_row(header, HEADER_COLUMNS)
    fill(left, [("", "Doc Number")])
    fill(right, [(vn_place_date(place, held_on), "Place Date")])

    para(doc, "BIÊN BẢN", "Doc Title")
    para(doc, f"Họp bình xét, suy tôn thi đua năm {scoring.year}", "Doc Subject")
    rule(doc, 50, CONTENT_WIDTH)
    members = ", ".join(names[r.unit_id] for r in result.ranked + result.excluded)
    para(doc, f"Thành phần: đại diện lãnh đạo các đơn vị thành viên {cluster}: {members}.", "Article")
    para(doc, f"Nội dung: tổng hợp kết quả chấm điểm thi đua năm {scoring.year} theo bảng tiêu chí của cụm, "
              "biểu quyết suy tôn và đề nghị khen thưởng.", "Article")
    para(doc, "I. KẾT QUẢ CHẤM ĐIỂM VÀ BIỂU QUYẾT SUY TÔN", "Resolve")
    table = fixed_table(doc, RESULT_COLUMNS, bordered=True)
    for cell, text in zip(add_row(table, RESULT_COLUMNS),
                          ("Hạng", "Đơn vị", "Tổng điểm", "Phiếu tán thành", "Không tán thành / không biểu quyết")):
        fill(cell, [(text, "Table Head")])
    for r in result.ranked:
        vote = next((v for v in scoring.votes if v.unit_id == r.unit_id), None)
        cells = add_row(table, RESULT_COLUMNS)
        values = (str(r.rank), names[r.unit_id], _score(r.total), str(vote.votes_for) if vote else "—",
                  f"{vote.votes_against} / {vote.votes_abstain}" if vote else "—")
        for cell, text, style in zip(cells, values, ("Table Cell Center", "Table Cell", "Table Cell Right",
                                                     "Table Cell Center", "Table Cell Center")):
            fill(cell, [(text, style)])
    para(doc, "", "Section End")
    if result.excluded:
        para(doc, "Không xếp hạng do vi phạm nội dung bị loại: "
                  + ", ".join(names[r.unit_id] for r in result.excluded) + ".", "Article")

    para(doc, "II. ĐỀ NGHỊ KHEN THƯỞNG", "Resolve")
    from app.scoring.operations import proposal_slots

    slots = proposal_slots(scoring, result)
    flag = [names[u] for u, a in slots.items() if a == scoring.flag_award_id]
    merit = [names[u] for u, a in slots.items() if a == scoring.merit_award_id]
    if flag and scoring.flag_award:
        para(doc, f"Đề nghị tặng {scoring.flag_award.name}: {', '.join(flag)}.", "Article")
    if merit and scoring.merit_award:
        para(doc, f"Đề nghị tặng {scoring.merit_award.name}: {', '.join(merit)}.", "Article")
    if not (flag or merit):
        para(doc, "Không có đơn vị được đề nghị.", "Article")
    para(doc, "Biên bản được thông qua tại cuộc họp và lập thành các bản có giá trị như nhau./.", "Article")

    signatures = fixed_table(doc, SIGNATURE_COLUMNS, bordered=False)
    left, right = add_row(signatures, SIGNATURE_COLUMNS)
    fill(left, [("THƯ KÝ", "Signer Title")] + [("", "Signer Title")] * 4)
    lead = next((ls for ls in scoring.cluster.leaderships if ls.year == scoring.year), None)
    fill(right, [("TM. " + cluster.upper(), "Signer Title"), ("CỤM TRƯỞNG", "Signer Title")]
         + [("", "Signer Title")] * 3 + [(lead.lead_unit.name if lead else "", "Signer Name")])
    keep_signature_with_text(doc, signatures)
    para(doc, "", "Section End")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
