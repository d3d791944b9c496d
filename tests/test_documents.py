"""The award decision DOCX (app/documents): money, dates, and the document read back with python-docx."""
import enum
import io
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal

import jinja2
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from app.documents import decision
from app.documents.dates import vn_long_date, vn_place_date
from app.documents.decision import DecisionDocument, Honoree, build_context, render_decision, render_template
from app.documents.money import amount_in_words, bonus_amount, format_vnd
from app.documents.sample import sample_document

FONT = "Times New Roman"


# --- money and dates ----------------------------------------------------------------------------

@pytest.mark.parametrize("coefficient, expected", [
    ("1.5", 3_510_000),  # exact multiple of 10,000 stays
    ("0.3", 710_000),  # 702,000 rounds up
    ("4.5", 10_530_000),
    ("0.6", 1_410_000),  # 1,404,000
    ("3.0", 7_020_000),
    ("12", 28_080_000),
    ("0", 0),
])
def test_bonus_amount_rounds_up_to_ten_thousand(coefficient, expected):
    assert bonus_amount(Decimal(coefficient), 2_340_000) == expected


def test_bonus_amount_takes_int_coefficients_and_refuses_floats_and_negatives():
    assert bonus_amount(2, 2_340_000) == 4_680_000
    assert bonus_amount(Decimal("0.5"), 1_000_001) == 510_000  # 500,000.5 → next 10,000
    with pytest.raises(TypeError):
        bonus_amount(0.3, 2_340_000)
    with pytest.raises(ValueError):
        bonus_amount(Decimal("-1"), 2_340_000)


@pytest.mark.parametrize("amount, text", [
    (3_510_000, "3.510.000"), (710_000, "710.000"), (0, "0"), (999, "999"), (1_234_567_890, "1.234.567.890"),
])
def test_format_vnd(amount, text):
    assert format_vnd(amount) == text


