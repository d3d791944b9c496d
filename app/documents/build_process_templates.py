"""Builds the templates of the process documents (``python -m app.documents.build_process_templates``):
the provincial council's minutes, the public notice and the report on its comments, the Sở Nội vụ's
notices to units, the unit's Tờ trình and the báo cáo thành tích forms (DOMAIN.md §10c).

Same method as build_templates.py (whose page setup, styles and blocks this module reuses): the page
is laid out with python-docx in the Nghị định 30/2020 format, docxtpl tags are plain text, and
everything that varies is prepared in Python (app/documents/process_kinds.py lists each kind's values),
so a clerk edits the fixed wording in Word. The signature block of each document keeps with the
paragraph above it and its row never splits (``keep_signature_with_text``).
"""
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt, RGBColor

from app.documents.build_templates import (
    HEADER_COLUMNS,
    SIGNATURE_COLUMNS,
    TEMPLATES,
    keep_signature_with_text,
    new_document,
    title_block,
)
from app.documents.docx_helpers import (
    AFTER_CANTSPLIT,
    AFTER_TBLHEADER,
    add_row,
    fill,
    fixed_table,
    para,
    rule,
    set_fonts,
)

# name: (size pt, bold, italic, alignment, space before pt, space after pt)
EXTRA_STYLES = {
    "Org Parent": (13, False, False, "center", 0, 0),
    "Letter Subject": (12, False, False, "center", 3, 0),
    "Section Heading": (14, True, False, "left", 6, 6),
    "Body": (14, False, False, "justify", 0, 6),
    "Field": (14, False, False, "left", 0, 3),
    "Signer Note": (13, False, True, "center", 0, 0),
    "Table Gap": (1, False, False, "left", 0, 6),  # after a table: the next paragraph does not touch it
}
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
          "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def _new(title: str):
    doc = new_document(title)
    normal = doc.styles["Normal"]
    for name, (size, bold, italic, align, before, after) in EXTRA_STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size, style.font.bold, style.font.italic = Pt(size), bold, italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element.get_or_add_rPr())
        fmt = style.paragraph_format
        fmt.alignment = _ALIGN[align]
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if name == "Body":
            fmt.first_line_indent = Mm(12.7)
        if name == "Table Gap":
            fmt.line_spacing = Pt(1)
    return doc


def org_header(doc, letter: bool = False) -> None:
    """The two-column header: the parent organ and the issuing organ (rule below) with the number on the
    left, the national title and motto (rule below) with the place-date line on the right; a letter
    (công văn) carries its subject "V/v …" under its number."""
    table = fixed_table(doc, HEADER_COLUMNS, bordered=False)
    left, right = add_row(table, HEADER_COLUMNS)
    fill(left, [("{{ org_parent }}", "Org Parent"), ("{{ org_name }}", "Org Name")])
    rule(left, 25, HEADER_COLUMNS[0] - 4)
    fill(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "National Title"), ("Độc lập - Tự do - Hạnh phúc", "Motto")])
    rule(right, 61, HEADER_COLUMNS[1] - 4)
    left, right = add_row(table, HEADER_COLUMNS)
    lines = [("{{ number_line }}", "Doc Number")]
    if letter:
        lines.append(("{{ subject }}", "Letter Subject"))
    fill(left, lines)
    fill(right, [("{{ place_date }}", "Place Date")])


def loop(doc, items: str, style: str = "Body") -> None:
    """One paragraph per item of the list ``items`` (each item a prepared sentence)."""
    para(doc, f"{{%p for line in {items} %}}", "Tag")
    para(doc, "{{ line }}", style)
    para(doc, "{%p endfor %}", "Tag")


