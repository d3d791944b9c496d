"""The aggregated report of a report round to the Chairman (báo cáo tổng hợp) as a template kind
"report-aggregate": its placeholders, its sample, its row types and the built-in template, laid out in
the Nghị định 30/2020 format with the helpers of build_templates.py (``python -m
app.documents.report_aggregate`` writes templates/report-aggregate.docx). No database: app/reports/export.py
prepares every string from the round's aggregate.
"""
from typing import NamedTuple

from docx.oxml import OxmlElement

from app.documents import kinds
from app.documents.build_templates import (
    CONTENT_WIDTH,
    HEADER_COLUMNS,
    SIGNATURE_COLUMNS,
    TEMPLATES,
    keep_signature_with_text,
    new_document,
)
from app.documents.docx_helpers import AFTER_CANTSPLIT, AFTER_TBLHEADER, add_row, fill, fixed_table, para, rule

NAME = "report-aggregate"
BUILTIN_FILE = f"{NAME}.docx"
SUMMARY_COLUMNS = (10, 48, 17, 22, 22, 24, 22)  # STT, figure, unit of measure, three groups, province
UNIT_COLUMNS = (12, 95, 23, 35)                 # STT, figure, unit of measure, value


class SummaryRow(NamedTuple):
    no: str
    label: str
    measure: str
    agencies: str
    organisations: str
    enterprises: str
    total: str


class UnitValueRow(NamedTuple):
    no: str
    label: str
    measure: str
    value: str


class UnitGroup(NamedTuple):
    heading: str
    rows: list[UnitValueRow]


PLACEHOLDERS = {
    "org_parent": "Cơ quan chủ quản, dòng đầu bên trái (ỦY BAN NHÂN DÂN TỈNH GIA LAI)",
    "org_name": "Cơ quan ban hành (SỞ NỘI VỤ)",
    "number_line": "Số và ký hiệu (Số:      /BC-SNV)",
    "place_date": "Địa danh, ngày tháng năm",
    "subject": "Trích yếu (Tổng hợp kết quả … 6 tháng đầu năm 2026)",
    "addressee": "Kính gửi",
    "intro": "Các đoạn mở đầu (lặp): căn cứ, số đơn vị đã báo cáo",
    "summary_rows": "Bảng I theo nhóm đối tượng (row.no, row.label, row.measure, row.agencies, row.organisations, "
                    "row.enterprises, row.total)",
    "aggregation_note": "Cách tổng hợp (cộng, bình quân tỷ lệ, liệt kê)",
    "unit_groups": "Bảng II theo đơn vị (group.heading; group.rows: row.no, row.label, row.measure, row.value)",
    "opinions": "Phần III: nội dung, kiến nghị của các đơn vị (lặp)",
    "closing": "Câu kết, kết thúc bằng ./.",
    "recipients": "Nơi nhận (lặp)",
    "signer_on_behalf": "Dòng KT. GIÁM ĐỐC (có thể để trống)",
    "signer_title": "Chức danh người ký (GIÁM ĐỐC, PHÓ GIÁM ĐỐC)",
    "signer_name": "Họ và tên người ký",
}


def sample_context() -> dict:
    """A half-year round of three units and three figures."""
    return {
        "org_parent": "ỦY BAN NHÂN DÂN TỈNH GIA LAI",
        "org_name": "SỞ NỘI VỤ",
        "number_line": "Số:      /BC-SNV",
        "place_date": "Gia Lai, ngày 20 tháng 7 năm 2026",
        "subject": "Tổng hợp kết quả thực hiện phong trào thi đua “Đổi mới sáng tạo và chuyển đổi số” – "
                   "Báo cáo 6 tháng đầu năm 2026",
        "addressee": "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh",
        "intro": ["Thực hiện kế hoạch tổ chức phong trào thi đua, Sở Nội vụ tổng hợp báo cáo của các đơn vị "
                  "như sau: 3/4 đơn vị đã gửi báo cáo."],
        "summary_rows": [
            SummaryRow("1", "Số sáng kiến được công nhận", "sáng kiến", "12", "3", "5", "20"),
            SummaryRow("2", "Tỷ lệ hồ sơ xử lý trực tuyến", "%", "85,5 %", "—", "—", "85,5 %"),
        ],
        "aggregation_note": "Ghi chú: số liệu được cộng; tỷ lệ (%) là bình quân của các đơn vị có báo cáo; "
                            "nội dung bằng lời được liệt kê ở phần III.",
        "unit_groups": [
            UnitGroup("Sở Tài chính (Cơ quan, địa phương)", [
                UnitValueRow("1", "Số sáng kiến được công nhận", "sáng kiến", "12"),
                UnitValueRow("2", "Tỷ lệ hồ sơ xử lý trực tuyến", "%", "85,5 %")]),
            UnitGroup("Công ty Cổ phần Cà phê Gia Lai (Doanh nghiệp)", [
                UnitValueRow("1", "Số sáng kiến được công nhận", "sáng kiến", "5")]),
        ],
        "opinions": ["Sở Tài chính – Khó khăn, kiến nghị: Đề nghị bổ sung kinh phí chuyển đổi số."],
        "closing": "Sở Nội vụ kính báo cáo Chủ tịch Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.",
        "recipients": ["- Như trên;", "- Lưu: VT, NV."],
        "signer_on_behalf": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn Nam",
    }


def _table(doc, columns: tuple, heads: tuple[str, ...]):
    table = fixed_table(doc, columns, bordered=True)
    for cell, text in zip(add_row(table, columns), heads):
        fill(cell, [(text, "Table Head")])
    return table


