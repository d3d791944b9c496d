"""A unit's own award decision (DOMAIN.md §10b): a department head's or a commune chairman's, in their register,
header, authority and signature (app/documents/decision.py Issuer, app/decisions/texts.issuer_for), read back
with python-docx; one converted to PDF. The province's decision stays as it was."""
import io
import os
import re
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pypdf
import pytest
from docx import Document
from docx.oxml.ns import qn

from app.decisions import texts
from app.doctemplates.checks import check_template
from app.documents import kinds, pdf
from app.documents.build_templates import build_decision
from app.documents.decision import DecisionDocument, Honoree, Issuer, build_context, province_issuer, render_decision
from app.documents.sample import sample_document
from app.extensions import db
from app.models import Role, Setting
from app.models.org import UnitKind

SKHCN = SimpleNamespace(name="Sở Khoa học và Công nghệ", kind=UnitKind.DEPARTMENT, parent=None, head_title="")
IA_GRAI = SimpleNamespace(name="UBND xã Ia Grai", kind=UnitKind.COMMUNE, parent=None, head_title="")
SIGNED_ON = date(2027, 1, 5)


def unit_document(unit=SKHCN, signer_mode="chairman", **changes) -> DecisionDocument:
    """A Giấy khen of ``unit``'s head, numbered 5 in its own register, with its own texts."""
    symbol = "QĐ-SKHCN" if unit is SKHCN else "QĐ-UBND"
    honorees = [Honoree("collective", "Phòng Quản lý khoa học", "Sở Khoa học và Công nghệ", 1_170_000),
                Honoree("individual", "Nguyễn Thị Hồng", "Chuyên viên Văn phòng Sở", 470_000),
                Honoree("individual", "Ksor Blik", "Phó Trưởng phòng Chuyển đổi số", 470_000)]
    fields = dict(
        kind="decision", number=5, year=2027, symbol=symbol, province="Gia Lai", place="Gia Lai",
        signed_on=SIGNED_ON, subject="Về việc tặng Giấy khen", award_name="Giấy khen",
        legal_bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
        proposal_line="Theo đề nghị của Chánh Văn phòng Sở.",
        achievement_text="đã có thành tích xuất sắc trong phong trào thi đua năm 2026",
        money_source_text="Kinh phí khen thưởng chi từ Quỹ thi đua, khen thưởng của Sở theo quy định hiện hành",
        executors_text="Quyết định này có hiệu lực kể từ ngày ký", recipients=list(texts.UNIT_RECIPIENTS),
        signer_mode=signer_mode, signer_name="Trần Văn Minh", honorees=honorees,
        issuer=texts.issuer_for(unit, "Gia Lai"))
    fields.update(changes)
    return DecisionDocument(**fields)


def read(document: DecisionDocument):
    return Document(io.BytesIO(render_decision(document)))


def header_left(doc) -> list[str]:
    return [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text]


def number_line(doc) -> str:
    return doc.tables[0].rows[1].cells[0].paragraphs[0].text


def signature(doc) -> list[str]:
    return [p.text for p in doc.tables[1].rows[0].cells[1].paragraphs if p.text]


def body(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text]


def after(lines: list[str], first: str) -> str:
    return lines[lines.index(first) + 1]


def assert_signature_kept_with_the_text(doc) -> None:
    """As the province's: the block's row never splits and the last article keeps with it (DOMAIN.md §10a)."""
    row = doc.tables[1].rows[0]._tr
    assert row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None
    previous = doc.tables[1]._tbl.getprevious()
    article3 = next(p for p in doc.paragraphs if p._p is previous)
    assert article3.text.startswith("Điều 3.")
    assert article3.paragraph_format.keep_with_next and article3.paragraph_format.keep_together


# --- the issuer ---------------------------------------------------------------------------------------