def rows_table(doc, columns_mm: tuple, heads: list[str], fields: list[tuple[str, str]], items: str = "rows") -> None:
    """A bordered table: the heads (repeated on every page), then a row per item of ``items``."""
    table = fixed_table(doc, columns_mm, bordered=True)
    for cell, text in zip(add_row(table, columns_mm), heads):
        fill(cell, [(text, "Table Head")])
    fill(add_row(table, columns_mm, span_all=True)[0], [(f"{{%tr for row in {items} %}}", "Tag")])
    for cell, line in zip(add_row(table, columns_mm), fields):
        fill(cell, [line])
    fill(add_row(table, columns_mm, span_all=True)[0], [("{%tr endfor %}", "Tag")])
    for row in table.rows:
        row._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:cantSplit"), *AFTER_CANTSPLIT)
    table.rows[0]._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:tblHeader"), *AFTER_TBLHEADER)
    para(doc, "", "Table Gap")


def recipients_and_signer(doc) -> None:
    """Nơi nhận on the left; on the right the signer's lines (prepared: "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    room for the signature and seal, the signer's name."""
    table = fixed_table(doc, SIGNATURE_COLUMNS, bordered=False)
    left, right = add_row(table, SIGNATURE_COLUMNS)
    fill(left, [("Nơi nhận:", "Recipients Heading"), ("{%p for line in recipients %}", "Tag"),
                ("{{ line }}", "Recipient"), ("{%p endfor %}", "Tag")])
    # An empty line above the titles (a space before the looped line would repeat on each title).
    fill(right, [("", "Signer Title"), ("{%p for line in signer_lines %}", "Tag"), ("{{ line }}", "Signer Title"),
                 ("{%p endfor %}", "Tag")] + [("", "Signer Title")] * 4 + [("{{ signer_name }}", "Signer Name")])
    left.paragraphs[0].paragraph_format.space_before = Pt(12)
    keep_signature_with_text(doc, table)
    para(doc, "", "Section End")


def two_signatures(doc, left_lines: list[tuple[str, str]], right_lines: list[tuple[str, str]]) -> None:
    table = fixed_table(doc, SIGNATURE_COLUMNS, bordered=False)
    left, right = add_row(table, SIGNATURE_COLUMNS)
    fill(left, left_lines)
    fill(right, right_lines)
    for cell in (left, right):
        cell.paragraphs[0].paragraph_format.space_before = Pt(12)
    keep_signature_with_text(doc, table)
    para(doc, "", "Section End")


# --- the documents ---------------------------------------------------------------------------------

COUNCIL_COLUMNS = (13, 44, 38, 18, 18, 18, 16)


def build_council_minutes():
    doc = _new("Biên bản họp Hội đồng Thi đua - Khen thưởng tỉnh")
    org_header(doc)
    title_block(doc, "BIÊN BẢN")
    para(doc, "{{ opening }}", "Body")
    para(doc, "I. THÀNH PHẦN", "Section Heading")
    para(doc, "{{ chair_line }}", "Body")
    para(doc, "{{ secretary_line }}", "Body")
    para(doc, "{{ present_line }}", "Body")
    loop(doc, "present", "Field")
    para(doc, "{{ absent_line }}", "Body")
    loop(doc, "absent", "Field")
    para(doc, "II. NỘI DUNG", "Section Heading")
    loop(doc, "agenda_lines")
    para(doc, "III. KẾT QUẢ BIỂU QUYẾT", "Section Heading")
    rows_table(doc, COUNCIL_COLUMNS,
               ["STT", "Tên tập thể, cá nhân", "Hình thức khen thưởng", "Tán thành", "Không tán thành",
                "Không biểu quyết", "Kết quả"],
               [("{{ row.no }}", "Table Cell Center"), ("{{ row.name }}", "Table Cell"),
                ("{{ row.award }}", "Table Cell"), ("{{ row.votes_for }}", "Table Cell Center"),
                ("{{ row.votes_against }}", "Table Cell Center"), ("{{ row.votes_abstain }}", "Table Cell Center"),
                ("{{ row.result }}", "Table Cell Center")])
    loop(doc, "result_lines")
    para(doc, "IV. KẾT LUẬN", "Section Heading")
    loop(doc, "conclusion")
    para(doc, "{{ closing }}", "Body")
    two_signatures(doc, [("THƯ KÝ", "Signer Title")] + [("", "Signer Title")] * 4
                   + [("{{ secretary_name }}", "Signer Name")],
                   [("CHỦ TRÌ", "Signer Title")] + [("", "Signer Title")] * 4 + [("{{ chair_name }}", "Signer Name")])
    return doc


