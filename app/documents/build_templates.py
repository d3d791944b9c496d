"""Builds templates/decision.docx, proposal.docx and cluster_minutes.docx (``python -m app.documents.build_templates``).

The page is laid out here with python-docx in the Nghị định 30/2020 format (DOMAIN.md §10) and
docxtpl tags are placed as plain text, so the output opens in Word like any document and can be
edited there by hand afterwards. Everything that varies is formatted in Python (decision.py); the
tags only print prepared strings, loop over prepared lists and test one boolean.

Formatting lives in named paragraph styles ("Org Name", "Article", "Table Cell Right" …) rather
than on runs: an editor changes a style once, and the annex rows stay small, which keeps
rendering thousands of them fast.
"""
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from app.documents.docx_helpers import (
    AFTER_CANTSPLIT,
    AFTER_PBDR,
    AFTER_PGNUMTYPE,
    AFTER_TBLHEADER,
    LANGUAGE,
    add_row,
    fill,
    fixed_table,
    para,
    rule,
    set_fonts,
)

TEMPLATES = Path(__file__).parent / "templates"
CONTENT_WIDTH = 165  # mm: A4 210 − left 30 − right 15
HEADER_COLUMNS = (60, 105)  # the organ | the national title (which needs ~96 mm at 13 pt bold)
SIGNATURE_COLUMNS = (80, 85)
DECISION_ANNEX_COLUMNS = (14, 58, 63, 30)
PROPOSAL_ANNEX_COLUMNS = (14, 66, 85)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# name: (size pt, bold, italic, alignment, first-line indent mm, space before pt, space after pt)
PARAGRAPH_STYLES = {
    "Org Name": (13, True, False, "center", 0, 0, 0),
    "National Title": (13, True, False, "center", 0, 0, 0),
    "Motto": (14, True, False, "center", 0, 0, 0),
    "Doc Number": (13, False, False, "center", 0, 6, 0),
    "Draft Mark": (13, True, False, "right", 0, 0, 6),
    "Place Date": (14, False, True, "center", 0, 6, 0),
    "Doc Title": (14, True, False, "center", 0, 18, 0),
    "Doc Subject": (14, True, False, "center", 0, 0, 0),
    "Authority": (14, True, False, "center", 0, 12, 12),
    "Addressee": (14, False, False, "center", 0, 12, 12),
    "Legal Basis": (14, False, True, "justify", 12.7, 0, 6),
    "Resolve": (14, True, False, "center", 0, 6, 6),
    "Article": (14, False, False, "justify", 12.7, 0, 6),
    "Recipients Heading": (12, True, True, "left", 0, 0, 0),
    "Recipient": (11, False, False, "left", 0, 0, 0),
    "Signer Title": (14, True, False, "center", 0, 0, 0),
    "Signer Name": (14, True, False, "center", 0, 0, 0),
    "Annex Title": (14, True, False, "center", 0, 0, 0),
    "Annex Reference": (14, False, True, "center", 0, 0, 0),
    "Table Head": (13, True, False, "center", 0, 3, 3),
    "Table Group": (13, True, False, "left", 0, 3, 3),
    "Table Cell": (13, False, False, "left", 0, 3, 3),
    "Table Cell Center": (13, False, False, "center", 0, 3, 3),
    "Table Cell Right": (13, False, False, "right", 0, 3, 3),
    "Rule": (1, False, False, "center", 0, 5, 0),  # 5 pt: the line must not touch the text above it
    "Tag": (8, False, False, "left", 0, 0, 0),
    "Section End": (1, False, False, "left", 0, 0, 0),
}
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


# --- fonts and styles -------------------------------------------------------------------------

