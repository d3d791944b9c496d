"""Every XLSX the app reads or writes goes through here: uploads read with bounded memory and time,
exports whose cells hold text as text, never as a formula.

Reading. An upload is hostile until checked: its 5 MB can unpack to gigabytes (a sheet of millions of
empty rows, one shared string of a gigabyte), and openpyxl loads the shared strings, the styles and
the workbook part whole. So ``check_archive`` reads the zip directory first — number of members,
each member's size once inflated (``ZipInfo.file_size``; Python's zipfile stops a member at that size
and checks its CRC, so a member cannot inflate past what the directory claims), the total, and how
many times each inflates — then streams every XML member through lxml counting its elements (the
memory openpyxl spends grows with them, up to 1.5 KB each), refusing a text longer than a cell holds
and a DTD (Office files never carry one; its entities are the classic "billion laughs"). Only then
``read_sheet`` opens the workbook with openpyxl in read-only mode, which streams the rows from the zip,
and stops at a row limit. A DOCX (an uploaded template, when there is one) goes through
``check_archive`` the same way: python-docx too parses every part whole.

Writing. A cell whose text starts with = + - @, a tab or a carriage return (OWASP's list for formula
injection) is a formula to Excel or LibreOffice as soon as someone edits it or saves the sheet as CSV
and opens it again: ``=HYPERLINK(...)`` phones home, ``=cmd|' /C calc'!A0`` runs a program.
``SheetWriter`` stores every string as a string cell (data type "s", never "f") and puts a single
quote before such text: the quote is part of the value, so it survives "Save as CSV", copy and paste
and any other program, at the cost of a visible quote on those (rare) cells. ``read_sheet`` removes
it again, so an exported table imports as it was.
"""
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import IO

from flask_babel import format_decimal
from flask_babel import gettext as _
from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MiB = 1 << 20