NOTICE_COLUMNS = (13, 40, 50, 37, 25)


def build_public_notice():
    doc = _new("Thông báo công khai danh sách đề nghị khen thưởng")
    org_header(doc)
    title_block(doc, "THÔNG BÁO")
    loop(doc, "intro")
    para(doc, "{{ period_line }}", "Body")
    rows_table(doc, NOTICE_COLUMNS,
               ["STT", "Tên tập thể, họ và tên", "Chức vụ, đơn vị công tác", "Hình thức khen thưởng đề nghị",
                "Thời gian công khai"],
               [("{{ row.no }}", "Table Cell Center"), ("{{ row.name }}", "Table Cell"),
                ("{{ row.position_unit }}", "Table Cell"), ("{{ row.award }}", "Table Cell"),
                ("{{ row.period }}", "Table Cell Center")])
    loop(doc, "closing_lines")
    recipients_and_signer(doc)
    return doc


REPORT_COLUMNS = (13, 44, 58, 50)


def build_public_notice_report():
    doc = _new("Báo cáo kết quả tiếp nhận, xử lý ý kiến trong thời gian công khai")
    org_header(doc)
    title_block(doc, "BÁO CÁO")
    loop(doc, "intro")
    rows_table(doc, REPORT_COLUMNS,
               ["STT", "Tập thể, cá nhân được công khai", "Ý kiến nhận được", "Kết quả xử lý"],
               [("{{ row.no }}", "Table Cell Center"), ("{{ row.nominee }}", "Table Cell"),
                ("{{ row.comment }}", "Table Cell"), ("{{ row.handling }}", "Table Cell")])
    loop(doc, "closing_lines")
    recipients_and_signer(doc)
    return doc


LETTER_COLUMNS = (13, 45, 40, 67)


def build_unit_notice(detail_head: str):
    """A letter (công văn) of Sở Nội vụ to a unit about some of its dossiers; ``detail_head`` names the
    fourth column (the missing documents, the appraisal result, the reason)."""
    doc = _new("Công văn của Sở Nội vụ gửi đơn vị")
    org_header(doc, letter=True)
    para(doc, "{{ addressee }}", "Addressee")
    loop(doc, "intro")
    rows_table(doc, LETTER_COLUMNS, ["STT", "Tên tập thể, họ và tên", "Hình thức khen thưởng", detail_head],
               [("{{ row.no }}", "Table Cell Center"), ("{{ row.name }}", "Table Cell"),
                ("{{ row.award }}", "Table Cell"), ("{{ row.detail }}", "Table Cell")])
    loop(doc, "closing_lines")
    recipients_and_signer(doc)
    return doc


PROPOSAL_COLUMNS = (13, 52, 60, 40)


def build_unit_proposal():
    doc = _new("Tờ trình đề nghị khen thưởng của đơn vị")
    org_header(doc)
    title_block(doc, "TỜ TRÌNH")
    para(doc, "{{ addressee }}", "Addressee")
    loop(doc, "intro")
    rows_table(doc, PROPOSAL_COLUMNS,
               ["STT", "Tên tập thể, họ và tên", "Chức vụ, đơn vị công tác (hộ gia đình: địa chỉ)",
                "Hình thức khen thưởng đề nghị"],
               [("{{ row.no }}", "Table Cell Center"), ("{{ row.name }}", "Table Cell"),
                ("{{ row.position_unit }}", "Table Cell"), ("{{ row.award }}", "Table Cell")])
    loop(doc, "closing_lines")
    recipients_and_signer(doc)
    return doc