@pytest.mark.parametrize("amount, words", [
    (3_510_000, "Ba triệu năm trăm mười nghìn đồng"),
    (702_000, "Bảy trăm linh hai nghìn đồng"),
    (10_530_000, "Mười triệu năm trăm ba mươi nghìn đồng"),
    (21_000, "Hai mươi mốt nghìn đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (45_000, "Bốn mươi lăm nghìn đồng"),
    (1_000_005_000, "Một tỷ không trăm linh năm nghìn đồng"),
    (2_024_000_000_000, "Hai nghìn không trăm hai mươi bốn tỷ đồng"),
    (0, "Không đồng"),
])
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.parametrize("day, expected", [
    (date(2027, 1, 5), "Gia Lai, ngày 05 tháng 01 năm 2027"),
    (date(2027, 2, 28), "Gia Lai, ngày 28 tháng 02 năm 2027"),
    (date(2027, 3, 9), "Gia Lai, ngày 09 tháng 3 năm 2027"),
    (date(2027, 10, 10), "Gia Lai, ngày 10 tháng 10 năm 2027"),
    (date(2027, 11, 1), "Gia Lai, ngày 01 tháng 11 năm 2027"),
    (date(2026, 12, 31), "Gia Lai, ngày 31 tháng 12 năm 2026"),
])
def test_place_date_pads_days_below_ten_and_january_february(day, expected):
    assert vn_place_date("Gia Lai", day) == expected
    assert vn_long_date(day) == expected.split(", ", 1)[1]


# --- helpers ------------------------------------------------------------------------------------

def open_docx(content: bytes):
    return Document(io.BytesIO(content))


def texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def style_value(paragraph, attribute: str):
    """A font attribute as the paragraph's style chain defines it (runs carry no direct format here)."""
    style = paragraph.style
    while style is not None:
        value = getattr(style.font, attribute)
        if value is not None:
            return value
        style = style.base_style
    return None


def paragraphs_of(doc, style: str):
    return [p for p in doc.paragraphs if p.style.name == style]


def mixed_document(**changes) -> DecisionDocument:
    """Honorees given out of order, to prove the annex sorts them by kind."""
    honorees = [
        Honoree("individual", "Nguyễn Thị Hồng", "Trưởng phòng, Sở Nội vụ", 3_510_000),
        Honoree("household", "Hộ ông Ksor Blik", "Thôn Plei Ơi, xã Ia Grai", 5_270_000),
        Honoree("collective", "Phòng Tổ chức cán bộ", "Sở Y tế", 7_020_000),
        Honoree("individual", "Rơ Châm H'Luyn", "Giáo viên, xã Chư Sê", 3_510_000),
        Honoree("collective", "Trường THCS Lê Lợi", "phường Quy Nhơn", 7_020_000),
    ]
    return replace(sample_document(1), honorees=honorees, **changes)


@pytest.fixture(scope="module")
def chairman_doc():
    return open_docx(render_decision(mixed_document()))


# --- the decision ---------------------------------------------------------------------------------

def test_header_columns_number_and_date_line(chairman_doc):
    header = chairman_doc.tables[0]
    top, bottom = header.rows
    left, right = top.cells
    assert texts(left)[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"]
    assert texts(right)[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    for paragraph in left.paragraphs[:2] + right.paragraphs[:2]:
        assert style_value(paragraph, "bold") is True
        alignment = paragraph.alignment or paragraph.style.paragraph_format.alignment
        assert alignment == WD_ALIGN_PARAGRAPH.CENTER
    # A short rule under the organ's name and under the motto: an empty paragraph with a top border.
    for rule in (left.paragraphs[2], right.paragraphs[2]):
        assert rule.text == "" and rule.style.name == "Rule"
        assert rule.style.element.pPr.find(qn("w:pBdr")).find(qn("w:top")).get(qn("w:val")) == "single"
        assert rule.paragraph_format.left_indent > 0
    number_cell, date_cell = bottom.cells
    assert texts(number_cell) == ["Số: 125/QĐ-UBND"]
    assert texts(date_cell) == ["Gia Lai, ngày 05 tháng 01 năm 2027"]
    assert style_value(date_cell.paragraphs[0], "italic") is True
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_small_numbers_take_a_leading_zero_and_months_after_february_do_not():
    doc = open_docx(render_decision(mixed_document(number=5, signed_on=date(2027, 3, 9))))
    number_cell, date_cell = doc.tables[0].rows[1].cells
    assert number_cell.text == "Số: 05/QĐ-UBND"
    assert date_cell.text == "Gia Lai, ngày 09 tháng 3 năm 2027"
    reference = paragraphs_of(doc, "Annex Reference")[0].text
    assert reference == "(Kèm theo Quyết định số 05/QĐ-UBND ngày 09 tháng 3 năm 2027 của Chủ tịch UBND tỉnh)"


def test_title_subject_authority_and_legal_bases(chairman_doc):
    source = mixed_document()
    body = [p.text for p in chairman_doc.paragraphs]
    title = paragraphs_of(chairman_doc, "Doc Title")[0]
    assert title.text == "QUYẾT ĐỊNH" and style_value(title, "bold") is True
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in body
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI" in body
    bases = paragraphs_of(chairman_doc, "Legal Basis")
    assert [p.text for p in bases] == source.legal_bases + [source.proposal_line]
    assert all(p.text.startswith("Căn cứ ") and p.text.endswith(";") for p in bases[:-1])
    assert all(style_value(p, "italic") is True for p in bases)
    assert body.index("QUYẾT ĐỊNH:") > body.index(source.proposal_line)


def test_articles_count_honorees_and_total_money(chairman_doc):
    articles = paragraphs_of(chairman_doc, "Article")
    assert [p.runs[0].text for p in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert all(p.runs[0].bold for p in articles)
    assert articles[0].text == (
        "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 2 tập thể, 2 cá nhân và 1 hộ gia đình "
        "(có danh sách kèm theo), đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2026."
    )
    assert "Tổng số tiền thưởng là 26.330.000 đồng (Hai mươi sáu triệu ba trăm ba mươi nghìn đồng)" in articles[1].text
    assert articles[1].text.endswith("Kinh phí khen thưởng chi từ Quỹ Thi đua, khen thưởng của tỉnh năm 2027.")
    assert articles[2].text.startswith("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.")
    assert articles[2].text.endswith("chịu trách nhiệm thi hành Quyết định này./.")


def test_counts_without_households_read_n_collectives_and_m_individuals():
    doc = open_docx(render_decision(sample_document(10)))
    article1 = paragraphs_of(doc, "Article")[0].text
    assert "cho 2 tập thể và 8 cá nhân (có danh sách kèm theo)" in article1


def test_recipients_and_signature_of_the_chairman(chairman_doc):
    recipients, signature = chairman_doc.tables[1].rows[0].cells
    heading, *items = recipients.paragraphs
    assert heading.text == "Nơi nhận:"
    assert style_value(heading, "bold") is True and style_value(heading, "italic") is True
    assert style_value(heading, "size") == Pt(12)
    assert [p.text for p in items] == [
        "- Như Điều 3;", "- Chủ tịch, các PCT UBND tỉnh;", "- Sở Nội vụ;", "- Lưu: VT, NV."]
    assert all(style_value(p, "size") == Pt(11) for p in items)
    lines = [text for text in texts(signature) if text]
    assert lines == ["CHỦ TỊCH", "Trần Văn Minh"]
    assert all(style_value(p, "bold") is True for p in signature.paragraphs)


def test_signature_of_a_vice_chairman_on_behalf():
    doc = open_docx(render_decision(sample_document(3, signer_mode="deputy")))
    signature = doc.tables[1].rows[0].cells[1]
    assert [text for text in texts(signature) if text] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hồng Nhung"]


class Mode(enum.Enum):
    DEPUTY = "deputy"


def test_enum_values_are_accepted_for_kind_and_signer_mode():
    document = replace(sample_document(2), signer_mode=Mode.DEPUTY)
    assert document.signer_mode == "deputy"
    assert build_context(document)["signer_is_deputy"] is True


def test_annex_lists_collectives_then_individuals_then_households(chairman_doc):
    annex = chairman_doc.tables[2]
    rows = [[cell.text for cell in row.cells] for row in annex.rows]
    # Households are listed by address: with other kinds the column says so (tests/test_decision_wording.py).
    assert rows[0] == ["STT", "Tên tập thể, họ và tên", "Chức vụ, đơn vị công tác (hộ gia đình: địa chỉ)",
                       "Số tiền (đồng)"]
    assert rows[1:] == [
        ["I. TẬP THỂ"] * 4,
        ["1", "Phòng Tổ chức cán bộ", "Sở Y tế", "7.020.000"],
        ["2", "Trường THCS Lê Lợi", "phường Quy Nhơn", "7.020.000"],
        ["II. CÁ NHÂN"] * 4,
        ["1", "Nguyễn Thị Hồng", "Trưởng phòng, Sở Nội vụ", "3.510.000"],
        ["2", "Rơ Châm H'Luyn", "Giáo viên, xã Chư Sê", "3.510.000"],
        ["III. HỘ GIA ĐÌNH"] * 4,
        ["1", "Hộ ông Ksor Blik", "Thôn Plei Ơi, xã Ia Grai", "5.270.000"],
        ["Tổng cộng", "Tổng cộng", "Tổng cộng", "26.330.000"],
    ]
    # The column heads repeat on every page of a long list.
    assert annex.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    titles = [p.text for p in paragraphs_of(chairman_doc, "Annex Title")]
    assert titles == [
        "DANH SÁCH", "TẬP THỂ, CÁ NHÂN VÀ HỘ GIA ĐÌNH ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"]
    assert paragraphs_of(chairman_doc, "Annex Reference")[0].text == (
        "(Kèm theo Quyết định số 125/QĐ-UBND ngày 05 tháng 01 năm 2027 của Chủ tịch UBND tỉnh)"
    )


def test_large_annex_keeps_every_row_and_a_consistent_grid():
    document = sample_document(1200)
    doc = open_docx(render_decision(document))
    annex = doc.tables[2]
    data_rows = [row for row in annex._tbl.tr_lst if len(row.tc_lst) == 4]
    assert len(data_rows) == 1 + 1200  # the column heads + one row per honoree
    assert len(annex._tbl.tblGrid.gridCol_lst) == 4


def test_page_a4_portrait_margins_and_page_numbers_from_page_two(chairman_doc):
    def close(length, millimetres):  # Word stores twips: A4 is 11906 × 16838
        return abs(length - Mm(millimetres)) < Mm(0.1)

    main, annex = chairman_doc.sections
    for section in (main, annex):
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert close(section.page_width, 210) and close(section.page_height, 297)
        assert close(section.top_margin, 20) and close(section.bottom_margin, 20)
        assert close(section.left_margin, 30) and close(section.right_margin, 15)
        assert section.different_first_page_header_footer
    instructions = [node.text for node in main.header._element.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]
    assert main.header.paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not list(main.first_page_header._element.iter(qn("w:instrText")))
    # The annex starts on a new page and numbers its own pages from 1 (Nghị định 30, Phụ lục I).
    assert annex.start_type == WD_SECTION.NEW_PAGE
    assert annex._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert annex.header.is_linked_to_previous


def _xml_parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.endswith(".xml")}


def test_times_new_roman_in_all_four_slots_and_vietnamese_everywhere():
    content = render_decision(mixed_document())
    parts = _xml_parts(content)
    styles = etree.fromstring(parts["word/styles.xml"])
    fonts = list(styles.iter(qn("w:rFonts")))
    assert fonts, "styles define no fonts"
    for element in fonts:
        assert {element.get(qn(slot)) for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {FONT}
    for name in ("word/styles.xml", "word/document.xml", "word/header1.xml", "word/header2.xml"):
        root = etree.fromstring(parts[name])
        for element in root.iter(qn("w:rFonts")):
            assert not any(key.endswith("Theme") or key.endswith("theme") for key in element.attrib), name
            assert set(element.attrib.values()) == {FONT}, name
        for element in root.iter(qn("w:lang")):
            assert element.get(qn("w:val")) == "vi-VN", name
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    doc = open_docx(content)
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(14) and str(normal.font.color.rgb) == "000000"
    used = {p.style.name for p in doc.paragraphs}
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                used |= {p.style.name for p in cell.paragraphs}
    for name in used:
        rfonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == FONT and rfonts.get(qn("w:cs")) == FONT, name


def test_no_template_tag_survives_rendering():
    for kind in ("decision", "proposal"):
        for xml in _xml_parts(render_decision(sample_document(7, kind))).values():
            text = xml.decode("utf-8")
            assert "{{" not in text and "{%" not in text and "}}" not in text


def test_values_are_escaped_not_interpreted():
    honorees = [Honoree("individual", "Nguyễn <b>&amp; \"Văn\" </w:t>", "Tổ 1 & 2 <i>", 10_000),
                Honoree("collective", "Ban {{ signer_name }}", "Bell\x07 and\ttab\nline", 20_000)]
    content = render_decision(replace(sample_document(1), honorees=honorees))
    rows = [[cell.text for cell in row.cells] for row in open_docx(content).tables[2].rows]
    assert ["1", "Ban {{ signer_name }}", "Bell and tab line", "20.000"] in rows
    assert ["1", "Nguyễn <b>&amp; \"Văn\" </w:t>", "Tổ 1 & 2 <i>", "10.000"] in rows


def test_missing_value_raises_instead_of_printing_blank():
    context = build_context(sample_document(2))
    del context["subject"]
    with pytest.raises(jinja2.UndefinedError):
        render_template("decision", context)


def test_templates_run_in_a_sandbox(monkeypatch):
    template = Document()
    template.add_paragraph("{{ subject.__class__.__mro__ }}")
    buffer = io.BytesIO()
    template.save(buffer)
    monkeypatch.setattr(decision, "_template_bytes", lambda kind: buffer.getvalue())
    with pytest.raises(jinja2.exceptions.SecurityError):
        render_template("decision", {"subject": "x"})


@pytest.mark.parametrize("changes, message", [
    ({"year": 2026}, "calendar year"),
    ({"kind": "letter"}, "kind"),
    ({"signer_mode": "secretary"}, "signer"),
    ({"honorees": []}, "at least one"),
    ({"number": 0}, "starts at 1"),
    ({"honorees": [Honoree("team", "X", "Y", 0)]}, "honoree kind"),
    ({"honorees": [Honoree("individual", "X", "Y", 1.5)]}, "amount"),
])
def test_invalid_documents_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        replace(sample_document(1), **changes)


# --- the proposal (central awards) -------------------------------------------------------------

def test_proposal_to_the_prime_minister():
    doc = open_docx(render_decision(sample_document(10, "proposal", "deputy")))
    body = [p.text for p in doc.paragraphs]
    assert doc.tables[0].rows[1].cells[0].text == "Số: 125/TTr-UBND"
    assert "TỜ TRÌNH" in body and "QUYẾT ĐỊNH:" not in body
    assert "Kính gửi: Thủ tướng Chính phủ (qua Bộ Nội vụ)" in body
    article = paragraphs_of(doc, "Article")
    assert article[0].text.startswith(
        "Ủy ban nhân dân tỉnh Gia Lai kính đề nghị Thủ tướng Chính phủ xem xét, tặng Bằng khen của Thủ tướng "
        "Chính phủ cho 2 tập thể và 8 cá nhân (có danh sách kèm theo)"
    )
    assert article[-1].text == "Ủy ban nhân dân tỉnh Gia Lai kính trình Thủ tướng Chính phủ xem xét, quyết định./."
    signature = doc.tables[1].rows[0].cells[1]
    assert [t for t in texts(signature) if t] == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hồng Nhung"]
    annex = doc.tables[2]
    assert [cell.text for cell in annex.rows[0].cells] == ["STT", "Tên tập thể, họ và tên", "Chức vụ, đơn vị công tác"]
    assert paragraphs_of(doc, "Annex Reference")[0].text == (
        "(Kèm theo Tờ trình số 125/TTr-UBND ngày 05 tháng 01 năm 2027 của Ủy ban nhân dân tỉnh Gia Lai)"
    )
    assert not any("đồng" in cell.text for row in annex.rows for cell in row.cells)


def test_orders_are_proposed_for_the_state_president():
    document = replace(sample_document(2, "proposal"), award_name="Huân chương Lao động hạng Ba")
    context = build_context(document)
    assert "xem xét, trình Chủ tịch nước tặng thưởng Huân chương Lao động hạng Ba cho" in context["proposal_body"]


# --- the command ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, symbol", [("decision", "QĐ-UBND"), ("proposal", "TTr-UBND")])
def test_sample_decision_command_writes_a_docx_without_the_database(app, tmp_path, count_queries, kind, symbol):
    out = tmp_path / "sample.docx"
    with count_queries() as queries:
        result = app.test_cli_runner().invoke(
            args=["documents", "sample-decision", "--honorees", "25", "--out", str(out), "--kind", kind]
        )
    assert result.exit_code == 0, result.output
    assert queries.count == 0
    assert str(out) in result.output
    doc = open_docx(out.read_bytes())
    assert doc.tables[0].rows[1].cells[0].text == f"Số: 125/{symbol}"
    names = [row.cells[1].text for row in doc.tables[2].rows]
    assert len(names) == 1 + 2 + 25 + (1 if kind == "decision" else 0)  # heads, 2 group rows, 25, total