def _finish_table(doc, table) -> None:
    for row in table.rows:
        row._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:cantSplit"), *AFTER_CANTSPLIT)
    table.rows[0]._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:tblHeader"), *AFTER_TBLHEADER)
    para(doc, "", "Section End")


def build():
    doc = new_document("Báo cáo tổng hợp")
    header = fixed_table(doc, HEADER_COLUMNS, bordered=False)
    left, right = add_row(header, HEADER_COLUMNS)
    fill(left, [("{{ org_parent }}", "Doc Number"), ("{{ org_name }}", "Org Name")])
    rule(left, 25, HEADER_COLUMNS[0] - 4)
    fill(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "National Title"), ("Độc lập - Tự do - Hạnh phúc", "Motto")])
    rule(right, 61, HEADER_COLUMNS[1] - 4)
    left, right = add_row(header, HEADER_COLUMNS)
    fill(left, [("{{ number_line }}", "Doc Number")])
    fill(right, [("{{ place_date }}", "Place Date")])
    para(doc, "BÁO CÁO", "Doc Title")
    para(doc, "{{ subject }}", "Doc Subject")
    rule(doc, 50, CONTENT_WIDTH)
    para(doc, "{{ addressee }}", "Addressee")
    para(doc, "{%p for line in intro %}", "Tag")
    para(doc, "{{ line }}", "Article")
    para(doc, "{%p endfor %}", "Tag")

    para(doc, "I. TỔNG HỢP SỐ LIỆU THEO NHÓM ĐỐI TƯỢNG", "Resolve")
    table = _table(doc, SUMMARY_COLUMNS, ("STT", "Chỉ tiêu", "Đơn vị tính", "Cơ quan, địa phương",
                                          "MTTQ, đoàn thể", "Doanh nghiệp", "Toàn tỉnh"))
    fill(add_row(table, SUMMARY_COLUMNS, span_all=True)[0], [("{%tr for row in summary_rows %}", "Tag")])
    for cell, line in zip(add_row(table, SUMMARY_COLUMNS), (
            ("{{ row.no }}", "Table Cell Center"), ("{{ row.label }}", "Table Cell"),
            ("{{ row.measure }}", "Table Cell Center"), ("{{ row.agencies }}", "Table Cell Right"),
            ("{{ row.organisations }}", "Table Cell Right"), ("{{ row.enterprises }}", "Table Cell Right"),
            ("{{ row.total }}", "Table Cell Right"))):
        fill(cell, [line])
    fill(add_row(table, SUMMARY_COLUMNS, span_all=True)[0], [("{%tr endfor %}", "Tag")])
    _finish_table(doc, table)
    para(doc, "{{ aggregation_note }}", "Article")

    para(doc, "II. SỐ LIỆU CỦA TỪNG ĐƠN VỊ", "Resolve")
    table = _table(doc, UNIT_COLUMNS, ("STT", "Chỉ tiêu", "Đơn vị tính", "Giá trị"))
    fill(add_row(table, UNIT_COLUMNS, span_all=True)[0], [("{%tr for group in unit_groups %}", "Tag")])
    fill(add_row(table, UNIT_COLUMNS, span_all=True)[0], [("{{ group.heading }}", "Table Group")])
    fill(add_row(table, UNIT_COLUMNS, span_all=True)[0], [("{%tr for row in group.rows %}", "Tag")])
    cells = add_row(table, UNIT_COLUMNS)
    for cell, line in zip(cells, (("{{ row.no }}", "Table Cell Center"), ("{{ row.label }}", "Table Cell"),
                                  ("{{ row.measure }}", "Table Cell Center"), ("{{ row.value }}", "Table Cell Right"))):
        fill(cell, [line])
        cell._tc.remove(cell._tc.tcPr)  # thousands of rows: lighter without repeated widths
    fill(add_row(table, UNIT_COLUMNS, span_all=True)[0], [("{%tr endfor %}", "Tag")])
    fill(add_row(table, UNIT_COLUMNS, span_all=True)[0], [("{%tr endfor %}", "Tag")])
    _finish_table(doc, table)

    para(doc, "III. NỘI DUNG, KIẾN NGHỊ CỦA CÁC ĐƠN VỊ", "Resolve")
    para(doc, "{%p for line in opinions %}", "Tag")
    para(doc, "{{ line }}", "Article")
    para(doc, "{%p endfor %}", "Tag")
    para(doc, "{{ closing }}", "Article")

    signatures = fixed_table(doc, SIGNATURE_COLUMNS, bordered=False)
    left, right = add_row(signatures, SIGNATURE_COLUMNS)
    fill(left, [("Nơi nhận:", "Recipients Heading"), ("{%p for line in recipients %}", "Tag"),
                ("{{ line }}", "Recipient"), ("{%p endfor %}", "Tag")])
    fill(right, [("{{ signer_on_behalf }}", "Signer Title"), ("{{ signer_title }}", "Signer Title")]
         + [("", "Signer Title")] * 4 + [("{{ signer_name }}", "Signer Name")])
    keep_signature_with_text(doc, signatures)
    para(doc, "", "Section End")
    return doc


kinds.register(kinds.TemplateKind(
    name=NAME, label="Báo cáo tổng hợp kết quả phong trào thi đua (gửi Chủ tịch UBND tỉnh)",
    builtin_file=BUILTIN_FILE, placeholders=PLACEHOLDERS,
    required=frozenset({"subject", "summary_rows", "unit_groups", "closing", "signer_name"}),
    sample_context=sample_context, sample_name="report-aggregate"))


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    build().save(TEMPLATES / BUILTIN_FILE)
    print("wrote", TEMPLATES / BUILTIN_FILE)


if __name__ == "__main__":
    main()
