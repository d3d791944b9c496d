"""The process documents of one campaign (DOMAIN.md §10c) as template kinds: the provincial council's
minutes, the public notice and the report on its comments, the Sở Nội vụ's three notices to a unit, the
unit's Tờ trình and the two báo cáo thành tích forms.

For each: its placeholders (described for whoever edits the template in Word), the ones a template must
print, the row types of its tables, and a sample (realistic Gia Lai data, no database) that checks an
uploaded template and makes ``flask documents samples``. Templates are built by build_process_templates.py;
the values are prepared from the database by app/paperwork (and app/council/minutes.py), every one a
finished string: the templates print, loop and test nothing else.
"""
from typing import NamedTuple

from app.documents import kinds
from app.documents.decision import BLANK_NUMBER, draft_long_date


class CouncilRow(NamedTuple):
    no: str
    name: str
    award: str
    votes_for: str
    votes_against: str
    votes_abstain: str
    result: str


class NoticeRow(NamedTuple):
    no: str
    name: str
    position_unit: str
    award: str
    period: str


class CommentRow(NamedTuple):
    no: str
    nominee: str
    comment: str
    handling: str


class LetterRow(NamedTuple):
    no: str
    name: str
    award: str
    detail: str


class ProposalRow(NamedTuple):
    no: str
    name: str
    position_unit: str
    award: str


class RecordRow(NamedTuple):
    year: str
    award: str
    decision: str


_HEADER = {
    "org_parent": "Cơ quan cấp trên (chữ in hoa), dòng đầu bên trái",
    "org_name": "Cơ quan ban hành (chữ in hoa, đậm), dòng thứ hai bên trái",
    "number_line": "Số và ký hiệu (để trống số khi văn thư ghi tay)",
    "place_date": "Địa danh, ngày tháng năm",
}
_SIGNED = {
    "recipients": "Danh sách Nơi nhận, mỗi dòng bắt đầu bằng “- ” (lặp)",
    "signer_lines": "Các dòng chức danh người ký (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC) (lặp)",
    "signer_name": "Họ và tên người ký",
}

COUNCIL_PLACEHOLDERS = {
    **_HEADER,
    "subject": "Trích yếu (Họp Hội đồng Thi đua - Khen thưởng tỉnh …)",
    "opening": "Đoạn mở đầu: thời gian, địa điểm cuộc họp",
    "chair_line": "Người chủ trì (họ tên, chức vụ)",
    "secretary_line": "Thư ký cuộc họp (họ tên, chức vụ)",
    "present_line": "Số thành viên có mặt",
    "present": "Danh sách thành viên có mặt (lặp)",
    "absent_line": "Số thành viên vắng mặt",
    "absent": "Danh sách thành viên vắng mặt, lý do (lặp)",
    "agenda_lines": "Nội dung cuộc họp, số hồ sơ, túc số (lặp)",
    "rows": "Kết quả biểu quyết (row.no, row.name, row.award, row.votes_for, row.votes_against, "
            "row.votes_abstain, row.result)",
    "result_lines": "Tổng hợp kết quả (lặp)",
    "conclusion": "Kết luận của người chủ trì (lặp)",
    "closing": "Câu kết của biên bản (giờ kết thúc), kết thúc bằng ./.",
    "secretary_name": "Họ và tên thư ký",
    "chair_name": "Họ và tên người chủ trì",
}
PUBLIC_NOTICE_PLACEHOLDERS = {
    **_HEADER, **_SIGNED,
    "subject": "Trích yếu (Công khai danh sách …)",
    "intro": "Các đoạn mở đầu (lặp)",
    "period_line": "Thời gian công khai (từ ngày … đến ngày …)",
    "rows": "Danh sách (row.no, row.name, row.position_unit, row.award, row.period)",
    "closing_lines": "Các đoạn sau danh sách: nơi và cách gửi ý kiến (lặp)",
}
REPORT_PLACEHOLDERS = {
    **_HEADER, **_SIGNED,
    "subject": "Trích yếu (Kết quả tiếp nhận, xử lý ý kiến …)",
    "intro": "Các đoạn mở đầu: thời gian công khai, số ý kiến (lặp)",
    "rows": "Từng ý kiến (row.no, row.nominee, row.comment, row.handling)",
    "closing_lines": "Các đoạn kết luận, đề nghị (lặp)",
}
LETTER_PLACEHOLDERS = {
    **_HEADER, **_SIGNED,
    "subject": "Trích yếu của công văn (V/v …), dưới số ký hiệu",
    "addressee": "Kính gửi: đơn vị",
    "intro": "Các đoạn trước bảng (lặp)",
    "rows": "Bảng (row.no, row.name, row.award, row.detail)",
    "closing_lines": "Các đoạn sau bảng: thời hạn, đề nghị (lặp)",
}
PROPOSAL_PLACEHOLDERS = {
    **_HEADER, **_SIGNED,
    "subject": "Trích yếu (Về việc đề nghị khen thưởng …)",
    "addressee": "Kính gửi",
    "intro": "Các đoạn trước danh sách (lặp)",
    "rows": "Danh sách đề nghị (row.no, row.name, row.position_unit, row.award)",
    "closing_lines": "Các đoạn sau danh sách (lặp)",
}
REPORT_FORM_PLACEHOLDERS = {
    **_HEADER,
    "subject": "Dòng đề nghị dưới tiêu đề (Đề nghị tặng …)",
    "profile": "Các dòng sơ lược lý lịch / đặc điểm, tình hình (lặp; để trống phần người lập ghi)",
    "achievement_lines": "Thành tích đạt được (lặp)",
    "titles": "Danh hiệu thi đua đã được công nhận (row.year, row.award, row.decision)",
    "commendations": "Hình thức khen thưởng đã nhận (row.year, row.award, row.decision)",
    "rating_lines": "Kết quả đánh giá, xếp loại, sáng kiến (lặp; có thể trống)",
    "signer_name": "Họ và tên người ký bên phải",
}

