"""The bonus payment list (bảng kê chi tiền thưởng) read back: XLSX numbers and print setup, DOCX total in words,
who gets which lines; and the documents.* texts screen: refusals, history and the effect on the documents."""
import io

import docx
import openpyxl
import pytest
from sqlalchemy import func, select

from app import document_texts
from app.decisions import texts
from app.documents import pdf
from app.documents.money import amount_in_words
from app.extensions import db
from app.models import AwardLevel, Role, Setting
from app.models.certificates import SettingChange
from tests.test_certificates import Printing


@pytest.fixture
def printing(make, app):
    return Printing(make, app)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def xlsx(client, decision) -> openpyxl.Workbook:
    response = client.get(f"/decisions/{decision.id}/payment-list.xlsx")
    assert response.status_code == 200, response.status_code
    return openpyxl.load_workbook(io.BytesIO(response.data))


def test_xlsx_lists_every_honouree_with_numbers_and_prints_ready(printing):
    sheet = xlsx(printing.client(), printing.decision).active
    assert [c.value for c in sheet[7]] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Hình thức khen thưởng",
                                          "Hệ số", "Số tiền (đồng)", "Ký nhận"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=8, max_row=10)]
    assert sorted(r[1] for r in rows) == sorted(d.nominee_name for d in printing.dossiers)
    assert [r[0] for r in rows] == [1, 2, 3]
    for row in sheet.iter_rows(min_row=8, max_row=10):
        assert row[5].data_type == "n" and row[5].value == 3_510_000 and row[5].number_format == "#,##0"
        assert row[4].value == 1.5 and row[4].data_type == "n"
    total = sheet.cell(row=11, column=6)
    assert sheet.cell(row=11, column=2).value == "Tổng cộng"
    assert total.data_type == "n" and total.value == sum(r[5] for r in rows) == 10_530_000
    assert sheet.cell(row=12, column=1).value == f"Số tiền bằng chữ: {amount_in_words(10_530_000)}."
    assert sheet.cell(row=13, column=1).value == "Nguồn kinh phí: Quỹ Thi đua, khen thưởng của tỉnh."
    # ready to print
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$7:$7" and sheet.freeze_panes == "A8"
    assert sheet.cell(row=8, column=2).font.name == "Times New Roman"
    assert sheet.cell(row=8, column=6).border.left.style == "thin"


def test_docx_states_the_total_and_its_words_and_signatures(printing):
    response = printing.client().get(f"/decisions/{printing.decision.id}/payment-list.docx")
    assert response.status_code == 200
    text = docx_text(response.data)
    assert "BẢNG KÊ CHI TIỀN THƯỞNG" in text
    assert "Quyết định số 07/QĐ-UBND ngày 05/01/2026 của Chủ tịch Ủy ban nhân dân tỉnh Gia Lai" in text
    assert "10.530.000" in text
    assert f"Số tiền bằng chữ: {amount_in_words(10_530_000)}." in text
    assert "Mười triệu năm trăm ba mươi nghìn đồng" in text
    for title in ("NGƯỜI LẬP BIỂU", "KẾ TOÁN TRƯỞNG", "THỦ TRƯỞNG ĐƠN VỊ", "Gia Lai, ngày 05 tháng 01 năm 2026"):
        assert title in text
    header = docx.Document(io.BytesIO(response.data)).tables[1].rows[0]
    assert header._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None  # repeated on every page


def test_a_unit_gets_its_own_lines_and_another_unit_nothing(printing, make):
    officer = make.make_actor(Role.OFFICER, printing.unit)
    sheet = xlsx(printing.client(officer), printing.decision).active
    names = [sheet.cell(row=r, column=2).value for r in (8, 9)]
    assert sorted(names) == sorted(["Nguyễn Thị Hồng Nhung", "Rơ Châm H'Luyn"])
    assert sheet.cell(row=10, column=2).value == "Tổng cộng" and sheet.cell(row=10, column=6).value == 7_020_000
    stranger = make.make_actor(Role.OFFICER, make.make_unit("Sở Xây dựng"))
    for fmt in ("xlsx", "docx"):
        assert printing.client(stranger).get(f"/decisions/{printing.decision.id}/payment-list.{fmt}").status_code == 404


def test_unit_level_awards_are_paid_from_the_deciding_levels_fund(printing):
    printing.award.level = AwardLevel.UNIT
    db.session.flush()
    sheet = xlsx(printing.client(), printing.decision).active
    assert sheet.cell(row=13, column=1).value == "Nguồn kinh phí: Quỹ Thi đua, khen thưởng của cơ quan, đơn vị."


def test_a_formula_looking_name_stays_text(printing):
    printing.dossiers[0].nominee_name = "=HYPERLINK(\"http://x\")"
    db.session.flush()
    sheet = xlsx(printing.client(), printing.decision).active
    cells = [sheet.cell(row=r, column=2) for r in (8, 9, 10)]
    assert all(c.data_type == "s" for c in cells)
    assert any(c.value == "'=HYPERLINK(\"http://x\")" for c in cells)


# --- the documents.* texts screen ---------------------------------------------------------------------------