def _keep_only_used_styles(doc) -> None:
    # The python-docx default template carries ~150 styles on theme fonts (Calibri, Cambria);
    # dropping the unused ones leaves nothing in the file that is not Times New Roman.
    keep = {"Normal", "Header", "HeaderChar", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"}
    styles = doc.styles.element
    for style in list(styles.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) not in keep:
            styles.remove(style)


def setup_styles(doc) -> None:
    _keep_only_used_styles(doc)
    styles = doc.styles.element
    defaults_rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    defaults_rpr.find(qn("w:sz")).set(qn("w:val"), "28")  # 14 pt wherever no style says otherwise
    set_fonts(defaults_rpr)
    defaults_ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = defaults_ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    header = doc.styles["Header"]
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.font.size = Pt(14)
    for style in (normal, header):
        set_fonts(style.element.get_or_add_rPr())
    for name, (size, bold, italic, align, indent, before, after) in PARAGRAPH_STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element.get_or_add_rPr())
        fmt = style.paragraph_format
        fmt.alignment = ALIGN[align]
        fmt.first_line_indent = Mm(indent) if indent else None
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
    # A 1 pt line: the rules stay thin, and the empty paragraphs that carry a section break or
    # close the document cannot push an empty page of their own.
    for name in ("Rule", "Section End"):
        doc.styles[name].paragraph_format.line_spacing = Pt(1)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    doc.styles["Rule"].element.get_or_add_pPr().insert_element_before(borders, *AFTER_PBDR)
    for name in ("Table Head", "Table Group", "Table Cell", "Table Cell Center", "Table Cell Right"):
        doc.styles[name].paragraph_format.keep_together = True


# --- page setup ---------------------------------------------------------------------------------

def setup_section(section, restart_numbering: bool = False) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    # The page number appears from page 2: the first page has its own (empty) header.
    section.different_first_page_header_footer = True
    if restart_numbering:
        numbering = OxmlElement("w:pgNumType")
        numbering.set(qn("w:start"), "1")
        section._sectPr.insert_element_before(numbering, *AFTER_PGNUMTYPE)


def add_page_number_headers(section) -> None:
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]  # already in the "Header" style
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = OxmlElement("w:r")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        else:
            element = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
            run.append(element)
        paragraph._p.append(run)
    section.first_page_header.is_linked_to_previous = False


# --- the blocks of the page ------------------------------------------------------------------

def header_block(doc, parent: str = "ỦY BAN NHÂN DÂN") -> None:
    """The draft mark, the issuer's two lines over a short rule and the number; the national title, the motto
    and the place-date line. ``parent``: the first line, literal or a tag ("{{ issuer_parent }}": the decision,
    whose issuer may be a department, "UBND TỈNH GIA LAI / SỞ …", or a commune, DOMAIN.md §10b)."""
    # A draft says so above the header (DOMAIN.md §10a); the tags drop the line from a signed copy.
    para(doc, "{%p if draft %}", "Tag")
    para(doc, "DỰ THẢO", "Draft Mark")
    para(doc, "{%p endif %}", "Tag")
    table = fixed_table(doc, HEADER_COLUMNS, bordered=False)
    left, right = add_row(table, HEADER_COLUMNS)
    fill(left, [(parent, "Org Name"), ("{{ issuer_name }}", "Org Name")])
    rule(left, 25, HEADER_COLUMNS[0] - 4)
    fill(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "National Title"), ("Độc lập - Tự do - Hạnh phúc", "Motto")])
    rule(right, 61, HEADER_COLUMNS[1] - 4)  # as long as the motto line (≈ 61 mm at 14 pt bold)
    left, right = add_row(table, HEADER_COLUMNS)
    fill(left, [("{{ number_line }}", "Doc Number")])
    fill(right, [("{{ place_date }}", "Place Date")])


SIGNER_FIRST_LINE = "{{ signer_lines[0] }}"


