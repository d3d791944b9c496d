"""Builds templates/proposal_snv.docx, the Sở Nội vụ's Tờ trình (``python -m app.documents.build_proposal_snv``).

Same page, styles and blocks as the decision (build_templates.py); the sentences of the appraisal result and
the proposal are the template's own text around the prepared numbers, so an office rewords them in Word.
"""
from app.documents.build_templates import (
    DECISION_ANNEX_COLUMNS,
    HEADER_COLUMNS,
    SIGNATURE_COLUMNS,
    TEMPLATES,
    annex,
    keep_signature_with_text,
    legal_bases_block,
    new_document,
    rule,
    title_block,
)
from app.documents.docx_helpers import add_row, fill, fixed_table, para


def header(doc) -> None:
    para(doc, "{%p if draft %}", "Tag")
    para(doc, "DỰ THẢO", "Draft Mark")
    para(doc, "{%p endif %}", "Tag")
    table = fixed_table(doc, HEADER_COLUMNS, bordered=False)
    left, right = add_row(table, HEADER_COLUMNS)
    fill(left, [("{{ parent_org }}", "Doc Number"), ("{{ org_name }}", "Org Name")])
    rule(left, 25, HEADER_COLUMNS[0] - 4)
    fill(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "National Title"), ("Độc lập - Tự do - Hạnh phúc", "Motto")])
    rule(right, 61, HEADER_COLUMNS[1] - 4)
    left, right = add_row(table, HEADER_COLUMNS)
    fill(left, [("{{ number_line }}", "Doc Number")])
    fill(right, [("{{ place_date }}", "Place Date")])


def build_proposal_snv():
    doc = new_document("Tờ trình đề nghị khen thưởng của Sở Nội vụ")
    header(doc)
    title_block(doc, "TỜ TRÌNH")
    para(doc, "{{ addressee }}", "Addressee")
    legal_bases_block(doc)
    para(doc, "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh như sau:", "Article")
    para(doc, "I. KẾT QUẢ THẨM ĐỊNH", "Article", runs=[("I. KẾT QUẢ THẨM ĐỊNH", True)])
    para(doc, "Sở Nội vụ đã tiếp nhận {{ received }} hồ sơ đề nghị tặng {{ awarded }} của các cơ quan, đơn vị, "
              "địa phương. Qua thẩm định, {{ appraised }} hồ sơ đã được thẩm định, trong đó {{ eligible }} hồ sơ "
              "đủ điều kiện, tiêu chuẩn theo quy định.", "Article")
    para(doc, "II. KẾT QUẢ HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG TỈNH", "Article",
         runs=[("II. KẾT QUẢ HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG TỈNH", True)])
    para(doc, "{%p for line in council_lines %}", "Tag")
    para(doc, "{{ line }}", "Article")
    para(doc, "{%p endfor %}", "Tag")
    para(doc, "{%p if no_council %}", "Tag")
    para(doc, "Hội đồng Thi đua – Khen thưởng tỉnh đã xem xét, thống nhất đề nghị khen thưởng.", "Article")
    para(doc, "{%p endif %}", "Tag")
    para(doc, "III. ĐỀ NGHỊ", "Article", runs=[("III. ĐỀ NGHỊ", True)])
    para(doc, "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, tặng {{ awarded }} cho {{ counts }} "
              "(có danh sách và dự thảo Quyết định kèm theo)./.", "Article")
    table = fixed_table(doc, SIGNATURE_COLUMNS, bordered=False)
    left, right = add_row(table, SIGNATURE_COLUMNS)
    fill(left, [("Nơi nhận:", "Recipients Heading"), ("{%p for line in recipients %}", "Tag"),
                ("{{ line }}", "Recipient"), ("{%p endfor %}", "Tag")])
    fill(right, [("{{ director_title }}", "Signer Title")] + [("", "Signer Title")] * 4
         + [("{{ director_name }}", "Signer Name")])
    keep_signature_with_text(doc, table)
    annex(doc, DECISION_ANNEX_COLUMNS, with_amounts=True)
    return doc


def main() -> None:
    build_proposal_snv().save(TEMPLATES / "proposal_snv.docx")
    print("wrote", TEMPLATES / "proposal_snv.docx")


if __name__ == "__main__":
    main()
