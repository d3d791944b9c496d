"""Bảng kê chi tiền thưởng: the bonus payment list the finance office pays a decision's honourees from.

One line per honouree (STT, name, position and unit, award, coefficient, amount, a column to sign for
the money), the total as a number, the total in words, the fund the money comes from, the place-date
line and three signatures (preparer, chief accountant, head of the office). As XLSX ready to print
(app/spreadsheets.py: Times New Roman, A4 landscape fitted to the width, the header repeated on every
page, borders, amounts as numbers) and as DOCX (landscape A4, the table's header row repeated).

No database here: app/certificates/build.py gathers the data.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side

from app.documents.docx_helpers import FONT, add_row, fixed_table, set_fonts
from app.documents.money import amount_in_words, format_vnd
from app.spreadsheets import SheetWriter

TITLE = "BẢNG KÊ CHI TIỀN THƯỞNG"
HEADERS = ("STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Hình thức khen thưởng", "Hệ số",
           "Số tiền (đồng)", "Ký nhận")


@dataclass(frozen=True)
class PaymentLine:
    name: str
    position_unit: str
    award: str
    coefficient: Decimal | None
    amount: int


@dataclass(frozen=True)
class PaymentList:
    issuer_lines: tuple[str, ...]       # top left: "ỦY BAN NHÂN DÂN TỈNH GIA LAI", "SỞ NỘI VỤ"
    decision_line: str                  # "Kèm theo Quyết định số 125/QĐ-UBND ngày 05/01/2027 …"
    base_salary: int
    money_source: str
    place_date: str
    signer_titles: tuple[str, str, str]
    lines: tuple[PaymentLine, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def total_in_words(self) -> str:
        return amount_in_words(self.total)


def _coefficient(value: Decimal | None) -> float | None:
    # A number in the sheet (1.5, not "1,5"); Decimal → float is exact enough for two decimals.
    return float(value) if value is not None else None


# --- XLSX --------------------------------------------------------------------------------------------------

XLSX_WIDTHS = (6, 28, 44, 30, 8, 16, 14)
HEADER_ROW = 7
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def render_xlsx(payment: PaymentList) -> bytes:
    writer = SheetWriter("Bảng kê", font=FONT)
    sheet = writer.sheet
    columns = len(HEADERS)
    issuer = list(payment.issuer_lines) + [""] * (2 - len(payment.issuer_lines))
    writer.append([issuer[0]], bold=True)                                                    # 1
    writer.append([" ".join(issuer[1:])], bold=True)                                          # 2
    writer.append([TITLE], bold=True)                                                        # 3
    writer.append([payment.decision_line])                                                   # 4
    writer.append([f"Mức lương cơ sở: {format_vnd(payment.base_salary)} đồng"])              # 5
    writer.append([])                                                                        # 6
    writer.append(list(HEADERS), bold=True)                                                  # 7
    for number, line in enumerate(payment.lines, start=1):
        writer.append([number, line.name, line.position_unit, line.award, _coefficient(line.coefficient),
                       line.amount, ""])
    total_row = HEADER_ROW + len(payment.lines) + 1
    writer.append(["", "Tổng cộng", "", "", "", payment.total, ""], bold=True)
    writer.append([f"Số tiền bằng chữ: {payment.total_in_words}."])
    writer.append([f"Nguồn kinh phí: {payment.money_source}."])
    writer.append([])
    writer.append(["", "", "", "", payment.place_date])
    writer.append(["", payment.signer_titles[0], "", payment.signer_titles[1], payment.signer_titles[2]], bold=True)
    writer.append(["", "(Ký, ghi rõ họ tên)", "", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"])

    last = get_letter(columns)
    for row in (1, 2):
        sheet.merge_cells(f"A{row}:C{row}")
        sheet[f"A{row}"].alignment = Alignment(horizontal="center")
    for row in (3, 4, 5, total_row + 1, total_row + 2):
        sheet.merge_cells(f"A{row}:{last}{row}")
        sheet[f"A{row}"].alignment = Alignment(horizontal="center" if row <= 5 else "left", wrap_text=row > 5)
    sheet[f"A{3}"].font = Font(name=FONT, bold=True, size=14)
    place_row = total_row + 4
    sheet.merge_cells(f"E{place_row}:{last}{place_row}")
    sheet[f"E{place_row}"].font = Font(name=FONT, italic=True)
    for row in (place_row, place_row + 1, place_row + 2):
        for cell in sheet[row]:
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for row in (place_row + 1, place_row + 2):
        sheet.merge_cells(f"B{row}:C{row}")
        sheet.merge_cells(f"E{row}:{last}{row}")
    sheet.merge_cells(f"B{total_row}:E{total_row}")
    for row in sheet.iter_rows(min_row=HEADER_ROW, max_row=total_row, max_col=columns):
        for cell in row:
            cell.border = _BOX
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=total_row, max_col=columns):
        row[0].alignment = Alignment(horizontal="center", vertical="top")
        for cell in row[1:4]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        row[4].number_format = "0.0#"
        row[5].number_format = "#,##0"
    writer.print_layout(header_row=HEADER_ROW, widths=XLSX_WIDTHS, landscape=True)
    sheet.oddFooter.center.text = "Trang &P/&N"
    return writer.to_bytes()


def get_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


# --- DOCX --------------------------------------------------------------------------------------------------

DOCX_COLUMNS_MM = (12, 52, 78, 52, 16, 30, 27)   # 267 mm: A4 landscape less 15 mm margins


def _paragraph(container, text: str, *, bold=False, italic=False, size=13, align=WD_ALIGN_PARAGRAPH.LEFT):
    """A paragraph in ``container`` (a cell's own first paragraph while it is still empty)."""
    reuse = isinstance(container, _Cell) and len(container.paragraphs) == 1 and not container.paragraphs[0].runs
    paragraph = container.paragraphs[0] if reuse else container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    # A control character that got into a name (lxml refuses it outright) prints as a space, as docxtpl and
    # the XLSX (spreadsheets.escape) print it, rather than failing the whole list.
    run = paragraph.add_run(ILLEGAL_CHARACTERS_RE.sub(" ", text))
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _cant_split(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def render_docx(payment: PaymentList) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    set_fonts(normal.element.get_or_add_rPr())
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(15)
    body = document.element.body
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)

    heading = (130, 137)
    table = fixed_table(document, heading, bordered=False)
    left, right = add_row(table, heading)
    for index, issuer in enumerate(payment.issuer_lines):
        _paragraph(left, issuer, bold=index > 0 or len(payment.issuer_lines) == 1, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "", size=8)
    _paragraph(document, TITLE, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, payment.decision_line, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, f"Mức lương cơ sở: {format_vnd(payment.base_salary)} đồng", size=12,
               align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "", size=8)

    lines = fixed_table(document, DOCX_COLUMNS_MM, bordered=True)
    header = add_row(lines, DOCX_COLUMNS_MM)
    _repeat_header(lines.rows[0])
    for cell, text in zip(header, HEADERS):
        _paragraph(cell, text, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    center, right_aligned = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    for number, line in enumerate(payment.lines, start=1):
        cells = add_row(lines, DOCX_COLUMNS_MM)
        _cant_split(lines.rows[-1])
        coefficient = f"{line.coefficient:g}".replace(".", ",") if line.coefficient is not None else ""
        for cell, text, align in zip(cells, (str(number), line.name, line.position_unit, line.award, coefficient,
                                             format_vnd(line.amount), ""),
                                     (center, None, None, None, center, right_aligned, None)):
            _paragraph(cell, text, size=12, align=align or WD_ALIGN_PARAGRAPH.LEFT)
    total = add_row(lines, DOCX_COLUMNS_MM, span_first=5)
    _cant_split(lines.rows[-1])
    _paragraph(total[0], "Tổng cộng", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(total[1], format_vnd(payment.total), bold=True, size=12, align=right_aligned)

    _paragraph(document, "", size=6)
    words = _paragraph(document, "Số tiền bằng chữ: ", size=13)
    words.add_run(f"{payment.total_in_words}.").italic = True
    _paragraph(document, f"Nguồn kinh phí: {payment.money_source}.", size=13)
    signatures = (89, 89, 89)
    block = fixed_table(document, signatures, bordered=False)
    first = add_row(block, signatures)
    _paragraph(first[2], payment.place_date, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    titles = add_row(block, signatures)
    notes = ("(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)")
    for cell, title, note in zip(titles, payment.signer_titles, notes):
        _paragraph(cell, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _paragraph(cell, note, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
        for _room_to_sign in range(4):
            _paragraph(cell, "")
    for row in block.rows:
        _cant_split(row)
    # The signatures never stand alone on a page: the words, the fund and the place-date line keep with them.
    words.paragraph_format.keep_with_next = True
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    for row in block.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    out = BytesIO()
    document.save(out)
    return out.getvalue()