def signature_block(doc, on_behalf_of_committee: bool, titles_from_context: bool = False) -> None:
    """Nơi nhận on the left, the signature on the right. ``titles_from_context``: the title lines are the
    context's ``signer_lines`` (the decision: the Chairman's, a Giám đốc's, KT./Q./TL. …), the first one printed
    apart so that it alone carries the gap above the block; otherwise the Chairman's, chosen by
    ``signer_is_deputy`` (the province's Tờ trình)."""
    table = fixed_table(doc, SIGNATURE_COLUMNS, bordered=False)
    left, right = add_row(table, SIGNATURE_COLUMNS)
    fill(left, [("Nơi nhận:", "Recipients Heading"), ("{%p for line in recipients %}", "Tag"),
                ("{{ line }}", "Recipient"), ("{%p endfor %}", "Tag")])
    lines = [("TM. ỦY BAN NHÂN DÂN", "Signer Title")] if on_behalf_of_committee else []
    if titles_from_context:
        lines += [(SIGNER_FIRST_LINE, "Signer Title"), ("{%p for line in signer_lines[1:] %}", "Tag"),
                  ("{{ line }}", "Signer Title"), ("{%p endfor %}", "Tag")]
    else:
        lines += [("{%p if signer_is_deputy %}", "Tag"), ("KT. CHỦ TỊCH", "Signer Title"),
                  ("PHÓ CHỦ TỊCH", "Signer Title"), ("{%p else %}", "Tag"), ("CHỦ TỊCH", "Signer Title"),
                  ("{%p endif %}", "Tag")]
    lines += [("", "Signer Title")] * 4  # room for the signature and the seal
    lines += [("{{ signer_name }}", "Signer Name")]
    fill(right, lines)
    # A gap above the block: on its first visible line, whichever branch of the "if" prints.
    first_lines = ({"TM. ỦY BAN NHÂN DÂN"} if on_behalf_of_committee else
                   {SIGNER_FIRST_LINE} if titles_from_context else {"KT. CHỦ TỊCH", "CHỦ TỊCH"})
    for paragraph in right.paragraphs:
        if paragraph.text in first_lines:
            paragraph.paragraph_format.space_before = Pt(12)
    left.paragraphs[0].paragraph_format.space_before = Pt(12)
    keep_signature_with_text(doc, table)


def title_block(doc, heading: str, subject: str = "{{ subject }}") -> None:
    """The document's name (QUYẾT ĐỊNH, TỜ TRÌNH, BIÊN BẢN…), its subject line and the short rule under them."""
    para(doc, heading, "Doc Title")
    para(doc, subject, "Doc Subject")
    rule(doc, 50, CONTENT_WIDTH)


def legal_bases_block(doc) -> None:
    """One "Căn cứ …" paragraph per legal basis in force (the context's ``legal_bases``)."""
    para(doc, "{%p for line in legal_bases %}", "Tag")
    para(doc, "{{ line }}", "Legal Basis")
    para(doc, "{%p endfor %}", "Tag")


def keep_signature_with_text(doc, table) -> None:
    """A signature block never stands alone on a page (DOMAIN.md §10a): its row does not split, and the
    paragraph above it (the last article, the closing sentence) keeps with it, so the page break, if
    one is needed, comes before that paragraph and the block takes body text with it."""
    for row in table.rows:
        row._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:cantSplit"), *AFTER_CANTSPLIT)
    previous = table._tbl.getprevious()
    if previous is not None and previous.tag == qn("w:p"):
        formatting = Paragraph(previous, doc._body).paragraph_format  # python-docx keeps the schema order
        formatting.keep_with_next = True
        formatting.keep_together = True