# OWASP, "CSV Injection": the characters that make a spreadsheet program read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text that already starts with a quote is escaped too, so that unescaping is exact: "'=x" stays "'=x".
_ESCAPED_START = (*_FORMULA_START, "'")
# Apache POI's default: a member inflating more than 100 times is a bomb, once past 100 KiB
# (small parts such as an empty styles table legitimately compress far better).
_RATIO_GRACE_BYTES = 100 * 1024
# What Office, LibreOffice and the usual libraries write; other methods (LZMA, bzip2, deflate64) are refused.
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class SpreadsheetRefused(ValueError):
    """The upload is refused; ``message`` says why, for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    """How much one upload may cost. The defaults fit a criteria table (30 to 100 rows, at most 2,000)
    with a wide margin and keep one import under about 150 MB above the idle process; a bigger import
    (a registry) raises them knowingly — ``bench/bench_import_bombs.py`` measures the cost."""

    max_file_bytes: int = 5 * MiB       # the upload itself, compressed
    max_members: int = 300              # an .xlsx or .docx has 10 to 50
    max_member_bytes: int = 20 * MiB    # one part once inflated
    max_total_bytes: int = 40 * MiB     # all parts once inflated
    max_ratio: int = 100                # inflated / compressed size of one part
    # XML elements in all parts together. openpyxl spends up to 1.5 KB on one (a cell style: the styles
    # part is parsed whole), so 100,000 stay under 150 MB and 2 s; a criteria table of 2,000 rows
    # written by Excel has about 60,000.
    max_elements: int = 100_000
    max_text_chars: int = 32_767        # one text in the XML: Excel's own limit for a cell


DEFAULT_LIMITS = Limits()


def _megabytes(size: int) -> str:
    """5, 1,536, 0.3 (in the reader's notation): a decimal only where it tells something."""
    return format_decimal(round(size / MiB, 0 if size % MiB == 0 or size >= 10 * MiB else 1))


def check_archive(content: bytes, not_valid: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse (SpreadsheetRefused) an Office file that would cost more than ``limits`` to open;
    ``not_valid`` is the message for a file that is no zip, or a damaged one."""
    if len(content) > limits.max_file_bytes:
        raise SpreadsheetRefused(_("The file is larger than %(mb)s MB.", mb=_megabytes(limits.max_file_bytes)))
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetRefused(not_valid) from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise SpreadsheetRefused(_("The file has too many parts (%(count)s; at most %(max)s).",
                                       count=len(members), max=limits.max_members))
        total = 0
        for member in members:
            if member.compress_type not in _COMPRESSIONS or member.flag_bits & 0x1:  # bit 0: encrypted
                raise SpreadsheetRefused(not_valid)
            if member.file_size > limits.max_member_bytes:
                raise SpreadsheetRefused(_(
                    "Part %(part)s of the file unpacks to %(mb)s MB (at most %(max)s MB).", part=member.filename[:80],
                    mb=_megabytes(member.file_size), max=_megabytes(limits.max_member_bytes)))
            if (member.file_size > _RATIO_GRACE_BYTES
                    and member.file_size > limits.max_ratio * max(member.compress_size, 1)):
                raise SpreadsheetRefused(_(
                    "Part %(part)s of the file unpacks to %(ratio)s times its packed size (at most %(max)s): "
                    "it looks like a decompression bomb.", part=member.filename[:80],
                    ratio=member.file_size // max(member.compress_size, 1), max=limits.max_ratio))
            total += member.file_size
        if total > limits.max_total_bytes:
            raise SpreadsheetRefused(_("The file unpacks to %(mb)s MB (at most %(max)s MB).",
                                       mb=_megabytes(total), max=_megabytes(limits.max_total_bytes)))
        budget = limits.max_elements
        for member in members:
            try:
                with archive.open(member) as stream:
                    if not _looks_like_xml(stream.read(1024)):
                        continue  # an image, a printer setting: nobody parses it
                with archive.open(member) as stream:
                    budget = _scan_xml(stream, budget, limits, not_valid)
            except SpreadsheetRefused:
                raise
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
                # A bad CRC (the data is not what the directory says), a truncated member, …
                raise SpreadsheetRefused(not_valid) from None


def _looks_like_xml(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _scan_xml(stream: IO[bytes], budget: int, limits: Limits, not_valid: str) -> int:
    """Count the elements of one XML member, refuse a DTD and an overlong text; returns the element
    budget left. Each element is dropped once counted: the scan holds one path of the tree."""
    # resolve_entities/load_dtd off: the scan never expands what it is about to refuse. huge_tree on:
    # libxml2 would otherwise stop at a text of 10 MB with a parse error, and the person would read
    # "not a workbook" instead of the reason below (the member's size is already bounded).
    parser = etree.iterparse(stream, events=("end",), resolve_entities=False, load_dtd=False,
                             no_network=True, huge_tree=True)
    first = True
    try:
        for _event, element in parser:
            if first:
                if element.getroottree().docinfo.doctype:
                    raise SpreadsheetRefused(_("The file contains a document type declaration (DTD), "
                                               "which Office files never contain."))
                first = False
            budget -= 1
            if budget < 0:
                raise SpreadsheetRefused(_(
                    "The file holds more than %(n)s XML elements: save only the sheet to import, "
                    "without empty formatted rows or columns.", n=format_decimal(limits.max_elements)))
            if element.text is not None and len(element.text) > limits.max_text_chars:
                raise SpreadsheetRefused(_("A text in the file is longer than %(n)s characters, the most "
                                           "a cell holds.", n=format_decimal(limits.max_text_chars)))
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError:
        raise SpreadsheetRefused(not_valid) from None
    return budget


def read_sheet(content: bytes, *, columns: int, max_rows: int, first_row: int = 2, max_blank_rows: int = 100,
               limits: Limits = DEFAULT_LIMITS) -> list[tuple[int, tuple]]:
    """The non-blank rows of the first sheet, from ``first_row``, as (sheet row number, ``columns`` values).

    Refuses (SpreadsheetRefused) a file ``check_archive`` refuses, one that openpyxl cannot read, and
    more than ``max_rows`` non-blank rows. The table ends at ``max_blank_rows`` blank rows in a row:
    reading stops there, so that a row numbered a billion costs nothing. Text cells lose the quote
    ``SheetWriter`` puts before formula-like text.
    """
    not_valid = _("The file is not an Excel workbook (.xlsx).")
    check_archive(content, not_valid, limits)
    rows: list[tuple[int, tuple]] = []
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, ValueError, TypeError, …) for a file it cannot read
        raise SpreadsheetRefused(not_valid) from None
    try:
        if not book.worksheets:
            raise SpreadsheetRefused(not_valid)
        sheet = book.worksheets[0]
        # The size the file records (<dimension>) may be stale or false: read up to the real last row.
        sheet.reset_dimensions()
        blank_run = 0
        cells = sheet.iter_rows(min_row=first_row, max_col=columns, values_only=True)
        for number, values in enumerate(cells, start=first_row):
            if all(value is None or value == "" for value in values):
                blank_run += 1
                if blank_run >= max_blank_rows:
                    break
                continue
            blank_run = 0
            if len(rows) == max_rows:
                raise SpreadsheetRefused(_("Too many rows (at most %(n)s).", n=max_rows))
            rows.append((number, tuple(unescape(value) for value in values)))
    except SpreadsheetRefused:
        raise
    except Exception:  # malformed sheet XML or a bad CRC shows only while the rows stream
        raise SpreadsheetRefused(not_valid) from None
    finally:
        book.close()
    return rows


def escape(text: str) -> str:
    """Text as it is stored in an exported cell: a quote before formula-like text, XML-illegal control
    characters (a vertical tab pasted from Word, say) as spaces — openpyxl refuses them outright."""
    text = ILLEGAL_CHARACTERS_RE.sub(" ", text)
    return "'" + text if text.startswith(_ESCAPED_START) else text


def unescape(value):
    """The value ``escape`` was given, for a cell read back (other values are returned as they are)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_ESCAPED_START):
        return value[1:]
    return value


class SheetWriter:
    """One sheet of a new workbook for an export: text stays text (see the module's docstring),
    numbers, dates and None are written as they are. ``sheet`` is there for styling.

    ``font`` (a font name, say "Times New Roman", the font of administrative documents) is given to
    every cell appended; ``print_layout`` readies the sheet for paper. Both are optional, so earlier
    callers write what they wrote before."""

    def __init__(self, title: str, *, font: str | None = None):
        self.book = Workbook()
        self.sheet = self.book.active
        self.sheet.title = title
        self.font = Font(name=font) if font else None
        self.bold = Font(name=font, bold=True) if font else Font(bold=True)

    def append(self, values: Iterable[object], *, bold: bool = False) -> None:
        row = []
        font = self.bold if bold else self.font
        for value in values:
            cell = Cell(self.sheet)
            if isinstance(value, str):
                cell.value = escape(value)
                cell.data_type = "s"  # openpyxl would make "=…" a formula and "#N/A" an error
            elif isinstance(value, datetime):
                cell.value = value
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, date):
                cell.value = value
                cell.number_format = "dd/mm/yyyy"  # the Vietnamese way, whatever the reader's locale
            else:
                cell.value = value
            if font is not None:
                cell.font = font
            row.append(cell)
        self.sheet.append(row)

    def print_layout(self, *, header_row: int, widths: Sequence[float], landscape: bool = True) -> None:
        """Ready for paper: the header row frozen and repeated on every printed page, A4 fitted to the
        page's width (as many pages down as it takes), the columns ``widths`` wide (in characters)."""
        sheet = self.sheet
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape" if landscape else "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # 0: no limit on the number of pages down
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for cell in sheet[header_row]:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def to_bytes(self) -> bytes:
        out = BytesIO()
        self.book.save(out)
        return out.getvalue()