_SNV = {"org_parent": "UBND TỈNH GIA LAI", "org_name": "SỞ NỘI VỤ"}
_SNV_SIGNED = {"recipients": ["- Như trên;", "- Lưu: VT, TĐKT."], "signer_lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
               "signer_name": "Nguyễn Văn Hòa"}  # fictional


def council_sample() -> dict:
    rows = [CouncilRow("1", "Ông Nguyễn Văn An, Trưởng phòng Tổ chức cán bộ, Sở Y tế",
                       "Danh hiệu Chiến sĩ thi đua cấp tỉnh", "10", "1", "0", "Đạt"),
            CouncilRow("2", "Bà Rơ Châm H'Luyn, Giáo viên Trường Tiểu học Nguyễn Du, Sở Giáo dục và Đào tạo",
                       "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "11", "0", "0", "Đạt"),
            CouncilRow("3", "Phòng Kế hoạch - Tài chính, Sở Tài chính", "Danh hiệu Tập thể lao động xuất sắc",
                       "7", "3", "1", "Không đạt")]
    return {
        "org_parent": "UBND TỈNH GIA LAI", "org_name": "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "number_line": "Số: 05/BB-HĐTĐKT", "place_date": "Gia Lai, ngày 08 tháng 01 năm 2027",
        "subject": "Họp Hội đồng Thi đua - Khen thưởng tỉnh xét đề nghị khen thưởng",
        "opening": "Vào lúc 08 giờ 00 phút, ngày 08 tháng 01 năm 2027, tại Phòng họp số 1, Ủy ban nhân dân tỉnh Gia "
                   "Lai, Hội đồng Thi đua - Khen thưởng tỉnh họp xét đề nghị khen thưởng.",
        "chair_line": "Chủ trì: ông Trần Văn Minh, Chủ tịch Ủy ban nhân dân tỉnh, Chủ tịch Hội đồng.",
        "secretary_line": "Thư ký: bà Lê Thị Thu Hà, Phó Giám đốc Sở Nội vụ.",
        "present_line": "Thành viên Hội đồng có mặt: 11/12 thành viên, gồm:",
        "present": ["- Ông Trần Văn Minh, Chủ tịch Ủy ban nhân dân tỉnh;",
                    "- Bà Lê Thị Thu Hà, Phó Giám đốc Sở Nội vụ;",
                    "- Ông Ksor Blik, Giám đốc Sở Tài chính."],
        "absent_line": "Vắng mặt: 01 thành viên:",
        "absent": ["- Ông Phạm Quốc Hùng, Giám đốc Sở Y tế (đi công tác)."],
        "agenda_lines": ["Hội đồng xem xét 03 hồ sơ đề nghị khen thưởng do Sở Nội vụ trình, đã thẩm định và "
                         "công khai theo quy định.",
                         "Số thành viên có mặt bảo đảm túc số để Hội đồng biểu quyết."],
        "rows": rows,
        "result_lines": ["Kết quả: 02 hồ sơ đạt, 01 hồ sơ không đạt tỷ lệ phiếu tán thành theo quy định."],
        "conclusion": ["Giao Sở Nội vụ hoàn thiện hồ sơ, trình Chủ tịch Ủy ban nhân dân tỉnh khen thưởng các tập "
                       "thể, cá nhân đạt tỷ lệ phiếu tán thành."],
        "closing": "Cuộc họp kết thúc vào lúc 10 giờ 30 phút cùng ngày. Biên bản đã được thông qua tại cuộc "
                   "họp./.",
        "secretary_name": "Lê Thị Thu Hà", "chair_name": "Trần Văn Minh",
    }


def public_notice_sample() -> dict:
    period = "05/01/2027 - 18/01/2027"
    rows = [NoticeRow("1", "Nguyễn Văn An", "Trưởng phòng Tổ chức cán bộ, Sở Y tế",
                      "Bằng khen của Thủ tướng Chính phủ", period),
            NoticeRow("2", "Rơ Châm H'Luyn", "Giáo viên Trường Tiểu học Nguyễn Du, Sở Giáo dục và Đào tạo",
                      "Danh hiệu Chiến sĩ thi đua toàn quốc", period)]
    return {
        **_SNV, **_SNV_SIGNED, "number_line": "Số: 12/TB-SNV", "place_date": "Gia Lai, ngày 05 tháng 01 năm 2027",
        "subject": "Công khai danh sách tập thể, cá nhân được đề nghị khen thưởng năm 2026",
        "intro": ["Thực hiện quy định của Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022, Sở Nội vụ thông báo "
                  "công khai danh sách các tập thể, cá nhân được đề nghị khen thưởng để lấy ý kiến của cơ quan, "
                  "đơn vị và Nhân dân, như sau:"],
        "period_line": "Thời gian công khai: từ ngày 05/01/2027 đến ngày 18/01/2027.",
        "rows": rows,
        "closing_lines": ["Ý kiến góp ý gửi về Sở Nội vụ (Phòng Thi đua, khen thưởng) hoặc gửi trực tiếp tại trang "
                          "Thông báo công khai của Cổng thông tin thi đua, khen thưởng trong thời gian công khai."],
    }


def public_notice_report_sample() -> dict:
    rows = [CommentRow("1", "Nguyễn Văn An (Bằng khen của Thủ tướng Chính phủ)",
                       "Ngày 08/01/2027, ông Lê Văn Bình: đề nghị làm rõ sáng kiến năm 2025.",
                       "Đã đề nghị Sở Y tế báo cáo; sáng kiến đã được Hội đồng sáng kiến công nhận."),
            CommentRow("2", "Rơ Châm H'Luyn (Danh hiệu Chiến sĩ thi đua toàn quốc)", "Không có ý kiến.", "")]
    return {
        **_SNV, **_SNV_SIGNED, "number_line": "Số: 15/BC-SNV", "place_date": "Gia Lai, ngày 19 tháng 01 năm 2027",
        "subject": "Kết quả tiếp nhận, xử lý ý kiến trong thời gian công khai danh sách đề nghị khen thưởng",
        "intro": ["Sở Nội vụ đã công khai danh sách 02 tập thể, cá nhân được đề nghị khen thưởng từ ngày 05/01/2027 "
                  "đến ngày 18/01/2027. Trong thời gian công khai, Sở Nội vụ nhận được 01 ý kiến, cụ thể:"],
        "rows": rows,
        "closing_lines": ["Các ý kiến đã được xử lý theo quy định; Sở Nội vụ báo cáo Hội đồng Thi đua - Khen thưởng "
                          "tỉnh xem xét./."],
    }


def _letter_sample(subject: str, detail: str, closing: list[str]) -> dict:
    return {
        **_SNV, **_SNV_SIGNED, "number_line": "Số: 31/SNV-TĐKT", "place_date": "Gia Lai, ngày 12 tháng 12 năm 2026",
        "subject": subject, "addressee": "Kính gửi: Sở Y tế.",
        "intro": ["Sở Nội vụ nhận được hồ sơ đề nghị khen thưởng của Sở Y tế (Phong trào thi đua năm 2026). "
                  "Kết quả xem xét như sau:"],
        "rows": [LetterRow("1", "Nguyễn Văn An", "Danh hiệu Chiến sĩ thi đua cấp tỉnh", detail)],
        "closing_lines": closing,
    }


def supplement_sample() -> dict:
    return _letter_sample("V/v bổ sung hồ sơ đề nghị khen thưởng",
                          "Báo cáo thành tích có xác nhận của Thủ trưởng đơn vị; Biên bản họp Hội đồng Thi đua - Khen "
                          "thưởng của đơn vị. Ghi chú: thiếu xác nhận sáng kiến năm 2025.",
                          ["Đề nghị Sở Y tế bổ sung, hoàn thiện hồ sơ và gửi về Sở Nội vụ trước ngày 26/12/2026 "
                           "(10 ngày làm việc). Quá thời hạn trên, hồ sơ chưa được xem xét trong đợt này./."])


def appraisal_result_sample() -> dict:
    return _letter_sample("V/v kết quả thẩm định hồ sơ đề nghị khen thưởng",
                          "Đủ điều kiện, tiêu chuẩn; trình Hội đồng Thi đua - Khen thưởng tỉnh xem xét.",
                          ["Sở Nội vụ thông báo để Sở Y tế biết./."])


def not_approved_sample() -> dict:
    return _letter_sample("V/v hồ sơ đề nghị khen thưởng không được chấp thuận",
                          "Hội đồng Thi đua - Khen thưởng tỉnh biểu quyết 7/12 phiếu tán thành, chưa đạt tỷ lệ 90% "
                          "tổng số thành viên theo quy định.",
                          ["Sở Nội vụ thông báo để Sở Y tế biết và thông báo đến tập thể, cá nhân có liên quan./."])


def unit_proposal_sample() -> dict:
    rows = [ProposalRow("1", "Nguyễn Văn An", "Trưởng phòng Tổ chức cán bộ, Sở Y tế",
                        "Danh hiệu Chiến sĩ thi đua cấp tỉnh"),
            ProposalRow("2", "Phòng Kế hoạch - Tài chính", "Sở Y tế", "Danh hiệu Tập thể lao động xuất sắc")]
    return {
        "org_parent": "UBND TỈNH GIA LAI", "org_name": "SỞ Y TẾ",
        "number_line": f"Số:{BLANK_NUMBER}/TTr-SYT", "place_date": f"Gia Lai, {draft_long_date(2026)}",
        "subject": "Về việc đề nghị khen thưởng năm 2026",
        "addressee": "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh (qua Sở Nội vụ).",
        "intro": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                  "Căn cứ kết quả phong trào thi đua năm 2026 và đề nghị của Hội đồng Thi đua - Khen thưởng Sở Y tế, "
                  "Sở Y tế kính đề nghị khen thưởng 01 tập thể và 01 cá nhân (có danh sách dưới đây):"],
        "rows": rows,
        "closing_lines": ["Sở Y tế kính trình Hội đồng Thi đua - Khen thưởng tỉnh xem xét, đề nghị khen thưởng./."],
        "recipients": ["- Như trên;", "- Lưu: VT."], "signer_lines": ["GIÁM ĐỐC"], "signer_name": "Phạm Quốc Hùng",
    }