def annex(doc, columns_mm: tuple, with_amounts: bool) -> None:
    """The DANH SÁCH on its own section, so that its pages are numbered on their own (Nghị định 30)."""
    setup_section(doc.add_section(WD_SECTION.NEW_PAGE), restart_numbering=True)
    doc.paragraphs[-1].style = "Section End"  # the paragraph that now holds the first section's end
    para(doc, "DANH SÁCH", "Annex Title")
    para(doc, "{{ annex_subject }}", "Annex Title")
    para(doc, "{{ annex_reference }}", "Annex Reference")
    rule(doc, 50, CONTENT_WIDTH)
    table = fixed_table(doc, columns_mm, bordered=True)
    heads = ["STT", "Tên tập thể, họ và tên", "{{ position_head }}"] + (["Số tiền (đồng)"] if with_amounts else [])
    head_row = add_row(table, columns_mm)
    for cell, text in zip(head_row, heads):
        fill(cell, [(text, "Table Head")])
    fill(add_row(table, columns_mm, span_all=True)[0], [("{%tr for group in groups %}", "Tag")])
    fill(add_row(table, columns_mm, span_all=True)[0], [("{{ group.heading }}", "Table Group")])
    fill(add_row(table, columns_mm, span_all=True)[0], [("{%tr for row in group.rows %}", "Tag")])
    # The annex rows: pre-formatted tuples in decision.py (see its docstring about speed).
    cells = add_row(table, columns_mm)
    fields = [("{{ row.no }}", "Table Cell Center"), ("{{ row.name }}", "Table Cell"),
              ("{{ row.position_unit }}", "Table Cell")]
    if with_amounts:
        fields.append(("{{ row.amount }}", "Table Cell Right"))
    for cell, line in zip(cells, fields):
        fill(cell, [line])
        # The fixed layout takes the widths from the grid; a repeated row is lighter without them.
        cell._tc.remove(cell._tc.tcPr)
    fill(add_row(table, columns_mm, span_all=True)[0], [("{%tr endfor %}", "Tag")])
    fill(add_row(table, columns_mm, span_all=True)[0], [("{%tr endfor %}", "Tag")])
    if with_amounts:
        label, amount = add_row(table, columns_mm, span_first=3)
        fill(label, [("Tổng cộng", "Table Head")])
        fill(amount, [("{{ total_amount }}", "Table Head")])
        amount.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para(doc, "", "Section End")  # Word wants a paragraph between a table and the end of the document
    for row in table.rows:
        row._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:cantSplit"), *AFTER_CANTSPLIT)
    # Repeat the column heads on every page of a long list.
    table.rows[0]._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:tblHeader"), *AFTER_TBLHEADER)


# --- the two documents --------------------------------------------------------------------------

def new_document(title: str):
    doc = Document()
    setup_styles(doc)
    setup_section(doc.sections[0])
    add_page_number_headers(doc.sections[0])
    body = doc.element.body
    for paragraph in body.findall(qn("w:p")):  # the default template's empty first paragraph
        body.remove(paragraph)
    _clean_package(doc, title)
    return doc


