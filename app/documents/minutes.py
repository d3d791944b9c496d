"""The cluster meeting's minutes (biên bản họp cụm, khối) as a template kind: its placeholders, its
sample, and the row type of its ranking table. No database: app/scoring/minutes.py prepares every
sentence from the locked round and renders through the template in force (app/doctemplates).
"""
from typing import NamedTuple

from app.documents import kinds


class MinutesRow(NamedTuple):
    rank: str
    unit: str
    total: str
    votes_for: str
    against_abstain: str


PLACEHOLDERS = {
    "org_name": "Tên cụm, khối thi đua (chữ in hoa), góc trên bên trái",
    "number_line": "Số của biên bản (Số: 01/BB-CTĐ1), dưới tên cụm, khối",
    "place_date": "Địa danh, ngày tháng năm họp",
    "subject": "Trích yếu (Họp bình xét, suy tôn thi đua năm …)",
    "intro": "Các đoạn mở đầu: thành phần, nội dung (lặp)",
    "rows": "Bảng kết quả (row.rank, row.unit, row.total, row.votes_for, row.against_abstain)",
    "notes": "Các đoạn sau bảng: điểm thưởng tối đa, đơn vị không xếp hạng (lặp)",
    "proposals": "Các đề nghị khen thưởng (lặp)",
    "closing": "Câu kết của biên bản, kết thúc bằng ./.",
    "secretary_name": "Họ và tên thư ký (có thể để trống để ký tay)",
    "chair_on_behalf": "Dòng TM. … của người chủ trì",
    "chair_title": "Chức danh người chủ trì (TRƯỞNG CỤM, TRƯỞNG KHỐI)",
    "chair_name": "Họ và tên người chủ trì",
}


def sample_context() -> dict:
    """A locked round of a six-unit cluster held on 19/12/2026: four ranked, one capped bonus, one excluded,
    one member absent."""
    units = ["Sở Tài chính", "Sở Xây dựng", "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Y tế"]
    results = zip(units[:4], ("96,5", "94", "91,25", "88"), ("5", "4", "4", "3"), ("0 / 0", "1 / 0", "0 / 1", "1 / 1"))
    rows = [MinutesRow(str(rank), unit, total, votes_for, against)
            for rank, (unit, total, votes_for, against) in enumerate(results, start=1)]
    return {
        "org_name": "CỤM THI ĐUA SỐ 1",
        "number_line": "Số: 01/BB-CTĐ1",
        "place_date": "Gia Lai, ngày 19 tháng 12 năm 2026",
        "subject": "Họp bình xét, suy tôn thi đua năm 2026",
        "intro": ["Vào lúc 08 giờ 00 phút ngày 19 tháng 12 năm 2026, tại Hội trường Sở Tài chính, Cụm thi đua "
                  "số 1 tổ chức cuộc họp bình xét, suy tôn thi đua năm 2026.",
                  "Chủ trì: Trần Quốc Hưng, Giám đốc Sở Tài chính, Trưởng Cụm thi đua số 1.",
                  "Thư ký: Lê Thị Mai, Chuyên viên Văn phòng Sở Tài chính.",
                  "Thành phần: có mặt 4/5 đơn vị thành viên: Sở Tài chính (Trần Quốc Hưng, Giám đốc); Sở Xây dựng "
                  "(Nguyễn Văn Bình, Phó Giám đốc); Sở Công Thương (Phạm Thị Hoa, Phó Giám đốc); Sở Nông nghiệp "
                  "và Môi trường (Rơ Châm Tuấn, Phó Giám đốc).",
                  "Vắng mặt: Sở Y tế.",
                  "Nội dung: tổng hợp kết quả chấm điểm thi đua năm 2026 theo bảng tiêu chí của cụm, biểu quyết suy "
                  "tôn và đề nghị khen thưởng."],
        "rows": rows,
        "notes": ["Điểm thưởng được cộng tối đa 10 điểm; áp dụng mức tối đa cho: Sở Tài chính (đạt 12, cộng 10).",
                  "Không xếp hạng do vi phạm nội dung bị loại: Sở Y tế."],
        "proposals": ["Đề nghị tặng Cờ thi đua của Ủy ban nhân dân tỉnh: Sở Tài chính.",
                      "Đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: Sở Xây dựng."],
        "closing": "Cuộc họp kết thúc vào lúc 11 giờ 00 phút cùng ngày. Biên bản được thông qua tại cuộc họp và lập "
                   "thành các bản có giá trị như nhau./.",
        "secretary_name": "Lê Thị Mai",
        "chair_on_behalf": "TM. CỤM THI ĐUA SỐ 1",
        "chair_title": "TRƯỞNG CỤM",
        "chair_name": "Trần Quốc Hưng",
    }


kinds.register(kinds.TemplateKind(
    name="cluster_minutes", label="Biên bản họp bình xét, suy tôn của cụm, khối thi đua",
    builtin_file="cluster_minutes.docx", placeholders=PLACEHOLDERS,
    required=frozenset({"org_name", "number_line", "place_date", "subject", "rows", "closing", "chair_name",
                        "secretary_name"}),
    sample_context=sample_context, sample_name="cluster-minutes"))
