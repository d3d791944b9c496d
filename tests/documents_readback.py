"""Reading generated documents back for the process documents' tests: DOCX paragraphs and table rows
(python-docx), PDF text per page (pypdf), and the marks no finished document may carry."""
import io
import os
import re

import docx
import pypdf
import pytest

from app.documents import pdf

# As the other PDF tests: skipped on a machine without LibreOffice, a failure in CI.
needs_pdf = pytest.mark.skipif(not pdf.available() and os.environ.get("CI") != "true",
                               reason="LibreOffice (soffice) is not installed: make pdf")
PLACEHOLDERS = ("…", "...", "[", "]", "{{", "{%", "__")


def pdf_pages(content: bytes) -> list[list[str]]:
    """Each page's non-empty lines of text."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()] for page in reader.pages]


def document_text(content: bytes) -> tuple[list[str], list[list[str]]]:
    """The body's paragraphs and every table's rows (cell texts) of a DOCX."""
    document = docx.Document(io.BytesIO(content))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return [p.text for p in document.paragraphs], rows


def assert_no_placeholder(paragraphs: list[str], rows: list[list[str]]) -> None:
    for text in paragraphs + [cell for row in rows for cell in row]:
        assert not any(mark in text for mark in PLACEHOLDERS), text


_NOT_ASCII_WORD = re.compile(r"[^A-Za-z0-9/]")


def skeleton(text: str) -> str:
    """The ASCII letters, digits and slashes of ``text``, in order. pypdf 7 moves the letters of LibreOffice's
    second font subset (Vietnamese letters outside Latin-1: ả, ộ, ị …) to the end of their line, so a PDF
    line is compared on what it keeps in place: "Lê Thị Thu Hà" and "Lê Th  Thu Hàị" are both "LThThuH"."""
    return _NOT_ASCII_WORD.sub("", text)


def page_has(lines: list[str], text: str) -> bool:
    """Whether one line of a PDF page holds ``text`` (compared on their skeletons)."""
    wanted = skeleton(text)
    return any(wanted in skeleton(line) for line in lines)