def _report_form_sample(collective: bool) -> dict:
    records = {"titles": [RecordRow("2024", "Chiến sĩ thi đua cơ sở", "Quyết định số 112/QĐ-SYT ngày 20/12/2024 "
                                    "của Giám đốc Sở Y tế")],
               "commendations": [RecordRow("2023", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                                           "Quyết định số 58/QĐ-UBND ngày 15/01/2024 của Chủ tịch UBND tỉnh")]}
    common = {"org_parent": "UBND TỈNH GIA LAI", "org_name": "SỞ Y TẾ", "number_line": "",
              "place_date": f"Gia Lai, {draft_long_date(2026)}", **records}
    if collective:
        return {**common, "subject": "Đề nghị tặng danh hiệu Tập thể lao động xuất sắc năm 2026",
                "profile": ["1. Tên tập thể: Phòng Kế hoạch - Tài chính, Sở Y tế", "Địa chỉ trụ sở: ",
                            "Điện thoại: ", "2. Chức năng, nhiệm vụ được giao: ", "Tổng số cán bộ, công chức: "],
                "achievement_lines": ["1. Thành tích đạt được (theo tóm tắt của hồ sơ):",
                                      "Hoàn thành xuất sắc nhiệm vụ năm 2026.",
                                      "2. Những biện pháp hoặc nguyên nhân đạt được thành tích: "],
                "rating_lines": [], "signer_name": "Phạm Quốc Hùng"}
    return {**common, "subject": "Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2026",
            "profile": ["Họ và tên: Nguyễn Văn An", "Giới tính: Nam", "Năm sinh: 1980", "Quê quán: ", "Trú quán: ",
                        "Đơn vị công tác: Sở Y tế", "Chức vụ: Trưởng phòng Tổ chức cán bộ",
                        "Trình độ chuyên môn, nghiệp vụ: ", "Học hàm, học vị, danh hiệu, giải thưởng: "],
            "achievement_lines": ["1. Quyền hạn, nhiệm vụ được giao: ",
                                  "2. Thành tích đạt được (theo tóm tắt của hồ sơ):",
                                  "Hoàn thành xuất sắc nhiệm vụ năm 2026."],
            "rating_lines": ["Năm 2025: Hoàn thành xuất sắc nhiệm vụ.", "Năm 2026: Hoàn thành xuất sắc nhiệm vụ.",
                             "Sáng kiến: Số hóa hồ sơ cán bộ (năm 2025)."],
            "signer_name": "Nguyễn Văn An"}