def post_text(client, key, value, **extra):
    return client.post("/admin/document-texts", data={"key": key, "value": value, **extra})


def changes() -> int:
    return db.session.scalar(select(func.count()).select_from(SettingChange))


def test_the_screen_lists_every_text_with_its_description_and_value(printing):
    page = printing.client(printing.admin).get("/admin/document-texts").get_data(as_text=True)
    for text in document_texts.TEXTS:
        assert text.key in page
    assert "Như Điều 3;" in page  # the default Nơi nhận, shown as the value in force
    assert printing.client().get("/admin/document-texts").status_code == 403  # the secretary is not an admin


@pytest.mark.parametrize("key, value, message", [
    (document_texts.PAYMENT_ISSUER, "SỞ NỘI VỤ {{ config.SECRET_KEY }}", "not a template"),
    (texts.MONEY_SOURCE_KEY, "Quỹ {% for x in y %}", "not a template"),
    (texts.MONEY_SOURCE_KEY, "   \n  ", "required"),
    (document_texts.PAYMENT_SIGNERS[0], "NGƯỜI LẬP\nBIỂU", "one line"),
    (document_texts.PAYMENT_SIGNERS[0], "A" * 101, "At most 100 characters"),
    (texts.MONEY_SOURCE_KEY, "Quỹ\x07 tỉnh", "control characters"),
])
def test_refused_texts_change_nothing(printing, key, value, message):
    client = printing.client(printing.admin)
    response = post_text(client, key, value)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.get(Setting, key) is None and changes() == 0


def test_a_saved_text_is_recorded_and_printed(printing):
    client = printing.client(printing.admin)
    response = post_text(client, document_texts.PAYMENT_ISSUER, "  ỦY BAN NHÂN DÂN TỈNH GIA LAI \r\n\r\nVĂN PHÒNG ")
    assert response.status_code == 303
    assert document_texts.value(document_texts.PAYMENT_ISSUER) == "ỦY BAN NHÂN DÂN TỈNH GIA LAI\nVĂN PHÒNG"
    change = db.session.scalars(select(SettingChange)).one()
    assert change.changed_by_id == printing.admin.id and change.old_value.endswith("SỞ NỘI VỤ")
    assert "VĂN PHÒNG" in client.get("/admin/document-texts").get_data(as_text=True)
    text = docx_text(printing.client().get(f"/decisions/{printing.decision.id}/payment-list.docx").data)
    assert "VĂN PHÒNG" in text and "SỞ NỘI VỤ" not in text
    # the decision's Nơi nhận too
    post_text(client, texts.RECIPIENTS_KEYS["decision"], "Như Điều 3;\nSở Tài chính;\nLưu: VT, NV.")
    assert texts.recipients("decision") == ["Như Điều 3;", "Sở Tài chính;", "Lưu: VT, NV."]
    # saving the same text again records nothing; back to the default does
    before = changes()
    post_text(client, document_texts.PAYMENT_ISSUER, "ỦY BAN NHÂN DÂN TỈNH GIA LAI\nVĂN PHÒNG")
    assert changes() == before
    post_text(client, document_texts.PAYMENT_ISSUER, "", reset="1")
    assert document_texts.value(document_texts.PAYMENT_ISSUER).endswith("SỞ NỘI VỤ") and changes() == before + 1


def test_an_unknown_key_is_refused(printing):
    response = post_text(printing.client(printing.admin), "documents.nothing", "x")
    assert response.status_code == 400 and changes() == 0


# --- PDF and the samples ----------------------------------------------------------------------------------

@pytest.mark.skipif(not pdf.available(), reason="LibreOffice (soffice) is not installed: make pdf")
def test_the_payment_list_pdf_keeps_the_total_with_the_signatures(printing):
    import pypdf

    response = printing.client().get(f"/decisions/{printing.decision.id}/payment-list.docx?format=pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.data)).pages]
    last = pages[-1]
    assert "10.530.000" in last and "Gia Lai" in last  # the total, the words and the signatures end together


def test_samples_write_the_certificates_and_the_payment_list(tmp_path):
    from app.documents import print_samples

    written = {item.path.name for item in print_samples.write(tmp_path, with_pdf=False)}
    assert written == {"certificate.docx", "payment-list.xlsx", "payment-list.docx"}
    frames = docx.Document(io.BytesIO((tmp_path / "certificate.docx").read_bytes())).element.body.findall(
        f".//{docx.oxml.ns.qn('w:framePr')}")
    assert len(frames) == 3 * 7  # three certificates of seven fields
    sheet = openpyxl.load_workbook(tmp_path / "payment-list.xlsx").active
    amounts = [row[5].value for row in sheet.iter_rows(min_row=8) if isinstance(row[0].value, int)]
    assert len(amounts) == 12
    total_row = next(row for row in sheet.iter_rows(min_row=8) if row[1].value == "Tổng cộng")
    assert total_row[5].value == sum(amounts)
    assert f"Số tiền bằng chữ: {amount_in_words(sum(amounts))}." in docx_text(
        (tmp_path / "payment-list.docx").read_bytes())