def _clean_package(doc, title: str) -> None:
    props = doc.core_properties
    props.title, props.author, props.language = title, "khenthuong", LANGUAGE
    props.comments, props.subject, props.identifier = "", "", ""
    props.last_modified_by = "khenthuong"
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    # python-docx's template ships a thumbnail of its own sample page, a Word 2010 copy of the
    # styles (on theme fonts) and a customXml item: none belongs in our document.
    unwanted = {RT.THUMBNAIL, RT.CUSTOM_XML, STYLES_WITH_EFFECTS}
    for rels in (doc.part.package.rels, doc.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype in unwanted:
                rels.pop(r_id)


def build_decision():
    doc = new_document("Quyết định khen thưởng")
    header_block(doc, parent="{{ issuer_parent }}")
    title_block(doc, "QUYẾT ĐỊNH")
    para(doc, "{{ authority }}", "Authority")
    legal_bases_block(doc)
    para(doc, "{{ proposal_line }}", "Legal Basis")
    para(doc, "QUYẾT ĐỊNH:", "Resolve")
    for number in (1, 2, 3):
        para(doc, "", "Article", runs=[(f"Điều {number}.", True), (f" {{{{ article{number} }}}}", False)])
    signature_block(doc, on_behalf_of_committee=False, titles_from_context=True)
    annex(doc, DECISION_ANNEX_COLUMNS, with_amounts=True)
    return doc


def build_proposal():
    doc = new_document("Tờ trình đề nghị khen thưởng")
    header_block(doc)
    title_block(doc, "TỜ TRÌNH")
    para(doc, "{{ addressee }}", "Addressee")
    legal_bases_block(doc)
    para(doc, "{{ proposal_line }}", "Legal Basis")
    para(doc, "{{ proposal_body }}", "Article")
    para(doc, "{%p if council_line %}", "Tag")
    para(doc, "{{ council_line }}", "Article")
    para(doc, "{%p endif %}", "Tag")
    para(doc, "{%p if summaries %}", "Tag")
    para(doc, "Tóm tắt thành tích:", "Article")
    para(doc, "{%p for line in summaries %}", "Tag")
    para(doc, "{{ line }}", "Article")
    para(doc, "{%p endfor %}", "Tag")
    para(doc, "{%p endif %}", "Tag")
    para(doc, "{{ proposal_closing }}", "Article")
    signature_block(doc, on_behalf_of_committee=True)
    annex(doc, PROPOSAL_ANNEX_COLUMNS, with_amounts=False)
    return doc


MINUTES_COLUMNS = (16, 64, 25, 25, 35)


def build_cluster_minutes():
    """The cluster meeting's minutes: every sentence is prepared by app/scoring/minutes.py, the ranking
    rows by a ``{%tr for %}`` loop, the signatures of the secretary and the chair side by side."""
    doc = new_document("Biên bản họp cụm, khối thi đua")
    header = fixed_table(doc, HEADER_COLUMNS, bordered=False)
    left, right = add_row(header, HEADER_COLUMNS)
    fill(left, [("{{ org_name }}", "Org Name")])
    rule(left, 25, HEADER_COLUMNS[0] - 4)
    fill(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "National Title"), ("Độc lập - Tự do - Hạnh phúc", "Motto")])
    rule(right, 61, HEADER_COLUMNS[1] - 4)
    left, right = add_row(header, HEADER_COLUMNS)
    fill(left, [("{{ number_line }}", "Doc Number")])
    fill(right, [("{{ place_date }}", "Place Date")])
    title_block(doc, "BIÊN BẢN")
    para(doc, "{%p for line in intro %}", "Tag")
    para(doc, "{{ line }}", "Article")
    para(doc, "{%p endfor %}", "Tag")
    para(doc, "I. KẾT QUẢ CHẤM ĐIỂM VÀ BIỂU QUYẾT SUY TÔN", "Resolve")
    table = fixed_table(doc, MINUTES_COLUMNS, bordered=True)
    for cell, text in zip(add_row(table, MINUTES_COLUMNS),
                          ("Hạng", "Đơn vị", "Tổng điểm", "Phiếu tán thành", "Không tán thành / không biểu quyết")):
        fill(cell, [(text, "Table Head")])
    fill(add_row(table, MINUTES_COLUMNS, span_all=True)[0], [("{%tr for row in rows %}", "Tag")])
    cells = add_row(table, MINUTES_COLUMNS)
    for cell, line in zip(cells, (("{{ row.rank }}", "Table Cell Center"), ("{{ row.unit }}", "Table Cell"),
                                  ("{{ row.total }}", "Table Cell Right"), ("{{ row.votes_for }}", "Table Cell Center"),
                                  ("{{ row.against_abstain }}", "Table Cell Center"))):
        fill(cell, [line])
    fill(add_row(table, MINUTES_COLUMNS, span_all=True)[0], [("{%tr endfor %}", "Tag")])
    for row in table.rows:
        row._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:cantSplit"), *AFTER_CANTSPLIT)
    table.rows[0]._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:tblHeader"), *AFTER_TBLHEADER)
    para(doc, "", "Section End")
    para(doc, "{%p for line in notes %}", "Tag")
    para(doc, "{{ line }}", "Article")
    para(doc, "{%p endfor %}", "Tag")
    para(doc, "II. ĐỀ NGHỊ KHEN THƯỞNG", "Resolve")
    para(doc, "{%p for line in proposals %}", "Tag")
    para(doc, "{{ line }}", "Article")
    para(doc, "{%p endfor %}", "Tag")
    para(doc, "{{ closing }}", "Article")
    signatures = fixed_table(doc, SIGNATURE_COLUMNS, bordered=False)
    left, right = add_row(signatures, SIGNATURE_COLUMNS)
    fill(left, [("THƯ KÝ", "Signer Title")] + [("", "Signer Title")] * 4 + [("{{ secretary_name }}", "Signer Name")])
    fill(right, [("{{ chair_on_behalf }}", "Signer Title"), ("{{ chair_title }}", "Signer Title")]
         + [("", "Signer Title")] * 3 + [("{{ chair_name }}", "Signer Name")])
    keep_signature_with_text(doc, signatures)
    para(doc, "", "Section End")
    return doc


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    for name, build in (("decision.docx", build_decision), ("proposal.docx", build_proposal),
                        ("cluster_minutes.docx", build_cluster_minutes)):
        build().save(TEMPLATES / name)
        print("wrote", TEMPLATES / name)


if __name__ == "__main__":
    main()