def _register(name: str, label: str, placeholders: dict, required: set, sample, sample_name: str) -> None:
    kinds.register(kinds.TemplateKind(name=name, label=label, builtin_file=f"{name}.docx", placeholders=placeholders,
                                      required=frozenset(required), sample_context=sample, sample_name=sample_name))


_LETTER_REQUIRED = {"number_line", "place_date", "subject", "addressee", "rows", "signer_name"}
_register("council_minutes", "Biên bản họp Hội đồng Thi đua - Khen thưởng tỉnh", COUNCIL_PLACEHOLDERS,
          {"number_line", "place_date", "opening", "chair_line", "rows", "secretary_name", "chair_name"},
          council_sample, "council-minutes")
_register("public_notice", "Thông báo công khai danh sách đề nghị khen thưởng", PUBLIC_NOTICE_PLACEHOLDERS,
          {"number_line", "place_date", "period_line", "rows", "signer_name"}, public_notice_sample, "public-notice")
_register("public_notice_report", "Báo cáo kết quả tiếp nhận, xử lý ý kiến trong thời gian công khai",
          REPORT_PLACEHOLDERS, {"number_line", "place_date", "rows", "signer_name"}, public_notice_report_sample,
          "public-notice-report")
_register("notice_supplement", "Công văn đề nghị bổ sung hồ sơ", LETTER_PLACEHOLDERS, _LETTER_REQUIRED,
          supplement_sample, "notice-supplement")
_register("notice_appraisal_result", "Công văn thông báo kết quả thẩm định", LETTER_PLACEHOLDERS, _LETTER_REQUIRED,
          appraisal_result_sample, "notice-appraisal-result")
_register("notice_not_approved", "Công văn thông báo hồ sơ không được chấp thuận", LETTER_PLACEHOLDERS,
          _LETTER_REQUIRED, not_approved_sample, "notice-not-approved")
_register("unit_proposal", "Tờ trình đề nghị khen thưởng của đơn vị (kèm danh sách)", PROPOSAL_PLACEHOLDERS,
          {"number_line", "place_date", "subject", "rows", "signer_name"}, unit_proposal_sample, "unit-proposal")
_register("achievement_report_individual", "Báo cáo thành tích cá nhân", REPORT_FORM_PLACEHOLDERS,
          {"subject", "profile", "achievement_lines", "titles", "commendations"},
          lambda: _report_form_sample(False), "achievement-report-individual")
_register("achievement_report_collective", "Báo cáo thành tích tập thể", REPORT_FORM_PLACEHOLDERS,
          {"subject", "profile", "achievement_lines", "titles", "commendations"},
          lambda: _report_form_sample(True), "achievement-report-collective")