RECORD_COLUMNS = (20, 70, 75)


def _record_tables(doc) -> None:
    para(doc, "1. Danh hiệu thi đua", "Field")
    rows_table(doc, RECORD_COLUMNS, ["Năm", "Danh hiệu thi đua", "Số, ngày, tháng, năm của quyết định công nhận; "
                                     "cơ quan ban hành quyết định"],
               [("{{ row.year }}", "Table Cell Center"), ("{{ row.award }}", "Table Cell"),
                ("{{ row.decision }}", "Table Cell")], items="titles")
    para(doc, "2. Hình thức khen thưởng", "Field")
    rows_table(doc, RECORD_COLUMNS, ["Năm", "Hình thức khen thưởng", "Số, ngày, tháng, năm của quyết định khen "
                                     "thưởng; cơ quan ban hành quyết định"],
               [("{{ row.year }}", "Table Cell Center"), ("{{ row.award }}", "Table Cell"),
                ("{{ row.decision }}", "Table Cell")], items="commendations")


def build_achievement_report(collective: bool):
    """The báo cáo thành tích of the detailing decree's annex (collective or individual form), pre-filled:
    the officer completes it in Word and uploads it back as the dossier's attachment."""
    doc = _new("Báo cáo thành tích")
    org_header(doc)
    title_block(doc, "BÁO CÁO THÀNH TÍCH")
    if collective:
        para(doc, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", "Section Heading")
    else:
        para(doc, "I. SƠ LƯỢC LÝ LỊCH", "Section Heading")
    loop(doc, "profile", "Field")
    para(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", "Section Heading")
    loop(doc, "achievement_lines")
    para(doc, "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN", "Section Heading")
    _record_tables(doc)
    para(doc, "{%p if rating_lines %}", "Tag")
    para(doc, "3. Kết quả đánh giá, xếp loại và sáng kiến", "Field")
    loop(doc, "rating_lines", "Field")
    para(doc, "{%p endif %}", "Tag")
    if collective:
        left = [("THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP", "Signer Title"), ("NHẬN XÉT, XÁC NHẬN", "Signer Title"),
                ("(Ký, đóng dấu)", "Signer Note")] + [("", "Signer Title")] * 4
        right = [("THỦ TRƯỞNG ĐƠN VỊ", "Signer Title"), ("(Ký, đóng dấu)", "Signer Note")] + \
            [("", "Signer Title")] * 4 + [("{{ signer_name }}", "Signer Name")]
    else:
        left = [("THỦ TRƯỞNG ĐƠN VỊ", "Signer Title"), ("XÁC NHẬN, ĐỀ NGHỊ", "Signer Title"),
                ("(Ký, đóng dấu)", "Signer Note")] + [("", "Signer Title")] * 4
        right = [("NGƯỜI BÁO CÁO THÀNH TÍCH", "Signer Title"), ("(Ký, ghi rõ họ và tên)", "Signer Note")] + \
            [("", "Signer Title")] * 4 + [("{{ signer_name }}", "Signer Name")]
    two_signatures(doc, left, right)
    return doc


BUILDERS = {
    "council_minutes.docx": build_council_minutes,
    "public_notice.docx": build_public_notice,
    "public_notice_report.docx": build_public_notice_report,
    "notice_supplement.docx": lambda: build_unit_notice("Hồ sơ, tài liệu cần bổ sung"),
    "notice_appraisal_result.docx": lambda: build_unit_notice("Kết quả thẩm định"),
    "notice_not_approved.docx": lambda: build_unit_notice("Lý do"),
    "unit_proposal.docx": build_unit_proposal,
    "achievement_report_individual.docx": lambda: build_achievement_report(collective=False),
    "achievement_report_collective.docx": lambda: build_achievement_report(collective=True),
}


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    for name, build in BUILDERS.items():
        build().save(TEMPLATES / name)
        print("wrote", TEMPLATES / name)


if __name__ == "__main__":
    main()
