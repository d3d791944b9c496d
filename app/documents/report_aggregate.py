"""The aggregated report of a report round to the Chairman (báo cáo tổng hợp) as a template kind
"report-aggregate": its placeholders, its sample, its row types and the built-in template, laid out in
the Nghị định 30/2020 format with the blocks of the process documents (build_process_templates.py; ``python -m
app.documents.report_aggregate`` writes templates/report-aggregate.docx). No database: app/reports/export.py
prepares every string from the round's aggregate.
"""
from typing import NamedTuple

from docx.oxml import OxmlElement

from app.documents import kinds
from app.documents.build_process_templates import _new as new_process_document
from app.documents.build_process_templates import loop, org_header, recipients_and_signer, rows_table
from app.documents.build_templates import TEMPLATES, title_block
from app.documents.docx_helpers import AFTER_CANTSPLIT, AFTER_TBLHEADER, add_row, fill, fixed_table, para

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
    "signer_lines": "Các dòng chức danh người ký (lặp: KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC)",
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
        "signer_lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        "signer_name": "Nguyễn Văn Nam",
    }


def build():
    """The report's page, with the blocks of the process documents (organ header, title, loops, the
    recipients and signer); only the per-unit table, a loop of units each with a loop of figures, is its own."""
    doc = new_process_document("Báo cáo tổng hợp")
    org_header(doc)
    title_block(doc, "BÁO CÁO")
    para(doc, "{{ addressee }}", "Addressee")
    loop(doc, "intro")
    para(doc, "I. TỔNG HỢP SỐ LIỆU THEO NHÓM ĐỐI TƯỢNG", "Section Heading")
    rows_table(doc, SUMMARY_COLUMNS,
               ["STT", "Chỉ tiêu", "Đơn vị tính", "Cơ quan, địa phương", "MTTQ, đoàn thể", "Doanh nghiệp", "Toàn tỉnh"],
               [("{{ row.no }}", "Table Cell Center"), ("{{ row.label }}", "Table Cell"),
                ("{{ row.measure }}", "Table Cell Center"), ("{{ row.agencies }}", "Table Cell Right"),
                ("{{ row.organisations }}", "Table Cell Right"), ("{{ row.enterprises }}", "Table Cell Right"),
                ("{{ row.total }}", "Table Cell Right")], items="summary_rows")
    para(doc, "{{ aggregation_note }}", "Body")

    para(doc, "II. SỐ LIỆU CỦA TỪNG ĐƠN VỊ", "Section Heading")
    table = fixed_table(doc, UNIT_COLUMNS, bordered=True)
    for cell, text in zip(add_row(table, UNIT_COLUMNS), ("STT", "Chỉ tiêu", "Đơn vị tính", "Giá trị")):
        fill(cell, [(text, "Table Head")])
    fill(add_row(table, UNIT_COLUMNS, span_all=True)[0], [("{%tr for group in unit_groups %}", "Tag")])
    fill(add_row(table, UNIT_COLUMNS, span_all=True)[0], [("{{ group.heading }}", "Table Group")])
    fill(add_row(table, UNIT_COLUMNS, span_all=True)[0], [("{%tr for row in group.rows %}", "Tag")])
    for cell, line in zip(add_row(table, UNIT_COLUMNS), (
            ("{{ row.no }}", "Table Cell Center"), ("{{ row.label }}", "Table Cell"),
            ("{{ row.measure }}", "Table Cell Center"), ("{{ row.value }}", "Table Cell Right"))):
        fill(cell, [line])
        cell._tc.remove(cell._tc.tcPr)  # thousands of rows: lighter without repeated widths
    fill(add_row(table, UNIT_COLUMNS, span_all=True)[0], [("{%tr endfor %}", "Tag")])
    fill(add_row(table, UNIT_COLUMNS, span_all=True)[0], [("{%tr endfor %}", "Tag")])
    for row in table.rows:
        row._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:cantSplit"), *AFTER_CANTSPLIT)
    table.rows[0]._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:tblHeader"), *AFTER_TBLHEADER)
    para(doc, "", "Section End")

    para(doc, "III. NỘI DUNG, KIẾN NGHỊ CỦA CÁC ĐƠN VỊ", "Section Heading")
    loop(doc, "opinions")
    para(doc, "{{ closing }}", "Body")
    recipients_and_signer(doc)
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