def test_the_issuer_of_a_department_a_commune_and_the_province():
    assert texts.issuer_for(SKHCN, "Gia Lai") == Issuer(
        parent_line="UBND TỈNH GIA LAI", name_line="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        authority="GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ", head_title="GIÁM ĐỐC", deputy_title="PHÓ GIÁM ĐỐC",
        reference_name="Giám đốc Sở Khoa học và Công nghệ", committee=False,
        owner_name="Giám đốc Sở Khoa học và Công nghệ")
    commune = texts.issuer_for(IA_GRAI, "Gia Lai")
    assert commune[:7] == ("ỦY BAN NHÂN DÂN", "XÃ IA GRAI", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA GRAI", "CHỦ TỊCH",
                           "PHÓ CHỦ TỊCH", "Chủ tịch UBND xã Ia Grai", True)
    assert texts.issuer_for(None, "Gia Lai") == province_issuer("Gia Lai")
    assert province_issuer("Gia Lai")[:3] == ("ỦY BAN NHÂN DÂN", "TỈNH GIA LAI",
                                             "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI")


@pytest.mark.parametrize("name, kind, name_line, authority", [
    ("Xã Ia Grai", UnitKind.COMMUNE, "XÃ IA GRAI", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA GRAI"),
    ("Ủy ban nhân dân xã Chư Sê", UnitKind.COMMUNE, "XÃ CHƯ SÊ", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CHƯ SÊ"),
    ("Ia Grai", UnitKind.COMMUNE, "XÃ IA GRAI", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA GRAI"),
    ("Phường Pleiku", UnitKind.WARD, "PHƯỜNG PLEIKU", "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG PLEIKU"),
    ("UBND đặc khu Nhơn Châu", UnitKind.SPECIAL_ZONE, "ĐẶC KHU NHƠN CHÂU",
     "CHỦ TỊCH ỦY BAN NHÂN DÂN ĐẶC KHU NHƠN CHÂU"),
    ("Hội Liên hiệp Phụ nữ tỉnh Gia Lai", UnitKind.MASS_ORGANISATION, "HỘI LIÊN HIỆP PHỤ NỮ TỈNH GIA LAI",
     "THỦ TRƯỞNG HỘI LIÊN HIỆP PHỤ NỮ TỈNH GIA LAI"),
    ("Thanh tra tỉnh", UnitKind.DEPARTMENT, "THANH TRA TỈNH", "THỦ TRƯỞNG THANH TRA TỈNH"),
])
def test_the_issuer_follows_the_kind_of_unit_and_its_name(name, kind, name_line, authority):
    issuer = texts.issuer_for(SimpleNamespace(name=name, kind=kind, parent=None), "Gia Lai")
    assert (issuer.name_line, issuer.authority) == (name_line, authority)
    assert issuer.committee is (kind in texts.LOCAL_GOVERNMENT)


def test_the_units_own_head_title_wins_and_a_parent_heads_the_header():
    hospital = SimpleNamespace(name="Bệnh viện Đa khoa tỉnh", kind=UnitKind.PUBLIC_SERVICE, head_title="giám đốc",
                               parent=SimpleNamespace(name="Sở Y tế"))
    issuer = texts.issuer_for(hospital, "Gia Lai")
    assert issuer[:6] == ("SỞ Y TẾ", "BỆNH VIỆN ĐA KHOA TỈNH", "GIÁM ĐỐC BỆNH VIỆN ĐA KHOA TỈNH", "GIÁM ĐỐC",
                          "PHÓ GIÁM ĐỐC", "Giám đốc Bệnh viện Đa khoa tỉnh")
    institute = SimpleNamespace(name="Viện Nghiên cứu", kind=UnitKind.PUBLIC_SERVICE, head_title="Viện trưởng",
                                parent=None)
    assert texts.issuer_for(institute, "Gia Lai")[2:5] == ("VIỆN TRƯỞNG VIỆN NGHIÊN CỨU", "VIỆN TRƯỞNG",
                                                           "PHÓ VIỆN TRƯỞNG")


# --- the document -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def director_doc():
    return read(unit_document())


def test_a_department_heads_decision_in_its_own_register(director_doc):
    assert header_left(director_doc) == ["UBND TỈNH GIA LAI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert number_line(director_doc) == "Số: 05/QĐ-SKHCN"
    lines = body(director_doc)
    assert after(lines, "Về việc tặng Giấy khen") == "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI" not in lines
    article1 = next(line for line in lines if line.startswith("Điều 1."))
    assert article1.startswith("Điều 1. Tặng Giấy khen của Giám đốc Sở Khoa học và Công nghệ cho 1 tập thể và 2 cá "
                               "nhân (có danh sách kèm theo)")
    assert "(Kèm theo Quyết định số 05/QĐ-SKHCN ngày 05 tháng 01 năm 2027 của Giám đốc Sở Khoa học và Công nghệ)" \
        in lines
    assert "TẬP THỂ VÀ CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN CỦA GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ" in lines
    assert signature(director_doc) == ["GIÁM ĐỐC", "Trần Văn Minh"]
    assert [p.text for p in director_doc.tables[1].rows[0].cells[0].paragraphs] == [
        "Nơi nhận:", "- Như Điều 3;", "- Sở Nội vụ (để theo dõi);", "- Lưu: VT, TĐKT."]
    assert_signature_kept_with_the_text(director_doc)


@pytest.mark.parametrize("mode, changes, expected", [
    ("deputy", {}, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    ("acting", {}, ["Q. GIÁM ĐỐC"]),
    ("by_order", {"signer_title": "Chánh Văn phòng"}, ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]),
])
def test_a_deputy_an_acting_head_and_a_signature_by_order(mode, changes, expected):
    doc = read(unit_document(signer_mode=mode, **changes))
    assert signature(doc) == expected + ["Trần Văn Minh"]
    cell = doc.tables[1].rows[0].cells[1]
    first = next(p for p in cell.paragraphs if p.text)
    assert first.text == expected[0] and first.paragraph_format.space_before == 152400  # 12 pt above the block
    assert all(p.paragraph_format.space_before is None for p in cell.paragraphs if p.text and p._p is not first._p)
    assert_signature_kept_with_the_text(doc)


def test_a_commune_chairmans_decision():
    doc = read(unit_document(IA_GRAI, executors_text=texts.LOCAL_EXECUTORS.replace("{unit}", "xã Ia Grai")))
    assert header_left(doc) == ["ỦY BAN NHÂN DÂN", "XÃ IA GRAI"]
    assert number_line(doc) == "Số: 05/QĐ-UBND"
    lines = body(doc)
    assert after(lines, "Về việc tặng Giấy khen") == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA GRAI"
    assert next(line for line in lines if line.startswith("Điều 1.")).startswith(
        "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã Ia Grai cho")
    assert "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 01 năm 2027 của Chủ tịch UBND xã Ia Grai)" in lines
    assert "Văn phòng HĐND và UBND xã Ia Grai" in next(line for line in lines if line.startswith("Điều 3."))
    assert signature(doc) == ["CHỦ TỊCH", "Trần Văn Minh"]
    assert signature(read(unit_document(IA_GRAI, signer_mode="deputy")))[:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_a_title_and_an_award_that_names_its_owner_are_printed_as_they_are():
    lines = body(read(unit_document(award_name="Lao động tiên tiến", award_is_title=True)))
    assert any(line.startswith("Điều 1. Tặng danh hiệu Lao động tiên tiến cho 1 tập thể") for line in lines)
    lines = body(read(unit_document(award_name="Giấy khen của Giám đốc Sở")))
    assert any(line.startswith("Điều 1. Tặng Giấy khen của Giám đốc Sở cho") for line in lines)


def test_a_units_draft_leaves_number_and_date_blank():
    doc = read(unit_document(draft=True, number=0))
    assert [p.text for p in doc.paragraphs if p.text][0] == "DỰ THẢO"
    assert number_line(doc) == "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/QĐ-SKHCN"
    assert doc.tables[0].rows[1].cells[1].paragraphs[0].text == \
        "Gia Lai, ngày\u00a0\u00a0\u00a0\u00a0\u00a0tháng\u00a0\u00a0\u00a0\u00a0\u00a0năm 2027"
    assert any(line.startswith("(Kèm theo Quyết định số") and "/QĐ-SKHCN ngày" in line
               and line.endswith("của Giám đốc Sở Khoa học và Công nghệ)") for line in body(doc))
    assert header_left(doc) == ["UBND TỈNH GIA LAI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]


def test_unknown_modes_are_refused_and_by_order_needs_the_signers_title():
    with pytest.raises(ValueError, match="unknown signer mode"):
        unit_document(signer_mode="secretary")
    with pytest.raises(ValueError, match="signer_title"):
        unit_document(signer_mode="by_order")
    with pytest.raises(ValueError, match="signer_title"):
        unit_document(signer_mode="by_order", signer_title="  ")


# --- the province is unchanged --------------------------------------------------------------------

@pytest.mark.parametrize("signer_mode, lines", [("chairman", ["CHỦ TỊCH"]),
                                                ("deputy", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])])
def test_the_province_prints_as_before(signer_mode, lines):
    document = sample_document(5, signer_mode=signer_mode)
    doc = read(document)
    assert header_left(doc) == ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"]
    assert number_line(doc) == "Số: 125/QĐ-UBND"
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI" in body(doc)
    assert "(Kèm theo Quyết định số 125/QĐ-UBND ngày 05 tháng 01 năm 2027 của Chủ tịch UBND tỉnh)" in body(doc)
    assert any(line.startswith("Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho") for line in body(doc))
    assert signature(doc) == lines + [document.signer_name]
    # The province given explicitly prints the same document.
    assert build_context(replace(document, issuer=province_issuer("Gia Lai"))) == build_context(document)
    assert_signature_kept_with_the_text(doc)


def test_the_proposal_keeps_its_committee_signature():
    context = build_context(sample_document(3, "proposal", "deputy"))
    assert context["signer_lines"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert context["issuer_parent"] == "ỦY BAN NHÂN DÂN" and context["issuer_name"] == "TỈNH GIA LAI"


def test_the_built_template_prints_issuer_and_signature_from_the_context():
    xml = build_decision().element.xml
    assert "{{ issuer_parent }}" in xml and "{{ signer_lines[0] }}" in xml and "signer_lines[1:]" in xml
    assert "ỦY BAN NHÂN DÂN<" not in xml and "KT. CHỦ TỊCH" not in xml


def test_an_office_template_may_use_the_new_placeholders(app):
    kind = kinds.get("decision")
    for name in ("issuer_parent", "signer_lines", "issuer_name", "authority", "signer_is_deputy", "signer_name"):
        assert name in kind.placeholders
    with app.test_request_context():
        assert check_template(kind, kind.builtin_bytes()).ok


# --- texts ----------------------------------------------------------------------------------------

def test_the_unit_texts_name_the_deciding_unit_and_its_fund():
    assert texts.money_source_for(SKHCN) == ("Kinh phí khen thưởng chi từ Quỹ thi đua, khen thưởng của Sở Khoa học "
                                             "và Công nghệ theo quy định hiện hành")
    assert texts.executors_for(SKHCN).startswith(
        "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở Khoa học và Công nghệ, Thủ trưởng các phòng")
    assert "Chánh Văn phòng HĐND và UBND xã Ia Grai," in texts.executors_for(IA_GRAI)
    assert texts.money_source_for(IA_GRAI).endswith("của UBND xã Ia Grai theo quy định hiện hành")
    assert texts.recipients_for("decision", SKHCN) == ["Như Điều 3;", "Sở Nội vụ (để theo dõi);", "Lưu: VT, TĐKT."]
    # No unit: the province's texts, as before.
    assert texts.money_source_for(None) == texts.money_source()
    assert texts.executors_for(None) == texts.executors()
    assert texts.recipients_for("decision", None) == texts.recipients("decision")
    assert texts.recipients_for("proposal", None) == texts.recipients("proposal")


def test_an_administrators_unit_text_is_printed_with_the_name_and_never_as_a_template():
    db.session.add_all([
        Setting(key=texts.UNIT_MONEY_SOURCE_KEY, value="Quỹ của {unit} {0} {unit.__class__} {{ 7*7 }}"),
        Setting(key=texts.UNIT_RECIPIENTS_KEY, value="Như Điều 3;\nVăn phòng {unit};\nLưu: VT."),
    ])
    db.session.flush()
    assert texts.money_source_for(SKHCN) == \
        "Quỹ của Sở Khoa học và Công nghệ {0} {unit.__class__} {{ 7*7 }}"
    assert texts.recipients_for("decision", SKHCN) == ["Như Điều 3;", "Văn phòng Sở Khoa học và Công nghệ;", "Lưu: VT."]
    assert texts.money_source_for(None) == texts.MONEY_SOURCE


def test_the_unit_texts_are_on_the_document_texts_screen():
    from app import document_texts

    for key in (texts.UNIT_MONEY_SOURCE_KEY, texts.UNIT_EXECUTORS_KEY, texts.LOCAL_EXECUTORS_KEY,
                texts.UNIT_RECIPIENTS_KEY):
        text = document_texts.BY_KEY[key]
        assert not document_texts.problems(text, document_texts.clean(text.default_value()))
    assert document_texts.BY_KEY[texts.UNIT_RECIPIENTS_KEY].one_per_line


# --- on paper ---------------------------------------------------------------------------------------

@pytest.mark.skipif(not pdf.available() and os.environ.get("CI") != "true",
                    reason="LibreOffice (soffice) is not installed: make pdf")
def test_a_long_unit_decision_as_pdf_keeps_its_signature_with_the_text():
    honorees = [Honoree("individual", f"Nguyễn Văn {chr(65 + n % 26)}{n}", "Chuyên viên, Sở Khoa học và Công nghệ",
                        470_000) for n in range(60)]
    bases = [f"Căn cứ Quyết định số {n:02d}/2026/QĐ-UBND của Ủy ban nhân dân tỉnh quy định chức năng, nhiệm vụ, "
             "quyền hạn và cơ cấu tổ chức của Sở Khoa học và Công nghệ;" for n in range(1, 9)]
    document = unit_document(signer_mode="deputy", honorees=honorees, legal_bases=bases)
    reader = pypdf.PdfReader(io.BytesIO(pdf.docx_to_pdf(render_decision(document))))
    pages = [[line.strip() for line in page.extract_text().splitlines() if line.strip()] for page in reader.pages]
    first_page = " ".join(pages[0])
    assert first_page.startswith("UBND TỈNH GIA LAI SỞ KHOA HỌC VÀ CÔNG NGHỆ") and "Số: 05/QĐ-SKHCN" in first_page
    assert "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ" in first_page
    annex_start = next(index for index, lines in enumerate(pages) if "DANH SÁCH" in lines)
    assert annex_start >= 1, "the test needs a decision longer than a page"
    signature_lines = {"Nơi nhận:", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Minh"}
    for lines in pages[:annex_start]:
        text = [line for line in lines if not re.fullmatch(r"\d{1,3}", line)]
        assert not ("Trần Văn Minh" in text and all(line in signature_lines or line.startswith("- ")
                                                       for line in text)), lines
    last = pages[annex_start - 1]
    assert "KT. GIÁM ĐỐC" in last and "PHÓ GIÁM ĐỐC" in last and "Trần Văn Minh" in last
    assert any(line.startswith("Điều 3.") or "Quyết định" in line for line in last)
    assert "của Giám đốc Sở Khoa học và Công nghệ)" in " ".join(pages[annex_start])


def test_the_administrator_rewords_a_unit_text_on_the_screen(make, app):
    admin = make.signed_in_client(app, make.make_actor(Role.ADMIN, None))
    page = admin.get("/admin/document-texts")
    assert page.status_code == 200 and texts.UNIT_MONEY_SOURCE_KEY in page.get_data(as_text=True)
    value = "Kinh phí chi từ Quỹ thi đua, khen thưởng của {unit} năm 2027"
    assert admin.post("/admin/document-texts", data={"key": texts.UNIT_MONEY_SOURCE_KEY, "value": value}
                      ).status_code == 303
    assert texts.money_source_for(SKHCN) == \
        "Kinh phí chi từ Quỹ thi đua, khen thưởng của Sở Khoa học và Công nghệ năm 2027"
    refused = admin.post("/admin/document-texts", data={"key": texts.UNIT_MONEY_SOURCE_KEY, "value": "{{ unit }}"})
    assert refused.status_code != 303
    assert texts.money_source_for(SKHCN).endswith("năm 2027")
